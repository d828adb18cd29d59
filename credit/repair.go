package credit

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

func repairKey(id string) string { return store.PrefixCreditRepair + id }
func repairFileKey(id string, no int) string {
	return fmt.Sprintf("%s%s/%02d", store.PrefixCreditRepairFile, id, no)
}
func (r *Repair) tokenMatches(token string) bool {
	return subtle.ConstantTimeCompare([]byte(r.TokenHash), []byte(auth.HashToken(token))) == 1
}

const seqRepair = "credit-repair"

// Repair states.
const (
	RepairRefused  = "refused"  // ineligible: recorded and closed at once, with the reasons
	RepairPending  = "pending"  // eligible: the deciding department decides
	RepairApproved = "approved" // the listing removed or the publication stopped
	RepairRejected = "rejected"
)

// Target kinds of a repair.
const (
	TargetAbnormal = "abnormal" // an abnormal-list listing (AB…)
	TargetSerious  = "serious"  // a serious-list listing (SL…)
	TargetPenalty  = "penalty"  // a published penalty (CE…)
)

// Eligibility says whether an application may be decided, and why not.
type Eligibility struct {
	Eligible bool     `json:"eligible"`
	Reasons  []string `json:"reasons"`
}

// EvidenceFile is a file the applicant sends (base64 in JSON).
type EvidenceFile struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// EvidenceMeta describes a stored evidence file.
type EvidenceMeta struct {
	No          int    `json:"no"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
}

// Repair is a credit-repair application (市场监督管理信用修复管理办法).
type Repair struct {
	ID          string         `json:"id"`
	USCC        string         `json:"uscc"`
	Target      string         `json:"target"`
	TargetKind  string         `json:"target_kind"`
	Applicant   string         `json:"applicant"`
	Contact     string         `json:"contact"`
	Statement   string         `json:"statement"`
	Evidence    []EvidenceMeta `json:"evidence"`
	Eligibility Eligibility    `json:"eligibility"`
	State       string         `json:"state"`
	FiledOn     string         `json:"filed_on"`
	AcceptDue   string         `json:"accept_due,omitempty"`
	DecisionDue string         `json:"decision_due,omitempty"`
	Dept        string         `json:"dept"` // the deciding department (谁列入、谁修复)
	DecidedOn   string         `json:"decided_on,omitempty"`
	Reasons     string         `json:"reasons,omitempty"`
	DecidedBy   *Actor         `json:"decided_by,omitempty"`
	EventID     string         `json:"event_id,omitempty"`
	// DocumentID is the numbered decision (信用修复决定书), sent to the party.
	DocumentID string    `json:"document_id,omitempty"`
	DocumentNo string    `json:"document_no,omitempty"`
	TokenHash  string    `json:"token_hash,omitempty"` // never answered (see view)
	At         time.Time `json:"created_at"`
}

// view is the repair as answered: without the token's hash.
func (r *Repair) view() *Repair {
	c := *r
	c.TokenHash = ""
	return &c
}

// RepairInput is POST /api/v1/credit/repairs.
type RepairInput struct {
	USCC      string         `json:"uscc"`
	Target    string         `json:"target"`
	Applicant string         `json:"applicant"`
	Contact   string         `json:"contact"`
	Statement string         `json:"statement"`
	Evidence  []EvidenceFile `json:"evidence"`
}

// RepairFiled is the answer to an application: the record and the token
// with which the party follows it (shown once).
type RepairFiled struct {
	*Repair
	Token string `json:"token"`
}

// Evidence limits.
const (
	repairMaxFiles     = 5
	repairMaxFileBytes = 2 << 20
)

// ApplyRepair records an application. An ineligible one is recorded and
// closed at once as refused, with the reasons; an eligible one waits for
// the decision of the department that listed or decided.
func (s *Service) ApplyRepair(ctx context.Context, in RepairInput) (*RepairFiled, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	target, err := text("target", in.Target, 40, true)
	if err != nil {
		return nil, err
	}
	applicant, err := text("applicant", in.Applicant, 100, true)
	if err != nil {
		return nil, err
	}
	contact, err := text("contact", in.Contact, 100, true)
	if err != nil {
		return nil, err
	}
	statement, err := text("statement", in.Statement, 10000, true)
	if err != nil {
		return nil, err
	}
	if len(in.Evidence) > repairMaxFiles {
		return nil, apperr.Invalid("evidence 最多 %d 个文件", repairMaxFiles)
	}
	for i, f := range in.Evidence {
		if _, err := text(fmt.Sprintf("evidence[%d].filename", i), f.Filename, 100, true); err != nil {
			return nil, err
		}
		if len(f.Data) == 0 || len(f.Data) > repairMaxFileBytes {
			return nil, apperr.Invalid("evidence[%d].data 应为 1 字节至 %d MiB 的文件内容（base64 编码）", i, repairMaxFileBytes>>20)
		}
	}
	token, hash, err := auth.NewToken(auth.PrefixPartyToken)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	today := s.today()
	var out *Repair
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if _, err := s.enterpriseTx(tx, uscc); err != nil {
			return err
		}
		kind, dept, el, err := s.eligibilityTx(tx, uscc, target, today)
		if err != nil {
			return err
		}
		seq, err := s.db.Next(seqRepair)
		if err != nil {
			return err
		}
		r := &Repair{ID: fmt.Sprintf("RP%08d", seq), USCC: uscc, Target: target, TargetKind: kind, Applicant: applicant,
			Contact: contact, Statement: statement, Evidence: []EvidenceMeta{}, Eligibility: el, State: RepairRefused,
			FiledOn: fmtDate(today), Dept: dept, TokenHash: hash, At: s.now().UTC()}
		if el.Eligible {
			cal := s.cal()
			accept := cal.AddWorkingDays(today, s.cfg.RepairAcceptWorkingDays)
			r.State, r.AcceptDue = RepairPending, fmtDate(accept)
			r.DecisionDue = fmtDate(cal.AddWorkingDays(accept, s.cfg.RepairDecisionWorkingDays))
		} else {
			r.DecidedOn, r.Reasons = fmtDate(today), strings.Join(el.Reasons, "；")
		}
		for i, f := range in.Evidence {
			sum := sha256.Sum256(f.Data)
			r.Evidence = append(r.Evidence, EvidenceMeta{No: i + 1, Filename: strings.TrimSpace(f.Filename), ContentType: f.ContentType,
				Size: len(f.Data), SHA256: hex.EncodeToString(sum[:])})
			if err := tx.PutRaw(repairFileKey(r.ID, i+1), f.Data); err != nil {
				return err
			}
		}
		if err := tx.Put(repairKey(r.ID), r); err != nil {
			return err
		}
		out = r
		return tx.Audit(store.AuditEntry{At: r.At, Actor: "party:" + r.ID, Action: "repair.apply", Object: "repair/" + r.ID, After: r.view()})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return &RepairFiled{Repair: out.view(), Token: token}, nil
}

// eligibilityTx decides what the target is, which department decides,
// and whether the application is eligible (信用修复管理办法 Art 5–7;
// 行政处罚信息公示规定 Art 14).
func (s *Service) eligibilityTx(tx *store.Tx, uscc, target string, today time.Time) (kind, dept string, el Eligibility, err error) {
	el.Reasons = []string{}
	no := func(format string, args ...any) { el.Reasons = append(el.Reasons, fmt.Sprintf(format, args...)) }
	d := fmtDate(today)
	switch {
	case strings.HasPrefix(target, "AB"):
		kind = TargetAbnormal
		var l Listing
		if err := tx.Get(listingKey(target), &l); err != nil || l.USCC != uscc {
			if err == nil || errors.Is(err, store.ErrNotFound) {
				return "", "", el, apperr.NotFound("该企业没有编号为 %s 的经营异常名录记录", target)
			}
			return "", "", el, err
		}
		dept = l.Dept
		if !l.Current() {
			no("该记录已于 %s 移出经营异常名录", l.RemovedOn)
		}
		if l.Reason == GroundNameChange {
			no("因逾期未变更名称列入的，办理名称变更登记后自动移出，不适用信用修复")
		}
	case strings.HasPrefix(target, "SL"):
		kind = TargetSerious
		var l SeriousListing
		if err := tx.Get(seriousListingKey(target), &l); err != nil || l.USCC != uscc {
			if err == nil || errors.Is(err, store.ErrNotFound) {
				return "", "", el, apperr.NotFound("该企业没有编号为 %s 的严重违法失信名单记录", target)
			}
			return "", "", el, err
		}
		dept = l.Dept
		if !l.current(today) {
			no("该记录已不在严重违法失信名单中")
		}
		if d < l.RepairFrom {
			no("列入严重违法失信名单满 %d 个月（%s）后方可申请提前移出", s.cfg.SeriousRepairMinMonths, l.RepairFrom)
		}
	case strings.HasPrefix(target, "CE"):
		kind = TargetPenalty
		ev, err := eventTx(tx, target)
		if err != nil || ev.USCC != uscc || ev.Kind != KindPenalty || ev.Penalty == nil {
			if err == nil || apperr.CodeOf(err) == apperr.CodeNotFound {
				return "", "", el, apperr.NotFound("该企业没有编号为 %s 的行政处罚信息", target)
			}
			return "", "", el, err
		}
		dept = ev.Actor.Dept
		later, err := supersededByTx(tx, ev)
		if err != nil {
			return "", "", el, err
		}
		if later != "" || !visible(ev, "", today) {
			no("该行政处罚信息未在公示中")
		}
		light := true
		for _, p := range ev.Penalty.Penalties {
			switch p.Kind {
			case PenSuspension, PenRestriction, PenDowngrade, PenLicenceRevocation, PenBusinessLicence:
				no("受到%s的，不得提前停止公示（《市场监督管理行政处罚信息公示规定》第十四条第三款）", penaltyLabels[p.Kind])
				light = false
			case PenWarning, PenCriticism:
			case PenFine:
				threshold := s.cfg.LowFineOrganisationYuan
				if ev.Penalty.PartyType == PartyPerson {
					threshold = s.cfg.LowFinePersonYuan
				}
				if p.AmountYuan >= float64(threshold) {
					light = false
				}
			default:
				light = false
			}
		}
		if light {
			no("仅受到警告、通报批评或较低数额罚款的，公示期届满自动停止公示，不适用信用修复（信用修复管理办法第六条）")
		}
		months := s.cfg.PenaltyRepairMinMonths
		// [R] The 办法 names food, drugs and special equipment; medical
		// devices and cosmetics follow the general period.
		switch ev.Penalty.Domain {
		case "food", "drugs", "special_equipment":
			months = s.cfg.PenaltyRepairMinMonthsSafety
		}
		if ev.PublicFrom != "" {
			from, _ := time.Parse(dateLayout, ev.PublicFrom)
			if min := from.AddDate(0, months, 0); today.Before(min) {
				no("该行政处罚信息公示满 %d 个月（%s）后方可申请信用修复", months, fmtDate(min))
			}
		}
		ls, err := s.listingsTx(tx, uscc)
		if err != nil {
			return "", "", el, err
		}
		for _, l := range ls {
			if l.Current() {
				no("当事人仍在经营异常名录中（%s）", l.ID)
				break
			}
		}
		sls, err := seriousOfTx(tx, uscc)
		if err != nil {
			return "", "", el, err
		}
		for _, l := range sls {
			if l.current(today) {
				no("当事人仍在严重违法失信名单中（%s）", l.ID)
				break
			}
		}
	default:
		return "", "", el, apperr.Invalid("target 应为经营异常名录记录（AB…）、严重违法失信名单记录（SL…）或行政处罚信息（CE…）的编号")
	}
	el.Eligible = len(el.Reasons) == 0
	return kind, dept, el, nil
}

// RepairDecisionInput is POST /api/v1/credit/repairs/{id}/decision.
type RepairDecisionInput struct {
	Approve *bool  `json:"approve"`
	Reasons string `json:"reasons"`
}

// DecideRepair decides a pending application, by the department that
// listed or decided (谁列入、谁修复): approved, the listing is removed or
// the publication stops, and the repair is itself an event.
func (s *Service) DecideRepair(ctx context.Context, by Actor, id string, in RepairDecisionInput) (*Repair, error) {
	if in.Approve == nil {
		return nil, apperr.Invalid("缺少 approve（true：准予修复；false：不予修复）")
	}
	reasons, err := text("reasons", in.Reasons, 2000, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	var out *Repair
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var r Repair
		if err := tx.Get(repairKey(id), &r); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("信用修复申请 %s 不存在", id)
			}
			return err
		}
		if r.State != RepairPending {
			return apperr.Conflict("信用修复申请 %s 已办结（%s）", id, r.State)
		}
		if by.Dept != "" && r.Dept != "" && by.Dept != r.Dept {
			return apperr.Forbidden("应由作出列入或处罚决定的“%s”决定信用修复（谁列入、谁修复）", r.Dept)
		}
		before := r
		by2 := by
		r.DecidedOn, r.Reasons, r.DecidedBy, r.State = fmtDate(today), reasons, &by2, RepairRejected
		if *in.Approve {
			// Re-check what may have changed since the application.
			_, _, el, err := s.eligibilityTx(tx, r.USCC, r.Target, today)
			if err != nil {
				return err
			}
			if !el.Eligible {
				return apperr.Conflict("已不符合信用修复条件：%s", strings.Join(el.Reasons, "；"))
			}
			r.State = RepairApproved
			ev, err := s.applyRepairTx(tx, by, &r, reasons, today)
			if err != nil {
				return err
			}
			r.EventID = ev.ID
		}
		decision := "决定不予信用修复。"
		if r.State == RepairApproved {
			decision = map[string]string{
				TargetAbnormal: "决定准予信用修复，将其移出经营异常名录。",
				TargetSerious:  "决定准予信用修复，将其提前移出严重违法失信名单。",
				TargetPenalty:  "决定准予信用修复，提前停止公示该行政处罚信息。",
			}[r.TargetKind]
		}
		name := r.USCC
		if e, err := s.ents.EnterpriseTx(tx, r.USCC); err != nil {
			return err
		} else if e != nil {
			name = e.Name
		}
		doc, err := s.issueTx(tx, by, Document{Kind: DocRepairDecision, Dept: r.Dept, USCC: r.USCC, Party: name, Date: r.DecidedOn, Ref: r.ID,
			Body: fmt.Sprintf("%s（统一社会信用代码 %s）于 %s 就 %s 申请信用修复（申请编号 %s）。经审查：%s。%s",
				name, r.USCC, r.FiledOn, r.Target, r.ID, reasons, decision),
			Basis: "《市场监督管理信用修复管理办法》第四条至第七条；《市场监督管理行政处罚信息公示规定》第十四条", Rights: s.rights()}, r.TokenHash)
		if err != nil {
			return err
		}
		r.DocumentID, r.DocumentNo = doc.ID, doc.Number
		if err := tx.Put(repairKey(r.ID), &r); err != nil {
			return err
		}
		out = r.view()
		return tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.String(), Action: "repair.decide", Object: "repair/" + r.ID,
			Before: before.view(), After: out})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

func (s *Service) applyRepairTx(tx *store.Tx, by Actor, r *Repair, reasons string, today time.Time) (*Event, error) {
	basis := "《市场监督管理信用修复管理办法》"
	switch r.TargetKind {
	case TargetAbnormal:
		var l Listing
		if err := tx.Get(listingKey(r.Target), &l); err != nil {
			return nil, err
		}
		if _, err := s.removeTx(tx, by, &l, "信用修复："+reasons, today, time.Time{}); err != nil {
			return nil, err
		}
		basis += "第五条"
	case TargetSerious:
		var l SeriousListing
		if err := tx.Get(seriousListingKey(r.Target), &l); err != nil {
			return nil, err
		}
		before := l
		ev, err := s.RecordTx(tx, Event{USCC: l.USCC, Kind: KindSeriousRemoved, Date: fmtDate(today), Dept: by.Dept, Ref: l.ID, Actor: by,
			Summary: "信用修复，提前移出严重违法失信名单：" + reasons, Basis: "《市场监督管理信用修复管理办法》第七条"})
		if err != nil {
			return nil, err
		}
		l.RemovedOn, l.RemovalReason, l.RemovalEventID, l.UpdatedAt = fmtDate(today), "信用修复："+reasons, ev.ID, s.now().UTC()
		if err := tx.Put(seriousListingKey(l.ID), &l); err != nil {
			return nil, err
		}
		if err := tx.Audit(store.AuditEntry{At: l.UpdatedAt, Actor: by.String(), Action: "serious.remove", Object: "serious/" + l.ID, Before: &before, After: &l}); err != nil {
			return nil, err
		}
		basis += "第七条"
	case TargetPenalty:
		// The repair event supersedes the penalty: its publication stops.
		return s.RecordTx(tx, Event{USCC: r.USCC, Kind: KindRepair, Date: fmtDate(today), Dept: by.Dept, Ref: r.ID, Actor: by,
			Supersedes: r.Target, Public: true, Summary: "信用修复，提前停止公示行政处罚信息（" + r.Target + "）：" + reasons,
			Basis: basis + "第六条；《市场监督管理行政处罚信息公示规定》第十四条"})
	}
	return s.RecordTx(tx, Event{USCC: r.USCC, Kind: KindRepair, Date: fmtDate(today), Dept: by.Dept, Ref: r.ID, Actor: by,
		Summary: "信用修复（" + r.Target + "）：" + reasons, Basis: basis})
}

// RepairFor returns an application to its party (token) or to staff
// (staff true).
func (s *Service) RepairFor(ctx context.Context, id, token string, staff bool) (*Repair, error) {
	var r Repair
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(repairKey(id), &r) })
	if errors.Is(err, store.ErrNotFound) {
		if staff {
			return nil, apperr.NotFound("信用修复申请 %s 不存在", id)
		}
		return nil, apperr.Forbidden("该令牌不能查看此申请")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if !staff && !r.tokenMatches(token) {
		return nil, apperr.Forbidden("该令牌不能查看此申请")
	}
	return r.view(), nil
}

// Repairs lists the applications, the latest first (staff): with
// pendingOnly, those waiting for a decision.
func (s *Service) Repairs(ctx context.Context, pendingOnly bool) ([]*Repair, error) {
	out := []*Repair{}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixCreditRepair, "", true, func(_ string, v []byte) (bool, error) {
			var r Repair
			if err := unmarshal(v, &r); err != nil {
				return false, err
			}
			if !pendingOnly || r.State == RepairPending {
				out = append(out, r.view())
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
