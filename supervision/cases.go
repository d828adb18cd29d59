package supervision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
	"namescope/store"
)

// ---------------------------------------------------------------------------
// Violations

// ViolationList is GET /api/v1/violations.
type ViolationList struct {
	Violations []Violation       `json:"violations"`
	Active     int               `json:"active"`
	Inactive   int               `json:"inactive"`
	Catalogue  *CatalogueVersion `json:"catalogue"`
}

// ListViolations lists the catalogue in force: the active items, or all of
// them (inactive ones flagged basis_status to_be_confirmed) when all is
// set, with the version they come from.
func (s *Service) ListViolations(all bool) ViolationList {
	cat := s.catalogueNow()
	info := cat.info
	out := ViolationList{Violations: []Violation{}, Catalogue: &info}
	for _, v := range cat.items {
		if v.Fine != nil {
			f := *v.Fine
			v.Fine = &f
		}
		v.Lists = slices.Clone(v.Lists)
		if v.Active {
			out.Active++
		} else {
			out.Inactive++
		}
		if v.Active || all {
			if v.Lists == nil {
				v.Lists = []Membership{}
			}
			out.Violations = append(out.Violations, v)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Bases of directed checks and cases

// Basis kinds: what may start a directed check or a case on a new-economy
// enterprise in its grace period (无事不扰).
const (
	BasisComplaint = "complaint"     // 投诉举报
	BasisClue      = "big_data_clue" // 大数据监测线索
	BasisReferral  = "referral"      // 转办交办、移送
	BasisTask      = "assigned_task" // 上级部署的任务
)

var basisLabels = map[string]string{
	BasisComplaint: "投诉举报", BasisClue: "大数据监测线索", BasisReferral: "转办、移送", BasisTask: "上级部署的任务",
}

// Basis is a recorded basis.
type Basis struct {
	ID         string      `json:"id"`
	USCC       string      `json:"uscc"`
	Kind       string      `json:"kind"`
	KindLabel  string      `json:"kind_label"`
	Ref        string      `json:"ref"`
	Summary    string      `json:"summary"`
	ReceivedOn string      `json:"received_on"`
	By         auth.Signer `json:"by"`
	At         time.Time   `json:"created_at"`
	// Verification is set once a complaint is verified (its credit event).
	Verification *Verification `json:"verification,omitempty"`
}

// BasisInput is POST /api/v1/supervision/bases.
type BasisInput struct {
	USCC       string `json:"uscc"`
	Kind       string `json:"kind"`
	Ref        string `json:"ref"`
	Summary    string `json:"summary"`
	ReceivedOn string `json:"received_on"`
	// Verification, for a complaint verified already when it is recorded.
	Verification *VerificationInput `json:"verification"`
}

// Verification is the verification of a complaint (投诉举报核实). The
// credit file's complaint kind (credit.KindComplaint) is a verified
// complaint (经核实的投诉举报): a complaint reaches the credit file when it
// is verified — recorded verified, or verified later (VerifyComplaint) —
// never on the mere word of the complainant, and no other kind of basis
// does.
type Verification struct {
	VerifiedOn string      `json:"verified_on"`
	Finding    string      `json:"finding"`
	EventID    string      `json:"event_id"`
	By         auth.Signer `json:"by"`
	At         time.Time   `json:"verified_at"`
}

// VerificationInput is the verification of a complaint as staff record
// it: the day it was verified and what was found.
type VerificationInput struct {
	VerifiedOn string `json:"verified_on"`
	Finding    string `json:"finding"`
}

// checkVerification validates a verification of a complaint received on
// received.
func (s *Service) checkVerification(in *VerificationInput, received time.Time) (time.Time, string, error) {
	on, err := parseDate("verified_on", in.VerifiedOn)
	if err != nil {
		return time.Time{}, "", err
	}
	if on.After(s.today()) {
		return time.Time{}, "", apperr.Invalid("verified_on（%s）不能晚于今天", fmtDate(on))
	}
	if on.Before(received) {
		return time.Time{}, "", apperr.Invalid("verified_on（%s）不能早于收到投诉举报的日期（%s）", fmtDate(on), fmtDate(received))
	}
	finding, err := text("finding", in.Finding, 2000, true)
	if err != nil {
		return time.Time{}, "", err
	}
	return on, finding, nil
}

// verifyTx records the verification of the complaint b in tx with its
// credit event of kind complaint (not published, as the kind says).
func (s *Service) verifyTx(tx *store.Tx, by auth.Signer, b *Basis, on time.Time, finding string) error {
	v := &Verification{VerifiedOn: fmtDate(on), Finding: finding, By: by, At: s.now().UTC()}
	ev, err := s.cr.RecordTx(tx, credit.Event{USCC: b.USCC, Kind: credit.KindComplaint, Date: v.VerifiedOn, Dept: by.Dept,
		Summary: fmt.Sprintf("投诉举报（%s）经核实：%s", b.Ref, clip(finding, 200)), Basis: "投诉举报核实",
		Ref: b.ID, Actor: actorOf(by), Details: map[string]string{"basis": b.ID, "complaint_ref": b.Ref}})
	if err != nil {
		return err
	}
	v.EventID = ev.ID
	b.Verification = v
	return nil
}

// AddBasis records a basis (a complaint, a clue, a referral, a task). A
// complaint recorded with its verification writes its credit event of
// kind complaint in the same transaction.
func (s *Service) AddBasis(ctx context.Context, by auth.Signer, in BasisInput) (*Basis, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	label, ok := basisLabels[in.Kind]
	if !ok {
		return nil, apperr.Invalid("kind 应为 complaint（投诉举报）、big_data_clue（大数据监测线索）、referral（转办、移送）或 assigned_task（上级部署的任务）")
	}
	ref, err := text("ref", in.Ref, 100, true)
	if err != nil {
		return nil, err
	}
	summary, err := text("summary", in.Summary, 2000, true)
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
	var verifiedOn time.Time
	var finding string
	if in.Verification != nil {
		if in.Kind != BasisComplaint {
			return nil, apperr.Invalid("verification：只有投诉举报（complaint）经核实后记入信用档案，%s不需要核实", label)
		}
		if verifiedOn, finding, err = s.checkVerification(in.Verification, received); err != nil {
			return nil, err
		}
	}
	var out *Basis
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		if _, err := s.enterpriseTx(tx, uscc); err != nil {
			return err
		}
		seq, err := s.db.Next("supervision-basis")
		if err != nil {
			return err
		}
		b := &Basis{ID: fmt.Sprintf("SB%08d", seq), USCC: uscc, Kind: in.Kind, KindLabel: label, Ref: ref, Summary: summary,
			ReceivedOn: fmtDate(received), By: by, At: s.now().UTC()}
		out = b
		if in.Verification != nil {
			if err := s.verifyTx(tx, by, b, verifiedOn, finding); err != nil {
				return err
			}
		}
		if err := tx.Put(store.PrefixSupBasis+b.ID, b); err != nil {
			return err
		}
		if err := tx.Put(basisUSCCKey(uscc, b.ID), ""); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: b.At, Actor: by.Actor(), Action: "supervision.basis",
			Object: "supervision/" + uscc, After: b})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// VerifyComplaint records the verification of a complaint recorded as a
// basis, once, and its credit event of kind complaint in the same
// transaction. Another kind of basis, or a complaint verified already, is
// a conflict.
func (s *Service) VerifyComplaint(ctx context.Context, by auth.Signer, id string, in VerificationInput) (*Basis, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	id = strings.TrimSpace(id)
	var out *Basis
	err := s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		var b Basis
		switch err := tx.Get(store.PrefixSupBasis+id, &b); {
		case errors.Is(err, store.ErrNotFound):
			return apperr.NotFound("依据 %s 不存在", clip(id, 30))
		case err != nil:
			return err
		}
		if b.Kind != BasisComplaint {
			return apperr.Conflict("依据 %s 是%s：只有投诉举报经核实后记入信用档案", b.ID, b.KindLabel)
		}
		if b.Verification != nil {
			return apperr.Conflict("投诉举报 %s 已于 %s 核实，不能再次核实", b.ID, b.Verification.VerifiedOn)
		}
		received, err := parseDate("received_on", b.ReceivedOn)
		if err != nil {
			return err
		}
		on, finding, err := s.checkVerification(&in, received)
		if err != nil {
			return err
		}
		before := b
		if err := s.verifyTx(tx, by, &b, on, finding); err != nil {
			return err
		}
		if err := tx.Put(store.PrefixSupBasis+b.ID, &b); err != nil {
			return err
		}
		out = &b
		return tx.Audit(store.AuditEntry{At: b.Verification.At, Actor: by.Actor(), Action: "supervision.complaint_verified",
			Object: "supervision/" + b.USCC, Before: &before, After: &b})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// basisRuleTx is the directed-check rule: a directed check or a case on a
// new-economy enterprise within its grace period needs a recorded basis of
// that enterprise (409 basis_required otherwise). It returns the basis,
// nil when none is needed and none was given.
func basisRuleTx(tx *store.Tx, p *Profile, id, what string) (*Basis, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		if p.Grace.InGrace {
			return nil, apperr.BasisRequired("该企业为新经济企业，包容期至 %s：%s须有投诉举报、大数据监测线索、转办移送或上级部署任务等依据（无事不扰），请先登记依据并在 basis 中注明", p.Grace.Until, what)
		}
		return nil, nil
	}
	var b Basis
	if err := tx.Get(store.PrefixSupBasis+id, &b); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, apperr.Invalid("basis：依据 %s 不存在", clip(id, 30))
		}
		return nil, err
	}
	if b.USCC != p.USCC {
		return nil, apperr.Invalid("basis：依据 %s 登记的是另一家企业（%s）", b.ID, b.USCC)
	}
	return &b, nil
}

// ---------------------------------------------------------------------------
// Checks

// Check kinds.
const (
	CheckDirected = "directed" // 定向检查
	CheckRandom   = "random"   // 双随机抽查
)

// Check results.
var checkResults = map[string]string{
	"no_problem": "未发现问题", "problem_corrected": "发现问题已责令改正", "problem_found": "发现问题待处理",
}

// Check is a recorded check of an enterprise, with the grace period it
// met and its credit event (kind inspection).
type Check struct {
	ID       string      `json:"id"`
	USCC     string      `json:"uscc"`
	Kind     string      `json:"kind"`
	Basis    *Basis      `json:"basis,omitempty"`
	Date     string      `json:"date"`
	Findings string      `json:"findings"`
	Result   string      `json:"result"`
	Grace    Grace       `json:"grace"`
	EventID  string      `json:"event_id"`
	By       auth.Signer `json:"by"`
	At       time.Time   `json:"created_at"`
}

// CheckInput is POST /api/v1/supervision/checks.
type CheckInput struct {
	USCC     string `json:"uscc"`
	Kind     string `json:"kind"`
	Basis    string `json:"basis"`
	Date     string `json:"date"`
	Findings string `json:"findings"`
	Result   string `json:"result"`
}

// AddCheck records a check and its inspection event in one transaction. A
// directed check of a new-economy enterprise in its grace period needs a
// basis (basis_required); a random (双随机) check does not.
func (s *Service) AddCheck(ctx context.Context, by auth.Signer, in CheckInput) (*Check, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	if in.Kind != CheckDirected && in.Kind != CheckRandom {
		return nil, apperr.Invalid("kind 应为 directed（定向检查）或 random（双随机抽查）")
	}
	date, err := parseDate("date", in.Date)
	if err != nil {
		return nil, err
	}
	if date.After(s.today()) {
		return nil, apperr.Invalid("date（%s）不能晚于今天", fmtDate(date))
	}
	findings, err := text("findings", in.Findings, 2000, true)
	if err != nil {
		return nil, err
	}
	resultLabel, ok := checkResults[in.Result]
	if !ok {
		return nil, apperr.Invalid("result 应为 no_problem（未发现问题）、problem_corrected（发现问题已责令改正）或 problem_found（发现问题待处理）")
	}
	var out *Check
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		p, err := s.profileTx(tx, e)
		if err != nil {
			return err
		}
		var b *Basis
		if in.Kind == CheckDirected {
			if b, err = basisRuleTx(tx, p, in.Basis, "定向检查"); err != nil {
				return err
			}
		} else if strings.TrimSpace(in.Basis) != "" {
			return apperr.Invalid("双随机抽查不需要 basis（依据）")
		}
		seq, err := s.db.Next("supervision-check")
		if err != nil {
			return err
		}
		c := &Check{ID: fmt.Sprintf("CK%08d", seq), USCC: uscc, Kind: in.Kind, Basis: b, Date: fmtDate(date),
			Findings: findings, Result: in.Result, Grace: p.Grace, By: by, At: s.now().UTC()}
		kind := "双随机抽查"
		if in.Kind == CheckDirected {
			kind = "定向检查（依据：" + b.kindRef() + "）"
			if b == nil {
				kind = "定向检查"
			}
		}
		ev, err := s.cr.RecordTx(tx, credit.Event{USCC: uscc, Kind: credit.KindInspection, Date: c.Date, Dept: by.Dept,
			Summary: fmt.Sprintf("%s：%s；%s", kind, resultLabel, clip(findings, 200)), Basis: "市场监管检查",
			Ref: c.ID, Actor: actorOf(by), Details: map[string]string{"check": in.Kind, "result": in.Result}})
		if err != nil {
			return err
		}
		c.EventID = ev.ID
		out = c
		if err := tx.Put(checkUSCCKey(uscc, c.ID), ""); err != nil {
			return err
		}
		return tx.Put(store.PrefixSupCheck+c.ID, c)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

func (b *Basis) kindRef() string {
	if b == nil {
		return ""
	}
	return b.KindLabel + " " + b.Ref
}

// ---------------------------------------------------------------------------
// Cases

// Case states.
const (
	StateOpen          = "open"           // recommendation given, no decision
	StatePendingReview = "pending_review" // penalty decision drafted, awaiting 法制审核
	StateEffective     = "effective"      // decision in effect
)

// CaseInput is POST /api/v1/cases (and /api/v1/cases/preview).
type CaseInput struct {
	USCC          string        `json:"uscc"`
	Violation     string        `json:"violation"`
	Facts         string        `json:"facts"`
	Circumstances Circumstances `json:"circumstances"`
	// Basis is the recorded basis (POST /supervision/bases), required for
	// a new-economy enterprise in its grace period.
	Basis string `json:"basis"`
}

// Decision is a decision on a case: drafted and signed by its handler;
// a penalty decision takes effect with a second signature (法制审核).
type Decision struct {
	Level      string    `json:"level"`
	LevelLabel string    `json:"level_label"`
	Measures   []Measure `json:"measures"`
	FineYuan   int64     `json:"fine_yuan,omitempty"`
	Reasons    string    `json:"reasons"`
	// Deviation: the decision departs from the recommendation (another
	// level, or a fine outside the recommended range); DeviationReason
	// says why.
	Deviation       bool          `json:"deviation"`
	DeviationReason string        `json:"deviation_reason,omitempty"`
	Penalty         bool          `json:"penalty"`
	DecisionNo      string        `json:"decision_no,omitempty"`
	DraftedBy       auth.Signer   `json:"drafted_by"`
	DraftedOn       string        `json:"drafted_on"`
	Signatures      []auth.Signer `json:"signatures"`
	ReviewOpinion   string        `json:"review_opinion,omitempty"`
	EffectiveOn     string        `json:"effective_on,omitempty"`
	EventID         string        `json:"event_id,omitempty"`
}

// Review is a refused 法制审核: the draft goes back to the handler.
type Review struct {
	By      auth.Signer `json:"by"`
	On      string      `json:"on"`
	Opinion string      `json:"opinion"`
}

// Case is a case with its recommendation and decision.
type Case struct {
	ID             string         `json:"id"`
	USCC           string         `json:"uscc"`
	Name           string         `json:"name,omitempty"`
	Violation      string         `json:"violation"`
	ViolationText  string         `json:"violation_text"`
	Facts          string         `json:"facts"`
	Circumstances  Circumstances  `json:"circumstances"`
	FirstViolation bool           `json:"first_violation"`
	NewEconomy     bool           `json:"new_economy"`
	Grace          Grace          `json:"grace"`
	Basis          *Basis         `json:"basis,omitempty"`
	Recommendation Recommendation `json:"recommendation"`
	State          string         `json:"state"`
	OpenedOn       string         `json:"opened_on"`
	OpenedBy       auth.Signer    `json:"opened_by"`
	Draft          *Decision      `json:"draft,omitempty"`
	Decision       *Decision      `json:"decision,omitempty"`
	Refusals       []Review       `json:"refusals,omitempty"`
	At             time.Time      `json:"created_at"`
}

func caseKey(id string) string           { return store.PrefixSupCase + id }
func caseUSCCKey(uscc, id string) string { return store.PrefixSupCaseUSCC + uscc + "/" + id }

func (in *CaseInput) normalize() error {
	var err error
	if in.USCC, err = normUSCC(in.USCC); err != nil {
		return err
	}
	in.Violation = strings.ToUpper(strings.TrimSpace(in.Violation))
	if in.Violation == "" {
		return apperr.Invalid("缺少 violation（违法行为事项代码，见 GET /api/v1/violations）")
	}
	if in.Facts, err = text("facts", in.Facts, 4000, true); err != nil {
		return err
	}
	return in.Circumstances.Normalize()
}

// violation returns an active item of the catalogue in force.
func (s *Service) violation(code string) (*Violation, error) {
	v, ok := s.catalogueNow().byCode[code]
	if !ok {
		return nil, apperr.Invalid("violation：事项代码 %s 不在违法行为目录中", clip(code, 20))
	}
	if !v.Active {
		return nil, apperr.Invalid("violation：事项 %s 的法律依据待确认（未启用），不能用于案件", code)
	}
	return v, nil
}

// firstTx computes whether a violation on day is the enterprise's first
// within the window (supervision.first_violation_window_years): no penalty
// in its credit file (withdrawn ones aside) and no decided case, dated
// within the window before day.
func (s *Service) firstTx(tx *store.Tx, uscc string, day time.Time) (bool, string, error) {
	from := fmtDate(day.AddDate(-s.cfg.FirstViolationWindowYears, 0, 0))
	to := fmtDate(day)
	evs, err := credit.EventsTx(tx, uscc)
	if err != nil {
		return false, "", err
	}
	withdrawn := map[string]bool{}
	for _, ev := range evs {
		if ev.Kind == credit.KindWithdrawal && ev.Supersedes != "" {
			withdrawn[ev.Supersedes] = true
		}
	}
	for _, ev := range evs {
		if ev.Kind == credit.KindPenalty && !withdrawn[ev.ID] && ev.Date >= from && ev.Date <= to {
			return false, fmt.Sprintf("非初次违法：%d 年内（%s 起）信用档案有行政处罚记录 %s（%s）", s.cfg.FirstViolationWindowYears, from, ev.ID, ev.Date), nil
		}
	}
	var prior string
	err = tx.Keys(store.PrefixSupCaseUSCC+uscc+"/", func(k string) error {
		if prior != "" {
			return nil
		}
		var c Case
		if err := tx.Get(caseKey(k[len(store.PrefixSupCaseUSCC+uscc+"/"):]), &c); err != nil {
			return err
		}
		if c.State == StateEffective && c.Decision != nil && c.Decision.EffectiveOn >= from && c.Decision.EffectiveOn <= to {
			prior = fmt.Sprintf("非初次违法：%d 年内（%s 起）已有案件 %s 作出决定（%s）", s.cfg.FirstViolationWindowYears, from, c.ID, c.Decision.EffectiveOn)
		}
		return nil
	})
	if err != nil {
		return false, "", err
	}
	if prior != "" {
		return false, prior, nil
	}
	return true, fmt.Sprintf("初次违法：%d 年内（%s 起）信用档案无行政处罚记录，亦无已决案件", s.cfg.FirstViolationWindowYears, from), nil
}

// assessTx computes the recommendation of a case in tx, and the profile
// and basis it rests on; it writes nothing.
func (s *Service) assessTx(tx *store.Tx, in *CaseInput, v *Violation) (*Case, error) {
	e, err := s.enterpriseTx(tx, in.USCC)
	if err != nil {
		return nil, err
	}
	p, err := s.profileTx(tx, e)
	if err != nil {
		return nil, err
	}
	b, err := basisRuleTx(tx, p, in.Basis, "立案调查")
	if err != nil {
		return nil, err
	}
	today := s.today()
	first, why, err := s.firstTx(tx, in.USCC, today)
	if err != nil {
		return nil, err
	}
	rec := Recommend(s.cfg, v, in.Circumstances, Facts{First: first, FirstReason: why, Grace: p.Grace, NewEconomy: p.NewEconomy.Flag})
	return &Case{USCC: in.USCC, Name: e.Name, Violation: v.Code, ViolationText: v.Text, Facts: in.Facts,
		Circumstances: in.Circumstances, FirstViolation: first, NewEconomy: p.NewEconomy.Flag, Grace: p.Grace,
		Basis: b, Recommendation: rec, OpenedOn: fmtDate(today)}, nil
}

// Preview computes the recommendation of a case without opening it.
func (s *Service) Preview(ctx context.Context, in CaseInput) (*Case, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	v, err := s.violation(in.Violation)
	if err != nil {
		return nil, err
	}
	var c *Case
	err = s.db.View(func(tx *store.Tx) error {
		c, err = s.assessTx(tx, &in, v)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	c.State = StateOpen
	return c, nil
}

// OpenCase opens a case with its recommendation; audited.
func (s *Service) OpenCase(ctx context.Context, by auth.Signer, in CaseInput) (*Case, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	if err := in.normalize(); err != nil {
		return nil, err
	}
	v, err := s.violation(in.Violation)
	if err != nil {
		return nil, err
	}
	var out *Case
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		c, err := s.assessTx(tx, &in, v)
		if err != nil {
			return err
		}
		seq, err := s.db.Next("supervision-case")
		if err != nil {
			return err
		}
		c.ID = fmt.Sprintf("SC%08d", seq)
		c.State, c.OpenedBy, c.At = StateOpen, by, s.now().UTC()
		out = c
		if err := tx.Put(caseKey(c.ID), c); err != nil {
			return err
		}
		if err := tx.Put(caseUSCCKey(c.USCC, c.ID), ""); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: c.At, Actor: by.Actor(), Action: "supervision.case.open",
			Object: "case/" + c.ID, After: c})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// Case returns a case.
func (s *Service) Case(ctx context.Context, id string) (*Case, error) {
	var c *Case
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		c, err = caseTx(tx, id)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return c, nil
}

func caseTx(tx *store.Tx, id string) (*Case, error) {
	var c Case
	if err := tx.Get(caseKey(id), &c); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, apperr.NotFound("案件 %s 不存在", clip(id, 30))
		}
		return nil, err
	}
	return &c, nil
}

// DecisionInput is POST /api/v1/cases/{id}/decision.
type DecisionInput struct {
	Level           string   `json:"level"`
	Measures        []string `json:"measures"`
	FineYuan        int64    `json:"fine_yuan"`
	Reasons         string   `json:"reasons"`
	DeviationReason string   `json:"deviation_reason"`
}

// Decide drafts the handler's decision on an open case, signed by its
// drafter. A decision without a penalty (no_penalty: correction and
// education) takes effect at once and reaches the credit file as a
// guidance event; a penalty decision waits for the second signature
// (Review). A decision that departs from the recommendation needs
// deviation_reason.
func (s *Service) Decide(ctx context.Context, by auth.Signer, id string, in DecisionInput) (*Case, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	if !slices.Contains(Levels, in.Level) {
		return nil, apperr.Invalid("level 应为 %s 之一", strings.Join(Levels, "、"))
	}
	reasons, err := text("reasons", in.Reasons, 4000, true)
	if err != nil {
		return nil, err
	}
	devReason, err := text("deviation_reason", in.DeviationReason, 2000, false)
	if err != nil {
		return nil, err
	}
	if len(in.Measures) == 0 {
		return nil, apperr.Invalid("measures 不能为空（如 order_correction、education、warning、fine）")
	}
	var ms []Measure
	penalty := false
	for i, code := range in.Measures {
		if _, ok := measureLabels[code]; !ok {
			return nil, apperr.Invalid("measures[%d]“%s”无效，应为 %s 之一", i, clip(code, 30), keysOf(measureLabels))
		}
		if !slices.ContainsFunc(ms, func(m Measure) bool { return m.Code == code }) {
			ms = append(ms, measure(code))
		}
		penalty = penalty || isPenalty(code)
	}
	hasFine := slices.Contains(in.Measures, MeasureFine)
	switch {
	case hasFine && in.FineYuan <= 0:
		return nil, apperr.Invalid("measures 含罚款时须有 fine_yuan（元，大于 0）")
	case !hasFine && in.FineYuan != 0:
		return nil, apperr.Invalid("fine_yuan 只能与罚款（fine）一同给出")
	case in.FineYuan < 0 || in.FineYuan > 1e12:
		return nil, apperr.Invalid("fine_yuan 应为 0 至 10^12 之间的金额（元）")
	case in.Level == LevelNoPenalty && penalty:
		return nil, apperr.Invalid("不予处罚（no_penalty）的决定不能含警告、罚款或没收")
	case in.Level != LevelNoPenalty && !penalty:
		return nil, apperr.Invalid("%s的决定须含警告、罚款或没收中的至少一项", levelLabels[in.Level])
	}
	var out *Case
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		c, err := caseTx(tx, id)
		if err != nil {
			return err
		}
		if c.State != StateOpen {
			return apperr.Conflict("案件 %s 已有%s的决定，不能再拟定", c.ID, stateLabel(c.State))
		}
		today := fmtDate(s.today())
		d := &Decision{Level: in.Level, LevelLabel: levelLabels[in.Level], Measures: ms, FineYuan: in.FineYuan,
			Reasons: reasons, Penalty: penalty, DraftedBy: by, DraftedOn: today, Signatures: []auth.Signer{by}}
		rec := c.Recommendation
		var dev []string
		if d.Level != rec.Level {
			dev = append(dev, fmt.Sprintf("裁量等级为%s，建议为%s", d.LevelLabel, rec.LevelLabel))
		}
		if hasFine && rec.FineRange != nil && (d.FineYuan < rec.FineRange.Min || d.FineYuan > rec.FineRange.Max) {
			dev = append(dev, fmt.Sprintf("罚款 %d 元不在建议幅度 %d 至 %d 元内", d.FineYuan, rec.FineRange.Min, rec.FineRange.Max))
		}
		if len(dev) > 0 {
			if devReason == "" {
				return apperr.Invalid("决定与建议不一致（%s），须在 deviation_reason 中说明理由", strings.Join(dev, "；"))
			}
			d.Deviation, d.DeviationReason = true, devReason
		}
		if penalty {
			c.Draft, c.State = d, StatePendingReview
		} else {
			d.EffectiveOn = today
			ev, err := s.cr.RecordTx(tx, credit.Event{USCC: c.USCC, Kind: credit.KindGuidance, Date: today, Dept: by.Dept,
				Summary: fmt.Sprintf("案件 %s 不予行政处罚（%s）：%s；%s", c.ID, c.ViolationText, measuresText(ms), clip(reasons, 200)),
				Basis:   citationsText(rec.Citations), Ref: c.ID, Actor: actorOf(by),
				Details: map[string]string{"case": c.ID, "level": d.Level}})
			if err != nil {
				return err
			}
			d.EventID = ev.ID
			c.Decision, c.State = d, StateEffective
		}
		out = c
		if err := tx.Put(caseKey(c.ID), c); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.Actor(), Action: "supervision.case.decide",
			Object: "case/" + c.ID, After: d, Note: reasons})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// ReviewInput is POST /api/v1/cases/{id}/review (法制审核).
type ReviewInput struct {
	Approve    *bool  `json:"approve"`
	Opinion    string `json:"opinion"`
	DecisionNo string `json:"decision_no"`
}

// Review is the second signature of a penalty decision (法制审核) by a
// person other than its drafter (auth.SamePerson; admin keys never sign).
// Approved, the decision takes effect and reaches the credit file as a
// penalty event through credit's penalty recording, in the same
// transaction; refused, the draft goes back to the handler with the
// opinion.
func (s *Service) Review(ctx context.Context, by auth.Signer, id string, in ReviewInput) (*Case, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	if in.Approve == nil {
		return nil, apperr.Invalid("缺少 approve（true 审核通过，false 退回）")
	}
	opinion, err := text("opinion", in.Opinion, 2000, true)
	if err != nil {
		return nil, err
	}
	decisionNo, err := text("decision_no", in.DecisionNo, 100, *in.Approve)
	if err != nil {
		return nil, err
	}
	var out *Case
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		c, err := caseTx(tx, id)
		if err != nil {
			return err
		}
		if c.State != StatePendingReview || c.Draft == nil {
			return apperr.Conflict("案件 %s 没有待法制审核的处罚决定（%s）", c.ID, stateLabel(c.State))
		}
		d := c.Draft
		if auth.SamePerson(d.DraftedBy, by) {
			return apperr.Conflict("处罚决定须由另一名执法人员法制审核签署：拟稿人 %s 不能作为第二签名", d.DraftedBy.Name())
		}
		today := fmtDate(s.today())
		if !*in.Approve {
			c.Refusals = append(c.Refusals, Review{By: by, On: today, Opinion: opinion})
			c.Draft, c.State = nil, StateOpen
		} else {
			d.Signatures = append(d.Signatures, by)
			d.ReviewOpinion, d.EffectiveOn, d.DecisionNo = opinion, today, decisionNo
			v, ok := s.catalogueNow().byCode[c.Violation]
			if !ok {
				return apperr.Conflict("案件 %s 的违法行为事项 %s 已不在现行违法行为目录中，不能据此作出处罚决定", c.ID, c.Violation)
			}
			res, err := s.cr.RecordPenaltyTx(tx, actorOf(by), s.penaltyInput(c, v, d))
			if err != nil {
				return err
			}
			if res.Replayed {
				return apperr.Conflict("文号“%s”已登记过处罚决定", decisionNo)
			}
			d.EventID = res.Event.ID
			c.Decision, c.Draft, c.State = d, nil, StateEffective
		}
		out = c
		if err := tx.Put(caseKey(c.ID), c); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.Actor(), Action: "supervision.case.review",
			Object: "case/" + c.ID, After: c, Note: opinion})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// penaltyInput is the penalty decision as the credit file records it.
func (s *Service) penaltyInput(c *Case, v *Violation, d *Decision) credit.PenaltyInput {
	domain := "other"
	if v.Domain == "food" {
		domain = "food"
	}
	in := credit.PenaltyInput{USCC: c.USCC, DecisionNo: d.DecisionNo, Authority: s.authority, DecidedOn: d.EffectiveOn,
		Procedure: credit.ProcedureOrdinary, PartyType: credit.PartyOrganisation, Domain: domain,
		Violation: v.Text, Basis: clip("《"+v.Law+"》"+v.PenaltyArticle, 500)}
	for _, m := range d.Measures {
		switch m.Code {
		case MeasureWarning:
			in.Penalties = append(in.Penalties, credit.PenaltyItem{Kind: credit.PenWarning})
		case MeasureFine:
			in.Penalties = append(in.Penalties, credit.PenaltyItem{Kind: credit.PenFine, AmountYuan: float64(d.FineYuan)})
		case MeasureConfiscation:
			in.Penalties = append(in.Penalties, credit.PenaltyItem{Kind: credit.PenConfiscation})
		}
	}
	return in
}

func stateLabel(s string) string {
	switch s {
	case StateOpen:
		return "待决定"
	case StatePendingReview:
		return "待法制审核"
	case StateEffective:
		return "已生效"
	}
	return s
}

func measuresText(ms []Measure) string {
	var ls []string
	for _, m := range ms {
		ls = append(ls, m.Label)
	}
	return strings.Join(ls, "、")
}

func citationsText(cs []Citation) string {
	var ls []string
	for _, c := range cs {
		ls = append(ls, "《"+c.Law+"》"+c.Article)
	}
	return clip(strings.Join(ls, "；"), 500)
}
