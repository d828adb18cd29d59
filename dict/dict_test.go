package dict

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"平顶山市星河(平顶山)科技有限公司":    "平顶山市星河（平顶山）科技有限公司",
		"平顶山市 星河科技 有限公司":       "平顶山市星河科技有限公司",
		"平顶山市ＡＢ８科技有限公司":        "平顶山市AB8科技有限公司",
		"平顶山市ab科技有限公司":         "平顶山市AB科技有限公司",
		"平顶山市國華科技有限公司":         "平顶山市国华科技有限公司",
		"平顶山市乾坤科技有限公司":         "平顶山市乾坤科技有限公司", // 乾 is a standard character
		"平顶山市星河【平顶山】科技有限公司":    "平顶山市星河（平顶山）科技有限公司",
		"\u3000平顶山市星河科技有限公司\t": "平顶山市星河科技有限公司",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := TraditionalRunes("平顶山市國華乾坤"); !slices.Equal(got, []int{4, 5}) {
		t.Errorf("TraditionalRunes = %v, want [4 5]", got)
	}
}

func TestAuthorityScope(t *testing.T) {
	for code, want := range map[string]string{
		"410400": "410400", // 平顶山市
		"410422": "410400", // 叶县 shares the city's scope
		"410482": "410400", // 汝州市
		"410102": "410100", // 郑州市中原区: another city
		"110101": "110000", // 北京市东城区: the municipality is one scope
		"419001": "419001", // 济源市, province-administered: its own scope
		"410000": "410000",
	} {
		if got, ok := AuthorityScope(code); !ok || got != want {
			t.Errorf("AuthorityScope(%s) = %s %v, want %s", code, got, ok, want)
		}
	}
	for _, bad := range []string{"999999", "4104", "", "41040a"} {
		if _, ok := AuthorityScope(bad); ok {
			t.Errorf("AuthorityScope(%q) accepted", bad)
		}
	}
	zh := RegionsNamed("湛河区")
	if len(zh) != 1 || !zh[0].CityDistrict || zh[0].CityCode != "410400" {
		t.Errorf("湛河区: %+v", zh)
	}
	if ye := RegionsNamed("叶县"); len(ye) != 1 || ye[0].CityDistrict {
		t.Errorf("叶县 is a county, not a city district: %+v", ye)
	}
	if gx := RegionByCode("410471"); gx == nil || !gx.DevZone {
		t.Errorf("410471 should be a development zone: %+v", gx)
	}
}

func TestParseIndustryCode(t *testing.T) {
	for in, want := range map[string]string{"I": "I", "I65": "I65", "65": "I65", "6513": "I6513", "I6513": "I6513", "i651": "I651"} {
		got, err := ParseIndustryCode(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseIndustryCode(%q) = %v %v, want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "Z", "A65", "99", "65133", "I6598"} {
		if _, err := ParseIndustryCode(bad); err == nil {
			t.Errorf("ParseIndustryCode(%q) accepted", bad)
		}
	}
	i65, _ := ParseIndustryCode("I65")
	i6513, _ := ParseIndustryCode("6513")
	i64, _ := ParseIndustryCode("64")
	h61, _ := ParseIndustryCode("H61")
	h62, _ := ParseIndustryCode("H62")
	for _, tc := range []struct {
		a, b  Industry
		level IndustryLevel
		want  bool
	}{
		{i65, i6513, ByDivision, true},
		{i65, i64, ByDivision, false},
		{i65, i64, BySection, true},
		{h61, h62, ByDivision, false},
		{h61, h62, BySection, true},
	} {
		if got := SameIndustry(tc.a, tc.b, tc.level); got != tc.want {
			t.Errorf("SameIndustry(%v, %v, %d) = %v", tc.a, tc.b, tc.level, got)
		}
	}
}

func TestIndustryTerms(t *testing.T) {
	for term, code := range map[string]string{"科技": "I65", "网络科技": "I65", "商贸": "F51", "餐饮管理": "H62", "房地产": "K70", "置业": "K70"} {
		it, ok := LookupIndustryTerm(term)
		if !ok || it.Industry.String()[:3] != code {
			t.Errorf("%s: %+v, want %s", term, it, code)
		}
	}
	if it, ok := LookupIndustryTerm("实业"); !ok || !it.Generic() {
		t.Errorf("实业 should be a generic word: %+v", it)
	}
	a, _ := LookupIndustryTerm("地产")
	b, _ := LookupIndustryTerm("置业")
	if a.Group == "" || a.Group != b.Group {
		t.Errorf("地产 and 置业 should share a synonym group: %q %q", a.Group, b.Group)
	}
}

func TestPinyinAndShape(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"华信", "华鑫", true},
		{"牛栏山", "牛兰山", true},
		{"星河", "星和", true},
		{"长乐", "常乐", true}, // 长 reads chang or zhang
		{"星河", "星海", false},
		{"星河", "星河", false},
		{"星河", "星河湾", false},
	} {
		if got := Homophones(tc.a, tc.b); got != tc.want {
			t.Errorf("Homophones(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
	for _, pair := range [][2]rune{{'泰', '秦'}, {'己', '已'}, {'未', '末'}} {
		if !LooksAlike(pair[0], pair[1]) || !LooksAlike(pair[1], pair[0]) {
			t.Errorf("%c and %c should look alike both ways", pair[0], pair[1])
		}
	}
	if LooksAlike('星', '河') {
		t.Error("星 and 河 do not look alike")
	}
	if got := SortedRunes("河星"); got != SortedRunes("星河") {
		t.Errorf("SortedRunes differ: %s", got)
	}
}

func TestLexicon(t *testing.T) {
	// tnStart/tnEnd are the 字号's rune span in the text.
	for _, tc := range []struct {
		text           string
		tnStart, tnEnd int
		category       string // "" = no match
	}{
		{"平顶山市法兰西商贸有限公司", 4, 7, "foreign_country"},
		{"平顶山市完美国际贸易有限公司", 4, 6, ""}, // 美国 across the 字号 boundary
		{"平顶山市巴黎服饰有限公司", 4, 6, "foreign_city"},
		{"平顶山市巴黎春天服饰有限公司", 4, 8, ""}, // 巴黎 only when it is the whole 字号
		{"平顶山市教授教育咨询有限公司", 4, 6, "profession_title"},
		{"平顶山市赌神娱乐有限公司", 4, 6, "gambling"},
		{"平顶山市星河慈善科技有限公司", 4, 8, "non_profit"},
		{"平顶山市国家级科技有限公司", 4, 7, "misleading"},
	} {
		ms := MatchLexicon(tc.text, tc.tnStart, tc.tnEnd)
		switch {
		case tc.category == "" && len(ms) > 0:
			t.Errorf("%s: unexpected %+v", tc.text, ms)
		case tc.category != "" && (len(ms) == 0 || ms[0].Entry.Category != tc.category):
			t.Errorf("%s: %+v, want %s", tc.text, ms, tc.category)
		case tc.category != "" && ms[0].Entry.Rule == "":
			t.Errorf("%s: no citation", tc.text)
		}
	}
}

func TestOrgForms(t *testing.T) {
	for in, want := range map[string]string{
		"星河科技有限公司":      "有限公司",
		"星河科技股份有限公司":    "股份有限公司",
		"星河科技有限责任公司":    "有限责任公司",
		"星泉科技中心（有限合伙）":  "中心（有限合伙）",
		"星河超市":          "超市",
		"星河科技有限公司湛河分公司": "分公司",
		"喜悦农机农民专业合作社":   "农民专业合作社",
		"风和家禽养殖专业合作社":   "专业合作社",
		"曹镇村股份经济合作社":    "股份经济合作社",
		"高陵区农村信用合作联社":   "联社",
		"星河支行":          "支行",
	} {
		_, f, ok := TrimOrgForm(in)
		if !ok || f.Text != want {
			t.Errorf("TrimOrgForm(%s) = %q %v, want %q", in, f.Text, ok, want)
		}
	}
	_, f, _ := TrimOrgForm("星河科技有限公司")
	if f.Fits(SoleProprietorship) || !f.Fits(LimitedCompany) {
		t.Errorf("有限公司 fits %v", f.EntTypes)
	}
}

func TestRegionForms(t *testing.T) {
	for _, tc := range []struct {
		label, text, code string
		form              RegionForm
	}{
		{"county without 县", "宝丰", "410421", FormCountyShort},
		{"county-level city without 市", "福清", "350181", FormCountyShort},
		{"autonomous county short", "彭水", "500243", FormCountyShort},
		{"autonomous county with 各族", "隆林", "451031", FormCountyShort},
		{"autonomous county short + 县", "化隆县", "630224", FormShort},
		{"autonomous county short + 自治县", "印江自治县", "520625", FormShort},
		{"abbreviation", "喀左县", "211324", FormShort},
		{"autonomous prefecture", "黔东南", "522600", FormShort},
		{"autonomous prefecture + 州", "凉山州", "513400", FormShort},
		{"league", "兴安", "152200", FormShort},
		{"district without 区", "武进", "320412", FormDistrictShort},
		{"former county-level city", "吴江市", "320509", FormFormer},
		{"former county", "平安县", "630203", FormFormer},
		{"county that became a city", "宁乡县", "430182", FormFormer},
		{"renamed city", "襄樊", "420600", FormFormer},
		{"county renamed under a new name", "任县", "130505", FormFormer},
		{"merged district", "下城区", "330105", FormFormer},
	} {
		t.Run(tc.label, func(t *testing.T) {
			for _, rn := range RegionFormsOf(tc.text) {
				if rn.Region.Code == tc.code && rn.Form == tc.form {
					return
				}
			}
			t.Errorf("RegionFormsOf(%s) = %+v, want %s as form %d", tc.text, RegionFormsOf(tc.text), tc.code, tc.form)
		})
	}
	for _, text := range []string{"宁乡", "鲁山", "平顶山"} {
		for _, rn := range RegionFormsOf(text) {
			if rn.Form == FormFormer {
				t.Errorf("%s read as a former name of %s", text, rn.Region.Name)
			}
		}
	}
	if got := RegionFormsOf("海南"); len(got) == 0 || got[0].Region.Code != "460000" {
		t.Errorf("海南 should read as the province first: %+v", got)
	}
}

func TestBranchWordSuffix(t *testing.T) {
	for _, tc := range []struct {
		in, word string
		only     bool
	}{
		{"交通银行股份有限公司重庆朝天门支行", "支行", true},
		{"中国人寿保险股份有限公司忻州分公司五寨县三岔镇营销服务部", "营销服务部", false},
		{"星河有限公司西华营业所", "营业所", true},
		{"星河有限公司荣华大药房", "大药房", false},
		{"星河有限公司城东分店", "分店", true},
	} {
		word, only, ok := BranchWordSuffix(tc.in)
		if !ok || word != tc.word || only != tc.only {
			t.Errorf("BranchWordSuffix(%s) = %q %v %v, want %q %v", tc.in, word, only, ok, tc.word, tc.only)
		}
	}
	if _, _, ok := BranchWordSuffix("星河科技有限公司"); ok {
		t.Error("a company form is no branch word")
	}
}

// Terms of issue 10, derived from GB/T 4754-2017 class names and the
// embedded business-scope catalogue (INDUSTRY_SOURCES.md).
func TestIndustryTermsFromOpenSources(t *testing.T) {
	for term, code := range map[string]string{
		"卫生用品":   "F5134",
		"口腔诊所":   "Q8425",
		"早餐":     "H62",
		"自行车":    "C3761",
		"服务外包":   "L72",
		"邮政储蓄银行": "J6621",
		"加油站":    "F5265",
		"银矿":     "B0922",
		"律师":     "L7231",
	} {
		it, ok := LookupIndustryTerm(term)
		if !ok || it.Industry.String() != code || it.Kind != "industry" {
			t.Errorf("%s: %+v %v, want an industry term with %s", term, it, ok, code)
		}
	}
	// Still not terms: a single 新 or 茶 would eat the end of many 字号.
	for _, s := range []string{"新", "茶", "重型"} {
		if IsIndustryTerm(s) {
			t.Errorf("%s should not be an industry term", s)
		}
	}
}

// The expression stripped next is the last of the run of expressions that
// covers the most of the end, not simply the longest one.
func TestLongestIndustrySuffixRun(t *testing.T) {
	for _, tc := range []struct {
		s    string
		keep int
		want string // "" for none
	}{
		{"荣熙矿山机械设备", 1, "设备"}, // 矿山机械 + 设备 beats 机械设备
		{"荣熙矿山机械", 2, "矿山机械"},
		{"云谷在线人工智能科技", 1, "科技"}, // 人工智能 + 科技 beats 智能科技
		{"金鼎餐饮管理", 1, "餐饮管理"},   // equal cover: the longer last expression
		{"星河科技", 1, "科技"},
		{"星科技", 1, "科技"}, // one character may stay before a single expression
		{"科技", 1, ""},
		{"星河", 1, ""},
		{"亚格卫生用品", 1, "卫生用品"},
	} {
		got, ok := LongestIndustrySuffix(tc.s, tc.keep)
		if tc.want == "" {
			if ok {
				t.Errorf("LongestIndustrySuffix(%s, %d) = %s, want none", tc.s, tc.keep, got.Term)
			}
			continue
		}
		if !ok || got.Term != tc.want {
			t.Errorf("LongestIndustrySuffix(%s, %d) = %q %v, want %s", tc.s, tc.keep, got.Term, ok, tc.want)
		}
	}
}
