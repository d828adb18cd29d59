package lifecycle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// Dispute deadlines (Reg 734 Art 21; Order 82 and local implementing rules).
const (
	AcceptWorkingDays = 5 // acceptance decision (or one-time request for material) after receipt
	ServeWorkingDays  = 5 // copy to the respondent after acceptance
	AnswerWorkingDays = 10
	RulingMonths      = 3 // ruling after acceptance, unless extended
	// MaxExtensionMonths bounds the one extension of the ruling deadline.
	MaxExtensionMonths = 3
	// DueSoonWorkingDays: a deadline this close is "due soon" in the queues.
	DueSoonWorkingDays = 2
)

// Ruling outcomes.
const (
	OutcomeDismissed  = "dismissed"   // 驳回
	OutcomeMustChange = "must_change" // 责令停止使用名称
	OutcomeMediated   = "mediated"    // 调解结案
	OutcomeRejected   = "rejected"    // 不予受理
)

// Party is one side of a dispute: an enterprise.
type Party struct {
	Name           string `json:"name"`
	USCC           string `json:"uscc"`
	Contact        string `json:"contact,omitempty"`
	NameRecordID   string `json:"name_record_id,omitempty"`
	RegisteredHere bool   `json:"registered_here"`
}

// Upload is an evidence file as a party sends it.
type Upload struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // base64 in JSON
}

// EvidenceMeta describes a stored evidence file.
type EvidenceMeta struct {
	No          int           `json:"no"`
	Filename    string        `json:"filename"`
	ContentType string        `json:"content_type"`
	Size        int           `json:"size"`
	SHA256      string        `json:"sha256"`
	Party       string        `json:"party"` // applicant | respondent | staff
	Step        DisputeAction `json:"step"`
	UploadedAt  time.Time     `json:"uploaded_at"`
}

// EvidenceFile is a stored evidence file with its bytes.
type EvidenceFile struct {
	EvidenceMeta
	Data []byte `json:"data"`
}

// Event is one step of a case's timeline.
type Event struct {
	At     time.Time     `json:"at"`
	Date   string        `json:"date"`
	Actor  string        `json:"actor"`
	Action DisputeAction `json:"action"`
	From   DisputeState  `json:"from"`
	To     DisputeState  `json:"to"`
	Note   string        `json:"note,omitempty"`
	Late   bool          `json:"late,omitempty"` // done after its deadline
}

// MaterialRequest is the one-time notice of missing material.
type MaterialRequest struct {
	Missing        string `json:"missing"`
	RequestedOn    string `json:"requested_on"`
	RequestedBy    string `json:"requested_by"`
	Statement      string `json:"statement,omitempty"`
	SupplementedOn string `json:"supplemented_on,omitempty"`
}

// Extension is the recorded extension of the ruling deadline.
type Extension struct {
	Reason      string `json:"reason"`
	PreviousDue string `json:"previous_due"`
	Until       string `json:"until"`
	By          string `json:"by"`
	On          string `json:"on"`
}

// Answer is the respondent's answer (答辩), sent with its token or recorded by staff.
type Answer struct {
	Text string `json:"text"`
	By   string `json:"by"`
	On   string `json:"on"`
	Late bool   `json:"late"`
}

// Mediation is one mediation attempt.
type Mediation struct {
	Result string `json:"result"` // success | failure
	Text   string `json:"text"`   // the agreement, or why it failed
	By     string `json:"by"`
	On     string `json:"on"`
}

// Interest is a staff member's declaration of an interest in the case
// (回避): that key can no longer act on it, nor sign its ruling.
type Interest struct {
	Actor  string `json:"actor"`
	Reason string `json:"reason"`
	On     string `json:"on"`
}

// Ruling is the administrative ruling (行政裁决), signed by two staff.
type Ruling struct {
	Outcome     string   `json:"outcome"`
	Reasons     string   `json:"reasons"`
	DraftedBy   string   `json:"drafted_by"`
	DraftedOn   string   `json:"drafted_on"`
	Signers     []string `json:"signers,omitempty"`
	EffectiveOn string   `json:"effective_on,omitempty"`
	Late        bool     `json:"late,omitempty"`
	ChangeDue   string   `json:"change_due,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// Dispute is a name dispute case: the whole file and its timeline.
type Dispute struct {
	ID              string            `json:"id"`
	State           DisputeState      `json:"state"`
	StateLabel      string            `json:"state_label"`
	Applicant       Party             `json:"applicant"`
	Respondent      Party             `json:"respondent"`
	Claims          string            `json:"claims"`
	Facts           string            `json:"facts"`
	Evidence        []EvidenceMeta    `json:"evidence"`
	Report          *SimilarityReport `json:"similarity_report"`
	ReceivedOn      string            `json:"received_on"`
	AcceptDue       string            `json:"accept_due,omitempty"`
	MaterialRequest *MaterialRequest  `json:"material_request,omitempty"`
	AcceptedOn      string            `json:"accepted_on,omitempty"`
	ServeDue        string            `json:"serve_due,omitempty"`
	RulingDue       string            `json:"ruling_due,omitempty"`
	Extension       *Extension        `json:"extension,omitempty"`
	ServedOn        string            `json:"served_on,omitempty"`
	AnswerDue       string            `json:"answer_due,omitempty"`
	Answer          *Answer           `json:"answer,omitempty"`
	Mediations      []Mediation       `json:"mediations,omitempty"`
	Interests       []Interest        `json:"interests,omitempty"`
	Draft           *Ruling           `json:"draft,omitempty"`
	Ruling          *Ruling           `json:"ruling,omitempty"`
	Outcome         string            `json:"outcome,omitempty"`
	Resolution      string            `json:"resolution,omitempty"`
	ClosedOn        string            `json:"closed_on,omitempty"`
	Timeline        []Event           `json:"timeline"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

func (d *Dispute) clone() *Dispute {
	b, _ := json.Marshal(d)
	var c Dispute
	_ = json.Unmarshal(b, &c)
	return &c
}

func loadDispute(tx *store.Tx, id string) (*Dispute, error) {
	var d Dispute
	err := tx.Get(disputeKey(id), &d)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到编号为 %s 的争议案件", id)
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func putDispute(tx *store.Tx, actor string, action DisputeAction, before, after *Dispute, note string) error {
	if err := tx.Put(disputeKey(after.ID), after); err != nil {
		return err
	}
	entry := AuditEntry{At: after.UpdatedAt, Actor: actor, Action: "dispute." + string(action), Object: auditObjectCase + after.ID, After: after, Note: note}
	if before != nil {
		entry.Before = before
	}
	return tx.Audit(entry)
}

// FileInput is a dispute application (争议裁决申请).
type FileInput struct {
	Applicant      Party    `json:"applicant"`
	RespondentUSCC string   `json:"respondent_uscc"`
	Claims         string   `json:"claims"` // 请求事项
	Facts          string   `json:"facts"`  // 事实和理由
	Evidence       []Upload `json:"evidence"`
}

// File opens a dispute by the enterprise that claims the earlier right
// against a name registered here, with the similarity report of the two
// names attached. It returns the case and the applicant's token (shown once).
func (s *Service) File(ctx context.Context, actor string, in FileInput) (*Dispute, string, error) {
	appUSCC, err := normUSCC(in.Applicant.USCC)
	if err != nil {
		return nil, "", apperr.Invalid("申请人的%s", apperr.MessageOf(err))
	}
	respUSCC, err := normUSCC(in.RespondentUSCC)
	if err != nil {
		return nil, "", apperr.Invalid("被申请人的%s", apperr.MessageOf(err))
	}
	if appUSCC == respUSCC {
		return nil, "", apperr.Invalid("申请人与被申请人不能是同一企业")
	}
	if err := checkText("applicant.name（申请人名称）", in.Applicant.Name, name.MaxNameRunes, true); err != nil {
		return nil, "", err
	}
	if err := checkText("applicant.contact", in.Applicant.Contact, 100, false); err != nil {
		return nil, "", err
	}
	if err := checkText("claims（请求事项）", in.Claims, s.Limits.ShortRunes, true); err != nil {
		return nil, "", err
	}
	if err := checkText("facts（事实和理由）", in.Facts, s.Limits.TextRunes, true); err != nil {
		return nil, "", err
	}
	if err := s.checkUploads(nil, in.Evidence); err != nil {
		return nil, "", err
	}
	applicant := Party{Name: strings.TrimSpace(in.Applicant.Name), USCC: appUSCC, Contact: strings.TrimSpace(in.Applicant.Contact)}
	var respEnt *registry.Enterprise
	var appEnt *registry.Enterprise
	err = s.db.View(func(tx *store.Tx) error {
		cur, err := s.current(tx, "", respUSCC, false)
		if err != nil {
			return err
		}
		if cur.State != NameRegistered {
			return apperr.Conflict("被申请人名称“%s”当前状态为“%s”，不能对其提出名称争议", cur.Name, cur.State.Label())
		}
		if respEnt, err = s.reg.GetTx(tx, respUSCC); err != nil {
			return err
		}
		appEnt, err = s.reg.GetTx(tx, appUSCC)
		if errors.Is(err, store.ErrNotFound) {
			appEnt, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, "", wrap(err)
	}
	if appEnt != nil {
		if appEnt.Normalized != name.Parse(applicant.Name).Normalized {
			return nil, "", apperr.Invalid("申请人名称“%s”与统一社会信用代码 %s 的登记名称“%s”不一致", applicant.Name, appUSCC, appEnt.Name)
		}
		applicant.Name, applicant.RegisteredHere = appEnt.Name, true
	}
	report := s.report(ctx, applicant, respEnt)
	now := s.now()
	today := civil(now)
	var d *Dispute
	var token string
	err = s.update(func(tx *store.Tx) error {
		cur, err := s.current(tx, "system:adopt", respUSCC, true)
		if err != nil {
			return err
		}
		if cur.State != NameRegistered || cur.Name != respEnt.Name {
			return apperr.Conflict("被申请人名称刚刚发生变化，请重新提交")
		}
		seq, err := s.db.Next(sequenceDispute)
		if err != nil {
			return err
		}
		id := fmt.Sprintf("D%08d", seq)
		who := actor
		if who == "" || who == "public" {
			who = PartyApplicant + ":" + id
		}
		d = &Dispute{
			ID: id, Applicant: applicant,
			Respondent: Party{Name: cur.Name, USCC: respUSCC, NameRecordID: cur.ID, RegisteredHere: true},
			Claims:     strings.TrimSpace(in.Claims), Facts: strings.TrimSpace(in.Facts), Report: report,
			ReceivedOn: fmtDate(today), AcceptDue: fmtDate(s.Calendar().AddWorkingDays(today, AcceptWorkingDays)),
			Evidence: []EvidenceMeta{}, CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
		}
		if err := s.storeUploads(tx, d, PartyApplicant, DActFile, in.Evidence, now); err != nil {
			return err
		}
		note := fmt.Sprintf("收到争议申请，应于 %s 前作出是否受理的决定（或一次性告知补正）", d.AcceptDue)
		d.event(who, DActFile, DspNone, DspReceived, now, note, false)
		if err := putDispute(tx, who, DActFile, nil, d, note); err != nil {
			return err
		}
		token, err = s.issueToken(tx, who, TokenRef{Kind: KindDispute, ID: id, Party: PartyApplicant, CreatedAt: now.UTC()})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return d, token, nil
}

func (d *Dispute) event(actor string, action DisputeAction, from, to DisputeState, at time.Time, note string, late bool) {
	d.Timeline = append(d.Timeline, Event{At: at.UTC(), Date: fmtDate(civil(at)), Actor: actor, Action: action, From: from, To: to, Note: note, Late: late})
	d.State, d.StateLabel, d.UpdatedAt = to, to.Label(), at.UTC()
}

// checkUploads enforces the evidence limits for files added to a case that
// already has the files in have.
func (s *Service) checkUploads(have []EvidenceMeta, ups []Upload) error {
	l := s.Limits
	if len(ups) > l.ShotFiles {
		return apperr.Invalid("一次最多上传 %d 个证据文件", l.ShotFiles)
	}
	if len(have)+len(ups) > l.CaseFiles {
		return apperr.Invalid("每个案件最多 %d 个证据文件", l.CaseFiles)
	}
	total := 0
	for _, m := range have {
		total += m.Size
	}
	for i, u := range ups {
		fn := strings.TrimSpace(u.Filename)
		switch {
		case fn == "" || !utf8.ValidString(fn) || utf8.RuneCountInString(fn) > l.NameRunes:
			return apperr.Invalid("第 %d 个证据文件的文件名无效（1–%d 个字符）", i+1, l.NameRunes)
		case len(u.Data) == 0:
			return apperr.Invalid("证据文件“%s”是空文件", fn)
		case len(u.Data) > l.FileBytes:
			return apperr.Invalid("证据文件“%s”过大：单个文件最多 %d MB", fn, l.FileBytes>>20)
		case len(u.ContentType) > 100:
			return apperr.Invalid("证据文件“%s”的 content_type 过长", fn)
		}
		total += len(u.Data)
	}
	if total > l.CaseBytes {
		return apperr.Invalid("证据文件总大小超过每个案件 %d MB 的上限", l.CaseBytes>>20)
	}
	return nil
}

// cleanFilename keeps the base name and drops control characters.
func cleanFilename(fn string) string {
	fn = path.Base(strings.ReplaceAll(strings.TrimSpace(fn), "\\", "/"))
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, fn)
}

func (s *Service) storeUploads(tx *store.Tx, d *Dispute, party string, step DisputeAction, ups []Upload, now time.Time) error {
	if err := s.checkUploads(d.Evidence, ups); err != nil {
		return err
	}
	for _, u := range ups {
		sum := sha256.Sum256(u.Data)
		ct := strings.TrimSpace(u.ContentType)
		if ct == "" {
			ct = "application/octet-stream"
		}
		m := EvidenceMeta{
			No: len(d.Evidence) + 1, Filename: cleanFilename(u.Filename), ContentType: ct, Size: len(u.Data),
			SHA256: hex.EncodeToString(sum[:]), Party: party, Step: step, UploadedAt: now.UTC(),
		}
		if err := tx.Put(evidenceKey(d.ID, m.No), EvidenceFile{EvidenceMeta: m, Data: u.Data}); err != nil {
			return err
		}
		d.Evidence = append(d.Evidence, m)
	}
	return nil
}

// Evidence returns an evidence file of a case.
func (s *Service) Evidence(ctx context.Context, id string, no int) (*EvidenceFile, error) {
	var f EvidenceFile
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := loadDispute(tx, id); err != nil {
			return err
		}
		return tx.Get(evidenceKey(id, no), &f)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("案件 %s 没有第 %d 号证据文件", id, no)
	}
	if err != nil {
		return nil, wrap(err)
	}
	return &f, nil
}

// isStaff reports whether an actor is an API key of the bureau (staff or admin).
func isStaff(actor string) bool {
	return strings.HasPrefix(actor, "staff:") || strings.HasPrefix(actor, "admin:")
}

func (d *Dispute) recused(actor string) bool {
	for _, i := range d.Interests {
		if i.Actor == actor {
			return true
		}
	}
	return false
}

// step runs one workflow step on a case in one transaction: the state
// machine decides whether the action is allowed, staff who declared an
// interest are kept out, fn applies the step and the timeline and audit
// record it.
func (s *Service) step(id, actor string, action DisputeAction, fn func(tx *store.Tx, d *Dispute, today time.Time, now time.Time) (note string, late bool, err error)) (*Dispute, error) {
	var d *Dispute
	err := s.update(func(tx *store.Tx) error {
		var err error
		if d, err = loadDispute(tx, id); err != nil {
			return err
		}
		if isStaff(actor) && d.recused(actor) {
			if action == DActDeclareInterest {
				return apperr.Conflict("您已声明与本案存在利害关系")
			}
			return apperr.Forbidden("您已声明与本案存在利害关系，应当回避，不能再办理本案")
		}
		to, err := NextDisputeState(d.State, action)
		if err != nil {
			return err
		}
		before := d.clone()
		now := s.now()
		note, late, err := fn(tx, d, civil(now), now)
		if err != nil {
			return err
		}
		d.event(actor, action, before.State, to, now, note, late)
		if to.Terminal() {
			d.ClosedOn = fmtDate(civil(now))
		}
		return putDispute(tx, actor, action, before, d, note)
	})
	return d, err
}

// answerPeriodOver reports whether the case may go on to mediation or a
// ruling: the respondent answered, or its answer period ended (silence does
// not stop the case).
func answerPeriodOver(d *Dispute, today time.Time) error {
	if d.State == DspServed && d.Answer == nil && !today.After(parseDate(d.AnswerDue)) {
		return apperr.Conflict("被申请人的答辩期至 %s 届满；被申请人答辩或答辩期满后才能调解或裁决", d.AnswerDue)
	}
	return nil
}

func lateFor(today time.Time, due string) bool { return due != "" && today.After(parseDate(due)) }

func lateNote(late bool, what, due string) string {
	if late {
		return fmt.Sprintf("（已超过%s期限 %s）", what, due)
	}
	return ""
}

// RequestMaterial sends the one-time notice of missing material.
func (s *Service) RequestMaterial(ctx context.Context, actor, id, missing string) (*Dispute, error) {
	if err := checkText("missing（需补正的材料）", missing, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActRequestMaterial, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.MaterialRequest != nil {
			return "", false, apperr.Conflict("补正材料只能一次性告知，本案已于 %s 告知过", d.MaterialRequest.RequestedOn)
		}
		late := lateFor(today, d.AcceptDue)
		d.MaterialRequest = &MaterialRequest{Missing: strings.TrimSpace(missing), RequestedOn: fmtDate(today), RequestedBy: actor}
		return "一次性告知申请人补正：" + d.MaterialRequest.Missing + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Supplement records the applicant's missing material; the acceptance
// period starts again from its receipt.
func (s *Service) Supplement(ctx context.Context, actor, id, statement string, ups []Upload) (*Dispute, error) {
	if err := checkText("statement（补正说明）", statement, s.Limits.TextRunes, len(ups) == 0); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActSupplement, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := s.storeUploads(tx, d, PartyApplicant, DActSupplement, ups, now); err != nil {
			return "", false, err
		}
		d.MaterialRequest.Statement = strings.TrimSpace(statement)
		d.MaterialRequest.SupplementedOn = fmtDate(today)
		d.AcceptDue = fmtDate(s.Calendar().AddWorkingDays(today, AcceptWorkingDays))
		return fmt.Sprintf("收到补正材料（%d 个文件），应于 %s 前作出是否受理的决定", len(ups), d.AcceptDue), false, nil
	})
}

// Accept accepts the case: the copy is due to the respondent within 5
// working days and the ruling within 3 months.
func (s *Service) Accept(ctx context.Context, actor, id, note string) (*Dispute, error) {
	if err := checkText("note", note, s.Limits.ShortRunes, false); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActAccept, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := lateFor(today, d.AcceptDue)
		cal := s.Calendar()
		d.AcceptedOn = fmtDate(today)
		d.ServeDue = fmtDate(cal.AddWorkingDays(today, ServeWorkingDays))
		d.RulingDue = fmtDate(cal.RollForward(today.AddDate(0, RulingMonths, 0)))
		msg := fmt.Sprintf("受理；应于 %s 前向被申请人送达申请书副本，于 %s 前作出裁决", d.ServeDue, d.RulingDue)
		if n := strings.TrimSpace(note); n != "" {
			msg += "。" + n
		}
		return msg + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Reject refuses to accept the case (不予受理), with the reason.
func (s *Service) Reject(ctx context.Context, actor, id, reason string) (*Dispute, error) {
	if err := checkText("reason（不予受理的理由）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActReject, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := d.State == DspReceived && lateFor(today, d.AcceptDue)
		d.Outcome, d.Resolution = OutcomeRejected, strings.TrimSpace(reason)
		return "不予受理：" + d.Resolution + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Serve records the service of the copy on the respondent and returns the
// respondent's token (shown once), which the copy carries.
func (s *Service) Serve(ctx context.Context, actor, id, note string) (*Dispute, string, error) {
	if err := checkText("note", note, s.Limits.ShortRunes, false); err != nil {
		return nil, "", err
	}
	var token string
	d, err := s.step(id, actor, DActServe, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := lateFor(today, d.ServeDue)
		d.ServedOn = fmtDate(today)
		d.AnswerDue = fmtDate(s.Calendar().AddWorkingDays(today, AnswerWorkingDays))
		var err error
		token, err = s.issueToken(tx, actor, TokenRef{Kind: KindDispute, ID: d.ID, Party: PartyRespondent, CreatedAt: now.UTC()})
		if err != nil {
			return "", false, err
		}
		msg := fmt.Sprintf("向被申请人送达申请书副本；答辩期至 %s（逾期不答辩不影响案件处理）", d.AnswerDue)
		if n := strings.TrimSpace(note); n != "" {
			msg += "。" + n
		}
		return msg + lateNote(late, "送达", d.ServeDue), late, nil
	})
	return d, token, err
}

// Answer records the respondent's answer, sent with the respondent's token
// or recorded by staff from a paper answer.
func (s *Service) Answer(ctx context.Context, actor, id, text string, ups []Upload) (*Dispute, error) {
	if err := checkText("answer（答辩意见）", text, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActAnswer, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		party := PartyRespondent
		if isStaff(actor) {
			party = "staff"
		}
		if err := s.storeUploads(tx, d, party, DActAnswer, ups, now); err != nil {
			return "", false, err
		}
		late := lateFor(today, d.AnswerDue)
		d.Answer = &Answer{Text: strings.TrimSpace(text), By: actor, On: fmtDate(today), Late: late}
		msg := "被申请人答辩"
		if party == "staff" {
			msg = "办案人员录入被申请人的书面答辩"
		}
		return msg + lateNote(late, "答辩", d.AnswerDue), late, nil
	})
}

// Mediate records a mediation: success closes the case with the agreement;
// failure lets it go on to a ruling.
func (s *Service) Mediate(ctx context.Context, actor, id string, success bool, text string) (*Dispute, error) {
	if err := checkText("text（调解协议或调解情况）", text, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	action, result := DActMediateFailure, "failure"
	if success {
		action, result = DActMediateSuccess, "success"
	}
	return s.step(id, actor, action, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := answerPeriodOver(d, today); err != nil {
			return "", false, err
		}
		text = strings.TrimSpace(text)
		d.Mediations = append(d.Mediations, Mediation{Result: result, Text: text, By: actor, On: fmtDate(today)})
		if success {
			d.Outcome, d.Resolution = OutcomeMediated, text
			return "调解成功，达成调解协议：" + text, false, nil
		}
		return "调解不成：" + text, false, nil
	})
}

// Extend records the one extension of the ruling deadline, with its reason.
func (s *Service) Extend(ctx context.Context, actor, id, reason, until string) (*Dispute, error) {
	if err := checkText("reason（延期理由）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	u, err := time.Parse(dateLayout, strings.TrimSpace(until))
	if err != nil {
		return nil, apperr.Invalid("until 应为 YYYY-MM-DD 格式的日期")
	}
	return s.step(id, actor, DActExtend, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.Extension != nil {
			return "", false, apperr.Conflict("裁决期限已于 %s 延长至 %s，只能延长一次", d.Extension.On, d.Extension.Until)
		}
		due := parseDate(d.RulingDue)
		if !u.After(due) {
			return "", false, apperr.Invalid("延长后的期限 %s 应晚于现裁决期限 %s", fmtDate(u), d.RulingDue)
		}
		if u.After(due.AddDate(0, MaxExtensionMonths, 0)) {
			return "", false, apperr.Invalid("裁决期限最多延长 %d 个月（至 %s）", MaxExtensionMonths, fmtDate(due.AddDate(0, MaxExtensionMonths, 0)))
		}
		d.Extension = &Extension{Reason: strings.TrimSpace(reason), PreviousDue: d.RulingDue, Until: fmtDate(u), By: actor, On: fmtDate(today)}
		d.RulingDue = d.Extension.Until
		return fmt.Sprintf("裁决期限由 %s 延长至 %s：%s", d.Extension.PreviousDue, d.Extension.Until, d.Extension.Reason), false, nil
	})
}

// DeclareInterest records that a staff member has an interest in the case.
func (s *Service) DeclareInterest(ctx context.Context, actor, id, reason string) (*Dispute, error) {
	if !isStaff(actor) {
		return nil, apperr.Forbidden("只有办案人员可以声明回避")
	}
	if err := checkText("reason（利害关系说明）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActDeclareInterest, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		d.Interests = append(d.Interests, Interest{Actor: actor, Reason: strings.TrimSpace(reason), On: fmtDate(today)})
		msg := "办案人员声明与本案存在利害关系，回避"
		if d.Draft != nil && d.Draft.DraftedBy == actor {
			msg += "；其拟定的裁决须由其他办案人员重新拟定"
		}
		return msg, false, nil
	})
}

// DraftRuling proposes the ruling; its drafter is the first signer. A new
// draft replaces the previous one.
func (s *Service) DraftRuling(ctx context.Context, actor, id, outcome, reasons string) (*Dispute, error) {
	if !strings.HasPrefix(actor, "staff:") {
		return nil, apperr.Forbidden("裁决须由办案人员（staff 角色的密钥）拟定和签署")
	}
	if outcome != OutcomeDismissed && outcome != OutcomeMustChange {
		return nil, apperr.Invalid("outcome 应为 dismissed（驳回申请）或 must_change（责令被申请人停止使用名称）")
	}
	if err := checkText("reasons（裁决理由）", reasons, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	return s.step(id, actor, DActDraftRuling, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := answerPeriodOver(d, today); err != nil {
			return "", false, err
		}
		d.Draft = &Ruling{Outcome: outcome, Reasons: strings.TrimSpace(reasons), DraftedBy: actor, DraftedOn: fmtDate(today), Signers: []string{actor}}
		return "拟定裁决（" + outcomeLabel(outcome) + "），拟稿人签署，待第二名办案人员签署", false, nil
	})
}

func outcomeLabel(o string) string {
	switch o {
	case OutcomeDismissed:
		return "驳回申请"
	case OutcomeMustChange:
		return "责令被申请人停止使用名称"
	case OutcomeMediated:
		return "调解结案"
	case OutcomeRejected:
		return "不予受理"
	}
	return o
}

// Sign adds the second signature to the drafted ruling, which takes effect:
// dismissed, or the respondent must stop using its name and change it within
// 30 days (its name is replaced by its USCC in public answers meanwhile).
func (s *Service) Sign(ctx context.Context, actor, id string) (*Dispute, error) {
	if !strings.HasPrefix(actor, "staff:") {
		return nil, apperr.Forbidden("裁决须由办案人员（staff 角色的密钥）拟定和签署")
	}
	var outcome string
	err := s.db.View(func(tx *store.Tx) error {
		d, err := loadDispute(tx, id)
		if err == nil && d.Draft != nil {
			outcome = d.Draft.Outcome
		}
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	action := DActSignDismissal
	if outcome == OutcomeMustChange {
		action = DActSignOrder
	}
	return s.step(id, actor, action, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.Draft == nil || d.Draft.Outcome != outcome {
			return "", false, apperr.Conflict("拟定的裁决刚刚被修改，请重新查看后签署")
		}
		if d.Draft.DraftedBy == actor {
			return "", false, apperr.Conflict("裁决须由两名不同的办案人员签署，您已作为拟稿人签署")
		}
		if d.recused(d.Draft.DraftedBy) {
			return "", false, apperr.Conflict("拟稿人已声明回避，须由其他办案人员重新拟定裁决")
		}
		r := *d.Draft
		r.Signers = []string{d.Draft.DraftedBy, actor}
		r.EffectiveOn = fmtDate(today)
		r.Late = lateFor(today, d.RulingDue)
		d.Ruling, d.Draft, d.Outcome, d.Resolution = &r, nil, r.Outcome, r.Reasons
		msg := "两名办案人员签署，裁决生效：" + outcomeLabel(r.Outcome)
		if r.Outcome == OutcomeMustChange {
			order, skip, err := s.orderChange(tx, actor, d.Respondent.USCC, d.Respondent.NameRecordID, d.ID, now)
			if err != nil {
				return "", false, err
			}
			if order != nil {
				d.Ruling.ChangeDue = order.ChangeDue
				msg += fmt.Sprintf("；被申请人须于 %s 前申请名称变更登记，变更前公示信息以统一社会信用代码代替名称，逾期列入经营异常名录", order.ChangeDue)
			} else {
				d.Ruling.Note = skip
				msg += "；" + skip
			}
		}
		return msg + lateNote(r.Late, "裁决", d.RulingDue), r.Late, nil
	})
}

// Deadlines is where a case stands against its deadlines today.
type Deadlines struct {
	Today           string `json:"today"`
	NextStep        string `json:"next_step,omitempty"`
	NextDue         string `json:"next_due,omitempty"`
	Overdue         bool   `json:"overdue"`
	DueSoon         bool   `json:"due_soon"`
	WorkingDaysLeft *int   `json:"working_days_left,omitempty"` // negative: working days overdue
	AnswerPeriodEnd string `json:"answer_period_end,omitempty"`
	CalendarNote    string `json:"calendar_note,omitempty"`
}

// DisputeView is a case with its deadlines as of today.
type DisputeView struct {
	*Dispute
	Deadlines Deadlines `json:"deadlines"`
}

func (s *Service) view(d *Dispute) *DisputeView {
	today := s.today()
	cal := s.Calendar()
	dl := Deadlines{Today: fmtDate(today)}
	switch d.State {
	case DspReceived:
		dl.NextStep, dl.NextDue = "受理审查：受理、不予受理或一次性告知补正", d.AcceptDue
	case DspMaterialRequested:
		dl.NextStep = "等待申请人补正材料"
	case DspAccepted:
		dl.NextStep, dl.NextDue = "向被申请人送达申请书副本", d.ServeDue
	case DspServed:
		dl.AnswerPeriodEnd = d.AnswerDue
		dl.NextStep, dl.NextDue = fmt.Sprintf("等待被申请人答辩（至 %s，逾期不答辩不影响处理），其后调解或裁决", d.AnswerDue), d.RulingDue
		if today.After(parseDate(d.AnswerDue)) {
			dl.NextStep = "答辩期已满：调解或拟定裁决"
		}
	case DspAnswered:
		dl.NextStep, dl.NextDue = "调解或拟定裁决", d.RulingDue
	case DspMediationFailed:
		dl.NextStep, dl.NextDue = "拟定裁决", d.RulingDue
	case DspRulingDrafted:
		dl.NextStep, dl.NextDue = "第二名办案人员签署裁决", d.RulingDue
	}
	if dl.NextDue != "" {
		due := parseDate(dl.NextDue)
		left := cal.WorkingDaysBetween(today, due)
		dl.WorkingDaysLeft = &left
		dl.Overdue = today.After(due)
		dl.DueSoon = !dl.Overdue && left <= DueSoonWorkingDays
	}
	var unknown []string
	for _, due := range []string{d.AcceptDue, d.ServeDue, d.AnswerDue, d.RulingDue} {
		if due == "" {
			continue
		}
		if y := parseDate(due).Year(); !cal.Known(y) && !slices.Contains(unknown, fmt.Sprint(y)) {
			unknown = append(unknown, fmt.Sprint(y))
		}
	}
	if len(unknown) > 0 {
		dl.CalendarNote = strings.Join(unknown, "、") + " 年的节假日安排尚未录入，相关期限暂只按周末计算"
	}
	return &DisputeView{Dispute: d, Deadlines: dl}
}

// GetDispute returns a case with its deadlines.
func (s *Service) GetDispute(ctx context.Context, id string) (*DisputeView, error) {
	var d *Dispute
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		d, err = loadDispute(tx, id)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return s.view(d), nil
}

// DisputeQuery filters the staff queue.
type DisputeQuery struct {
	States []DisputeState
	Limit  int
}

// DisputeSummary is a queue line.
type DisputeSummary struct {
	ID         string       `json:"id"`
	State      DisputeState `json:"state"`
	StateLabel string       `json:"state_label"`
	Applicant  string       `json:"applicant"`
	Respondent string       `json:"respondent"`
	ReceivedOn string       `json:"received_on"`
	Outcome    string       `json:"outcome,omitempty"`
	Deadlines  Deadlines    `json:"deadlines"`
}

// ListDisputes returns the staff queue: overdue cases first, then those due
// soon, then the other open cases by deadline, then the rest by number.
func (s *Service) ListDisputes(ctx context.Context, q DisputeQuery) ([]DisputeSummary, int, error) {
	for _, st := range q.States {
		if _, ok := disputeTransitions[st]; !ok || st == DspNone {
			return nil, 0, apperr.Invalid("未知的案件状态 %q", st)
		}
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	var out []DisputeSummary
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixDispute, "", false, func(_ string, v []byte) (bool, error) {
			var d Dispute
			if err := json.Unmarshal(v, &d); err != nil {
				return false, err
			}
			if len(q.States) > 0 && !slices.Contains(q.States, d.State) {
				return true, nil
			}
			vw := s.view(&d)
			out = append(out, DisputeSummary{
				ID: d.ID, State: d.State, StateLabel: d.State.Label(), Applicant: d.Applicant.Name,
				Respondent: d.Respondent.Name, ReceivedOn: d.ReceivedOn, Outcome: d.Outcome, Deadlines: vw.Deadlines,
			})
			return true, ctx.Err()
		})
	})
	if err != nil {
		return nil, 0, wrap(err)
	}
	rank := func(x DisputeSummary) int {
		switch {
		case x.Deadlines.Overdue:
			return 0
		case x.Deadlines.DueSoon:
			return 1
		case x.Deadlines.NextDue != "":
			return 2
		case !x.State.Terminal():
			return 3
		}
		return 4
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		if out[i].Deadlines.NextDue != out[j].Deadlines.NextDue {
			return out[i].Deadlines.NextDue < out[j].Deadlines.NextDue
		}
		return out[i].ID < out[j].ID
	})
	total := len(out)
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, total, nil
}
