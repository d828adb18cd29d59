package feedback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/name"
	"namescope/store"
)

// State is where a report stands.
type State string

// The states of a report: open until staff decide.
const (
	Open      State = "open"      // waits for staff
	Confirmed State = "confirmed" // staff agree the finding was wrong
	Rejected  State = "rejected"  // staff find the finding right
)

// stateLabel names the states in messages.
var stateLabel = map[State]string{Open: "待复核", Confirmed: "已确认误判", Rejected: "已驳回"}

// Limits of the fields of a report.
const (
	MaxNote      = 500 // characters of a note (the applicant's or staff's)
	DefaultLimit = 50  // reports per page when List is not told
	MaxLimit     = 200 // reports per page at most
)

// Report is a finding an applicant reported as wrong, and what staff
// decided about it.
type Report struct {
	ID              string `json:"id"`
	Name            string `json:"name"`       // as the applicant wrote it
	Normalized      string `json:"normalized"` // as the check compared it
	AuthorityCode   string `json:"authority_code"`
	IndustryCode    string `json:"industry_code,omitempty"`
	EntType         string `json:"ent_type,omitempty"`
	ForeignInvested bool   `json:"foreign_invested,omitempty"`
	FindingCode     string `json:"finding_code"`
	// FindingSeverity and FindingMessage are those of the finding when the
	// server checked the name again on receiving the report.
	FindingSeverity name.Severity `json:"finding_severity"`
	FindingMessage  string        `json:"finding_message"`
	Note            string        `json:"note"`
	// RulesVersion is the rules_version of the answer the applicant read;
	// CheckRulesVersion that of the server's check on receipt.
	RulesVersion      string        `json:"rules_version"`
	CheckRulesVersion string        `json:"check_rules_version"`
	CheckVerdict      name.Severity `json:"check_verdict"`
	State             State         `json:"state"`
	Resolution        string        `json:"resolution,omitempty"` // staff's note
	ResolvedBy        string        `json:"resolved_by,omitempty"`
	ResolvedAt        *time.Time    `json:"resolved_at,omitempty"`
	ReportedBy        string        `json:"reported_by"`
	CreatedAt         time.Time     `json:"created_at"`
}

// Checker runs a name check (*name.Checker).
type Checker interface {
	Check(ctx context.Context, req name.Request) (*name.Result, error)
}

// Service keeps the reports.
type Service struct {
	db      *store.DB
	checker Checker
	now     func() time.Time
}

// New returns the service on db; checker checks a reported name again (the
// application's checker, with its registry, so that similar and identical
// names are found as the applicant's check found them).
func New(db *store.DB, checker Checker) *Service {
	return &Service{db: db, checker: checker, now: time.Now}
}

// SetClock replaces time.Now (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SubmitInput is a report as an applicant sends it: the request of the
// check (name and authority, and the optional fields that change findings),
// the finding's code, a note and the rules_version of the answer.
type SubmitInput struct {
	Name            string `json:"name"`
	AuthorityCode   string `json:"authority_code"`
	IndustryCode    string `json:"industry_code"`
	EntType         string `json:"ent_type"`
	ForeignInvested bool   `json:"foreign_invested"`
	FindingCode     string `json:"finding_code"`
	Note            string `json:"note"`
	RulesVersion    string `json:"rules_version"`
}

var (
	codePattern    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	versionPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$`)
)

// Submit validates a report, checks the name again and keeps the report
// when the check gives the reported finding. Bad fields are
// apperr.Invalid naming the field; a finding the check does not give is
// apperr.Conflict. actor is who sent it ("public" for an applicant).
func (s *Service) Submit(ctx context.Context, actor string, in SubmitInput) (*Report, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := name.ValidateName("name", in.Name); err != nil {
		return nil, err
	}
	in.AuthorityCode = strings.TrimSpace(in.AuthorityCode)
	if !sixDigits(in.AuthorityCode) {
		return nil, apperr.Invalid("authority_code 应为 6 位数字的行政区划代码（登记机关所在地的县级以上行政区划代码）")
	}
	if _, ok := dict.AuthorityScope(in.AuthorityCode); !ok {
		return nil, apperr.Invalid("未知的行政区划代码 authority_code=%q", in.AuthorityCode)
	}
	in.FindingCode = strings.TrimSpace(in.FindingCode)
	if in.FindingCode == "" {
		return nil, apperr.Invalid("finding_code 不能为空：应为所报告的检查意见的代码，如 similar_name")
	}
	if !codePattern.MatchString(in.FindingCode) {
		return nil, apperr.Invalid("finding_code 无效：应为检查意见的代码（小写字母、数字和下划线），如 similar_name")
	}
	in.RulesVersion = strings.TrimSpace(in.RulesVersion)
	if in.RulesVersion == "" {
		return nil, apperr.Invalid("rules_version 不能为空：应为检查答复中的 rules_version，如 %s", name.RulesVersion())
	}
	if !versionPattern.MatchString(in.RulesVersion) {
		return nil, apperr.Invalid("rules_version 无效：应为检查答复中的 rules_version，如 %s", name.RulesVersion())
	}
	note, err := cleanNote("note", in.Note)
	if err != nil {
		return nil, err
	}
	res, err := s.checker.Check(ctx, name.Request{
		Name: in.Name, AuthorityCode: in.AuthorityCode, IndustryCode: in.IndustryCode,
		EntType: in.EntType, ForeignInvested: in.ForeignInvested,
	})
	if err != nil {
		return nil, err
	}
	var finding *name.Finding
	for i := range res.Findings {
		if res.Findings[i].Code == in.FindingCode {
			finding = &res.Findings[i]
			break
		}
	}
	if finding == nil {
		if in.RulesVersion != res.RulesVersion {
			return nil, apperr.Conflict("finding_code：检查规则已更新（当前版本 %s，答复版本 %s），现在检查“%s”已不给出该检查意见（%s），请重新检查",
				res.RulesVersion, in.RulesVersion, res.Normalized, in.FindingCode)
		}
		return nil, apperr.Conflict("finding_code：检查“%s”没有给出该检查意见（%s），只能报告检查答复中的检查意见", res.Normalized, in.FindingCode)
	}
	seq, err := s.db.Next("report")
	if err != nil {
		return nil, err
	}
	r := &Report{
		ID: strconv.FormatUint(seq, 10), Name: in.Name, Normalized: res.Normalized,
		AuthorityCode: in.AuthorityCode, IndustryCode: in.IndustryCode, EntType: in.EntType,
		ForeignInvested: in.ForeignInvested, FindingCode: in.FindingCode,
		FindingSeverity: finding.Severity, FindingMessage: finding.Message, Note: note,
		RulesVersion: in.RulesVersion, CheckRulesVersion: res.RulesVersion, CheckVerdict: res.Verdict,
		State: Open, ReportedBy: actor, CreatedAt: s.now().UTC(),
	}
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if err := tx.Put(key(seq), r); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{
			At: r.CreatedAt, Actor: actor, Action: "report_finding", Object: object(r.ID), After: r,
			Note: fmt.Sprintf("报告检查意见 %s 有误（规则版本 %s）", r.FindingCode, r.RulesVersion),
		})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Page is one page of reports, oldest first; Next is the cursor of the
// following page ("" when there is none).
type Page struct {
	Reports []*Report `json:"reports"`
	Next    string    `json:"next"`
}

// ParseState reads a state filter: "" (every state), open, confirmed or
// rejected.
func ParseState(s string) (State, error) {
	switch st := State(strings.TrimSpace(s)); st {
	case "", Open, Confirmed, Rejected:
		return st, nil
	}
	return "", apperr.Invalid("state 应为 open（待复核）、confirmed（已确认误判）或 rejected（已驳回）")
}

// List returns the reports in state (every state when empty) in the order
// they came, after the report with id after (the Next of the page before;
// "" from the start), at most limit of them (DefaultLimit when 0).
func (s *Service) List(ctx context.Context, state State, after string, limit int) (*Page, error) {
	if _, err := ParseState(string(state)); err != nil {
		return nil, err
	}
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return nil, apperr.Invalid("limit 应为 1–%d 的整数", MaxLimit)
	}
	start := ""
	if after = strings.TrimSpace(after); after != "" {
		seq, err := parseID(after)
		if err != nil {
			return nil, apperr.Invalid("after 应为上一页答复中的 next（报告编号）")
		}
		start = key(seq)
	}
	page := &Page{Reports: []*Report{}}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixReport, start, false, func(k string, v []byte) (bool, error) {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			if k == start {
				return true, nil
			}
			var r Report
			if err := decodeReport(k, v, &r); err != nil {
				return false, err
			}
			if state != "" && r.State != state {
				return true, nil
			}
			if len(page.Reports) == limit {
				page.Next = page.Reports[limit-1].ID
				return false, nil
			}
			page.Reports = append(page.Reports, &r)
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// Get returns one report.
func (s *Service) Get(ctx context.Context, id string) (*Report, error) {
	seq, err := parseID(id)
	if err != nil {
		return nil, apperr.NotFound("没有编号为 %q 的报告", id)
	}
	var r Report
	err = s.db.View(func(tx *store.Tx) error { return tx.Get(key(seq), &r) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("没有编号为 %s 的报告", id)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Resolve records staff's decision on an open report: confirmed (the
// finding was wrong) or rejected, with a note. A report already decided is
// apperr.Conflict naming its state.
func (s *Service) Resolve(ctx context.Context, id, actor string, confirmed bool, note string) (*Report, error) {
	seq, err := parseID(id)
	if err != nil {
		return nil, apperr.NotFound("没有编号为 %q 的报告", id)
	}
	note, err = cleanNote("note", note)
	if err != nil {
		return nil, err
	}
	var out *Report
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var r Report
		if err := tx.Get(key(seq), &r); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("没有编号为 %s 的报告", id)
			}
			return err
		}
		if r.State != Open {
			return apperr.Conflict("报告 %s 已处理（%s），不能再次处理", r.ID, stateLabel[r.State])
		}
		before := r
		now := s.now().UTC()
		r.State, r.Resolution, r.ResolvedBy, r.ResolvedAt = Rejected, note, actor, &now
		action := "reject_report"
		if confirmed {
			r.State, action = Confirmed, "confirm_report"
		}
		if err := tx.Put(key(seq), &r); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditEntry{
			At: now, Actor: actor, Action: action, Object: object(r.ID), Before: &before, After: &r,
			Note: stateLabel[r.State] + "：" + r.FindingCode,
		}); err != nil {
			return err
		}
		out = &r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// key is the store key of report seq.
func key(seq uint64) string { return fmt.Sprintf("%s%016x", store.PrefixReport, seq) }

// object is the audit object of a report.
func object(id string) string { return "report/" + id }

// parseID reads a report id: the sequence number in decimal.
func parseID(id string) (uint64, error) {
	if id == "" || len(id) > 20 || strings.TrimLeft(id, "0123456789") != "" || id[0] == '0' {
		return 0, errors.New("not a report id")
	}
	return strconv.ParseUint(id, 10, 64)
}

func decodeReport(k string, v []byte, r *Report) error {
	if err := json.Unmarshal(v, r); err != nil {
		return fmt.Errorf("decode %s: %w", k, err)
	}
	return nil
}

func sixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cleanNote trims a free-text note and refuses what would make what staff
// read differ from what was sent: invalid UTF-8, control characters other
// than line breaks and tabs, invisible format characters. Empty is allowed.
func cleanNote(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", apperr.Invalid("%s 不是有效的 UTF-8 文本", field)
	}
	if n := utf8.RuneCountInString(s); n > MaxNote {
		return "", apperr.Invalid("%s 过长：最多 %d 个字符（现有 %d 个）", field, MaxNote, n)
	}
	pos := 0
	for _, r := range s {
		pos++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", apperr.Invalid("%s 第 %d 个字符（U+%04X）是控制字符，请删除后重新输入", field, pos, r)
		}
	}
	if pos, r, ok := dict.FirstIgnorable(s); ok {
		return "", apperr.Invalid("%s 第 %d 个字符（U+%04X）是不可见的格式字符，请删除后重新输入", field, pos, r)
	}
	return s, nil
}
