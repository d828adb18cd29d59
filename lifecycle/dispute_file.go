package lifecycle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

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
	err = s.update(ctx, func(tx *store.Tx) error {
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
		d.event(signerOf(ctx, who), DActFile, DspNone, DspReceived, now, note, false)
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

// cleanFilename keeps the base name and drops control characters, quotes
// and default-ignorable characters (a right-to-left override would show
// "证据\u202Egpj.exe" as "证据exe.jpg").
func cleanFilename(fn string) string {
	fn = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || dict.DefaultIgnorable(r) {
			return -1
		}
		return r
	}, fn)
	fn = path.Base(strings.ReplaceAll(strings.TrimSpace(fn), "\\", "/"))
	if fn == "." || fn == "/" || fn == ".." {
		return "未命名文件"
	}
	return fn
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
