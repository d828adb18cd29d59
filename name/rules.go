package name

import (
	"fmt"
	"strings"
	"unicode"

	"namescope/dict"
)

// restrictedWords may only be prefixed to a name with State Council approval
// (Reg 734 Art 12); in the middle they may only qualify the industry, never
// stand in the 字号. 国际 joins them under the 2017 禁限用规则.
var restrictedWords = []string{"中国", "中华", "中央", "全国", "国家", "国际"}

// staticRules checks the name on its own: characters, the four parts, the
// organisational form against the enterprise type, and the lexicon.
func staticRules(p *Parts, req *Request, scope string) []Finding {
	var fs []Finding
	add := func(code string, sev Severity, span Span, rule, msg string, args ...any) {
		fs = append(fs, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(msg, args...), Rule: rule, Span: span})
	}
	n := []rune(p.Normalized)
	whole := Span{0, len(n)}

	// Characters: standard simplified Chinese only (Art 5; 禁限用规则 Art 9).
	folded := []rune(dict.FoldWidth(req.Name))
	if len(folded) == len(n) {
		for _, at := range runs(dict.TraditionalRunes(string(folded))) {
			add("traditional_chars", Block, at, RuleArt5,
				"名称中的“%s”是繁体字，企业名称应当使用规范汉字，请改为“%s”", string(folded[at[0]:at[1]]), string(n[at[0]:at[1]]))
		}
	}
	var bad []int
	for i, r := range n {
		if r == '（' || r == '）' || dict.IsHan(r) {
			continue
		}
		bad = append(bad, i)
	}
	for _, at := range runs(bad) {
		text := string(n[at[0]:at[1]])
		if isLatinOrDigit(text) {
			add("letters_or_digits", Block, at, RuleBan9,
				"名称不得含有外文字母、阿拉伯数字（“%s”），请改用汉字（数字可写作一、二、三）", text)
		} else {
			add("invalid_chars", Block, at, RuleArt5, "名称中含有不能登记的符号“%s”，请删除", text)
		}
	}

	// 行政区划 (Art 6, 7).
	switch {
	case p.Region == "" && p.Parent == "":
		add("no_region", Approval, Span{}, RuleArt6,
			"名称未使用行政区划。不含行政区划的名称仅限跨省经营的企业，须由国家市场监督管理总局或其授权的登记机关登记；在本地登记请在名称前加上所在地行政区划，如“平顶山市”")
	case p.RegionGeneric != "" && len(p.Regions) == 0:
		add("dev_zone_alone", Block, p.RegionSpan, RuleArt7,
			"开发区名称“%s”不能单独作为行政区划使用，应与所在地行政区划名称连用，如“平顶山市%s”或写作“平顶山高新区”", p.RegionGeneric, p.RegionGeneric)
	case len(p.Regions) > 0:
		first := p.Regions[0]
		if first.Level == dict.County && first.CityDistrict {
			city := cityOf(p.Region, scope)
			add("city_district_alone", Block, p.RegionSpan, RuleArt7,
				"市辖区名称“%s”不能单独用作名称中的行政区划，应与所在设区的市的名称一并使用，如“%s%s”", p.Region, city, p.Region)
		}
		if !regionInScope(p, scope) {
			last := p.Regions[len(p.Regions)-1]
			if last.Level == dict.Province {
				add("province_region", Approval, p.RegionSpan, RuleArt7,
					"名称冠以省级行政区划“%s”，应由省级登记机关登记；在本市登记请使用本市或所在县（市、区）的行政区划", p.Region)
			} else {
				add("region_outside_authority", Block, p.RegionSpan, RuleArt7,
					"名称中的行政区划“%s”不是本登记机关辖区，企业名称应当使用企业所在地的县级以上行政区划名称", p.Region)
			}
		}
	}

	// 字号 (Art 8).
	tn := p.TradeName
	switch {
	case tn == "":
		add("no_trade_name", Block, whole, RuleArt6, "名称缺少字号，请在行政区划和行业表述之间加入两个以上汉字的字号")
	case hanCount(tn) < 2:
		add("trade_name_too_short", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”不足两个汉字，字号应当由两个以上汉字组成", tn)
	case dict.IsRegionName(tn):
		add("trade_name_is_region", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”是县级以上行政区划名称，不能作为字号（另有含义的除外），请更换字号", tn)
	case dict.IsIndustryTerm(tn):
		add("trade_name_is_industry", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”是行业或者经营特点用语，不能作为字号，请使用具有显著性的字号", tn)
	}

	// 中国/中华/中央/全国/国家 (Art 12).
	for _, w := range restrictedWords {
		if strings.HasPrefix(p.Normalized, w) {
			rule := RuleArt12
			if w == "国际" {
				rule = "《企业名称禁限用规则》限制性规定"
			}
			add("restricted_prefix", Approval, Span{0, len([]rune(w))}, rule,
				"名称冠以“%s”字样，须经国务院批准（由国家市场监督管理总局审核），本地不能直接登记；如无批准文件请删除", w)
		}
		if i := strings.Index(tn, w); i >= 0 && !(i == 0 && p.TradeNameSpan[0] == 0) {
			at := p.TradeNameSpan[0] + len([]rune(tn[:i]))
			add("restricted_word_in_trade_name", Block, Span{at, at + len([]rune(w))}, RuleArt12,
				"“%s”在名称中间使用时只能作为行业限定语（如“%s贸易”），不能用作字号或字号的一部分，请更换字号", w, w)
		}
	}
	if !p.ChinaMarker.Empty() {
		if req.ForeignInvested {
			add("china_marker_fie", Info, p.ChinaMarker, RuleArt12,
				"“（中国）”仅限外商独资或外方控股且使用外方出资企业字号的外商投资企业使用，登记时须提交相应证明")
		} else {
			add("china_marker", Block, p.ChinaMarker, RuleArt12,
				"“（中国）”只能由外商独资或外方控股并使用外方出资企业字号的外商投资企业使用，内资企业请删除")
		}
	}

	// 组织形式 (Art 10, 13, 14).
	switch {
	case p.OrgForm == "":
		add("no_org_form", Block, Span{len(n), len(n)}, RuleArt10,
			"名称缺少组织形式，请以“有限公司”“股份有限公司”“（普通合伙）”“（有限合伙）”或“中心”“工作室”“厂”“店”等结尾")
	case req.EntType != "" && !p.orgForm.Fits(req.EntType):
		add("org_form_mismatch", Block, p.OrgFormSpan, RuleArt10,
			"组织形式“%s”与企业类型“%s”不符：%s", p.OrgForm, dict.EntTypeLabel(req.EntType), orgFormAdvice(req.EntType))
	}
	if p.Group {
		add("group_conditions", Warn, Span{}, RuleArt14,
			"使用“集团”字样的，应为控制三家以上企业法人的母公司，集团名称应与母公司名称的行政区划、字号、行业或者经营特点一致")
	}
	if p.IsBranch() && p.Parent == "" {
		add("branch_without_parent", Block, p.OrgFormSpan, RuleArt13,
			"分支机构名称应当冠以其所从属企业的名称，并缀以“分公司”“分厂”“分店”等字样")
	}

	// Industry wording against the main business (Art 9).
	if !req.industry.IsZero() && p.HasIndustry() && !dict.SameIndustry(req.industry, p.NameIndustry, dict.BySection) {
		add("industry_mismatch", Warn, p.IndustrySpan, RuleArt9,
			"名称中的行业表述“%s”（%s %s）与申报的主营行业（%s %s）不一致，行业表述应当依据主营业务确定，请修改行业表述或主营业务",
			p.Industry, p.NameIndustry.String(), p.NameIndustry.Name, req.industry.String(), req.industry.Name)
	}

	// The banned and restricted lexicon (Art 11, 禁限用规则, order 82).
	investors := map[string]bool{}
	for _, inv := range req.Investors {
		investors[dict.Normalize(inv)] = true
	}
	for _, m := range dict.MatchLexicon(p.Normalized, p.TradeNameSpan[0], p.TradeNameSpan[1]) {
		// A natural-person investor may use their own name as the 字号,
		// even when a leader or model shares it.
		if m.Entry.Category == "leader_martyr" && investors[m.Entry.Word] {
			add("investor_name_as_trade_name", Info, Span{m.Start, m.End}, RuleArt8,
				"字号“%s”与投资人姓名相同，自然人投资人可以使用本人姓名作为字号", m.Entry.Word)
			continue
		}
		sev := Block
		if m.Entry.Severity == "approval" {
			sev = Approval
		}
		add("lexicon_"+m.Entry.Category, sev, Span{m.Start, m.End}, m.Entry.Rule,
			"名称含有“%s”（%s），%s", m.Entry.Word, categoryLabel(m.Entry.Category), categoryAdvice(m.Entry.Category))
	}
	return fs
}

// runs groups sorted positions into spans of consecutive positions.
func runs(at []int) []Span {
	var out []Span
	for _, i := range at {
		if len(out) > 0 && out[len(out)-1][1] == i {
			out[len(out)-1][1] = i + 1
			continue
		}
		out = append(out, Span{i, i + 1})
	}
	return out
}

func isLatinOrDigit(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func hanCount(s string) int {
	c := 0
	for _, r := range s {
		if dict.IsHan(r) {
			c++
		}
	}
	return c
}

// regionInScope reports whether the region of the name is within the
// registration scope of the authority. A county named alone may be one of
// several homonyms (新华区): it is in scope if any of them is.
func regionInScope(p *Parts, scope string) bool {
	last := p.Regions[len(p.Regions)-1]
	if last.Level == dict.Province {
		return last.Code == scope
	}
	if len(p.Regions) == 1 {
		for _, h := range dict.RegionsNamed(p.Region) {
			if h.CityCode == scope || h.Code == scope {
				return true
			}
		}
	}
	return last.CityCode == scope || last.Code == scope
}

// cityOf names the city a district of the name belongs to, preferring the
// authority's own city among homonyms.
func cityOf(district, scope string) string {
	var first string
	for _, r := range dict.RegionsNamed(district) {
		c := dict.RegionByCode(r.CityCode)
		if c == nil {
			continue
		}
		if r.CityCode == scope {
			return c.Name
		}
		if first == "" {
			first = c.Name
		}
	}
	return first
}

func orgFormAdvice(entType string) string {
	switch entType {
	case dict.LimitedCompany:
		return "有限责任公司应当使用“有限公司”或“有限责任公司”"
	case dict.JointStock:
		return "股份有限公司应当使用“股份有限公司”或“股份公司”"
	case dict.PartnershipGeneral:
		return "普通合伙企业应当在名称中标明“（普通合伙）”或“（特殊普通合伙）”"
	case dict.PartnershipLimited:
		return "有限合伙企业应当在名称中标明“（有限合伙）”"
	case dict.SoleProprietorship:
		return "个人独资企业不得使用“有限”“有限责任”或“公司”字样，可使用“厂”“店”“中心”“工作室”等"
	case dict.Branch:
		return "分支机构应当以所从属企业的名称加“分公司”“分厂”“分店”等结尾"
	}
	return ""
}

var categoryLabels = map[string]string{
	"party_state_organ":         "党政机关、群团组织名称",
	"military":                  "军队、武警名称或番号",
	"foreign_country":           "外国国家（地区）名称",
	"foreign_city":              "外国地名",
	"international_org":         "国际组织名称",
	"obscene":                   "淫秽、色情内容",
	"gambling":                  "赌博内容",
	"drugs":                     "毒品内容",
	"terror_separatism":         "恐怖、暴力、分裂内容",
	"superstition_feudal":       "封建迷信内容",
	"colonial_national_feeling": "伤害民族感情的内容",
	"negative_political":        "有消极政治影响的内容",
	"ideological":               "意识形态用语",
	"discrimination":            "民族、种族、宗教、性别歧视内容",
	"religion":                  "宗教用语",
	"vulgar":                    "低俗内容",
	"misleading":                "可能使公众误认的用语",
	"non_profit":                "表明或暗示非营利组织的用语",
	"leader_martyr":             "党和国家领导人、革命先烈、英雄模范姓名",
	"notorious_figure":          "反面人物姓名",
	"profession_title":          "职业、职位、学位、职称、军衔、警衔",
	"public_order":              "违背公序良俗的内容",
}

func categoryLabel(c string) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return c
}

func categoryAdvice(c string) string {
	switch c {
	case "profession_title", "foreign_city":
		return "不能单独作为字号，请更换字号"
	case "misleading":
		return "不得使用可能欺骗或者误导公众的用语，请删除"
	case "non_profit":
		return "企业名称不得表明或者暗示为非营利性组织，请删除"
	}
	return "企业名称不得含有此类内容，请删除或更换"
}
