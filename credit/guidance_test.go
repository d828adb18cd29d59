package credit_test

import (
	"testing"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
)

// Guidance first: a designated new-economy enterprise is listed on a
// reporting ground only after a guidance notice on that ground whose
// deadline passed before the listing date.
func TestGuidanceFirst(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name       string
		designated *bool // nil: never designated
		guidance   []credit.GuidanceInput
		listing    credit.ListInput
		code       apperr.Code // "" : listed
	}{
		{"not designated: listed without guidance", nil, nil,
			credit.ListInput{USCC: entC, Reason: "instant_info", Date: "2026-08-20"}, ""},
		{"designation withdrawn: listed without guidance", &no, nil,
			credit.ListInput{USCC: entC, Reason: "instant_info", Date: "2026-08-20"}, ""},
		{"designated, no guidance: refused", &yes, nil,
			credit.ListInput{USCC: entC, Reason: "annual_report", Date: "2026-08-20"}, apperr.CodeGuidanceRequired},
		{"designated, instant_info without guidance: refused", &yes, nil,
			credit.ListInput{USCC: entC, Reason: "instant_info", Date: "2026-08-20"}, apperr.CodeGuidanceRequired},
		{"designated, guidance still running on the listing day: refused", &yes,
			[]credit.GuidanceInput{{USCC: entC, Ground: "annual_report", Text: "请补报年度报告", Deadline: "2026-08-20"}},
			credit.ListInput{USCC: entC, Reason: "annual_report", Date: "2026-08-20"}, apperr.CodeGuidanceRequired},
		{"designated, guidance on another ground: refused", &yes,
			[]credit.GuidanceInput{{USCC: entC, Ground: "instant_info", Text: "请公示即时信息", Deadline: "2026-08-10"}},
			credit.ListInput{USCC: entC, Reason: "annual_report", Date: "2026-08-20"}, apperr.CodeGuidanceRequired},
		{"designated, guidance whose deadline passed: listed", &yes,
			[]credit.GuidanceInput{{USCC: entC, Ground: "annual_report", Text: "请补报年度报告", Deadline: "2026-08-19"}},
			credit.ListInput{USCC: entC, Reason: "annual_report", Date: "2026-08-20"}, ""},
		{"designated, a ground that is not a reporting duty: listed", &yes, nil,
			credit.ListInput{USCC: entC, Reason: "false_info", Date: "2026-08-20"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-08-01", nil)
			if tc.designated != nil {
				if _, err := e.svc.SetDesignation(bg, staff(""), entC, credit.DesignationInput{NewEconomy: &yes, Reason: "数字经济新业态"}); err != nil {
					t.Fatal(err)
				}
				if !*tc.designated {
					if _, err := e.svc.SetDesignation(bg, staff(""), entC, credit.DesignationInput{NewEconomy: &no, Reason: "不再属于新经济"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			var gid string
			for _, g := range tc.guidance {
				gd, err := e.svc.Guide(bg, staff("信用监管科"), g)
				if err != nil {
					t.Fatal(err)
				}
				gid = gd.ID
			}
			e.clk.Set("2026-08-20")
			keys := e.storeKeys(t)
			l, err := e.svc.List(bg, staff(""), tc.listing)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				if e.storeKeys(t) != keys {
					t.Error("a refused listing wrote something")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.designated != nil && *tc.designated && tc.listing.Reason == "annual_report" && l.GuidanceID != gid {
				t.Errorf("guidance_id %q, want %q", l.GuidanceID, gid)
			}
		})
	}
}

// A guidance notice is a credit event that is not published.
func TestGuidanceNotice(t *testing.T) {
	e := newEnv(t, "2026-08-01", nil)
	g, err := e.svc.Guide(bg, staff("信用监管科"), credit.GuidanceInput{USCC: entA, Ground: "annual_report", Text: "请于 8 月 31 日前补报 2025 年度报告", Deadline: "2026-08-31"})
	if err != nil {
		t.Fatal(err)
	}
	if g.IssuedOn != "2026-08-01" || g.Dept != "信用监管科" || g.EventID == "" {
		t.Fatalf("%+v", g)
	}
	if len(e.public(t, entA)) != 0 {
		t.Error("a guidance notice is public")
	}
	if all := e.events(t, entA); len(all) != 1 || all[0].Kind != credit.KindGuidance || *all[0].Public {
		t.Errorf("staff view %+v", all)
	}
	keys := e.storeKeys(t)
	for name, in := range map[string]credit.GuidanceInput{
		"deadline passed":    {USCC: entA, Ground: "annual_report", Text: "t", Deadline: "2026-07-31"},
		"name_change":        {USCC: entA, Ground: "name_change", Text: "t", Deadline: "2026-08-31"},
		"unknown ground":     {USCC: entA, Ground: "x", Text: "t", Deadline: "2026-08-31"},
		"no text":            {USCC: entA, Ground: "annual_report", Deadline: "2026-08-31"},
		"no deadline":        {USCC: entA, Ground: "annual_report", Text: "t"},
		"unknown enterprise": {USCC: entX, Ground: "annual_report", Text: "t", Deadline: "2026-08-31"},
	} {
		if _, err := e.svc.Guide(bg, staff(""), in); err == nil || apperr.CodeOf(err) == apperr.CodeInternal {
			t.Errorf("%s: %v", name, err)
		}
	}
	if e.storeKeys(t) != keys {
		t.Error("refused notices wrote something")
	}
}

// The supervision view: the designation, and the grace period from the
// establishment date for a designated enterprise (its length from config).
func TestSupervisionView(t *testing.T) {
	yes := true
	tests := []struct {
		name    string
		today   string
		months  int
		until   string
		inGrace bool
	}{
		{"24 months, within", "2027-02-28", 24, "2027-02-28", true},
		{"24 months, the day after", "2027-03-01", 24, "2027-02-28", false},
		{"12 months (configured)", "2026-02-28", 12, "2026-02-28", true},
		{"12 months, after", "2026-03-01", 12, "2026-02-28", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-01-05", func(c *config.Config) { c.Supervision.GracePeriodMonths = tc.months })
			v, err := e.svc.Supervision(bg, entC)
			if err != nil || v.NewEconomy.Flag || v.GraceUntil != "" || v.InGrace || !v.SmallMicro || v.Established != "2025-03-01" ||
				v.NewEconomy.Source != "manual" || v.NewEconomy.Categories == nil {
				t.Fatalf("before designation %+v %v", v, err)
			}
			if _, err := e.svc.SetDesignation(bg, staff(""), entC, credit.DesignationInput{NewEconomy: &yes, Reason: "数字经济新业态"}); err != nil {
				t.Fatal(err)
			}
			e.clk.Set(tc.today)
			v, err = e.svc.Supervision(bg, entC)
			if err != nil || !v.NewEconomy.Flag || v.GraceUntil != tc.until || v.InGrace != tc.inGrace {
				t.Fatalf("%+v %v", v, err)
			}
		})
	}
	t.Run("bad input", func(t *testing.T) {
		e := newEnv(t, "2026-01-05", nil)
		keys := e.storeKeys(t)
		for name, tc := range map[string]struct {
			uscc string
			in   credit.DesignationInput
			code apperr.Code
		}{
			"no flag":            {entC, credit.DesignationInput{Reason: "r"}, apperr.CodeInvalid},
			"no reason":          {entC, credit.DesignationInput{NewEconomy: &yes}, apperr.CodeInvalid},
			"unknown enterprise": {entX, credit.DesignationInput{NewEconomy: &yes, Reason: "r"}, apperr.CodeNotFound},
			"bad USCC":           {"123", credit.DesignationInput{NewEconomy: &yes, Reason: "r"}, apperr.CodeInvalid},
		} {
			if _, err := e.svc.SetDesignation(bg, staff(""), tc.uscc, tc.in); apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v", name, err)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused designations wrote something")
		}
	})
}
