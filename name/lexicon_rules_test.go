package name_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"namescope/name"
)

// The codes of the restricted sectors and of public institutions (GUIDE.md
// §4.2), which the lexicon's financial, medical, education, school,
// public_institution and protected_name rows report.
var sectorFamily = []string{"restricted_financial", "restricted_medical", "restricted_education",
	"school_not_company", "public_institution_name"}

// lexCase is a name with the codes its check must and must not report.
type lexCase struct {
	name      string
	authority string // 410400 (平顶山市) when empty
	investors []string
	want      []string // codes that must be reported
	not       []string // codes that must not be reported (nil: none of sectorFamily beyond want)
}

func runLexCases(t *testing.T, cases []lexCase) {
	t.Helper()
	checker := &name.Checker{} // no registry: the static rules only
	for _, tc := range cases {
		authority := tc.authority
		if authority == "" {
			authority = "410400"
		}
		res, err := checker.Check(context.Background(), name.Request{Name: tc.name, AuthorityCode: authority, Investors: tc.investors})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var codes []string
		for _, f := range res.Findings {
			codes = append(codes, f.Code)
			if f.Message == "" || f.Rule == "" {
				t.Errorf("%s: finding %s without message or rule", tc.name, f.Code)
			}
		}
		for _, w := range tc.want {
			if !slices.Contains(codes, w) {
				t.Errorf("%s: findings %v lack %s", tc.name, codes, w)
			}
		}
		not := tc.not
		if not == nil {
			for _, c := range sectorFamily {
				if !slices.Contains(tc.want, c) {
					not = append(not, c)
				}
			}
		}
		for _, n := range not {
			if slices.Contains(codes, n) {
				t.Errorf("%s: unexpected %s in %v", tc.name, n, codes)
			}
		}
	}
}

func TestLexiconFinancial(t *testing.T) {
	runLexCases(t, []lexCase{
		// Financial business needs the regulator's approval (GUIDE.md §4.2, §5.6).
		{name: "平顶山市鑫源小额贷款有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市恒信融资担保有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市汇通典当有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市瑞达保险代理有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市宏泰金融信息服务有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市信达征信服务有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市鑫诚期货经纪有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市乾元支付科技有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市华鼎股权投资基金管理有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市鹰城证券投资咨询有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市宝丰信托有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山市平煤集团财务有限公司", want: []string{"restricted_financial"}},
		{name: "平顶山农村商业银行股份有限公司", want: []string{"restricted_financial"}},
		{name: "鲁山县农村信用合作联社", authority: "410423", want: []string{"restricted_financial"}},
		// A bank's branch opens only with the regulator's approval of the
		// branch (商业银行法第十九条、第二十一条; GUIDE.md §4.2, §5.2).
		{name: "平顶山银行股份有限公司湛河支行", want: []string{"restricted_financial"}},
		// Words used otherwise: safes, bookkeeping, consignment shops,
		// equipment, place names; 投资/担保/融资租赁 are out of scope (§5.6).
		{name: "平顶山市金盾保险柜制造有限公司"},
		{name: "平顶山市博宇财务咨询有限公司"},
		{name: "平顶山市博宇财务有限公司"},
		{name: "平顶山市鑫源投资管理有限公司"},
		{name: "平顶山市鑫源融资租赁有限公司"},
		{name: "平顶山市宏达担保有限公司"},
		{name: "平顶山市友谊信托商店"},
		{name: "平顶山市恒达金融设备有限公司"},
		{name: "平顶山市富豪银矿有限公司"},
		{name: "平顶山市星河商贸有限公司金融路分店"},
		// 人民银行 is the central bank: a public institution, not a bank licence.
		{name: "平顶山市人民银行服务有限公司", want: []string{"public_institution_name"}},
	})
}

func TestLexiconMedical(t *testing.T) {
	runLexCases(t, []lexCase{
		// Medical institutions need their licence first (GUIDE.md §5.7).
		{name: "平顶山市朗益口腔诊所有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市同参堂国医馆有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市康宁医院有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市爱宠宠物医院有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市美莱医疗美容门诊部有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市仁和中医门诊部有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市邦里医疗美容门诊有限公司", want: []string{"restricted_medical"}},
		{name: "平顶山市康泰门诊设备有限公司"},
		{name: "平顶山市康乐护理院有限公司", want: []string{"restricted_medical"}},
		// A branch that is itself a clinic; a hospital's sales branch is none.
		{name: "平顶山市星河医疗管理有限公司新华路口腔诊所", want: []string{"restricted_medical"}},
		{name: "平顶山市普瑞眼科医院有限责任公司雁滩门诊部", want: []string{"restricted_medical"}},
		{name: "平顶山市华德眼科医院有限公司销售分公司"},
		// 人民医院, 中心医院, 妇幼保健院 imply a public institution.
		{name: "平顶山市康泰人民医院有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市东升中心医院有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市湛河区妇幼保健院有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市星河疾病预防控制中心", want: []string{"public_institution_name"}},
		// Pharmacies, devices, health management, hospital management,
		// crop and plant "hospitals", hygiene products pass.
		{name: "平顶山市康泰医药有限公司"},
		{name: "平顶山市康泰大药房有限公司"},
		{name: "平顶山市康泰医疗器械有限公司"},
		{name: "平顶山市康泰医疗科技有限公司"},
		{name: "平顶山市康泰健康管理有限公司"},
		{name: "平顶山市佳穗医院管理有限公司"},
		{name: "平顶山市农友植物医院有限公司"},
		{name: "平顶山市康泰卫生用品有限公司"},
		{name: "平顶山市康泰养老服务有限公司"},
		// A site named after a hospital in a branch part.
		{name: "平顶山市星河商贸有限公司人民医院店"},
		{name: "平顶山市康泰大药房连锁有限公司中心医院店"},
	})
}

func TestLexiconEducation(t *testing.T) {
	runLexCases(t, []lexCase{
		// Schools need the education (or HR) department's approval (§5.8).
		{name: "东平县尚武跆拳道培训学校有限公司", authority: "370923", want: []string{"restricted_education"}},
		{name: "平顶山市星光幼儿园有限公司", want: []string{"restricted_education"}},
		{name: "平顶山市博雅艺术学校有限公司", want: []string{"restricted_education"}},
		{name: "平顶山市华育高级中学有限公司", want: []string{"restricted_education"}},
		{name: "平顶山市启明商学院有限公司", want: []string{"restricted_education"}},
		// Compulsory-education schools cannot be companies.
		{name: "平顶山市育才小学有限公司", want: []string{"school_not_company"}},
		{name: "平顶山市实验中学有限公司", want: []string{"school_not_company"}},
		{name: "平顶山市育才初级中学有限公司", want: []string{"school_not_company"}},
		// Training, education consulting and technology, pupils, places,
		// high-pressure valves, a coined 字号 going on after the word.
		{name: "平顶山市星光教育科技有限公司"},
		{name: "平顶山市星光培训中心"},
		{name: "平顶山市星光教育咨询有限公司"},
		{name: "平顶山市星光职业技能培训有限公司"},
		{name: "平顶山市星光小学生托管服务有限公司"},
		{name: "平顶山市高中压阀门有限公司"},
		{name: "平顶山市中学友农业生态有限公司"},
		{name: "平顶山市大学城物业管理有限公司"},
		{name: "平顶山市工业大学五塑实业有限公司"},
		{name: "平顶山市星河通信有限公司城建学院营业厅"},
		{name: "平顶山市星河商贸有限公司新华路小学分店"},
	})
}

func TestLexiconPublicInstitutions(t *testing.T) {
	runLexCases(t, []lexCase{
		{name: "平顶山市星河广播电台有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市星河人民广播电台有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市星河电视台有限公司", want: []string{"public_institution_name"}},
		// A firm of another trade named after the institution that owns it
		// (Art 15, GUIDE.md §5.16) declares no institution.
		{name: "乐清市人民医院服务公司", authority: "330382"},
		{name: "重庆电视台节目购销有限公司", authority: "500000"},
		{name: "曲阜市实验小学服装加工厂", authority: "370881"},
		{name: "中国邮政集团公司赣州市分公司报刊零售中心人民医院书报亭", authority: "360700"},
		{name: "平顶山市华中血站有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市红十字医疗救援有限公司", want: []string{"public_institution_name"}},
		{name: "平顶山市星河公证处", want: []string{"public_institution_name"}},
		{name: "平顶山市星河新华书店有限公司", want: []string{"public_institution_name"}},
		// The owner of the protected name: an investor bearing it (Art 15),
		// a branch of its own company (Art 13).
		{name: "平顶山市新华书店有限公司", investors: []string{"河南省新华书店发行集团有限公司"}, want: []string{"investor_name_in_name"}},
		{name: "河南省新华书店发行集团有限公司平顶山分公司", not: []string{"public_institution_name"}},
		// 十字绣 (cross-stitch) is no Red Cross.
		{name: "平顶山市红十字绣工艺品有限公司"},
	})
}

// Words with another meaning (Art 8 另有含义; GUIDE.md §3.2 (c), §5.3, §5.5,
// §5.10) give no finding; the same words used as the rule means still do.
func TestLexiconOtherMeanings(t *testing.T) {
	place := []string{"restricted_word_in_trade_name", "restricted_prefix", "lexicon_misleading", "lexicon_party_state_organ"}
	runLexCases(t, []lexCase{
		{name: "平顶山市朝阳科技有限公司", not: []string{"trade_name_is_region"}},
		{name: "平顶山市东方广告有限公司", not: []string{"trade_name_is_region"}},
		{name: "平顶山市华联国际商城有限公司", not: place},
		{name: "平顶山市金鼎国际花园物业管理有限公司", not: place},
		{name: "平顶山市中央大街餐饮有限公司", not: place},
		{name: "平顶山市星河商贸有限公司中央大街分店", not: place},
		{name: "平顶山市星海中央空调工程有限公司", not: place},
		{name: "平顶山市绿田现代农业发展有限公司", not: []string{"trade_name_is_industry", "trade_name_is_region"}},
		{name: "平顶山市沃川创新科技有限公司", not: []string{"trade_name_is_industry"}},
		{name: "平顶山市青禾绿色食品有限公司", not: []string{"trade_name_is_industry"}},
		// Used as the rules mean them.
		{name: "平顶山市华联国际有限公司", want: []string{"restricted_word_in_trade_name"}, not: []string{}},
		{name: "平顶山市中华科技有限公司", want: []string{"restricted_word_in_trade_name"}, not: []string{}},
		{name: "平顶山市中央投资咨询有限公司", want: []string{"lexicon_misleading"}, not: []string{}},
		{name: "平顶山市河南科技有限公司", want: []string{"trade_name_is_region"}, not: []string{}},
	})
}

// TestLexiconDevLabels compares the sector and public-institution codes with
// the development labels (GUIDE.md §4.2; D001–D100): every such code the
// label has must be reported, and none it lacks.
func TestLexiconDevLabels(t *testing.T) {
	checker := &name.Checker{}
	for _, row := range readTSV(t, "dev_labels.tsv", labelHeader) {
		if row["skipped"] != "no" {
			continue
		}
		res, err := checker.Check(context.Background(), name.Request{Name: row["name"], AuthorityCode: row["authority_code"]})
		if err != nil {
			t.Errorf("%s %s: %v", row["id"], row["name"], err)
			continue
		}
		got := map[string]bool{}
		for _, f := range res.Findings {
			if slices.Contains(sectorFamily, f.Code) {
				got[f.Code] = true
			}
		}
		want := map[string]bool{}
		for _, c := range strings.Split(row["finding_codes"], ",") {
			if slices.Contains(sectorFamily, c) {
				want[c] = true
			}
		}
		for c := range got {
			if !want[c] {
				t.Errorf("%s %s: reports %s, the label has %q", row["id"], row["name"], c, row["finding_codes"])
			}
		}
		for c := range want {
			if !got[c] {
				t.Errorf("%s %s: label has %s, not reported", row["id"], row["name"], c)
			}
		}
	}
}
