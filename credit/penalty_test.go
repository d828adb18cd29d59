package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
)

func penalty(no string, items ...credit.PenaltyItem) credit.PenaltyInput {
	return credit.PenaltyInput{USCC: entA, DecisionNo: no, Authority: "平顶山市市场监督管理局", DecidedOn: "2026-03-02",
		Procedure: credit.ProcedureOrdinary, Penalties: items, Domain: "other", Violation: "虚假宣传",
		Basis: "《中华人民共和国反不正当竞争法》第二十条"}
}

func fine(yuan float64) credit.PenaltyItem {
	return credit.PenaltyItem{Kind: credit.PenFine, AmountYuan: yuan}
}

// Art 2 and 13 of 行政处罚信息公示规定: each publication class and its last
// day, for a decision recorded on 2026-03-10.
func TestPenaltyPublication(t *testing.T) {
	tests := []struct {
		name      string
		in        func(credit.PenaltyInput) credit.PenaltyInput
		items     []credit.PenaltyItem
		cfg       func(*config.Config)
		public    bool
		lastDay   string
		reasonHas string
	}{
		{"simple procedure is not published", func(in credit.PenaltyInput) credit.PenaltyInput { in.Procedure = credit.ProcedureSimple; return in },
			[]credit.PenaltyItem{fine(200)}, nil, false, "", "简易程序"},
		{"a warning alone is not published", nil, []credit.PenaltyItem{{Kind: credit.PenWarning}}, nil, false, "", "仅受到警告"},
		{"通报批评 alone: 3 months", nil, []credit.PenaltyItem{{Kind: credit.PenCriticism}}, nil, true, "2026-06-09", "3 个月"},
		{"an organisation's fine below 100,000: 3 months", nil, []credit.PenaltyItem{fine(99999)}, nil, true, "2026-06-09", "低于 100000 元"},
		{"an organisation's fine of 100,000: 3 years", nil, []credit.PenaltyItem{fine(100000)}, nil, true, "2029-03-09", "3 年"},
		{"a person's fine below 10,000: 3 months", func(in credit.PenaltyInput) credit.PenaltyInput { in.PartyType = credit.PartyPerson; return in },
			[]credit.PenaltyItem{fine(9999.5)}, nil, true, "2026-06-09", "低于 10000 元"},
		{"a person's fine of 10,000: 3 years", func(in credit.PenaltyInput) credit.PenaltyInput { in.PartyType = credit.PartyPerson; return in },
			[]credit.PenaltyItem{fine(10000)}, nil, true, "2029-03-09", "3 年"},
		{"a warning with a low fine: 3 months", nil, []credit.PenaltyItem{{Kind: credit.PenWarning}, fine(5000)}, nil, true, "2026-06-09", "3 个月"},
		{"a low fine with confiscation: 3 years", nil, []credit.PenaltyItem{fine(5000), {Kind: credit.PenConfiscation, AmountYuan: 800}}, nil, true, "2029-03-09", "3 年"},
		{"suspension: 3 years", nil, []credit.PenaltyItem{{Kind: credit.PenSuspension, Months: 6}}, nil, true, "2029-03-09", "3 年"},
		{"business licence revoked: 3 years", nil, []credit.PenaltyItem{{Kind: credit.PenBusinessLicence}}, nil, true, "2029-03-09", "3 年"},
		{"a restriction of 2 years: 3 years", nil, []credit.PenaltyItem{{Kind: credit.PenRestriction, Months: 24}}, nil, true, "2029-03-09", "3 年"},
		{"a restriction of exactly 3 years: 3 years", nil, []credit.PenaltyItem{{Kind: credit.PenRestriction, Months: 36}}, nil, true, "2029-03-09", "3 年"},
		{"a restriction of 5 years: its length", nil, []credit.PenaltyItem{{Kind: credit.PenRestriction, Months: 60}}, nil, true, "2031-03-09", "实际限制期限 60 个月"},
		{"another province's threshold (configured)", nil, []credit.PenaltyItem{fine(60000)},
			func(c *config.Config) { c.Credit.LowFineOrganisationYuan = 50000 }, true, "2029-03-09", "3 年"},
		{"a shorter low-penalty period (configured)", nil, []credit.PenaltyItem{{Kind: credit.PenCriticism}},
			func(c *config.Config) { c.Credit.LowPenaltyPublicationMonths = 1 }, true, "2026-04-09", "1 个月"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-10", tc.cfg)
			in := penalty("平市监处罚〔2026〕"+string(rune('1'+i))+"号", tc.items...)
			if tc.in != nil {
				in = tc.in(in)
			}
			res, err := e.svc.RecordPenalty(bg, staff(""), in)
			if err != nil {
				t.Fatal(err)
			}
			ev := res.Event
			if ev.Public != tc.public || ev.PublicUntil != tc.lastDay || !strings.Contains(ev.Penalty.Publication, tc.reasonHas) {
				t.Fatalf("public %v until %q (%s), want %v until %q (%q)", ev.Public, ev.PublicUntil, ev.Penalty.Publication, tc.public, tc.lastDay, tc.reasonHas)
			}
			if tc.public && ev.PublicFrom != "2026-03-10" {
				t.Errorf("published from %s, want the day recorded", ev.PublicFrom)
			}
			if got := len(e.public(t, entA)); got != map[bool]int{true: 1, false: 0}[tc.public] {
				t.Errorf("%d events in public view today", got)
			}
		})
	}
}

// A published penalty leaves public view by itself the day after its last
// day; staff keep seeing it, marked as no longer visible.
func TestPenaltyLeavesPublicViewByItself(t *testing.T) {
	for _, tc := range []struct {
		name    string
		items   []credit.PenaltyItem
		lastDay string
	}{
		{"3 months", []credit.PenaltyItem{{Kind: credit.PenCriticism}}, "2026-06-09"},
		{"3 years", []credit.PenaltyItem{fine(300000)}, "2029-03-09"},
		{"the restriction's length", []credit.PenaltyItem{{Kind: credit.PenRestriction, Months: 48}}, "2030-03-09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-10", nil)
			if _, err := e.svc.RecordPenalty(bg, staff(""), penalty("平市监处罚〔2026〕7号", tc.items...)); err != nil {
				t.Fatal(err)
			}
			e.clk.Set(tc.lastDay)
			if pub := e.public(t, entA); len(pub) != 1 || pub[0].PublicUntil != tc.lastDay {
				t.Fatalf("on the last day: %+v", pub)
			}
			d := mustDate(t, tc.lastDay).AddDate(0, 0, 1).Format("2006-01-02")
			e.clk.Set(d)
			if pub := e.public(t, entA); len(pub) != 0 {
				t.Fatalf("the day after the last day still public: %+v", pub)
			}
			all := e.events(t, entA)
			if len(all) != 1 || *all[0].Visible || !*all[0].Public || all[0].Penalty == nil {
				t.Fatalf("staff view after the period: %+v", all)
			}
		})
	}
}

// Partners deliver at least once: the same decision again writes nothing;
// another decision under the same authority and number is refused.
func TestPenaltyIdempotentOnAuthorityAndNumber(t *testing.T) {
	e := newEnv(t, "2026-03-10", nil)
	in := penalty("平市监处罚〔2026〕12号", fine(200000))
	first, err := e.svc.RecordPenalty(bg, credit.Actor{Role: "partner", KeyID: "p1"}, in)
	if err != nil || first.Replayed {
		t.Fatalf("first delivery %+v %v", first, err)
	}
	keys := e.storeKeys(t)
	t.Run("the same decision again is a replay", func(t *testing.T) {
		again, err := e.svc.RecordPenalty(bg, credit.Actor{Role: "partner", KeyID: "p1"}, in)
		if err != nil || !again.Replayed || again.Event.ID != first.Event.ID {
			t.Fatalf("replay %+v %v", again, err)
		}
		if e.storeKeys(t) != keys {
			t.Error("a replay wrote something")
		}
	})
	t.Run("spaces around the fields do not make it another decision", func(t *testing.T) {
		sp := in
		sp.DecisionNo, sp.Authority = " "+in.DecisionNo+" ", in.Authority+" "
		again, err := e.svc.RecordPenalty(bg, staff(""), sp)
		if err != nil || !again.Replayed {
			t.Fatalf("replay with spaces %+v %v", again, err)
		}
	})
	t.Run("another content under the same number is refused", func(t *testing.T) {
		other := penalty("平市监处罚〔2026〕12号", fine(20000))
		_, err := e.svc.RecordPenalty(bg, staff(""), other)
		wantCode(t, err, apperr.CodeConflict)
		if e.storeKeys(t) != keys {
			t.Error("a refused delivery wrote something")
		}
	})
	t.Run("the same number of another authority is another decision", func(t *testing.T) {
		other := in
		other.Authority = "宝丰县市场监督管理局"
		res, err := e.svc.RecordPenalty(bg, staff(""), other)
		if err != nil || res.Replayed || res.Event.ID == first.Event.ID {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

// Bad input is refused in Chinese and writes nothing.
func TestPenaltyBadInput(t *testing.T) {
	e := newEnv(t, "2026-03-10", nil)
	keys := e.storeKeys(t)
	tests := []struct {
		name string
		mod  func(*credit.PenaltyInput)
		code apperr.Code
	}{
		{"no USCC", func(in *credit.PenaltyInput) { in.USCC = "" }, apperr.CodeInvalid},
		{"bad check character", func(in *credit.PenaltyInput) { in.USCC = entA[:17] + "0" }, apperr.CodeInvalid},
		{"unknown enterprise", func(in *credit.PenaltyInput) { in.USCC = entX }, apperr.CodeNotFound},
		{"no decision number", func(in *credit.PenaltyInput) { in.DecisionNo = " " }, apperr.CodeInvalid},
		{"no authority", func(in *credit.PenaltyInput) { in.Authority = "" }, apperr.CodeInvalid},
		{"bad date", func(in *credit.PenaltyInput) { in.DecidedOn = "2026/03/02" }, apperr.CodeInvalid},
		{"a decision in the future", func(in *credit.PenaltyInput) { in.DecidedOn = "2026-03-11" }, apperr.CodeInvalid},
		{"unknown procedure", func(in *credit.PenaltyInput) { in.Procedure = "summary" }, apperr.CodeInvalid},
		{"unknown party type", func(in *credit.PenaltyInput) { in.PartyType = "company" }, apperr.CodeInvalid},
		{"unknown domain", func(in *credit.PenaltyInput) { in.Domain = "tobacco" }, apperr.CodeInvalid},
		{"no penalties", func(in *credit.PenaltyInput) { in.Penalties = nil }, apperr.CodeInvalid},
		{"unknown penalty kind", func(in *credit.PenaltyInput) { in.Penalties = []credit.PenaltyItem{{Kind: "jail"}} }, apperr.CodeInvalid},
		{"a fine without amount", func(in *credit.PenaltyInput) { in.Penalties = []credit.PenaltyItem{{Kind: credit.PenFine}} }, apperr.CodeInvalid},
		{"a negative amount", func(in *credit.PenaltyInput) { in.Penalties = []credit.PenaltyItem{fine(-1)} }, apperr.CodeInvalid},
		{"a restriction without length", func(in *credit.PenaltyInput) {
			in.Penalties = []credit.PenaltyItem{{Kind: credit.PenRestriction}}
		}, apperr.CodeInvalid},
		{"no violation", func(in *credit.PenaltyInput) { in.Violation = "" }, apperr.CodeInvalid},
		{"no basis", func(in *credit.PenaltyInput) { in.Basis = "" }, apperr.CodeInvalid},
		{"a control character", func(in *credit.PenaltyInput) { in.Violation = "虚假\x00宣传" }, apperr.CodeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := penalty("平市监处罚〔2026〕12号", fine(200000))
			tc.mod(&in)
			_, err := e.svc.RecordPenalty(bg, staff(""), in)
			wantCode(t, err, tc.code)
			if e.storeKeys(t) != keys {
				t.Error("a refused penalty wrote something")
			}
		})
	}
}
