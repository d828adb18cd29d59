package scope

import (
	"strings"
	"testing"

	"namescope/apperr"
)

func codesOf(t *testing.T, cat *Catalogue, wordings ...string) []string {
	t.Helper()
	var out []string
	for _, w := range wordings {
		out = append(out, byWording(t, cat, w).Code)
	}
	return out
}

// The business-scope mini cases of domain-rules.md, with the exact texts.
func TestComposeDomainMiniCases(t *testing.T) {
	cat := DefaultCatalogue()
	cases := []struct {
		name     string
		wordings []string
		text     string
	}{
		{
			"general only",
			[]string{"软件开发", "信息咨询服务（不含许可类信息咨询服务）"},
			"一般项目：软件开发；信息咨询服务（不含许可类信息咨询服务）（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
		},
		{
			"licensed main business first",
			[]string{"食品经营", "日用百货销售"},
			"许可项目：食品经营（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）" +
				"一般项目：日用百货销售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
		},
		{
			"general main business first, items in the given order",
			[]string{"日用百货销售", "食品经营", "五金产品零售", "烟草制品零售"},
			"一般项目：日用百货销售；五金产品零售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" +
				"许可项目：食品经营；烟草制品零售（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
		},
		{
			"licensed only",
			[]string{"烟草制品零售"},
			"许可项目：烟草制品零售（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
		},
		{
			"filing items are registered as general items",
			[]string{"第二类医疗器械销售", "药品零售"},
			"一般项目：第二类医疗器械销售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" +
				"许可项目：药品零售（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Compose(cat, ComposeRequest{Codes: codesOf(t, cat, c.wordings...)})
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != c.text {
				t.Errorf("text\n got %s\nwant %s", got.Text, c.text)
			}
			var joined strings.Builder
			for _, b := range got.Blocks {
				joined.WriteString(b.Text)
			}
			if joined.String() != got.Text {
				t.Errorf("blocks do not add up to the text")
			}
		})
	}
}

// 食品经营 → 双告知 to the food-licensing department: the licence to obtain.
func TestComposeLicences(t *testing.T) {
	cat := DefaultCatalogue()
	got, err := Compose(cat, ComposeRequest{Codes: codesOf(t, cat, "食品经营", "日用百货销售", "餐饮服务", "住宿服务")})
	if err != nil {
		t.Fatal(err)
	}
	if got.PreApproval || got.ReservationMonths != 2 {
		t.Errorf("pre-approval %v, reservation %d months; want false, 2", got.PreApproval, got.ReservationMonths)
	}
	var docs []string
	for _, l := range got.Licenses {
		docs = append(docs, l.Document+"@"+l.ApprovingDept)
		if l.ApprovingDeptName == "" || len(l.Codes) == 0 || l.Timing != Post {
			t.Errorf("licence %+v incomplete", l)
		}
	}
	want := "食品经营许可证@market_regulation,特种行业许可证@public_security,公共场所卫生许可证@health"
	if strings.Join(docs, ",") != want {
		t.Errorf("licences %s, want %s", strings.Join(docs, ","), want)
	}
	// 食品经营 and 餐饮服务 need the same licence: listed once, both codes.
	if n := len(got.Licenses[0].Codes); n != 2 {
		t.Errorf("食品经营许可证 lists %d codes, want 2", n)
	}
}

// A 前置 item: the name reservation lasts one year (Reg 734 Art 18).
func TestComposePreApprovalReservation(t *testing.T) {
	cat := DefaultCatalogue()
	cases := []struct {
		wordings []string
		pre      bool
		months   int
	}{
		{[]string{"软件开发"}, false, 2},
		{[]string{"食品经营"}, false, 2},
		{[]string{"软件开发", "保安服务"}, true, 12},
		{[]string{"烟草制品批发", "日用百货销售"}, true, 12},
	}
	for _, c := range cases {
		got, err := Compose(cat, ComposeRequest{Codes: codesOf(t, cat, c.wordings...)})
		if err != nil {
			t.Fatal(err)
		}
		if got.PreApproval != c.pre || got.ReservationMonths != c.months {
			t.Errorf("%v: pre %v months %d; want %v %d", c.wordings, got.PreApproval, got.ReservationMonths, c.pre, c.months)
		}
	}
}

func TestComposeConsistency(t *testing.T) {
	cat := DefaultCatalogue()
	cases := []struct {
		main, industry, status string
	}{
		{"软件开发", "I65", Consistent},
		{"软件开发", "6513", Consistent},
		{"软件开发", "I", Consistent},
		// Case 48: 平顶山市沃川大数据科技有限公司 whose main item is 餐饮服务.
		{"餐饮服务", "I65", Inconsistent},
		{"住宿服务", "H62", Inconsistent}, // 住宿 61 vs 餐饮 62: same 门类, other 大类
		{"住宿服务", "H", Consistent},
		{"烟草制品零售", "F52", Consistent},
		{"烟草制品零售", "F51", Inconsistent},
	}
	for _, c := range cases {
		got, err := Compose(cat, ComposeRequest{Codes: codesOf(t, cat, c.main, "日用百货销售"), Industry: c.industry})
		if err != nil {
			t.Fatal(err)
		}
		if got.Consistency == nil || got.Consistency.Status != c.status {
			t.Errorf("%s vs %s: %+v, want %s", c.main, c.industry, got.Consistency, c.status)
			continue
		}
		if got.Consistency.Message == "" || got.Consistency.MainWording != c.main {
			t.Errorf("%s vs %s: %+v", c.main, c.industry, got.Consistency)
		}
	}
	got, _ := Compose(cat, ComposeRequest{Codes: codesOf(t, cat, "软件开发")})
	if got.Consistency != nil {
		t.Errorf("no industry given, consistency %+v", got.Consistency)
	}
	c := mustCatalogue(t, Entry{Code: "A1", Wording: "某项服务", Kind: General})
	got, _ = Compose(c, ComposeRequest{Codes: []string{"A1"}, Industry: "I65"})
	if got.Consistency == nil || got.Consistency.Status != Unknown {
		t.Errorf("entry without industries: %+v", got.Consistency)
	}
}

func TestComposeErrors(t *testing.T) {
	cat := DefaultCatalogue()
	sw := byWording(t, cat, "软件开发").Code
	cases := []ComposeRequest{
		{},
		{Codes: []string{"NOPE"}},
		{Codes: []string{sw, sw}},
		{Codes: []string{sw}, Industry: "Z1"},
		{Codes: make([]string, maxComposeItems+1)},
	}
	for _, c := range cases {
		if _, err := Compose(cat, c); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("%v: error %v, want invalid", c.Codes, err)
		}
	}
}
