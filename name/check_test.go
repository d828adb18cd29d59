package name_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"namescope/dict"
	"namescope/name"
)

// today is the fixed day of the fixture; the fixture's dates are relative to it.
var today = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// fixture is the registry of domain-rules.md "Concrete test cases" (E1–E6).
func fixture() []name.Existing {
	ago := func(months, days int) time.Time { return today.AddDate(0, -months, -days) }
	mk := func(n, uscc, status string, date time.Time, industry string) name.Existing {
		p := name.Parse(n)
		ind, err := dict.ParseIndustryCode(industry)
		if err != nil {
			panic(err)
		}
		e := name.Existing{ID: uscc, Name: n, Normalized: p.Normalized, USCC: uscc, Status: status, StatusDate: date, Scope: "410400",
			Industry: ind, TradeName: p.TradeName, IndustryExpr: p.HasIndustry(), IndustryText: p.Industry}
		for _, t := range p.IndustryTerms {
			if t.Group != "" && t.Kind == "industry" {
				e.IndustryGroup = t.Group
				break
			}
		}
		return e
	}
	return []name.Existing{
		mk("平顶山市星河科技有限公司", "E1", name.StatusActive, time.Time{}, "I65"),
		mk("平顶山市金鼎餐饮管理有限公司", "E2", name.StatusActive, time.Time{}, "H62"),
		mk("平顶山市蓝海商贸有限公司", "E3", name.StatusCancelled, ago(8, 0), "F51"),
		mk("平顶山市云帆商贸有限公司", "E4", name.StatusCancelled, ago(14, 0), "F51"),
		mk("平顶山市瑞丰实业有限公司", "E5", name.StatusActive, time.Time{}, "C"),
		mk("平顶山市星耀科技有限公司", "E6", name.StatusReserved, ago(0, 20), "I65"),
	}
}

// fixtureMarks are the protected marks of the fixture: 茅台 (驰名商标, 酒类)
// and 华为 (驰名商标, electronics and telecommunications).
var fixtureMarks = []name.Mark{
	{RegNo: "WK-1", Text: "茅台", Classes: []int{33}, Holder: "中国贵州茅台酒厂（集团）有限责任公司", WellKnown: true},
	{RegNo: "WK-2", Text: "华为", Classes: []int{9, 38}, Holder: "华为技术有限公司", WellKnown: true},
	{RegNo: "12345678", Text: "青禾", Classes: []int{43}, Holder: "某餐饮管理有限公司"},
}

// scanRegistry returns every name of the scope and every mark: the checker
// must decide correctly whatever candidates it is given.
type scanRegistry []name.Existing

func (r scanRegistry) MarkCandidates(context.Context, string, int) ([]name.Mark, error) {
	return fixtureMarks, nil
}

func (r scanRegistry) Candidates(_ context.Context, q name.CandidateQuery) ([]name.Existing, error) {
	var out []name.Existing
	for _, e := range r {
		if e.Scope == q.Scope {
			out = append(out, e)
		}
	}
	return out, nil
}

// Case is one row of testdata/concrete_cases.json.
type Case struct {
	Case            int      `json:"case"`
	Name            string   `json:"name"`
	AuthorityCode   string   `json:"authority_code"`
	IndustryCode    string   `json:"industry_code"`
	EntType         string   `json:"ent_type"`
	Investors       []string `json:"investors"`
	ForeignInvested bool     `json:"foreign_invested"`
	Verdict         string   `json:"verdict"`
	Codes           []string `json:"codes"`
	SimilarReasons  []string `json:"similar_reasons"`
}

func loadCases(t *testing.T) []Case {
	b, err := os.ReadFile("testdata/concrete_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []Case
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestConcreteCases(t *testing.T) {
	checker := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }}
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			res, err := checker.Check(context.Background(), name.Request{
				Name: c.Name, AuthorityCode: c.AuthorityCode, IndustryCode: c.IndustryCode,
				EntType: c.EntType, Investors: c.Investors, ForeignInvested: c.ForeignInvested,
			})
			if err != nil {
				t.Fatalf("case %d: %v", c.Case, err)
			}
			var codes []string
			for _, f := range res.Findings {
				codes = append(codes, f.Code)
			}
			if string(res.Verdict) != c.Verdict {
				t.Errorf("case %d: verdict %s, want %s; findings %v", c.Case, res.Verdict, c.Verdict, codes)
			}
			for _, want := range c.Codes {
				if !slices.Contains(codes, want) {
					t.Errorf("case %d: findings %v lack %s", c.Case, codes, want)
				}
			}
			var reasons []string
			for _, s := range res.Similar {
				for _, r := range s.Reasons {
					reasons = append(reasons, r.Code)
				}
			}
			for _, want := range c.SimilarReasons {
				if !slices.Contains(reasons, want) {
					t.Errorf("case %d: similar reasons %v lack %s", c.Case, reasons, want)
				}
			}
			for _, f := range res.Findings {
				if f.Message == "" || f.Rule == "" {
					t.Errorf("case %d: finding %s without message or rule", c.Case, f.Code)
				}
				if f.Span[0] < 0 || f.Span[1] > len([]rune(res.Normalized)) || f.Span[0] > f.Span[1] {
					t.Errorf("case %d: finding %s span %v outside %q", c.Case, f.Code, f.Span, res.Normalized)
				}
			}
		})
	}
}

// Case 50: 金鼎酒店管理 (H61) against 金鼎餐饮管理 (H62) passes when industries
// are compared by 大类 and is identical when compared by 门类.
func TestIndustryLevel(t *testing.T) {
	req := name.Request{Name: "平顶山市金鼎酒店管理有限公司", AuthorityCode: "410400"}
	for _, tc := range []struct {
		level dict.IndustryLevel
		want  name.Severity
	}{{dict.ByDivision, name.Pass}, {dict.BySection, name.Block}} {
		checker := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }, Level: tc.level}
		res, err := checker.Check(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tc.want {
			t.Errorf("level %d: verdict %s, want %s", tc.level, res.Verdict, tc.want)
		}
	}
}

func TestExpiry(t *testing.T) {
	// E3 was cancelled 8 months before today: it blocks until a year has passed.
	for _, tc := range []struct {
		later time.Duration
		want  name.Severity
	}{{0, name.Block}, {24 * time.Hour * 110, name.Block}, {24 * time.Hour * 130, name.Pass}} {
		now := today.Add(tc.later)
		checker := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return now }}
		res, err := checker.Check(context.Background(), name.Request{Name: "平顶山市蓝海商贸有限公司", AuthorityCode: "410400"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tc.want {
			t.Errorf("%v later: verdict %s, want %s", tc.later, res.Verdict, tc.want)
		}
	}
}

func TestInvalidRequests(t *testing.T) {
	checker := &name.Checker{}
	long := ""
	for range 61 {
		long += "星"
	}
	for _, req := range []name.Request{
		{Name: "", AuthorityCode: "410400"},
		{Name: "   ", AuthorityCode: "410400"},
		{Name: long, AuthorityCode: "410400"},
		{Name: "平顶山市星河科技有限公司", AuthorityCode: "999999"},
		{Name: "平顶山市星河科技有限公司", AuthorityCode: "4104"},
		{Name: "平顶山市星河科技有限公司", AuthorityCode: "410400", IndustryCode: "Z99"},
		{Name: "平顶山市星河科技有限公司", AuthorityCode: "410400", IndustryCode: "A65"},
		{Name: "平顶山市星河科技有限公司", AuthorityCode: "410400", EntType: "llc"},
		{Name: "平顶山市星河\xff科技有限公司", AuthorityCode: "410400"},
	} {
		if _, err := checker.Check(context.Background(), req); err == nil {
			t.Errorf("%+v: no error", req)
		}
	}
}

func TestInvestorOwnName(t *testing.T) {
	checker := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }}
	req := name.Request{Name: "平顶山市李强餐饮管理有限公司", AuthorityCode: "410400"}
	res, _ := checker.Check(context.Background(), req)
	if res.Verdict != name.Block {
		t.Fatalf("leader's name as 字号 without that investor: %s", res.Verdict)
	}
	req.Investors = []string{"李强"}
	res, _ = checker.Check(context.Background(), req)
	if res.Verdict != name.Pass {
		t.Errorf("investor's own name: %s %v", res.Verdict, res.Findings)
	}
}

func TestSimilarReasons(t *testing.T) {
	for _, tc := range []struct {
		proposed, existing string
		want               []string
	}{
		{"星和", "星河", []string{name.ReasonHomophone}},
		{"牛兰山", "牛栏山", []string{name.ReasonHomophone, name.ReasonOneCharDiff}},
		{"秦山", "泰山", []string{name.ReasonShape}},
		{"星河湾", "星河", []string{name.ReasonContains}},
		{"星河", "星河湾", []string{name.ReasonContainedIn}},
		{"河星", "星河", []string{name.ReasonReordered}},
		{"华明远", "华明达", []string{name.ReasonOneCharDiff}},
		{"星河", "星河", nil},
		{"青禾", "星河", nil},
		{"华明", "华明达远", []string{name.ReasonContainedIn}},
	} {
		var got []string
		for _, r := range name.SimilarReasons(tc.proposed, tc.existing) {
			got = append(got, r.Code)
			if r.Detail == "" {
				t.Errorf("%s/%s: reason %s without detail", tc.proposed, tc.existing, r.Code)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("SimilarReasons(%s, %s) = %v, want %v", tc.proposed, tc.existing, got, tc.want)
		}
	}
}

// Equivalent industry wording: 万青置业 against 万青房地产开发 is the same
// 字号 in the same industry (block under Art 17), listed with its reason.
func TestSynonymIndustry(t *testing.T) {
	p := name.Parse("平顶山市万青房地产开发有限公司")
	ind, _ := dict.ParseIndustryCode("K7010")
	reg := scanRegistry{{ID: "W", Name: "平顶山市万青房地产开发有限公司", Normalized: p.Normalized, USCC: "W", Status: name.StatusActive,
		Scope: "410400", Industry: ind, TradeName: p.TradeName, IndustryExpr: true, IndustryText: p.Industry, IndustryGroup: "realestate"}}
	checker := &name.Checker{Registry: reg, Now: func() time.Time { return today }}
	res, err := checker.Check(context.Background(), name.Request{Name: "平顶山市万青置业有限公司", AuthorityCode: "410400"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != name.Block || len(res.Similar) != 1 || res.Similar[0].Reasons[0].Code != name.ReasonSynonymIndustry {
		t.Errorf("verdict %s, similar %+v", res.Verdict, res.Similar)
	}
}

// TestUnbracketedRegionAndRegulatorNames: a region after the 字号 without
// brackets is refused with the bracketed name to declare instead (§3.2 (g)
// of the evaluation guide), not reported as missing; a 中国… group's
// subsidiary named <group><province> is not; a rural bank named region +
// institution type has no 字号 finding.
func TestUnbracketedRegionAndRegulatorNames(t *testing.T) {
	checker := &name.Checker{Registry: scanRegistry(nil), Now: func() time.Time { return today }}
	for _, tc := range []struct {
		name, in, authority string
		want                []string
		not                 []string
		message             string
	}{
		{"region after the 字号", "沁辰金赤健康管理平顶山有限公司", "410400", []string{"region_unbracketed"}, []string{"no_region"}, "沁辰金赤健康管理（平顶山）有限公司"},
		{"group subsidiary", "中国移动通信集团河南有限公司", "410000", []string{"restricted_prefix"}, []string{"region_unbracketed", "no_region", "group_conditions"}, ""},
		{"rural commercial bank", "平顶山农村商业银行股份有限公司", "410400", []string{"restricted_financial"}, []string{"no_trade_name", "trade_name_is_industry"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := checker.Check(context.Background(), name.Request{Name: tc.in, AuthorityCode: tc.authority})
			if err != nil {
				t.Fatal(err)
			}
			codes := map[string]string{}
			for _, f := range res.Findings {
				codes[f.Code] = f.Message
			}
			for _, c := range tc.want {
				if _, ok := codes[c]; !ok {
					t.Errorf("findings %v lack %s", codes, c)
				}
			}
			for _, c := range tc.not {
				if _, ok := codes[c]; ok {
					t.Errorf("findings %v have %s", codes, c)
				}
			}
			if tc.message != "" && !strings.Contains(codes["region_unbracketed"], tc.message) {
				t.Errorf("region_unbracketed message %q does not propose %s", codes["region_unbracketed"], tc.message)
			}
		})
	}
}

// A bare 公司 is warned about: lawful for 全民所有制/集体所有制 enterprises
// only, which the check cannot see; a branch's parent is not judged again.
func TestBareCompanyForm(t *testing.T) {
	checker := &name.Checker{Registry: scanRegistry(nil), Now: func() time.Time { return today }}
	for _, tc := range []struct {
		name, in string
		want     bool
	}{
		{"bare 公司", "平顶山市星河商贸公司", true},
		{"集团公司", "平顶山市星河实业集团公司", true},
		{"有限公司", "平顶山市星河商贸有限公司", false},
		{"股份公司", "平顶山市星河商贸股份公司", false},
		{"branch of a bare 公司", "平顶山市星河商贸公司湛河分公司", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := checker.Check(context.Background(), name.Request{Name: tc.in, AuthorityCode: "410400"})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range res.Findings {
				if f.Code == "org_form_bare_company" {
					got = true
					if f.Severity != name.Warn {
						t.Errorf("severity %s, want warn", f.Severity)
					}
				}
			}
			if got != tc.want {
				t.Errorf("org_form_bare_company %v, want %v (findings %+v)", got, tc.want, res.Findings)
			}
		})
	}
}
