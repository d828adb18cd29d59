package supervision_test

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/config"
	"namescope/credit"
	"namescope/dict"
	"namescope/legal"
	"namescope/store"
	"namescope/supervision"
)

var bg = context.Background()

func uscc(first17 string) string { return first17 + string(dict.USCCCheckChar(first17)) }

var (
	entSmall = uscc("91410400MA44NE001") // software, small and micro, established 2025-05-20
	entOther = uscc("91410400MA44NE002") // software, not small or micro, established 2025-05-20
	entOld   = uscc("91410400MA44NE003") // software, small and micro, established 2020-01-01 (grace over)
	entTrad  = uscc("91410400MA44NE004") // restaurant, established 2025-05-20 (not new-economy)
	entNoEst = uscc("91410400MA44NE005") // software, establishment unknown
	entX     = uscc("91410400MA44NE009") // unknown
)

type ents map[string]*supervision.Enterprise

func (f ents) EnterpriseTx(_ *store.Tx, u string) (*supervision.Enterprise, error) { return f[u], nil }

func (f ents) EnterprisesTx(_ *store.Tx, after string, limit int, fn func(*supervision.Enterprise) error) (string, bool, error) {
	ids := slices.Sorted(maps.Keys(f))
	ids = slices.DeleteFunc(ids, func(id string) bool { return id <= after })
	more := len(ids) > limit
	ids = ids[:min(limit, len(ids))]
	last := ""
	for _, id := range ids {
		if err := fn(f[id]); err != nil {
			return "", false, err
		}
		last = id
	}
	return last, more, nil
}

type creditEnts map[string]*supervision.Enterprise

func (f creditEnts) EnterpriseTx(_ *store.Tx, u string) (*credit.Enterprise, error) {
	e := f[u]
	if e == nil {
		return nil, nil
	}
	return &credit.Enterprise{USCC: e.USCC, Name: e.Name, Status: e.Status, Established: e.Established, SmallMicro: e.SmallMicro}, nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Set(date string) {
	d, err := time.ParseInLocation("2006-01-02", date, legal.ChinaTime)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = d.Add(10 * time.Hour)
	c.mu.Unlock()
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

type env struct {
	sup *supervision.Service
	cr  *credit.Service
	db  *store.DB
	clk *clock
}

var (
	zhang1 = auth.Signer{KeyID: "k-zhang1", Role: auth.RoleStaff, Holder: "张三", Dept: "执法稽查科"}
	zhang2 = auth.Signer{KeyID: "k-zhang2", Role: auth.RoleStaff, Holder: "张三", Dept: "法制科"}
	li     = auth.Signer{KeyID: "k-li", Role: auth.RoleStaff, Holder: "李四", Dept: "法制科"}
	admin  = auth.Signer{KeyID: "k-admin", Role: auth.RoleAdmin}
)

// newEnv opens the credit and supervision services on a real badger store
// in a temporary directory, with the clock on date.
func newEnv(t *testing.T, date string, cfg func(*config.Supervision)) *env {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := config.Default()
	if cfg != nil {
		cfg(&c.Supervision)
	}
	es := ents{
		entSmall: {USCC: entSmall, Name: "平顶山市云帆软件有限公司", Status: "active", IndustryCode: "I6513", Established: "2025-05-20", SmallMicro: true},
		entOther: {USCC: entOther, Name: "平顶山市云海软件有限公司", Status: "active", IndustryCode: "I6513", Established: "2025-05-20"},
		entOld:   {USCC: entOld, Name: "平顶山市老牌软件有限公司", Status: "active", IndustryCode: "I6513", Established: "2020-01-01", SmallMicro: true},
		entTrad:  {USCC: entTrad, Name: "平顶山市老街饭店有限公司", Status: "active", IndustryCode: "H6210", Established: "2025-05-20", SmallMicro: true},
		entNoEst: {USCC: entNoEst, Name: "平顶山市无日期软件有限公司", Status: "active", IndustryCode: "I6513"},
	}
	clk := &clock{}
	clk.Set(date)
	cr := credit.New(db, c.Credit, c.Supervision, creditEnts(es))
	cr.SetClock(clk.Now)
	sup := supervision.New(db, c.Supervision, cr, es, "平顶山市市场监督管理局")
	sup.SetClock(clk.Now)
	return &env{sup: sup, cr: cr, db: db, clk: clk}
}

// count counts the keys under the supervision and credit prefixes and the
// audit log.
func (e *env) count(t *testing.T) int {
	t.Helper()
	n := 0
	err := e.db.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixSupScope, store.PrefixSupMeasure, store.PrefixSupMeasureUSCC, store.PrefixSupBasis,
			store.PrefixSupCheck, store.PrefixSupCase, store.PrefixSupCaseUSCC, store.PrefixSupBasisUSCC, store.PrefixSupCheckUSCC, store.PrefixCreditEvent, store.PrefixCreditPenalty, store.PrefixAudit} {
			if err := tx.Keys(p, func(string) error { n++; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) events(t *testing.T, u string) []credit.Event {
	t.Helper()
	var out []credit.Event
	err := e.db.View(func(tx *store.Tx) error {
		var err error
		out, err = credit.EventsTx(tx, u)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func code(err error) apperr.Code { return apperr.CodeOf(err) }

// Grace periods: small and micro 24 months, others 12 months by default,
// configurable; none without designation or establishment date.
func TestGraceFor(t *testing.T) {
	cfg := config.Default().Supervision
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name        string
		cfg         func(*config.Supervision)
		newEconomy  bool
		established string
		small       bool
		today       string
		months      int
		until       string
		in          bool
	}{
		{name: "small and micro: 24 months", newEconomy: true, established: "2025-05-20", small: true, today: "2026-07-10", months: 24, until: "2027-05-19", in: true},
		{name: "small and micro: last day in", newEconomy: true, established: "2025-05-20", small: true, today: "2027-05-19", months: 24, until: "2027-05-19", in: true},
		{name: "small and micro: day after out", newEconomy: true, established: "2025-05-20", small: true, today: "2027-05-20", months: 24, until: "2027-05-19", in: false},
		{name: "other: 12 months", newEconomy: true, established: "2025-05-20", today: "2026-05-19", months: 12, until: "2026-05-19", in: true},
		{name: "other: over", newEconomy: true, established: "2025-05-20", today: "2026-07-10", months: 12, until: "2026-05-19", in: false},
		{name: "configured 18 and 18", cfg: func(c *config.Supervision) { c.GracePeriodMonths, c.GracePeriodMonthsOther = 18, 18 },
			newEconomy: true, established: "2025-01-31", today: "2026-07-10", months: 18, until: "2026-07-30", in: true},
		{name: "not new economy", established: "2025-05-20", small: true, today: "2026-07-10", months: 24, in: false},
		{name: "establishment unknown", newEconomy: true, small: true, today: "2026-07-10", months: 24, in: false},
		{name: "before establishment", newEconomy: true, established: "2026-08-01", small: true, today: "2026-07-10", months: 24, until: "2028-07-31", in: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				tc.cfg(&c)
			}
			g := supervision.GraceFor(c, tc.newEconomy, tc.established, tc.small, day(tc.today))
			if g.Months != tc.months || g.Until != tc.until || g.InGrace != tc.in || g.Reason == "" {
				t.Fatalf("%+v, want months %d until %q in %v", g, tc.months, tc.until, tc.in)
			}
		})
	}
}

// The profile: automatic designation from the industry code and the
// recorded scope codes, manual designation prevailing either way, grace by
// small/micro.
func TestProfileDesignation(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	staff := credit.Actor{KeyID: "k-zhang1", Role: auth.RoleStaff, Holder: "张三"}
	no, yes := false, true
	tests := []struct {
		name   string
		setup  func(t *testing.T)
		uscc   string
		flag   bool
		source string
		cats   []string
		in     bool
		until  string
	}{
		{name: "auto from the industry code, small: 24 months", uscc: entSmall, flag: true, source: supervision.SourceAuto,
			cats: []string{"互联网与现代信息技术服务"}, in: true, until: "2027-05-19"},
		{name: "auto, not small: 12 months, over", uscc: entOther, flag: true, source: supervision.SourceAuto, in: false, until: "2026-05-19"},
		{name: "traditional: none", uscc: entTrad, flag: false, source: supervision.SourceNone},
		{name: "traditional with a new-economy scope entry: auto", uscc: entTrad, setup: func(t *testing.T) {
			if _, err := e.sup.RecordScopeCodes(bg, "registrar:r1", supervision.ScopeFromRegistration, entTrad, []string{"XI0001"}); err != nil {
				t.Fatal(err)
			}
		}, flag: true, source: supervision.SourceAuto, in: true, until: "2027-05-19"},
		{name: "manual withdrawal prevails", uscc: entSmall, setup: func(t *testing.T) {
			if _, err := e.cr.SetDesignation(bg, staff, entSmall, credit.DesignationInput{NewEconomy: &no, Reason: "经复核不属于新经济"}); err != nil {
				t.Fatal(err)
			}
		}, flag: false, source: supervision.SourceManual, cats: []string{}},
		{name: "manual designation of a traditional firm", uscc: entOld, setup: func(t *testing.T) {
			if _, err := e.cr.SetDesignation(bg, staff, entOld, credit.DesignationInput{NewEconomy: &yes, Reason: "认定"}); err != nil {
				t.Fatal(err)
			}
		}, flag: true, source: supervision.SourceManual, in: false, until: "2021-12-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup(t)
			}
			p, err := e.sup.Profile(bg, tc.uscc)
			if err != nil {
				t.Fatal(err)
			}
			if p.NewEconomy.Flag != tc.flag || p.NewEconomy.Source != tc.source || p.InGrace != tc.in || p.GraceUntil != tc.until || p.Grace.Until != tc.until {
				t.Fatalf("%+v", p)
			}
			if tc.cats != nil && strings.Join(p.NewEconomy.Categories, ",") != strings.Join(tc.cats, ",") {
				t.Errorf("categories %v, want %v", p.NewEconomy.Categories, tc.cats)
			}
			if tc.flag && tc.source == supervision.SourceAuto && len(p.NewEconomy.Auto) == 0 {
				t.Error("auto designation without its matches")
			}
		})
	}
	t.Run("unknown enterprise", func(t *testing.T) {
		if _, err := e.sup.Profile(bg, entX); code(err) != apperr.CodeNotFound {
			t.Fatalf("%v", err)
		}
	})
}

func TestRecordScopeCodesBadInput(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	before := e.count(t)
	tests := []struct {
		name  string
		uscc  string
		codes []string
		want  string
	}{
		{"bad uscc", "91410400MA44NE00", []string{"XI0001"}, "不是有效的统一社会信用代码"},
		{"bad code", entSmall, []string{"XI 0001"}, "scope_codes[0]"},
		{"too many", entSmall, make([]string, 201), "最多 200 项"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.sup.RecordScopeCodes(bg, "registrar:r1", supervision.ScopeFromEnterprise, tc.uscc, tc.codes)
			if code(err) != apperr.CodeInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
			if n := e.count(t); n != before {
				t.Fatalf("%d keys written", n-before)
			}
		})
	}
}

// Guidance measures: each kind recorded with its credit guidance event in
// the same transaction; red lines note that grace does not apply; the
// follow-up once; bad input writes nothing.
func TestGuidanceMeasures(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	for _, kind := range supervision.GuidanceKinds {
		t.Run(kind, func(t *testing.T) {
			n := len(e.events(t, entSmall))
			m, err := e.sup.AddMeasure(bg, zhang1, supervision.MeasureInput{USCC: entSmall, Kind: kind, Text: "请规范网店经营者信息公示", Deadline: "2026-08-10"})
			if err != nil {
				t.Fatal(err)
			}
			evs := e.events(t, entSmall)
			if len(evs) != n+1 || evs[n].Kind != credit.KindGuidance || evs[n].Ref != m.ID || evs[n].ID != m.EventID || evs[n].Public {
				t.Fatalf("event %+v", evs[len(evs)-1])
			}
			if !m.GraceApplies || !m.Grace.InGrace || m.Grace.Until != "2027-05-19" || m.KindLabel == "" {
				t.Fatalf("%+v", m)
			}
		})
	}
	t.Run("red line: grace does not apply", func(t *testing.T) {
		m, err := e.sup.AddMeasure(bg, zhang1, supervision.MeasureInput{USCC: entSmall, Kind: supervision.MeasureCaution, Text: "存在安全隐患", Deadline: "2026-07-20", RedLines: []string{"safety_risk"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.GraceApplies || !strings.Contains(m.Note, "红线") {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("follow-up once", func(t *testing.T) {
		m, err := e.sup.AddMeasure(bg, zhang1, supervision.MeasureInput{USCC: entSmall, Kind: supervision.MeasureReminder, Text: "提示", Deadline: "2026-07-20"})
		if err != nil {
			t.Fatal(err)
		}
		f, err := e.sup.FollowUp(bg, li, m.ID, supervision.FollowUpInput{VisitedOn: "2026-07-10", Outcome: supervision.OutcomeCorrected, Notes: "已整改"})
		if err != nil || f.FollowUp == nil || f.FollowUp.Outcome != supervision.OutcomeCorrected {
			t.Fatalf("%+v %v", f, err)
		}
		evs := e.events(t, entSmall)
		if last := evs[len(evs)-1]; last.ID != f.FollowUp.EventID || last.Kind != credit.KindGuidance || !strings.Contains(last.Summary, "跟踪回访") {
			t.Fatalf("%+v", last)
		}
		if _, err := e.sup.FollowUp(bg, li, m.ID, supervision.FollowUpInput{VisitedOn: "2026-07-10", Outcome: supervision.OutcomePartial, Notes: "再访"}); code(err) != apperr.CodeConflict {
			t.Fatalf("second follow-up: %v", err)
		}
		list, err := e.sup.Measures(bg, entSmall)
		if err != nil || len(list) != len(supervision.GuidanceKinds)+2 {
			t.Fatalf("%d %v", len(list), err)
		}
	})
	bad := []struct {
		name string
		by   auth.Signer
		in   supervision.MeasureInput
		want apperr.Code
	}{
		{"admin", admin, supervision.MeasureInput{USCC: entSmall, Kind: "reminder", Text: "x", Deadline: "2026-08-10"}, apperr.CodeForbidden},
		{"unknown kind", zhang1, supervision.MeasureInput{USCC: entSmall, Kind: "fine", Text: "x", Deadline: "2026-08-10"}, apperr.CodeInvalid},
		{"no text", zhang1, supervision.MeasureInput{USCC: entSmall, Kind: "reminder", Deadline: "2026-08-10"}, apperr.CodeInvalid},
		{"deadline passed", zhang1, supervision.MeasureInput{USCC: entSmall, Kind: "reminder", Text: "x", Deadline: "2026-07-09"}, apperr.CodeInvalid},
		{"bad red line", zhang1, supervision.MeasureInput{USCC: entSmall, Kind: "reminder", Text: "x", Deadline: "2026-08-10", RedLines: []string{"tax"}}, apperr.CodeInvalid},
		{"unknown enterprise", zhang1, supervision.MeasureInput{USCC: entX, Kind: "reminder", Text: "x", Deadline: "2026-08-10"}, apperr.CodeNotFound},
	}
	for _, tc := range bad {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			before := e.count(t)
			_, err := e.sup.AddMeasure(bg, tc.by, tc.in)
			if code(err) != tc.want || !strings.ContainsFunc(apperr.MessageOf(err), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Fatalf("%v, want %s", err, tc.want)
			}
			if n := e.count(t); n != before {
				t.Fatalf("%d keys written", n-before)
			}
		})
	}
}

// The directed-check rule: a directed check or a case of a new-economy
// enterprise in its grace period needs a basis of that enterprise; random
// checks and enterprises out of grace do not.
func TestDirectedCheckRule(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	basis, err := e.sup.AddBasis(bg, zhang1, supervision.BasisInput{USCC: entSmall, Kind: supervision.BasisComplaint, Ref: "12315-1", Summary: "投诉", ReceivedOn: "2026-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.sup.AddBasis(bg, zhang1, supervision.BasisInput{USCC: entTrad, Kind: supervision.BasisTask, Ref: "T-1", Summary: "任务", ReceivedOn: "2026-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	check := func(u, kind, b string) supervision.CheckInput {
		return supervision.CheckInput{USCC: u, Kind: kind, Basis: b, Date: "2026-07-10", Findings: "未发现问题", Result: "no_problem"}
	}
	caseIn := func(u, b string) supervision.CaseInput {
		return supervision.CaseInput{USCC: u, Violation: "ECO-002", Facts: "事实", Circumstances: supervision.Circumstances{Harm: "minor"}, Basis: b}
	}
	tests := []struct {
		name string
		do   func() error
		want apperr.Code // "" = accepted
	}{
		{"directed, in grace, no basis: 409", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "directed", "")); return err }, apperr.CodeBasisRequired},
		{"directed, in grace, basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "directed", basis.ID)); return err }, ""},
		{"directed, in grace, another firm's basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "directed", other.ID)); return err }, apperr.CodeInvalid},
		{"directed, in grace, unknown basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "directed", "SB99")); return err }, apperr.CodeInvalid},
		{"random, in grace, no basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "random", "")); return err }, ""},
		{"directed, grace over, no basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entOther, "directed", "")); return err }, ""},
		{"directed, not new economy, no basis", func() error { _, err := e.sup.AddCheck(bg, zhang1, check(entNoEst, "directed", "")); return err }, ""},
		{"case, in grace, no basis: 409", func() error { _, err := e.sup.OpenCase(bg, zhang1, caseIn(entSmall, "")); return err }, apperr.CodeBasisRequired},
		{"case preview, in grace, no basis: 409", func() error { _, err := e.sup.Preview(bg, caseIn(entSmall, "")); return err }, apperr.CodeBasisRequired},
		{"case, in grace, basis", func() error { _, err := e.sup.OpenCase(bg, zhang1, caseIn(entSmall, basis.ID)); return err }, ""},
		{"case, grace over, no basis", func() error { _, err := e.sup.OpenCase(bg, zhang1, caseIn(entOther, "")); return err }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := e.count(t)
			err := tc.do()
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && code(err) != tc.want:
				t.Fatalf("%v, want %s", err, tc.want)
			case tc.want != "" && e.count(t) != before:
				t.Fatal("refused, yet written")
			case tc.want == apperr.CodeBasisRequired && !strings.Contains(apperr.MessageOf(err), "包容期至 2027-05-19"):
				t.Fatalf("reason: %v", err)
			}
		})
	}
	t.Run("a check writes an inspection event with the grace period", func(t *testing.T) {
		c, err := e.sup.AddCheck(bg, zhang1, check(entSmall, "directed", basis.ID))
		if err != nil {
			t.Fatal(err)
		}
		evs := e.events(t, entSmall)
		last := evs[len(evs)-1]
		if last.Kind != credit.KindInspection || last.ID != c.EventID || !strings.Contains(last.Summary, "投诉举报 12315-1") || !c.Grace.InGrace {
			t.Fatalf("%+v %+v", last, c)
		}
	})
}

// penalize records a penalty in the credit file as a partner would.
func (e *env) penalize(t *testing.T, u, no, date string) *credit.Event {
	t.Helper()
	res, err := e.cr.RecordPenalty(bg, credit.Actor{Role: auth.RoleStaff, KeyID: "k"}, credit.PenaltyInput{USCC: u, DecisionNo: no,
		Authority: "平顶山市市场监督管理局", DecidedOn: date, Procedure: credit.ProcedureOrdinary,
		Penalties: []credit.PenaltyItem{{Kind: credit.PenFine, AmountYuan: 1000}}, Domain: "other", Violation: "违法", Basis: "依据"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Event
}

// First violation is computed from the credit file over the window.
func TestFirstViolationWindow(t *testing.T) {
	minor := supervision.Circumstances{Harm: "minor", Corrected: true}
	tests := []struct {
		name   string
		window int
		setup  func(t *testing.T, e *env)
		first  bool
		level  string
	}{
		{name: "clean file: first", window: 1, first: true, level: supervision.LevelNoPenalty},
		{name: "penalty 11 months ago, window 1 year: not first", window: 1, setup: func(t *testing.T, e *env) {
			e.penalize(t, entOther, "平市监处罚〔2025〕1号", "2025-08-10")
		}, first: false, level: supervision.LevelLighter},
		{name: "penalty 13 months ago, window 1 year: first", window: 1, setup: func(t *testing.T, e *env) {
			e.penalize(t, entOther, "平市监处罚〔2025〕2号", "2025-06-10")
		}, first: true, level: supervision.LevelNoPenalty},
		{name: "penalty 13 months ago, window 2 years: not first", window: 2, setup: func(t *testing.T, e *env) {
			e.penalize(t, entOther, "平市监处罚〔2025〕3号", "2025-06-10")
		}, first: false, level: supervision.LevelLighter},
		{name: "withdrawn penalty: first", window: 1, setup: func(t *testing.T, e *env) {
			ev := e.penalize(t, entOther, "平市监处罚〔2026〕4号", "2026-03-10")
			if _, err := e.cr.Supersede(bg, credit.Actor{Role: auth.RoleStaff, KeyID: "k"}, ev.ID, credit.KindWithdrawal,
				credit.SupersedeInput{Reason: "决定被撤销", Date: "2026-04-01"}); err != nil {
				t.Fatal(err)
			}
		}, first: true, level: supervision.LevelNoPenalty},
		{name: "decided case within the window: not first", window: 1, setup: func(t *testing.T, e *env) {
			c, err := e.sup.OpenCase(bg, zhang1, supervision.CaseInput{USCC: entOther, Violation: "ECO-001", Facts: "事实",
				Circumstances: supervision.Circumstances{Harm: "none", Corrected: true}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.sup.Decide(bg, zhang1, c.ID, supervision.DecisionInput{Level: "no_penalty", Measures: []string{"order_correction", "education"}, Reasons: "轻微"}); err != nil {
				t.Fatal(err)
			}
		}, first: false, level: supervision.LevelLighter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-07-10", func(c *config.Supervision) { c.FirstViolationWindowYears = tc.window })
			if tc.setup != nil {
				tc.setup(t, e)
			}
			c, err := e.sup.Preview(bg, supervision.CaseInput{USCC: entOther, Violation: "ECO-002", Facts: "事实", Circumstances: minor})
			if err != nil {
				t.Fatal(err)
			}
			if c.FirstViolation != tc.first || c.Recommendation.Level != tc.level {
				t.Fatalf("first %v level %s, want %v %s: %v", c.FirstViolation, c.Recommendation.Level, tc.first, tc.level, c.Recommendation.Reasons)
			}
		})
	}
}

// Two-person signing: the drafter signs first; the same person (same key
// or another key of the same holder) cannot sign again; admin never signs;
// a second person's approval makes the decision effective and writes the
// penalty event; a refusal sends the draft back.
func TestTwoPersonSigning(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	open := func(t *testing.T) *supervision.Case {
		t.Helper()
		c, err := e.sup.OpenCase(bg, zhang1, supervision.CaseInput{USCC: entOther, Violation: "ECO-002", Facts: "未公示",
			Circumstances: supervision.Circumstances{Harm: "none"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Recommendation.Level != supervision.LevelOrdinary {
			t.Fatalf("%+v", c.Recommendation)
		}
		return c
	}
	fine := supervision.DecisionInput{Level: "ordinary", Measures: []string{"order_correction", "fine"}, FineYuan: 50000, Reasons: "一般情节"}
	approve := func(no string) supervision.ReviewInput {
		yes := true
		return supervision.ReviewInput{Approve: &yes, Opinion: "事实清楚，裁量适当", DecisionNo: no}
	}
	t.Run("drafter cannot sign again", func(t *testing.T) {
		c := open(t)
		d, err := e.sup.Decide(bg, zhang1, c.ID, fine)
		if err != nil || d.State != supervision.StatePendingReview || len(d.Draft.Signatures) != 1 {
			t.Fatalf("%+v %v", d, err)
		}
		for _, by := range []auth.Signer{zhang1, zhang2} {
			before := e.count(t)
			if _, err := e.sup.Review(bg, by, c.ID, approve("平市监处罚〔2026〕10号")); code(err) != apperr.CodeConflict || !strings.Contains(apperr.MessageOf(err), "另一名执法人员") {
				t.Fatalf("%s: %v", by.KeyID, err)
			}
			if e.count(t) != before {
				t.Fatal("written")
			}
		}
		if _, err := e.sup.Review(bg, admin, c.ID, approve("平市监处罚〔2026〕10号")); code(err) != apperr.CodeForbidden {
			t.Fatalf("admin: %v", err)
		}
	})
	t.Run("second person approves: penalty event", func(t *testing.T) {
		c := open(t)
		if _, err := e.sup.Decide(bg, zhang1, c.ID, fine); err != nil {
			t.Fatal(err)
		}
		n := len(e.events(t, entOther))
		r, err := e.sup.Review(bg, li, c.ID, approve("平市监处罚〔2026〕11号"))
		if err != nil {
			t.Fatal(err)
		}
		if r.State != supervision.StateEffective || r.Decision == nil || len(r.Decision.Signatures) != 2 || r.Decision.EffectiveOn != "2026-07-10" {
			t.Fatalf("%+v", r)
		}
		evs := e.events(t, entOther)
		last := evs[len(evs)-1]
		if len(evs) != n+1 || last.Kind != credit.KindPenalty || last.ID != r.Decision.EventID || last.Penalty == nil ||
			last.Penalty.DecisionNo != "平市监处罚〔2026〕11号" || last.Penalty.Penalties[0].AmountYuan != 50000 || !last.Public {
			t.Fatalf("%+v", last)
		}
		if _, err := e.sup.Review(bg, li, c.ID, approve("平市监处罚〔2026〕12号")); code(err) != apperr.CodeConflict {
			t.Fatalf("second review: %v", err)
		}
	})
	t.Run("refusal sends the draft back", func(t *testing.T) {
		c := open(t)
		if _, err := e.sup.Decide(bg, zhang1, c.ID, fine); err != nil {
			t.Fatal(err)
		}
		no := false
		r, err := e.sup.Review(bg, li, c.ID, supervision.ReviewInput{Approve: &no, Opinion: "证据不足"})
		if err != nil || r.State != supervision.StateOpen || r.Draft != nil || len(r.Refusals) != 1 {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("duplicate decision number", func(t *testing.T) {
		c := open(t)
		if _, err := e.sup.Decide(bg, zhang1, c.ID, fine); err != nil {
			t.Fatal(err)
		}
		before := e.count(t)
		if _, err := e.sup.Review(bg, li, c.ID, approve("平市监处罚〔2026〕11号")); code(err) != apperr.CodeConflict {
			t.Fatalf("%v", err)
		}
		if e.count(t) != before {
			t.Fatal("written")
		}
	})
	t.Run("no penalty takes effect at once as guidance", func(t *testing.T) {
		c := open(t)
		d, err := e.sup.Decide(bg, zhang1, c.ID, supervision.DecisionInput{Level: "no_penalty", Measures: []string{"order_correction", "education"},
			Reasons: "已改正", DeviationReason: "当事人当场改正，危害轻微"})
		if err != nil || d.State != supervision.StateEffective || !d.Decision.Deviation {
			t.Fatalf("%+v %v", d, err)
		}
		evs := e.events(t, entOther)
		if last := evs[len(evs)-1]; last.Kind != credit.KindGuidance || last.ID != d.Decision.EventID {
			t.Fatalf("%+v", last)
		}
	})
}

// A decision states why it departs from the recommendation; bad decisions
// write nothing.
func TestDecisionInput(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	c, err := e.sup.OpenCase(bg, zhang1, supervision.CaseInput{USCC: entOther, Violation: "ECO-002", Facts: "未公示",
		Circumstances: supervision.Circumstances{Harm: "minor"}})
	if err != nil {
		t.Fatal(err)
	}
	// Recommendation: lighter, 20,000–44,000.
	tests := []struct {
		name string
		by   auth.Signer
		in   supervision.DecisionInput
		want string
	}{
		{"admin", admin, supervision.DecisionInput{Level: "lighter", Measures: []string{"fine"}, FineYuan: 30000, Reasons: "r"}, "管理员"},
		{"unknown level", zhang1, supervision.DecisionInput{Level: "light", Measures: []string{"fine"}, FineYuan: 1, Reasons: "r"}, "level 应为"},
		{"no reasons", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"fine"}, FineYuan: 30000}, "缺少 reasons"},
		{"no measures", zhang1, supervision.DecisionInput{Level: "lighter", Reasons: "r"}, "measures 不能为空"},
		{"unknown measure", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"jail"}, Reasons: "r"}, "measures[0]"},
		{"fine without amount", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"fine"}, Reasons: "r"}, "fine_yuan"},
		{"amount without fine", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"warning"}, FineYuan: 5, Reasons: "r"}, "fine_yuan 只能"},
		{"no penalty with a fine", zhang1, supervision.DecisionInput{Level: "no_penalty", Measures: []string{"fine"}, FineYuan: 5, Reasons: "r"}, "不予处罚"},
		{"penalty level without a penalty", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"order_correction"}, Reasons: "r"}, "至少一项"},
		{"another level without why", zhang1, supervision.DecisionInput{Level: "ordinary", Measures: []string{"fine"}, FineYuan: 50000, Reasons: "r"}, "deviation_reason"},
		{"fine outside the band without why", zhang1, supervision.DecisionInput{Level: "lighter", Measures: []string{"fine"}, FineYuan: 45000, Reasons: "r"}, "不在建议幅度"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := e.count(t)
			_, err := e.sup.Decide(bg, tc.by, c.ID, tc.in)
			if err == nil || !strings.Contains(apperr.MessageOf(err), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
			if e.count(t) != before {
				t.Fatal("written")
			}
		})
	}
	t.Run("within the recommendation: no deviation", func(t *testing.T) {
		d, err := e.sup.Decide(bg, zhang1, c.ID, supervision.DecisionInput{Level: "lighter", Measures: []string{"order_correction", "fine"}, FineYuan: 30000, Reasons: "从轻"})
		if err != nil || d.Draft.Deviation {
			t.Fatalf("%+v %v", d, err)
		}
		if _, err := e.sup.Decide(bg, li, c.ID, supervision.DecisionInput{Level: "lighter", Measures: []string{"fine"}, FineYuan: 30000, Reasons: "r"}); code(err) != apperr.CodeConflict {
			t.Fatalf("second draft: %v", err)
		}
	})
	t.Run("unknown case", func(t *testing.T) {
		if _, err := e.sup.Case(bg, "SC99"); code(err) != apperr.CodeNotFound {
			t.Fatal(err)
		}
	})
}

func TestCaseInput(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	before := e.count(t)
	tests := []struct {
		name string
		in   supervision.CaseInput
		want apperr.Code
		msg  string
	}{
		{"no violation", supervision.CaseInput{USCC: entOther, Facts: "f", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeInvalid, "缺少 violation"},
		{"unknown violation", supervision.CaseInput{USCC: entOther, Violation: "ECO-999", Facts: "f", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeInvalid, "不在违法行为目录"},
		{"inactive violation", supervision.CaseInput{USCC: entOther, Violation: "ECO-101", Facts: "f", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeInvalid, "待确认"},
		{"no facts", supervision.CaseInput{USCC: entOther, Violation: "ECO-002", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeInvalid, "缺少 facts"},
		{"no harm", supervision.CaseInput{USCC: entOther, Violation: "ECO-002", Facts: "f"}, apperr.CodeInvalid, "circumstances.harm"},
		{"bad uscc", supervision.CaseInput{USCC: "X", Violation: "ECO-002", Facts: "f", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeInvalid, "uscc"},
		{"unknown enterprise", supervision.CaseInput{USCC: entX, Violation: "ECO-002", Facts: "f", Circumstances: supervision.Circumstances{Harm: "none"}}, apperr.CodeNotFound, "未找到"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.sup.OpenCase(bg, zhang1, tc.in)
			if code(err) != tc.want || !strings.Contains(apperr.MessageOf(err), tc.msg) {
				t.Fatalf("%v, want %s %q", err, tc.want, tc.msg)
			}
			if e.count(t) != before {
				t.Fatal("written")
			}
		})
	}
	if _, err := e.sup.OpenCase(bg, admin, supervision.CaseInput{}); code(err) != apperr.CodeForbidden {
		t.Fatalf("admin: %v", err)
	}
}

// Checks and bases recorded before the per-enterprise index existed are
// indexed once at start (EnsureUSCCIndex) and then listed.
func TestEnsureUSCCIndex(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	b, err := e.sup.AddBasis(bg, zhang1, supervision.BasisInput{USCC: entSmall, Kind: supervision.BasisComplaint, Ref: "12315-1", Summary: "投诉", ReceivedOn: "2026-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.sup.AddCheck(bg, zhang1, supervision.CheckInput{USCC: entSmall, Kind: "directed", Basis: b.ID, Date: "2026-07-10", Findings: "无", Result: "no_problem"})
	if err != nil {
		t.Fatal(err)
	}
	// A store of before the index: no index keys, no marker.
	err = e.db.Update(func(tx *store.Tx) error {
		for _, k := range []string{store.PrefixSupBasisUSCC + entSmall + "/" + b.ID, store.PrefixSupCheckUSCC + entSmall + "/" + c.ID} {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bs, _ := e.sup.Bases(bg, entSmall); len(bs) != 0 {
		t.Fatalf("bases before indexing: %v", bs)
	}
	for i, want := range []int{2, 0} {
		if n, err := e.sup.EnsureUSCCIndex(bg); err != nil || n != want {
			t.Fatalf("run %d: %d keys, %v; want %d", i, n, err, want)
		}
	}
	bs, err := e.sup.Bases(bg, entSmall)
	if err != nil || len(bs) != 1 || bs[0].ID != b.ID {
		t.Fatalf("bases: %v %v", bs, err)
	}
	cs, err := e.sup.Checks(bg, entSmall)
	if err != nil || len(cs) != 1 || cs[0].ID != c.ID || cs[0].Basis == nil {
		t.Fatalf("checks: %v %v", cs, err)
	}
	if cs, err := e.sup.Checks(bg, entTrad); err != nil || len(cs) != 0 {
		t.Fatalf("checks of another enterprise: %v %v", cs, err)
	}
	if _, err := e.sup.Cases(bg, "not-a-uscc"); !errors.As(err, new(*apperr.Error)) {
		t.Fatalf("bad uscc: %v", err)
	}
}
