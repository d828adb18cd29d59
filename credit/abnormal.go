package credit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// Ground is a ground for listing in the abnormal operations list.
type Ground string

// The grounds of 企业经营异常名录管理暂行办法 Art 4 (and 企业名称登记管理规定 Art 23).
const (
	GroundAnnualReport Ground = "annual_report" // 未按规定报送年度报告
	GroundInstantInfo  Ground = "instant_info"  // 未在责令期限内公示即时信息
	GroundFalseInfo    Ground = "false_info"    // 公示信息隐瞒真实情况、弄虚作假
	GroundUnreachable  Ground = "unreachable"   // 通过登记的住所或者经营场所无法联系
	GroundNameChange   Ground = "name_change"   // 被责令停止使用名称后逾期未变更
)

type groundInfo struct{ label, basis, cure string }

// The 企业信息公示暂行条例 articles are those of its 2024 revision (国务院令第777号,
// in force 2024-05-01; Theonefkguy/Chinese-Laws 行政法规/企业信息公示暂行条例(2024-03-10).md@08eb6c2a):
// the listing of 第十七条 (2014) is now 第十八条第一款, and false information is fined under
// 第十八条第二款. The 经营异常名录管理暂行办法 (2014) articles were not read [R]; a 2025 revision
// is reported by one commercial page only.

var grounds = map[Ground]groundInfo{
	GroundAnnualReport: {"未按照规定期限公示年度报告", "《企业信息公示暂行条例》第十八条第一款；《企业经营异常名录管理暂行办法》第四条第（一）项", "补报未报年份的年度报告并公示"},
	GroundInstantInfo:  {"未在责令的期限内公示有关企业信息", "《企业信息公示暂行条例》第十条、第十八条第一款；《企业经营异常名录管理暂行办法》第四条第（二）项", "履行即时信息公示义务"},
	GroundFalseInfo:    {"公示企业信息隐瞒真实情况、弄虚作假", "《企业信息公示暂行条例》第十一条、第十八条第二款；《企业经营异常名录管理暂行办法》第四条第（三）项", "更正其隐瞒真实情况、弄虚作假的公示信息"},
	GroundUnreachable:  {"通过登记的住所或者经营场所无法联系", "《企业经营异常名录管理暂行办法》第四条第（四）项", "办理住所或经营场所变更登记，或可重新取得联系"},
	GroundNameChange:   {"被责令停止使用企业名称，逾期未申请变更登记", "《企业名称登记管理规定》第二十三条", "办理名称变更登记"},
}

// Grounds lists the listing grounds.
var Grounds = []Ground{GroundAnnualReport, GroundInstantInfo, GroundFalseInfo, GroundUnreachable, GroundNameChange}

// Label is the ground's Chinese wording.
func (g Ground) Label() string { return grounds[g].label }

// reporting reports whether the ground is a reporting duty, on which a
// designated new-economy enterprise is guided before it is listed.
func (g Ground) reporting() bool { return g == GroundAnnualReport || g == GroundInstantInfo }

func groundOf(v string) (Ground, error) {
	g := Ground(strings.TrimSpace(v))
	if _, ok := grounds[g]; !ok {
		names := make([]string, len(Grounds))
		for i, g := range Grounds {
			names[i] = string(g)
		}
		return "", apperr.Invalid("reason 应为 %s 之一", strings.Join(names, "、"))
	}
	return g, nil
}

// ListingDecisionWorkingDays is the time to decide a listing once the
// ground arose (暂行办法: within 10 working days).
const ListingDecisionWorkingDays = 10

// ReminderDays is how long before the 3-year mark the public reminder is
// given.
const ReminderDays = 60

// listingRights is what a listing decision tells the party of its rights.
func (s *Service) listingRights() string {
	return fmt.Sprintf("当事人对列入决定有异议的，可以自列入之日起 %d 日内提出；列入事由消除后，可以申请移出（信用修复）。", s.cfg.AbnormalObjectionDays) +
		s.rights()
}

// NameChangeGround is the order behind a name_change listing.
type NameChangeGround struct {
	Name         string `json:"name"`
	NameRecordID string `json:"name_record_id"`
	DisputeID    string `json:"dispute_id"`
	OrderedOn    string `json:"ordered_on"`
	ChangeDue    string `json:"change_due"`
}

// Step is a listing or removal in a listing's history.
type Step struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"` // list | remove
	Note   string    `json:"note"`
}

// Listing is an entry of the abnormal operations list.
type Listing struct {
	ID          string `json:"id"`
	USCC        string `json:"uscc"`
	Name        string `json:"name"`
	Reason      Ground `json:"reason"`
	ReasonLabel string `json:"reason_label"`
	Basis       string `json:"basis"`
	ListedOn    string `json:"listed_on"`
	Dept        string `json:"dept"`
	// GroundDate is the day the ground arose (the end of the annual-report
	// period, the ordered deadline, the verification); DecisionDue is 10
	// working days after it, the last day for the listing decision.
	GroundDate   string `json:"ground_date,omitempty"`
	DecisionDue  string `json:"decision_due,omitempty"`
	DecisionLate bool   `json:"decision_late,omitempty"`
	// SeriousFrom is the 3-year mark: not cured by then, the enterprise
	// becomes a candidate for the serious-violation list; the public
	// reminder runs from ReminderFrom (60 days before).
	SeriousFrom  string `json:"serious_from"`
	ReminderFrom string `json:"reminder_from"`
	Cure         string `json:"cure"`
	// Rights are the party's rights the decision states (复议, 诉讼, 异议, 移出).
	Rights     string            `json:"rights"`
	NameChange *NameChangeGround `json:"name_change,omitempty"`
	GuidanceID string            `json:"guidance_id,omitempty"`
	EventID    string            `json:"event_id"`
	// DocumentID and RemovalDocumentID are the numbered decisions
	// (列入、移出决定书); DocumentNo and RemovalDocumentNo their numbers.
	DocumentID        string `json:"document_id,omitempty"`
	DocumentNo        string `json:"document_no,omitempty"`
	RemovalDocumentID string `json:"removal_document_id,omitempty"`
	RemovalDocumentNo string `json:"removal_document_no,omitempty"`
	// Removal.
	RemovedOn        string `json:"removed_on,omitempty"`
	RemovalReason    string `json:"removal_reason,omitempty"`
	RemovalDept      string `json:"removal_dept,omitempty"`
	RemovalAppliedOn string `json:"removal_applied_on,omitempty"`
	RemovalDue       string `json:"removal_due,omitempty"`
	RemovalEventID   string `json:"removal_event_id,omitempty"`
	// ListedBy and RemovedBy are staff only (nil in public answers).
	ListedBy  *Actor    `json:"listed_by,omitempty"`
	RemovedBy *Actor    `json:"removed_by,omitempty"`
	History   []Step    `json:"history"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Current reports whether the listing is in force.
func (l *Listing) Current() bool { return l.RemovedOn == "" }

// public is the listing as the public sees it.
func (l *Listing) public() *Listing {
	c := *l
	c.ListedBy, c.RemovedBy = nil, nil
	return &c
}

// ListInput is a listing decision (POST /api/v1/credit/abnormal).
type ListInput struct {
	USCC   string `json:"uscc"`
	Reason string `json:"reason"`
	Date   string `json:"date"` // the day of the listing decision
	Basis  string `json:"basis"`
	// GroundDate is the day the ground arose: the ordered deadline for
	// instant_info, the verification for false_info and unreachable (the
	// end of the annual-report period, 30 June, for annual_report).
	GroundDate string `json:"ground_date"`
}

// List decides a listing.
func (s *Service) List(ctx context.Context, by Actor, in ListInput) (*Listing, error) {
	var out *Listing
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.ListTx(tx, by, in, nil)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// ListTx decides a listing in tx: the listing, its credit event and its
// audit entry. nc is the order behind a name_change listing (lifecycle).
func (s *Service) ListTx(tx *store.Tx, by Actor, in ListInput, nc *NameChangeGround) (*Listing, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	g, err := groundOf(in.Reason)
	if err != nil {
		return nil, err
	}
	date, err := parseDate("date", in.Date)
	if err != nil {
		return nil, err
	}
	if date.After(s.today()) {
		return nil, apperr.Invalid("date（%s）不能晚于今天", fmtDate(date))
	}
	groundDate, err := optDate("ground_date", in.GroundDate)
	if err != nil {
		return nil, err
	}
	basis, err := text("basis", in.Basis, 500, false)
	if err != nil {
		return nil, err
	}
	if basis == "" {
		basis = grounds[g].basis
	}
	if g == GroundNameChange && nc == nil {
		return nil, apperr.Invalid("逾期未变更名称的列入由名称争议裁决后的责令变更程序自动作出，不能直接申请")
	}
	e, err := s.enterpriseTx(tx, uscc)
	if err != nil {
		return nil, err
	}
	current, err := s.listingsTx(tx, uscc)
	if err != nil {
		return nil, err
	}
	for _, l := range current {
		if l.Current() && l.Reason == g {
			return nil, apperr.Conflict("该企业已因“%s”列入经营异常名录（%s，%s），不能重复列入", g.Label(), l.ListedOn, l.ID)
		}
	}
	switch g {
	case GroundAnnualReport:
		end := time.Date(date.Year(), time.June, 30, 0, 0, 0, 0, time.UTC)
		if !date.After(end) {
			return nil, apperr.Conflict("年度报告的报送期限为每年 1 月 1 日至 6 月 30 日，%d 年 6 月 30 日前不能以未报送年度报告列入", date.Year())
		}
		year := date.Year() - 1
		if e.Established != "" && e.Established >= fmt.Sprintf("%04d-01-01", date.Year()) {
			return nil, apperr.Conflict("该企业成立于 %s，%d 年度无须报送年度报告", e.Established, year)
		}
		var ar AnnualReport
		switch err := tx.Get(annualReportKey(uscc, year), &ar); {
		case err == nil:
			return nil, apperr.Conflict("该企业已于 %s 报送 %d 年度报告，不能以未报送年度报告列入", ar.FiledOn, year)
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		if groundDate.IsZero() {
			groundDate = end
		}
	case GroundNameChange:
		if groundDate.IsZero() {
			groundDate, _ = time.Parse(dateLayout, nc.ChangeDue)
		}
	}
	if !groundDate.IsZero() && groundDate.After(date) {
		return nil, apperr.Invalid("ground_date（%s）不能晚于列入日期 date（%s）", fmtDate(groundDate), fmtDate(date))
	}
	var guidanceID string
	if g.reporting() {
		if guidanceID, err = s.guidanceRuleTx(tx, uscc, g, date); err != nil {
			return nil, err
		}
	}
	seq, err := s.db.Next(seqListing)
	if err != nil {
		return nil, err
	}
	l := &Listing{
		ID: fmt.Sprintf("AB%08d", seq), USCC: uscc, Name: e.Name, Reason: g, ReasonLabel: g.Label(), Basis: basis,
		ListedOn: fmtDate(date), Dept: by.Dept, Cure: grounds[g].cure, Rights: s.listingRights(), NameChange: nc, GuidanceID: guidanceID,
		UpdatedAt: s.now().UTC(),
	}
	by2 := by
	l.ListedBy = &by2
	if !groundDate.IsZero() {
		due := s.cal().AddWorkingDays(groundDate, ListingDecisionWorkingDays)
		l.GroundDate, l.DecisionDue, l.DecisionLate = fmtDate(groundDate), fmtDate(due), date.After(due)
	}
	mark := date.AddDate(s.cfg.AbnormalToSeriousYears, 0, 0)
	l.SeriousFrom, l.ReminderFrom = fmtDate(mark), fmtDate(mark.AddDate(0, 0, -ReminderDays))
	note := "因“" + g.Label() + "”列入经营异常名录"
	l.History = []Step{{At: l.UpdatedAt, Action: "list", Note: note}}
	ev, err := s.RecordTx(tx, Event{USCC: uscc, Kind: KindAbnormalListed, Date: l.ListedOn, Dept: l.Dept,
		Summary: note, Basis: basis, Ref: l.ID, Actor: by})
	if err != nil {
		return nil, err
	}
	l.EventID = ev.ID
	doc, err := s.issueTx(tx, by, Document{Kind: DocAbnormalListing, Dept: l.Dept, USCC: uscc, Party: e.Name, Date: l.ListedOn, Ref: l.ID,
		Body: fmt.Sprintf("经查，%s（统一社会信用代码 %s）存在以下情形：%s。依据%s，决定自 %s 起将其列入经营异常名录。当事人%s后，可以申请移出。",
			e.Name, uscc, g.Label(), basis, l.ListedOn, grounds[g].cure),
		Basis: basis, Rights: l.Rights}, "")
	if err != nil {
		return nil, err
	}
	l.DocumentID, l.DocumentNo = doc.ID, doc.Number
	if err := s.endRedTx(tx, by, uscc, "列入经营异常名录（"+l.ID+"）", date); err != nil {
		return nil, err
	}
	if err := s.putListing(tx, by, nil, l, note); err != nil {
		return nil, err
	}
	return l, tx.Put(listingByUSCCKey(uscc, l.ID), "")
}

func (s *Service) putListing(tx *store.Tx, by Actor, before, after *Listing, note string) error {
	if err := tx.Put(listingKey(after.ID), after); err != nil {
		return err
	}
	action := "abnormal.list"
	if before != nil {
		action = "abnormal.remove"
	}
	return tx.Audit(store.AuditEntry{At: after.UpdatedAt, Actor: by.String(), Action: action, Object: "abnormal/" + after.ID,
		Before: before, After: after, Note: note})
}

// RemoveInput is a removal decision.
type RemoveInput struct {
	Reason string `json:"reason"`
	Date   string `json:"date"`
	// AppliedOn is the day the enterprise applied (the decision is due
	// within AbnormalRemovalWorkingDays working days of it).
	AppliedOn string `json:"applied_on"`
}

// Remove removes the listing id from the list once its ground is cured.
// A listing made by a department is removed by that department
// (谁列入、谁修复); without departments on both sides nothing is blocked.
func (s *Service) Remove(ctx context.Context, by Actor, id string, in RemoveInput) (*Listing, error) {
	reason, err := text("reason", in.Reason, 500, true)
	if err != nil {
		return nil, err
	}
	date, err := parseDate("date", in.Date)
	if err != nil {
		return nil, err
	}
	applied, err := optDate("applied_on", in.AppliedOn)
	if err != nil {
		return nil, err
	}
	if date.After(s.today()) {
		return nil, apperr.Invalid("date（%s）不能晚于今天", fmtDate(date))
	}
	var out *Listing
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var l Listing
		if err := tx.Get(listingKey(id), &l); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("经营异常名录记录 %s 不存在", id)
			}
			return err
		}
		if !l.Current() {
			return apperr.Conflict("该记录已于 %s 移出经营异常名录", l.RemovedOn)
		}
		if by.Dept != "" && l.Dept != "" && by.Dept != l.Dept {
			return apperr.Forbidden("该企业由“%s”列入经营异常名录，应由其决定移出（谁列入、谁修复）", l.Dept)
		}
		if l.Reason == GroundNameChange {
			return apperr.Conflict("因逾期未变更名称列入的，办理名称变更登记后自动移出")
		}
		if fmtDate(date) < l.ListedOn {
			return apperr.Invalid("移出日期 date（%s）不能早于列入日期（%s）", fmtDate(date), l.ListedOn)
		}
		if !applied.IsZero() && applied.After(date) {
			return apperr.Invalid("applied_on（%s）不能晚于移出日期 date（%s）", fmtDate(applied), fmtDate(date))
		}
		var err error
		out, err = s.removeTx(tx, by, &l, reason, date, applied)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

func (s *Service) removeTx(tx *store.Tx, by Actor, l *Listing, reason string, date, applied time.Time) (*Listing, error) {
	before := *l
	before.History = slices.Clone(l.History)
	l.RemovedOn, l.RemovalReason, l.RemovalDept = fmtDate(date), reason, by.Dept
	by2 := by
	l.RemovedBy = &by2
	if !applied.IsZero() {
		l.RemovalAppliedOn = fmtDate(applied)
		l.RemovalDue = fmtDate(s.cal().AddWorkingDays(applied, s.cfg.AbnormalRemovalWorkingDays))
	}
	l.UpdatedAt = s.now().UTC()
	note := "移出经营异常名录：" + reason
	l.History = append(l.History, Step{At: l.UpdatedAt, Action: "remove", Note: note})
	ev, err := s.RecordTx(tx, Event{USCC: l.USCC, Kind: KindAbnormalRemoved, Date: l.RemovedOn, Dept: by.Dept,
		Summary: note, Basis: "《企业经营异常名录管理暂行办法》第十条至第十三条", Ref: l.ID, Actor: by})
	if err != nil {
		return nil, err
	}
	l.RemovalEventID = ev.ID
	removalBasis := "《企业经营异常名录管理暂行办法》第十条至第十三条"
	doc, err := s.issueTx(tx, by, Document{Kind: DocAbnormalRemoval, USCC: l.USCC, Party: l.Name, Date: l.RemovedOn, Ref: l.ID,
		Body: fmt.Sprintf("%s（统一社会信用代码 %s）于 %s 因“%s”被列入经营异常名录（%s）。%s。依据%s，决定自 %s 起将其移出经营异常名录。",
			l.Name, l.USCC, l.ListedOn, l.ReasonLabel, l.DocumentNo, reason, removalBasis, l.RemovedOn),
		Basis: removalBasis, Rights: s.rights()}, "")
	if err != nil {
		return nil, err
	}
	l.RemovalDocumentID, l.RemovalDocumentNo = doc.ID, doc.Number
	return l, s.putListing(tx, by, &before, l, note)
}

// RemoveGroundTx removes, in tx, the enterprise's current listing on
// ground g, if there is one (the lifecycle, when a name change cures a
// name_change listing). It returns the listing removed, or nil.
func (s *Service) RemoveGroundTx(tx *store.Tx, by Actor, uscc string, g Ground, reason string) (*Listing, error) {
	ls, err := s.listingsTx(tx, uscc)
	if err != nil {
		return nil, err
	}
	for i := range ls {
		if ls[i].Current() && ls[i].Reason == g {
			return s.removeTx(tx, by, &ls[i], reason, s.today(), time.Time{})
		}
	}
	return nil, nil
}

// listingsTx returns an enterprise's listings, oldest first.
func (s *Service) listingsTx(tx *store.Tx, uscc string) ([]Listing, error) {
	var ids []string
	prefix := store.PrefixCreditListingUSCC + uscc + "/"
	err := tx.Keys(prefix, func(k string) error {
		ids = append(ids, strings.TrimPrefix(k, prefix))
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Listing, 0, len(ids))
	for _, id := range ids {
		var l Listing
		if err := tx.Get(listingKey(id), &l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// LatestListing returns the enterprise's latest listing on ground g (in
// force or removed), or not_found.
func (s *Service) LatestListing(ctx context.Context, uscc string, g Ground) (*Listing, error) {
	uscc = strings.ToUpper(strings.TrimSpace(uscc))
	var out *Listing
	err := s.db.View(func(tx *store.Tx) error {
		ls, err := s.listingsTx(tx, uscc)
		if err != nil {
			return err
		}
		for i := len(ls) - 1; i >= 0; i-- {
			if ls[i].Reason == g {
				out = &ls[i]
				return nil
			}
		}
		return apperr.NotFound("统一社会信用代码为 %s 的企业没有经营异常名录记录", uscc)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
