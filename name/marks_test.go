package name_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"namescope/dict"
	"namescope/name"
)

// markRegistry has no enterprise names and returns its marks for every 字号:
// the checker must decide whatever candidates the index gives it.
type markRegistry []name.Mark

func (r markRegistry) MarkCandidates(context.Context, string, int) ([]name.Mark, error) {
	return r, nil
}

func (r markRegistry) Candidates(context.Context, name.CandidateQuery) ([]name.Existing, error) {
	return nil, nil
}

var testMarks = markRegistry{
	{RegNo: "驰名-茅台", Text: "茅台", Classes: []int{33}, Holder: "中国贵州茅台酒厂（集团）有限责任公司", WellKnown: true},
	{RegNo: "驰名-华为", Text: "华为", Classes: []int{9, 38}, Holder: "华为技术有限公司", WellKnown: true},
	{RegNo: "驰名-昌河", Text: "昌河", Classes: []int{12}, Holder: "江西昌河汽车有限责任公司", WellKnown: true},
	{RegNo: "驰名-银鹭", Text: "银鹭", Classes: []int{29, 32}, Holder: "厦门银鹭食品集团有限公司", WellKnown: true},
	{RegNo: "驰名-娃哈哈", Text: "娃哈哈", Classes: []int{32}, Holder: "杭州娃哈哈集团有限公司", WellKnown: true},
	{RegNo: "12345678", Text: "青禾", Classes: []int{43}, Holder: "某餐饮管理有限公司"},
	{RegNo: "23456789", Text: "绿野仙踪", Classes: []int{43}, Holder: "某酒店管理有限公司"},
}

// markFinding returns the severity of the mark finding (well_known_mark or
// registered_mark) of the check, "" when there is none, and the finding.
func markFinding(t *testing.T, req name.Request) (string, name.Severity, *name.Finding, *name.Result) {
	t.Helper()
	checker := &name.Checker{Registry: testMarks}
	if req.AuthorityCode == "" {
		req.AuthorityCode = "410400"
	}
	res, err := checker.Check(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var code string
	var sev name.Severity
	var found *name.Finding
	for i, f := range res.Findings {
		if f.Code == "well_known_mark" || f.Code == "registered_mark" {
			if found != nil {
				t.Errorf("%s: two mark findings: %s and %s", req.Name, found.Code, f.Code)
			}
			code, sev, found = f.Code, f.Severity, &res.Findings[i]
		}
	}
	return code, sev, found, res
}

func TestMarkFindings(t *testing.T) {
	for _, tc := range []struct {
		why      string
		name     string
		industry string
		invest   []string
		code     string // "" = no mark finding
		sev      name.Severity
		mark     string // the mark the finding names
	}{
		// Look-alikes: none for two-character marks.
		{why: "README example: 星河 is not a look-alike of the well-known 昌河", name: "平顶山市星河科技有限公司"},
		{why: "星河 in the mark's own trade", name: "平顶山市星河汽车销售有限公司"},
		{why: "closest look-alike of a three-character well-known mark, other trade", name: "平顶山市娃啥哈科技有限公司", code: "well_known_mark", sev: name.Approval, mark: "娃哈哈"},
		// Identical well-known marks: approval in any industry.
		{why: "famous mark in its trade (case 38)", name: "平顶山市茅台酒业有限公司", code: "well_known_mark", sev: name.Approval, mark: "茅台"},
		{why: "famous mark across trades", name: "平顶山市茅台科技有限公司", code: "well_known_mark", sev: name.Approval, mark: "茅台"},
		{why: "famous mark in a related industry (case 39)", name: "平顶山市华为电子科技有限公司", code: "well_known_mark", sev: name.Approval, mark: "华为"},
		{why: "the holder invests: its own name", name: "平顶山市华为电子科技有限公司", invest: []string{"华为技术有限公司"}},
		// Homophones: the common reading only.
		{why: "homophone through a rare reading (六 as lu)", name: "平顶山市银六食品有限公司"},
		{why: "homophone by the common reading, related trade", name: "平顶山市华伟电子科技有限公司", code: "well_known_mark", sev: name.Approval, mark: "华为"},
		{why: "homophone of a two-character mark, unrelated trade", name: "平顶山市华伟餐饮管理有限公司"},
		// Containment.
		{why: "contains a famous mark in its trade", name: "平顶山市新茅台酒业有限公司", code: "well_known_mark", sev: name.Warn, mark: "茅台"},
		{why: "contains a famous mark in another trade", name: "平顶山市新茅台科技有限公司"},
		{why: "contains an ordinary two-character mark", name: "平顶山市新青禾餐饮管理有限公司"},
		{why: "contains an ordinary four-character mark, related class", name: "平顶山市新绿野仙踪餐饮管理有限公司", code: "registered_mark", sev: name.Warn, mark: "绿野仙踪"},
		// Ordinary marks: related classes only.
		{why: "ordinary mark, unrelated trade", name: "平顶山市青禾软件开发有限公司"},
		{why: "ordinary mark, related class", name: "平顶山市青禾餐饮管理有限公司", code: "registered_mark", sev: name.Warn, mark: "青禾"},
		{why: "the declared industry decides", name: "平顶山市青禾科技有限公司", industry: "H62", code: "registered_mark", sev: name.Warn, mark: "青禾"},
		{why: "declared industry unrelated", name: "平顶山市青禾餐饮管理有限公司", industry: "I65"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			code, sev, f, res := markFinding(t, name.Request{Name: tc.name, IndustryCode: tc.industry, Investors: tc.invest})
			if code != tc.code || sev != tc.sev {
				t.Fatalf("%s: mark finding %q %q, want %q %q; marks %+v", tc.name, code, sev, tc.code, tc.sev, res.Marks)
			}
			if tc.code == "" {
				if len(res.Marks) != 0 {
					t.Errorf("%s: marks %+v without a finding", tc.name, res.Marks)
				}
				return
			}
			if len(res.Marks) != 1 || res.Marks[0].Mark != tc.mark || len(res.Marks[0].Reasons) != 1 {
				t.Fatalf("%s: marks %+v, want %s", tc.name, res.Marks, tc.mark)
			}
			// The finding says which mark, whose, which classes, how similar, and cites the rule.
			var m name.Mark
			for _, x := range testMarks {
				if x.Text == tc.mark {
					m = x
				}
			}
			for _, want := range []string{"“" + m.Text + "”", m.Holder, "第" + fmtClasses(m.Classes) + "类", res.Marks[0].Reasons[0].Detail} {
				if !strings.Contains(f.Message, want) {
					t.Errorf("%s: message %q lacks %q", tc.name, f.Message, want)
				}
			}
			if f.Rule == "" || len(f.Conflicts) != 1 {
				t.Errorf("%s: rule %q, conflicts %v", tc.name, f.Rule, f.Conflicts)
			}
			if (f.Severity == name.Warn) != (f.Commitment != "") {
				t.Errorf("%s: %s finding with commitment %q", tc.name, f.Severity, f.Commitment)
			}
		})
	}
}

// fmtClasses lists Nice classes as messages do (9、38).
func fmtClasses(classes []int) string {
	var parts []string
	for _, c := range classes {
		parts = append(parts, strconv.Itoa(c))
	}
	return strings.Join(parts, "、")
}

// TestMarkLookAlikeOnlyClosest: a three-character mark with one character
// replaced by a look-alike that is not the closest one is nothing.
func TestMarkLookAlikeOnlyClosest(t *testing.T) {
	var weaker rune
	for _, r := range dict.LookAlikes('哈') {
		if !dict.ClosestLookAlikes('哈', r) && dict.IsStandardChar(r) && !dict.SameCommonReading("哈", string(r)) {
			weaker = r
			break
		}
	}
	if weaker == 0 {
		t.Skip("哈 has no weaker look-alike in the table")
	}
	n := "平顶山市娃" + string(weaker) + "哈科技有限公司"
	if code, _, _, res := markFinding(t, name.Request{Name: n}); code != "" {
		t.Errorf("%s: mark finding %s; marks %+v", n, code, res.Marks)
	}
	if !dict.ClosestLookAlikes('哈', '啥') || dict.ClosestLookAlikes('星', '昌') {
		t.Error("closest look-alikes: 哈/啥 are, 星/昌 are not")
	}
}

func TestSameCommonReading(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"华伟", "华为", true},
		{"华为", "华为", false}, // identical, not a homophone
		{"银六", "银鹭", false}, // 六 reads lu only rarely
		{"常城", "长城", false}, // 长 has two readings: which one depends on the word
		{"星和", "星河", true},
		{"华为科", "华为", false},
	} {
		if got := dict.SameCommonReading(tc.a, tc.b); got != tc.want {
			t.Errorf("SameCommonReading(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
