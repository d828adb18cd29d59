package credit

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

func seriousNoticeKey(id string) string  { return store.PrefixCreditSeriousNotice + id }
func seriousListingKey(id string) string { return store.PrefixCreditSerious + id }

const (
	seqSeriousNotice  = "credit-serious-notice"
	seqSeriousListing = "credit-serious"
)

// Criteria for the serious-violation list (SAMR order 44) [R].
// The 3-year rule was 企业信息公示暂行条例 (2014) 第十七条第二款; the 2024 revision
// (国务院令第777号) deleted it, and its basis in order 44 was not read [R]. Order 44
// 第十二条, cited here before, is by two secondary sources the article on weighing
// 性质恶劣、情节严重、社会危害较大, not this rule, so no article number is given.
const (
	CriterionHeavierPenalty = "heavier_penalty"  // 较重行政处罚 (Art 5–10)
	CriterionAbnormal3Years = "abnormal_3_years" // 列入经营异常名录届满 3 年仍未履行 (公示条例 2014 Art 17 ¶2)
	CriterionOther          = "other"            // another criterion of order 44, stated in the facts
)

var criteria = map[string]string{
	CriterionHeavierPenalty: "受到较重行政处罚（《市场监督管理严重违法失信名单管理办法》第二条、第五条至第十条）",
	CriterionAbnormal3Years: "被列入经营异常名录届满 3 年仍未履行相关义务（《企业信息公示暂行条例》（2014 年文本）第十七条第二款；《市场监督管理严重违法失信名单管理办法》）",
	CriterionOther:          "《市场监督管理严重违法失信名单管理办法》规定的其他情形",
}

// heavier reports whether a penalty item is a 较重行政处罚 whatever its
// amount (a fine under the 从重 discretion is staff's to judge).
func heavier(kind string) bool {
	switch kind {
	case PenSuspension, PenDowngrade, PenLicenceRevocation, PenBusinessLicence, PenRestriction:
		return true
	}
	return false
}

// Candidate is an enterprise that meets a criterion of the serious list
// and is neither on it nor noticed for the same reason.
type Candidate struct {
	USCC      string `json:"uscc"`
	Name      string `json:"name"`
	Criterion string `json:"criterion"`
	Ref       string `json:"ref"`   // the penalty event or the abnormal listing
	Since     string `json:"since"` // the day the criterion was met
	Summary   string `json:"summary"`
}

// SeriousCandidates lists the candidates on the day: current abnormal
// listings past their 3-year mark, and heavier penalties in public view.
func (s *Service) SeriousCandidates(ctx context.Context) ([]Candidate, error) {
	today := s.today()
	d := fmtDate(today)
	out := []Candidate{}
	err := s.db.View(func(tx *store.Tx) error {
		noticed := map[string]bool{}
		listed := map[string]bool{}
		if err := tx.Scan(store.PrefixCreditSeriousNotice, "", false, func(_ string, v []byte) (bool, error) {
			var n SeriousNotice
			if err := unmarshal(v, &n); err != nil {
				return false, err
			}
			if n.State != NoticeNotListed {
				noticed[n.Ref] = true
			}
			return true, nil
		}); err != nil {
			return err
		}
		if err := tx.Scan(store.PrefixCreditSerious, "", false, func(_ string, v []byte) (bool, error) {
			var l SeriousListing
			if err := unmarshal(v, &l); err != nil {
				return false, err
			}
			if l.current(today) {
				listed[l.USCC] = true
			}
			return true, nil
		}); err != nil {
			return err
		}
		names := map[string]string{}
		name := func(u string) (string, error) {
			if n, ok := names[u]; ok {
				return n, nil
			}
			e, err := s.ents.EnterpriseTx(tx, u)
			if err != nil {
				return "", err
			}
			n := u
			if e != nil {
				n = e.Name
			}
			names[u] = n
			return n, nil
		}
		add := func(c Candidate) error {
			if listed[c.USCC] || noticed[c.Ref] {
				return nil
			}
			var err error
			c.Name, err = name(c.USCC)
			out = append(out, c)
			return err
		}
		if err := tx.Scan(store.PrefixCreditListing, "", false, func(_ string, v []byte) (bool, error) {
			var l Listing
			if err := unmarshal(v, &l); err != nil {
				return false, err
			}
			if l.Current() && d >= l.SeriousFrom {
				return true, add(Candidate{USCC: l.USCC, Criterion: CriterionAbnormal3Years, Ref: l.ID, Since: l.SeriousFrom,
					Summary: "自 " + l.ListedOn + " 起因“" + l.ReasonLabel + "”列入经营异常名录，届满 3 年仍未移出"})
			}
			return true, nil
		}); err != nil {
			return err
		}
		superseded := map[string]bool{}
		var penalties []Event
		if err := tx.Scan(store.PrefixCreditEvent, "", false, func(_ string, v []byte) (bool, error) {
			var ev Event
			if err := unmarshal(v, &ev); err != nil {
				return false, err
			}
			if ev.Supersedes != "" {
				superseded[ev.Supersedes] = true
			}
			if ev.Kind == KindPenalty && ev.Penalty != nil {
				penalties = append(penalties, ev)
			}
			return true, nil
		}); err != nil {
			return err
		}
		for _, ev := range penalties {
			if superseded[ev.ID] || ev.Penalty.Procedure == ProcedureSimple {
				continue
			}
			var heavy []string
			for _, p := range ev.Penalty.Penalties {
				if heavier(p.Kind) {
					heavy = append(heavy, penaltyLabels[p.Kind])
				}
			}
			if len(heavy) == 0 {
				continue
			}
			if err := add(Candidate{USCC: ev.USCC, Criterion: CriterionHeavierPenalty, Ref: ev.ID, Since: ev.Date,
				Summary: ev.Penalty.Authority + "（" + ev.Penalty.DecisionNo + "）：" + strings.Join(heavy, "、")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since < out[j].Since })
	return out, nil
}

// Notice states.
const (
	NoticeNotified  = "notified"
	NoticeListed    = "listed"
	NoticeNotListed = "not_listed"
)

// Statement is what the party said in its defence (陈述申辩), recorded by
// staff as received.
type Statement struct {
	Text       string    `json:"text"`
	ReceivedOn string    `json:"received_on"`
	At         time.Time `json:"recorded_at"`
}

// SeriousNotice is the written notice (列入严重违法失信名单告知书) that precedes
// a decision: the reasons, the basis and the party's right to statements
// and defence within SeriousStatementWorkingDays working days.
type SeriousNotice struct {
	ID           string      `json:"id"`
	USCC         string      `json:"uscc"`
	Name         string      `json:"name"`
	Criterion    string      `json:"criterion"`
	Ref          string      `json:"ref,omitempty"`
	Facts        string      `json:"facts"`
	Basis        string      `json:"basis"`
	Rights       string      `json:"rights"`
	IssuedOn     string      `json:"issued_on"`
	StatementDue string      `json:"statement_due"`
	Statements   []Statement `json:"statements"`
	State        string      `json:"state"`
	Decision     string      `json:"decision,omitempty"`
	DecidedOn    string      `json:"decided_on,omitempty"`
	ListingID    string      `json:"listing_id,omitempty"`
	Dept         string      `json:"dept"`
	By           Actor       `json:"by"`
	At           time.Time   `json:"created_at"`
	// DocumentID is the numbered notice (告知书), DecisionDocumentID the
	// decision (列入 or 不予列入决定书).
	DocumentID         string `json:"document_id,omitempty"`
	DocumentNo         string `json:"document_no,omitempty"`
	DecisionDocumentID string `json:"decision_document_id,omitempty"`
	DecisionDocumentNo string `json:"decision_document_no,omitempty"`
	// TokenHash lets the party read the notice and the decision (never
	// answered); PartyToken is the token, in the answer that issues the
	// notice only, for staff to deliver with it.
	TokenHash  string `json:"token_hash,omitempty"`
	PartyToken string `json:"party_token,omitempty"`
}

// view is the notice as answered: without the token's hash.
func (n *SeriousNotice) view() *SeriousNotice {
	c := *n
	c.TokenHash = ""
	return &c
}

// SeriousNoticeInput is POST /api/v1/credit/serious/notices.
type SeriousNoticeInput struct {
	USCC      string `json:"uscc"`
	Criterion string `json:"criterion"`
	Ref       string `json:"ref"`
	Facts     string `json:"facts"`
	Basis     string `json:"basis"`
}

// NoticeSerious issues the prior written notice of a listing.
func (s *Service) NoticeSerious(ctx context.Context, by Actor, in SeriousNoticeInput) (*SeriousNotice, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	basis, ok := criteria[in.Criterion]
	if !ok {
		return nil, apperr.Invalid("criterion 应为 heavier_penalty、abnormal_3_years 或 other")
	}
	facts, err := text("facts", in.Facts, 5000, true)
	if err != nil {
		return nil, err
	}
	if b, err := text("basis", in.Basis, 500, false); err != nil {
		return nil, err
	} else if b != "" {
		basis = b
	}
	ref, err := text("ref", in.Ref, 40, in.Criterion != CriterionOther)
	if err != nil {
		return nil, err
	}
	today := s.today()
	token, hash, err := auth.NewToken(auth.PrefixPartyToken)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var out *SeriousNotice
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		if err := s.checkRef(tx, uscc, in.Criterion, ref, today); err != nil {
			return err
		}
		cur, err := seriousOfTx(tx, uscc)
		if err != nil {
			return err
		}
		for _, l := range cur {
			if l.current(today) {
				return apperr.Conflict("该企业已列入严重违法失信名单（%s，至 %s）", l.ID, l.Until)
			}
		}
		seq, err := s.db.Next(seqSeriousNotice)
		if err != nil {
			return err
		}
		n := &SeriousNotice{ID: fmt.Sprintf("SN%08d", seq), USCC: uscc, Name: e.Name, Criterion: in.Criterion, Ref: ref,
			Facts: facts, Basis: basis, IssuedOn: fmtDate(today),
			StatementDue: fmtDate(s.cal().AddWorkingDays(today, s.cfg.SeriousStatementWorkingDays)),
			Statements:   []Statement{}, State: NoticeNotified, Dept: by.Dept, By: by, At: s.now().UTC()}
		n.Rights = fmt.Sprintf("当事人有权在 %s 前（含当日）提出陈述、申辩，逾期未提出的，视为放弃；对其后作出的列入决定不服的，"+
			"可以自知道该决定之日起 %d 日内申请行政复议，或者自知道或者应当知道之日起 %d 个月内提起行政诉讼。",
			n.StatementDue, s.cfg.ReviewDays, s.cfg.LitigationMonths)
		n.TokenHash = hash
		doc, err := s.issueTx(tx, by, Document{Kind: DocSeriousNotice, USCC: uscc, Party: e.Name, Date: n.IssuedOn, Ref: n.ID,
			Body: fmt.Sprintf("经查，%s（统一社会信用代码 %s）：%s。该情形符合%s，本机关拟将其列入严重违法失信名单。",
				e.Name, uscc, facts, basis),
			Basis: basis, Rights: n.Rights}, hash)
		if err != nil {
			return err
		}
		n.DocumentID, n.DocumentNo = doc.ID, doc.Number
		out = n
		if err := tx.Put(seriousNoticeKey(n.ID), n); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: n.At, Actor: by.String(), Action: "serious.notice", Object: "serious/" + n.ID, After: n.view()})
	})
	if err != nil {
		return nil, wrap(err)
	}
	v := out.view()
	v.PartyToken = token
	return v, nil
}

// SeriousNotices lists the notices, the latest first (staff).
func (s *Service) SeriousNotices(ctx context.Context) ([]*SeriousNotice, error) {
	out := []*SeriousNotice{}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixCreditSeriousNotice, "", true, func(_ string, v []byte) (bool, error) {
			var n SeriousNotice
			if err := unmarshal(v, &n); err != nil {
				return false, err
			}
			out = append(out, n.view())
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// checkRef checks that the record a notice relies on meets its criterion.
func (s *Service) checkRef(tx *store.Tx, uscc, criterion, ref string, today time.Time) error {
	switch criterion {
	case CriterionAbnormal3Years:
		var l Listing
		if err := tx.Get(listingKey(ref), &l); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("经营异常名录记录 %s 不存在", ref)
			}
			return err
		}
		if l.USCC != uscc || !l.Current() || fmtDate(today) < l.SeriousFrom {
			return apperr.Conflict("经营异常名录记录 %s 不是该企业届满 3 年仍未移出的列入（届满日 %s）", ref, l.SeriousFrom)
		}
	case CriterionHeavierPenalty:
		ev, err := eventTx(tx, ref)
		if err != nil {
			return err
		}
		if ev.USCC != uscc || ev.Kind != KindPenalty || ev.Penalty == nil {
			return apperr.Conflict("信用记录 %s 不是该企业的行政处罚", ref)
		}
		if later, err := supersededByTx(tx, ev); err != nil {
			return err
		} else if later != "" {
			return apperr.Conflict("行政处罚 %s 已被更正或撤回（%s）", ref, later)
		}
	}
	return nil
}

// StatementInput is POST /api/v1/credit/serious/notices/{id}/statements.
type StatementInput struct {
	Text       string `json:"text"`
	ReceivedOn string `json:"received_on"`
}

// AddStatement records a statement of the party, received within the
// period (409 after it).
func (s *Service) AddStatement(ctx context.Context, by Actor, id string, in StatementInput) (*SeriousNotice, error) {
	body, err := text("text", in.Text, 10000, true)
	if err != nil {
		return nil, err
	}
	received, err := parseDate("received_on", in.ReceivedOn)
	if err != nil {
		return nil, err
	}
	if received.After(s.today()) {
		return nil, apperr.Invalid("received_on（%s）不能晚于今天", fmtDate(received))
	}
	return s.updateNotice(ctx, by, id, "serious.statement", func(_ *store.Tx, n *SeriousNotice) error {
		if n.State != NoticeNotified {
			return apperr.Conflict("告知 %s 已作出决定", n.ID)
		}
		if fmtDate(received) < n.IssuedOn || fmtDate(received) > n.StatementDue {
			return apperr.Conflict("陈述申辩期为 %s 至 %s，%s 收到的材料不在期限内", n.IssuedOn, n.StatementDue, fmtDate(received))
		}
		n.Statements = append(n.Statements, Statement{Text: body, ReceivedOn: fmtDate(received), At: s.now().UTC()})
		return nil
	})
}

// SeriousDecisionInput is POST /api/v1/credit/serious/notices/{id}/decision.
type SeriousDecisionInput struct {
	List    *bool  `json:"list"`
	Reasons string `json:"reasons"`
}

// SeriousListing is an entry of the 严重违法失信名单: in force from ListedOn
// to Until (SeriousListYears) unless removed early by credit repair.
type SeriousListing struct {
	ID             string    `json:"id"`
	USCC           string    `json:"uscc"`
	Name           string    `json:"name"`
	Criterion      string    `json:"criterion"`
	Reasons        string    `json:"reasons"`
	Basis          string    `json:"basis"`
	ListedOn       string    `json:"listed_on"`
	Until          string    `json:"until"`       // last day on the list
	RepairFrom     string    `json:"repair_from"` // early exit by credit repair from this day
	Rights         string    `json:"rights"`
	Dept           string    `json:"dept"`
	NoticeID       string    `json:"notice_id"`
	EventID        string    `json:"event_id"`
	DocumentID     string    `json:"document_id,omitempty"`
	DocumentNo     string    `json:"document_no,omitempty"`
	RemovedOn      string    `json:"removed_on,omitempty"`
	RemovalReason  string    `json:"removal_reason,omitempty"`
	RemovalEventID string    `json:"removal_event_id,omitempty"`
	ListedBy       *Actor    `json:"listed_by,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func (l *SeriousListing) current(today time.Time) bool {
	return l.RemovedOn == "" && fmtDate(today) <= l.Until
}

// DecideSerious decides after the statement period: list, or not.
func (s *Service) DecideSerious(ctx context.Context, by Actor, id string, in SeriousDecisionInput) (*SeriousNotice, error) {
	if in.List == nil {
		return nil, apperr.Invalid("缺少 list（true：列入；false：不予列入）")
	}
	reasons, err := text("reasons", in.Reasons, 2000, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	return s.updateNotice(ctx, by, id, "serious.decide", func(tx *store.Tx, n *SeriousNotice) error {
		if n.State != NoticeNotified {
			return apperr.Conflict("告知 %s 已于 %s 作出决定", n.ID, n.DecidedOn)
		}
		if by.Dept != "" && n.Dept != "" && by.Dept != n.Dept {
			return apperr.Forbidden("告知由“%s”作出，应由其决定", n.Dept)
		}
		if fmtDate(today) <= n.StatementDue {
			return apperr.Conflict("陈述申辩期至 %s 届满，期满后方可作出决定", n.StatementDue)
		}
		n.DecidedOn, n.Decision, n.State = fmtDate(today), reasons, NoticeNotListed
		statements := "当事人在陈述申辩期内未提出陈述、申辩。"
		if k := len(n.Statements); k > 0 {
			statements = fmt.Sprintf("当事人在陈述申辩期内提出陈述、申辩 %d 次，本机关已予复核。", k)
		}
		if !*in.List {
			doc, err := s.issueTx(tx, by, Document{Kind: DocSeriousNotListed, USCC: n.USCC, Party: n.Name, Date: n.DecidedOn, Ref: n.ID,
				Body: fmt.Sprintf("本机关于 %s 以%s告知%s（统一社会信用代码 %s）拟将其列入严重违法失信名单。%s经复核：%s。决定不予列入严重违法失信名单。",
					n.IssuedOn, n.DocumentNo, n.Name, n.USCC, statements, reasons),
				Basis: n.Basis, Rights: "本决定自作出之日起生效。"}, n.TokenHash)
			if err != nil {
				return err
			}
			n.DecisionDocumentID, n.DecisionDocumentNo = doc.ID, doc.Number
			return nil
		}
		n.State = NoticeListed
		seq, err := s.db.Next(seqSeriousListing)
		if err != nil {
			return err
		}
		until := today.AddDate(s.cfg.SeriousListYears, 0, 0).AddDate(0, 0, -1)
		by2 := by
		l := &SeriousListing{ID: fmt.Sprintf("SL%08d", seq), USCC: n.USCC, Name: n.Name, Criterion: n.Criterion, Reasons: reasons,
			Basis: n.Basis, ListedOn: fmtDate(today), Until: fmtDate(until),
			RepairFrom: fmtDate(today.AddDate(0, s.cfg.SeriousRepairMinMonths, 0)), Dept: by.Dept, NoticeID: n.ID,
			Rights: "当事人不服的，可以依法申请行政复议或者提起行政诉讼；列入满 " + fmt.Sprint(s.cfg.SeriousRepairMinMonths) +
				" 个月后，符合条件的可以申请信用修复提前移出。",
			ListedBy: &by2, UpdatedAt: s.now().UTC()}
		ev, err := s.RecordTx(tx, Event{USCC: l.USCC, Kind: KindSeriousListed, Date: l.ListedOn, Dept: l.Dept, Ref: l.ID, Actor: by,
			Summary: "列入严重违法失信名单：" + reasons + "（至 " + l.Until + "）", Basis: l.Basis, PublicUntil: l.Until})
		if err != nil {
			return err
		}
		l.EventID, n.ListingID = ev.ID, l.ID
		doc, err := s.issueTx(tx, by, Document{Kind: DocSeriousListing, USCC: l.USCC, Party: l.Name, Date: l.ListedOn, Ref: l.ID,
			Body: fmt.Sprintf("本机关于 %s 以%s告知%s（统一社会信用代码 %s）拟将其列入严重违法失信名单。%s经复核：%s。"+
				"决定将其列入严重违法失信名单，期限自 %s 至 %s；列入满 %d 个月（%s 起）后，符合条件的可以申请信用修复提前移出。",
				n.IssuedOn, n.DocumentNo, n.Name, n.USCC, statements, reasons, l.ListedOn, l.Until, s.cfg.SeriousRepairMinMonths, l.RepairFrom),
			Basis: l.Basis, Rights: s.rights()}, n.TokenHash)
		if err != nil {
			return err
		}
		l.DocumentID, l.DocumentNo = doc.ID, doc.Number
		l.Rights = "列入满 " + fmt.Sprint(s.cfg.SeriousRepairMinMonths) + " 个月后，符合条件的可以申请信用修复提前移出。" + s.rights()
		n.DecisionDocumentID, n.DecisionDocumentNo = doc.ID, doc.Number
		if err := s.endRedTx(tx, by, l.USCC, "列入严重违法失信名单（"+l.ID+"）", today); err != nil {
			return err
		}
		if err := tx.Put(seriousListingKey(l.ID), l); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: l.UpdatedAt, Actor: by.String(), Action: "serious.list", Object: "serious/" + l.ID, After: l})
	})
}

// updateNotice runs fn on the notice id in one transaction and stores it
// with an audit entry.
func (s *Service) updateNotice(ctx context.Context, by Actor, id, action string, fn func(tx *store.Tx, n *SeriousNotice) error) (*SeriousNotice, error) {
	var out *SeriousNotice
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var n SeriousNotice
		if err := tx.Get(seriousNoticeKey(id), &n); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("告知 %s 不存在", id)
			}
			return err
		}
		before := n
		before.Statements = append([]Statement(nil), n.Statements...)
		if err := fn(tx, &n); err != nil {
			return err
		}
		if err := tx.Put(seriousNoticeKey(n.ID), &n); err != nil {
			return err
		}
		out = n.view()
		return tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.String(), Action: action, Object: "serious/" + n.ID, Before: before.view(), After: out})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// seriousOfTx lists an enterprise's serious listings.
func seriousOfTx(tx *store.Tx, uscc string) ([]SeriousListing, error) {
	var out []SeriousListing
	err := tx.Scan(store.PrefixCreditSerious, "", false, func(_ string, v []byte) (bool, error) {
		var l SeriousListing
		if err := unmarshal(v, &l); err != nil {
			return false, err
		}
		if l.USCC == uscc {
			out = append(out, l)
		}
		return true, nil
	})
	return out, err
}
