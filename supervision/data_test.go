package supervision

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"namescope/scope"
)

// The seven domains issue 13 names for the ≥60 active items.
var issueDomains = []string{"registration", "annual_report", "advertising", "pricing", "labelling", "ecommerce", "food"}

func TestEmbeddedViolations(t *testing.T) {
	vs := Violations()
	perDomain := map[string]int{}
	active := 0
	for _, v := range vs {
		if v.Active {
			active++
			perDomain[v.Domain]++
		}
		if !slices.Contains(domains, v.Domain) {
			t.Errorf("%s: domain %q", v.Code, v.Domain)
		}
	}
	if active < 60 {
		t.Errorf("%d active items, want at least 60", active)
	}
	for _, d := range issueDomains {
		if perDomain[d] < 3 {
			t.Errorf("domain %s: %d active items, want at least 3", d, perDomain[d])
		}
	}
	t.Logf("%d items, %d active, per domain %v", len(vs), active, perDomain)
}

func TestViolationsIsACopy(t *testing.T) {
	a := Violations()
	for i := range a {
		if a[i].Fine != nil {
			a[i].Fine.Max = -1
			a[i].Code = "X"
			break
		}
	}
	for _, v := range Violations() {
		if v.Code == "X" || (v.Fine != nil && v.Fine.Max < 0) {
			t.Fatal("Violations exposes the embedded catalogue")
		}
	}
}

func TestEmbeddedViolationFacts(t *testing.T) {
	byCode := map[string]Violation{}
	for _, v := range Violations() {
		byCode[v.Code] = v
	}
	tests := []struct {
		code           string
		penaltyArticle string
		fine           *FineRange
		condition      string
		lists          []Membership
	}{
		{"REG-012", "第四十八条第一款", &FineRange{0, 30000}, "拒不改正的", []Membership{
			{"no_penalty_unspecified", "NX-SHIZUISHAN-2021-DRAFT"}, {"first_offence_no_penalty", "HB-2019"}, {"no_penalty_unspecified", "HE-XINHE-2020"}}},
		{"ANR-001", "第七十条", &FineRange{0, 10000}, "", []Membership{{"first_offence_no_penalty", "JS-NANTONG-2022"}}},
		{"ADV-001", "第五十七条第（一）项", &FineRange{200000, 1000000}, "", nil},
		{"PRC-001", "价格违法行为行政处罚规定第十三条第（三）项；价格法第四十二条", &FineRange{0, 5000}, "", []Membership{{"no_penalty_unspecified", "HB-2025"}}},
		{"LAB-001", "第一百二十五条第二款", &FineRange{0, 2000}, "拒不改正的", nil},
		{"ECO-001", "第七十六条第一款第（一）项", &FineRange{0, 10000}, "", nil},
		{"FOOD-001", "第一百二十二条第一款", &FineRange{50000, 100000}, "", []Membership{
			{"first_offence_no_penalty", "CN-SAMR-2025-SWBF"}, {"first_offence_no_penalty", "CN-SAMR-2024-DRAFT"}}},
		{"REG-003", "第二百五十条", &FineRange{50000, 2000000}, "", []Membership{{"mitigated", "JX-JQ-1.0"}}},
		{"REG-022", "第二百五十三条", nil, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			v, ok := byCode[tc.code]
			if !ok {
				t.Fatal("missing")
			}
			if !v.Active || v.BasisStatus != "confirmed" {
				t.Errorf("active %v, basis %s", v.Active, v.BasisStatus)
			}
			if v.PenaltyArticle != tc.penaltyArticle {
				t.Errorf("penalty article %q, want %q", v.PenaltyArticle, tc.penaltyArticle)
			}
			switch {
			case (v.Fine == nil) != (tc.fine == nil):
				t.Errorf("fine %v, want %v", v.Fine, tc.fine)
			case v.Fine != nil && *v.Fine != *tc.fine:
				t.Errorf("fine %v, want %v", *v.Fine, *tc.fine)
			}
			if tc.fine == nil && v.FineRule == "" {
				t.Error("no fine range and no fine rule")
			}
			if v.FineCondition != tc.condition {
				t.Errorf("fine condition %q, want %q", v.FineCondition, tc.condition)
			}
			for _, m := range tc.lists {
				if !slices.Contains(v.Lists, m) {
					t.Errorf("lists %v lack %v", v.Lists, m)
				}
			}
		})
	}
}

// TestViolationsCoverSourceRows checks, when the shared data is present,
// that every row of the source list file is referenced by some item and
// that list ids and kinds agree with it.
func TestViolationsCoverSourceRows(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "supervision", "penalty_exemption_items.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared data absent: %v", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	kind := map[string]string{
		"first_offence_no_penalty": "first_offence_no_penalty", "minor_no_penalty": "minor_no_penalty",
		"no_penalty_unspecified": "no_penalty_unspecified", "mitigated_below_minimum": "mitigated",
		"mitigated_within_range": "lighter",
	}
	srcRe := regexp.MustCompile(`src#(\d+) ([A-Z0-9.-]+)`)
	covered := map[int]bool{}
	for _, v := range Violations() {
		for _, m := range srcRe.FindAllStringSubmatch(v.Provenance, -1) {
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > len(recs) {
				t.Errorf("%s: src#%d out of range", v.Code, n)
				continue
			}
			row := recs[n-1]
			if row[0] != m[2] {
				t.Errorf("%s: src#%d is list %s, provenance says %s", v.Code, n, row[0], m[2])
			}
			if want := (Membership{Kind: kind[row[8]], List: row[0]}); !slices.Contains(v.Lists, want) {
				t.Errorf("%s: src#%d: lists %v lack %v", v.Code, n, v.Lists, want)
			}
			covered[n] = true
		}
	}
	for n := 1; n <= len(recs); n++ {
		if !covered[n] {
			t.Errorf("source row %d (%s %s) is in no item", n, recs[n-1][0], recs[n-1][10])
		}
	}
}

const validHeader = "code,violation,domain,law,article,penalty_article,penalty_text,fine_min,fine_max,fine_rule,fine_condition,serious_tier,lists,conditions,active,basis_status,provenance"

func validRow() []string {
	return []string{"REG-001", "未经设立登记从事经营活动", "registration", "中华人民共和国市场主体登记管理条例", "第三条", "第四十三条",
		"责令改正；拒不改正的，处1万元以上10万元以下的罚款", "10000", "100000", "", "拒不改正的", "", "first_offence_no_penalty:HN-LINXIANG-SWBF",
		"6个月内", "true", "confirmed", "test"}
}

func csvText(header string, rows ...[]string) string {
	var b strings.Builder
	b.WriteString("# comment line\n" + header + "\n")
	w := csv.NewWriter(&b)
	for _, r := range rows {
		_ = w.Write(r)
	}
	w.Flush()
	return b.String()
}

func TestParseViolationsRejects(t *testing.T) {
	col := func(name string) int { return slices.Index(violationColumns, name) }
	with := func(edits map[string]string) []string {
		r := validRow()
		for k, v := range edits {
			r[col(k)] = v
		}
		return r
	}
	tests := []struct {
		name string
		text string
		want string // substring of the error
	}{
		{"unknown column", csvText(validHeader+",extra", append(validRow(), "x")), "header"},
		{"missing column", csvText(strings.TrimSuffix(validHeader, ",provenance"), validRow()[:16]), "header"},
		{"bad number", csvText(validHeader, with(map[string]string{"fine_min": "1万"})), "fine_min"},
		{"negative number", csvText(validHeader, with(map[string]string{"fine_max": "-5"})), "fine_max"},
		{"decimal number", csvText(validHeader, with(map[string]string{"fine_max": "5000.5"})), "fine_max"},
		{"min above max", csvText(validHeader, with(map[string]string{"fine_min": "200000"})), "fine_min 200000 > fine_max"},
		{"only min", csvText(validHeader, with(map[string]string{"fine_max": ""})), "both"},
		{"active without law", csvText(validHeader, with(map[string]string{"law": ""})), "without law"},
		{"active without penalty article", csvText(validHeader, with(map[string]string{"penalty_article": ""})), "without penalty_article"},
		{"active without range or rule", csvText(validHeader, with(map[string]string{"fine_min": "", "fine_max": ""})), "without fine range"},
		{"active but to be confirmed", csvText(validHeader, with(map[string]string{"basis_status": "to_be_confirmed"})), "want confirmed"},
		{"inactive but confirmed", csvText(validHeader, with(map[string]string{"active": "false"})), "want to_be_confirmed"},
		{"bad active", csvText(validHeader, with(map[string]string{"active": "yes"})), "active"},
		{"duplicate code", csvText(validHeader, validRow(), validRow()), "duplicate code REG-001"},
		{"unknown domain", csvText(validHeader, with(map[string]string{"domain": "tax"})), "unknown domain"},
		{"prefix of another domain", csvText(validHeader, with(map[string]string{"domain": "food"})), "FOOD prefix"},
		{"bad code", csvText(validHeader, with(map[string]string{"code": "REG-1"})), "bad code"},
		{"bad list kind", csvText(validHeader, with(map[string]string{"lists": "waived:HB-2019"})), "bad list membership"},
		{"bad list id", csvText(validHeader, with(map[string]string{"lists": "lighter:hb 2019"})), "bad list membership"},
		{"empty provenance", csvText(validHeader, with(map[string]string{"provenance": ""})), "provenance"},
		{"space around a value", csvText(validHeader, with(map[string]string{"fine_min": " 10000"})), "space"},
		{"ragged record", csvText(validHeader, validRow()[:10]), "wrong number of fields"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseViolations(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParseViolationsAccepts(t *testing.T) {
	inactive := []string{"OTH-101", "药品零售企业未按照规定凭处方销售处方药", "other", "", "", "", "", "", "", "", "", "", "", "", "false", "to_be_confirmed", "src#8"}
	noFine := validRow()
	noFine[col("fine_min")], noFine[col("fine_max")], noFine[col("fine_rule")] = "", "", "本条不设罚款"
	noFine[col("code")] = "REG-002"
	vs, err := ParseViolations(strings.NewReader(csvText(validHeader, validRow(), inactive, noFine)))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0].Fine == nil || *vs[0].Fine != (FineRange{10000, 100000}) || vs[1].Active || vs[2].Fine != nil {
		t.Fatalf("parsed %+v", vs)
	}
}

func col(name string) int { return slices.Index(violationColumns, name) }

func TestSanxinCategories(t *testing.T) {
	cats := SanxinCategories()
	if len(cats) != 9 {
		t.Fatalf("%d categories", len(cats))
	}
	for i, c := range cats {
		if c.Order != i+1 {
			t.Errorf("category %d has order %d", i, c.Order)
		}
	}
	// Same names and order as the shared source, when present.
	path := filepath.Join("..", "..", "shared", "data", "supervision", "sanxin_2018_top_level.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared data absent: %v", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs[1:] {
		if cats[i].Name != r[3] {
			t.Errorf("category %d: %q, source says %q", i+1, cats[i].Name, r[3])
		}
	}
}

func TestEmbeddedSanxinMap(t *testing.T) {
	rules := SanxinRules()
	perCat := map[string]int{}
	cat := scope.DefaultCatalogue()
	for _, r := range rules {
		perCat[r.Category]++
		if r.Kind == KindScope {
			e, ok := cat.Entry(r.Code)
			if !ok {
				t.Errorf("scope entry %s is not in the default catalogue", r.Code)
				continue
			}
			if e.Wording != r.Name {
				t.Errorf("scope entry %s: name %q, catalogue says %q", r.Code, r.Name, e.Wording)
			}
		}
	}
	for _, c := range SanxinCategories() {
		if perCat[c.Name] == 0 {
			t.Errorf("category %s has no map row", c.Name)
		}
	}
	if perCat[Excluded] == 0 {
		t.Error("no excluded rows (finance)")
	}
	t.Logf("%d rows: %v", len(rules), perCat)
}

const sanxinHeader = "kind,code,name,category,confidence,basis"

func TestParseSanxinMapRejects(t *testing.T) {
	cats := SanxinCategories()
	ok := []string{"gbt4754", "I65", "软件和信息技术服务业", "互联网与现代信息技术服务", "high", "软件 → 互联网"}
	with := func(i int, v string) []string { r := slices.Clone(ok); r[i] = v; return r }
	tests := []struct {
		name string
		text string
		want string
	}{
		{"unknown category", csvText(sanxinHeader, with(3, "数字经济")), "unknown 三新 category"},
		{"unknown GB/T code", csvText(sanxinHeader, with(1, "I6699")), "unknown GB/T"},
		{"code in another section", csvText(sanxinHeader, with(1, "C65")), "belongs to section"},
		{"code without section letter", csvText(sanxinHeader, with(1, "65")), "section letter"},
		{"section alone", csvText(sanxinHeader, with(1, "I")), "section letter"},
		{"name differs from the standard", csvText(sanxinHeader, with(2, "软件业")), "GB/T 4754-2017 says"},
		{"bad confidence", csvText(sanxinHeader, with(4, "certain")), "confidence"},
		{"unknown kind", csvText(sanxinHeader, with(0, "nace")), "unknown kind"},
		{"empty basis", csvText(sanxinHeader, with(5, "")), "empty basis"},
		{"duplicate", csvText(sanxinHeader, ok, ok), "duplicate"},
		{"unknown column", csvText(sanxinHeader+",note", append(slices.Clone(ok), "x")), "header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSanxinMap(strings.NewReader(tc.text), cats)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := ParseSanxinMap(strings.NewReader(csvText(sanxinHeader, ok, with(0, "scope"))), cats); err != nil {
		t.Fatalf("valid map rejected: %v", err)
	}
}

func TestSanxinFor(t *testing.T) {
	type want struct{ category, via, code string }
	tests := []struct {
		name     string
		industry string
		scope    []string
		want     []want
	}{
		{"software class maps through its division", "I6513", nil, []want{{"互联网与现代信息技术服务", "gbt4754", "I65"}}},
		{"code without section letter", "6513", nil, []want{{"互联网与现代信息技术服务", "gbt4754", "I65"}}},
		{"new-energy vehicles", "C3612", nil, []want{{"先进制造业", "gbt4754", "C3612"}}},
		{"longest prefix wins", "M7514", nil, []want{{"节能环保活动", "gbt4754", "M7514"}}},
		{"division row for another class", "M7519", nil, []want{{"现代技术服务与创新创业服务", "gbt4754", "M75"}}},
		{"wind power", "D4415", nil, []want{{"新型能源活动", "gbt4754", "D4415"}}},
		{"elderly care", "Q8514", nil, []want{{"新型生活性服务活动", "gbt4754", "Q8514"}}},
		{"finance is excluded even with software scope", "J6621", []string{"XI0001"}, nil},
		{"wholesaler with software scope", "F5179", []string{"XI0001", "XM0014"}, []want{
			{"互联网与现代信息技术服务", "scope", "XI0001"}, {"现代技术服务与创新创业服务", "scope", "XM0014"}}},
		{"industry match preferred to scope for the same category", "I6511", []string{"XI0001"}, []want{{"互联网与现代信息技术服务", "gbt4754", "I65"}}},
		{"higher confidence scope row preferred", "", []string{"XM0001", "XM0014"}, []want{{"现代技术服务与创新创业服务", "scope", "XM0014"}}},
		{"excluded scope entry alone", "", []string{"XJ0002"}, nil},
		{"unmapped industry, unknown scope", "H6210", []string{"NOPE"}, nil},
		{"unknown industry code ignored", "Z99", []string{"XQ0004"}, []want{{"新型生活性服务活动", "scope", "XQ0004"}}},
		{"nothing", "", nil, nil},
		{"several categories ordered", "C3973", []string{"XQ0004", "XA0002"}, []want{
			{"现代农林牧渔业", "scope", "XA0002"}, {"先进制造业", "gbt4754", "C3973"}, {"新型生活性服务活动", "scope", "XQ0004"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SanxinFor(tc.industry, tc.scope)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Category.Name != w.category || g.Via != w.via || g.Code != w.code || g.Basis == "" || g.Confidence == "" {
					t.Errorf("match %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// The faults of a catalogue name their line (comments and the lines of
// quoted multi-line fields counted) and column,
// in Chinese too.
func TestCatalogueErrorNamesLineAndColumn(t *testing.T) {
	col := func(name string) int { return slices.Index(violationColumns, name) }
	first := validRow()
	first[col("code")], first[col("conditions")] = "REG-002", "两行\n的条件" // a quoted field over lines 4 and 5
	r := validRow()
	r[col("fine_max")] = "5万"
	text := "# another comment\n" + csvText(validHeader, first, r)
	_, err := ParseViolations(strings.NewReader(text))
	var ce *CatalogueError
	if !errors.As(err, &ce) || ce.Line != 6 || ce.Column != "fine_max" || ce.Code != "REG-001" {
		t.Fatalf("error %v (%+v), want line 6, column fine_max, code REG-001", err, ce)
	}
	if zh := ce.Chinese(); !strings.Contains(zh, "第 6 行") || !strings.Contains(zh, "fine_max 列") || !strings.Contains(zh, "5万") {
		t.Fatalf("Chinese %q", zh)
	}
}
