package name

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"namescope/dict"
)

// restrictedWords may only be prefixed to a name with State Council approval
// (Reg 734 Art 12); in the middle they may only qualify the industry, never
// stand in the 字号 (中央 excepted: Art 12 does not name it there). 国际
// joins them under the 2017 禁限用规则.
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
	fs = append(fs, regionRules(p, scope)...)
	if p.RegionUnbracketed && !p.GroupSubsidiary {
		// A region after the 字号 is written in brackets (Order 82, DR §1.1).
		add("region_unbracketed", Block, p.RegionSpan, RuleOrder82,
			"行政区划“%s”位于字号之后，应当加括号，写作“%s”，或将行政区划置于名称之首", p.Region, bracketRegion(p))
	}

	// 字号 (Art 8).
	tn := p.TradeName
	switch {
	case tn == "" && p.RegulatorNamed:
		// Region + institution type is the name the regulator approves.
	case tn == "":
		add("no_trade_name", Block, whole, RuleArt6, "名称缺少字号，请在行政区划和行业表述之间加入两个以上汉字的字号")
	case hanCount(tn) < 2:
		add("trade_name_too_short", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”不足两个汉字，字号应当由两个以上汉字组成", tn)
	case dict.IsRegionName(tn) && !dict.HasOtherMeaning(tn):
		add("trade_name_is_region", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”是县级以上行政区划名称，不能作为字号（另有含义的除外），请更换字号", tn)
	case dict.IsIndustryTerm(tn) && !(p.TradeNameSpan[0] == 0 && slices.Contains(restrictedWords, tn)):
		// A prefixed 中国 (中国 + 人寿保险) is governed by its approval (Art 12).
		add("trade_name_is_industry", Block, p.TradeNameSpan, RuleArt8,
			"字号“%s”是行业或者经营特点用语，不能作为字号，请使用具有显著性的字号", tn)
	}

	// 中国/中华/中央/全国/国家 (Art 12).
	for _, w := range restrictedWords {
		// A branch carries its parent's approved name (Art 13): the prefix
		// was approved for the parent, not asked for again.
		if strings.HasPrefix(p.Normalized, w) && p.Parent == "" && !placeNameAfter(w, p.Normalized[len(w):]) {
			rule := RuleArt12
			if w == "国际" {
				rule = "《企业名称禁限用规则》限制性规定"
			}
			add("restricted_prefix", Approval, Span{0, len([]rune(w))}, rule,
				"名称冠以“%s”字样，须经国务院批准（由国家市场监督管理总局审核），本地不能直接登记；如无批准文件请删除", w)
		}
		// In the middle, 中国/中华/全国/国家 (Art 12) and 国际 (禁限用规则) may
		// only qualify the industry. 中央 is not among them: there it is a
		// road or an industry word (中央大街, 中央空调), and the central state
		// (中央投资, 中央级) is the lexicon's. A road or estate named with the
		// word (国际商城, 中央大街) is a place name (GUIDE.md §5.3).
		if i := strings.Index(tn, w); i >= 0 && !(i == 0 && p.TradeNameSpan[0] == 0) && w != "中央" {
			at := p.TradeNameSpan[0] + len([]rune(tn[:i]))
			if placeNameAfter(w, string(n[at+len([]rune(w)):])) {
				continue
			}
			add("restricted_word_in_trade_name", Block, Span{at, at + len([]rune(w))}, RuleArt12,
				"“%s”在名称中间使用时只能作为行业限定语（如“%s贸易”），不能用作字号或字号的一部分，请更换字号", w, w)
		} else if at, ok := unqualifiedInIndustry(p, w); ok && w != "中央" {
			add("restricted_word_in_trade_name", Block, at, RuleArt12,
				"“%s”在名称中间使用时只能作为行业限定语，其后应有所限定的行业表述（如“%s贸易”）；不限定行业的“%s”不能使用，请补充行业表述或删除", w, w, w)
		}
	}
	if !p.ChinaMarker.Empty() && p.Parent == "" { // a branch's （中国） is its parent's
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
	if (p.OrgForm == "公司" || p.OrgForm == "总公司") && p.Parent == "" {
		// Legacy 全民所有制 and 集体所有制 enterprises are 公司 without a
		// liability form; a company under the Company Law states it. The
		// check cannot see which the applicant is.
		add("org_form_bare_company", Warn, p.OrgFormSpan, RuleCompanyLaw7+"；"+RuleArt10,
			"组织形式仅写“%s”：依照《公司法》设立的公司，名称中应当标明“有限责任公司”（或“有限公司”）、“股份有限公司”（或“股份公司”）；只写“公司”的，限于全民所有制、集体所有制等非公司制企业，请核实企业类型", p.OrgForm)
	}
	if p.Group && p.Parent == "" { // a branch's 集团 is its parent's (Art 13, 14)
		add("group_conditions", Warn, Span{}, RuleArt14,
			"使用“集团”字样的，应为控制三家以上企业法人的母公司，集团名称应与母公司名称的行政区划、字号、行业或者经营特点一致")
	}
	if p.branchForm() && p.Parent == "" {
		add("branch_without_parent", Block, p.OrgFormSpan, RuleArt13,
			"分支机构名称应当冠以其所从属企业的名称，并缀以“分公司”“分厂”“分店”等字样")
	}

	// Industry wording against the main business (Art 9).
	if !req.industry.IsZero() && p.HasIndustry() && !dict.SameIndustry(req.industry, p.NameIndustry, dict.BySection) {
		add("industry_mismatch", Warn, p.IndustrySpan, RuleArt9,
			"名称中的行业表述“%s”（%s %s）与申报的主营行业（%s %s）不一致，行业表述应当依据主营业务确定，请修改行业表述或主营业务",
			p.Industry, p.NameIndustry.String(), p.NameIndustry.Name, req.industry.String(), req.industry.Name)
	}

	// The banned and restricted lexicon (Art 11, 禁限用规则, order 82, and
	// the sector laws of the financial, medical and education words).
	fs = append(fs, lexiconRules(p, req)...)
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

// regionRules checks the 行政区划 (Art 6, 7). A branch's region is the one
// its qualifier names, if any; its parent's region is the parent's and is
// not checked again (Art 13: a branch carries its parent's full name, and a
// branch registered away from its parent is normal).
func regionRules(p *Parts, scope string) []Finding {
	var fs []Finding
	add := func(code string, sev Severity, span Span, rule, msg string, args ...any) {
		fs = append(fs, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(msg, args...), Rule: rule, Span: span})
	}
	if p.Parent != "" {
		if len(p.BranchRegions) == 0 {
			return nil
		}
		last := p.BranchRegions[len(p.BranchRegions)-1]
		text := ""
		for _, l := range p.BranchRegions {
			text += l.Text
		}
		at := len([]rune(p.Parent))
		span := Span{at, at + len([]rune(text))}
		// A county or district written without its suffix may be a place
		// name of the site (运河, 朝天门); only a division written as such
		// decides.
		if last.Form == dict.FormFull || last.Form == dict.FormShort || last.Form == dict.FormFormer {
			if !branchRegionInScope(last, scope) {
				add("region_outside_authority", Block, span, RuleArt7,
					"分支机构名称中的“%s”不是本登记机关辖区，分支机构应当向其所在地的登记机关申请登记", text)
			}
		}
		return fs
	}
	switch {
	case p.Region == "":
		add("no_region", Approval, Span{}, RuleArt6,
			"名称未使用行政区划。不含行政区划的名称仅限跨省经营的企业，须由国家市场监督管理总局或其授权的登记机关登记；在本地登记请在名称前加上所在地行政区划，如“%s”", scopeName(scope))
	case p.RegionGeneric != "" && len(p.Regions) == 0:
		add("dev_zone_alone", Block, p.RegionSpan, RuleArt7,
			"开发区名称“%s”不能单独作为行政区划使用，应与所在地行政区划名称连用，如“%s%s”或写作“%s高新区”", p.RegionGeneric, scopeName(scope), p.RegionGeneric, scopeShort(scope))
	case len(p.Regions) > 0:
		renamed := p.FormerCounty
		if p.FormerCounty {
			city := currentName(p.Regions[len(p.Regions)-1])
			add("region_renamed", Block, p.RegionSpan, RuleArt7,
				"“%s”已不是现行的行政区划名称（该县已撤销或更名，现为“%s”所辖的区、县），企业名称应当使用企业所在地现行的县级以上行政区划名称，请改用现行名称，如“%s”加现行区、县名称",
				p.Region, city, city)
		}
		for _, rn := range p.RegionNames {
			if rn.Form == dict.FormFormer {
				renamed = true
				add("region_renamed", Block, p.RegionSpan, RuleArt7,
					"“%s”已不是现行的行政区划名称（现为“%s”），企业名称应当使用企业所在地现行的县级以上行政区划名称，请改为“%s”",
					rn.Text, currentName(rn.Region), currentName(rn.Region))
			}
		}
		if d, i := districtWithoutCity(p); d != nil && !renamed {
			text := p.Region
			if i > 0 {
				text = p.RegionNames[i].Text
			}
			city := cityOf(d.Name, scope)
			if c := dict.RegionByCode(d.CityCode); c != nil {
				city = c.Name
			}
			add("city_district_alone", Block, p.RegionSpan, RuleArt7,
				"市辖区名称“%s”不能单独用作名称中的行政区划，应与所在设区的市的名称一并使用，如“%s%s”", text, city, text)
		}
		if !regionInScope(p, scope) {
			last := p.Regions[len(p.Regions)-1]
			switch {
			case len(p.RegionNames) == 1 && p.RegionNames[0].Form == dict.FormCountyShort:
				// A county's short name of another city (宝丰, 东方) at the
				// head is as likely the start of the 字号: the name then has
				// no region of this authority.
				add("no_region", Approval, p.RegionSpan, RuleArt6,
					"名称开头的“%s”不是本登记机关辖区的县级行政区划；如“%s”是字号的一部分，则名称未使用行政区划。在本地登记请在名称前加上所在地行政区划", p.Region, p.Region)
			case last.Level == dict.Province:
				add("province_region", Approval, p.RegionSpan, RuleArt7,
					"名称冠以省级行政区划“%s”，应由省级登记机关登记；在本市登记请使用本市或所在县（市、区）的行政区划", p.Region)
			default:
				add("region_outside_authority", Block, p.RegionSpan, RuleArt7,
					"名称中的行政区划“%s”不是本登记机关辖区，企业名称应当使用企业所在地的县级以上行政区划名称", p.Region)
			}
		}
	}
	return fs
}

// currentName is the full current name of a division, with its city for a
// 市辖区 or county (苏州市吴江区).
func currentName(r *dict.Region) string {
	if r.Level == dict.County {
		if c := dict.RegionByCode(r.CityCode); c != nil && c.Code != r.Code && c.Level == dict.City {
			return c.Name + r.Name
		}
	}
	return r.Name
}

// branchRegionInScope reports whether the division a branch's qualifier
// names lies in the authority's scope; any homonym of the text will do, and
// a province contains the city scopes inside it.
func branchRegionInScope(rn dict.RegionName, scope string) bool {
	for _, h := range dict.RegionFormsOf(rn.Text) {
		r := h.Region
		if r.CityCode == scope || r.Code == scope {
			return true
		}
		if r.Level == dict.Province && strings.HasPrefix(scope, r.Code[:2]) {
			return true
		}
	}
	return false
}

// regionInScope reports whether the region of the name is within the
// registration scope of the authority. A county named alone may be one of
// several homonyms (新华区): it is in scope if any of them is.
func regionInScope(p *Parts, scope string) bool {
	last := p.Regions[len(p.Regions)-1]
	if len(p.Regions) == 1 {
		for _, h := range dict.RegionFormsOf(p.Region) {
			// A district's short name is no region at the head (朝阳 is 朝阳市 there).
			if h.Form == dict.FormDistrictShort {
				continue
			}
			if h.Region.CityCode == scope || h.Region.Code == scope {
				return true
			}
		}
	}
	if last.Level == dict.Province {
		return last.Code == scope
	}
	// A provincial authority registers names of the whole province.
	if auth := dict.RegionByCode(scope); auth != nil && auth.Level == dict.Province && last.ProvinceCode == scope {
		return true
	}
	return last.CityCode == scope || last.Code == scope
}

// cityOf names the city a district of the name belongs to, preferring the
// authority's own city among homonyms.
// scopeName is the name of the division of a registration scope (the
// request's city), for the examples of messages.
func scopeName(scope string) string {
	if r := dict.RegionByCode(scope); r != nil {
		return r.Name
	}
	return "所在地行政区划"
}

// scopeShort is scopeName without its level suffix where the division
// data has that form (郑州市 → 郑州).
func scopeShort(scope string) string {
	if r := dict.RegionByCode(scope); r != nil && r.Short != "" {
		return r.Short
	}
	return scopeName(scope)
}

// districtWithoutCity returns the 市辖区 of the region chain that is not
// joined to its 设区的市 (城关区…, 山东张店: a province is no city), with its
// index in the chain; nil when every district follows its city or
// municipality.
func districtWithoutCity(p *Parts) (*dict.Region, int) {
	for i, r := range p.Regions {
		if r.Level != dict.County || !r.CityDistrict {
			continue
		}
		if i > 0 && (p.Regions[i-1].Level == dict.City || p.Regions[i-1].Code == r.CityCode) {
			continue
		}
		return r, i
	}
	return nil, 0
}

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
	"financial":                 "金融业务用语",
	"medical":                   "医疗机构名称用语",
	"education":                 "学校名称用语",
	"school":                    "义务教育学校名称",
	"public_institution":        "国家机关、事业单位等公共机构名称",
	"protected_name":            "受保护的机构名称",
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

// sectorCodes are the lexicon categories reported under a code of their own
// (GUIDE.md §4.2): the restricted financial, medical and education words,
// the compulsory-education schools and the names of public institutions.
// Every other category is reported as lexicon_<category>.
var sectorCodes = map[string]string{
	"financial":          "restricted_financial",
	"medical":            "restricted_medical",
	"education":          "restricted_education",
	"school":             "school_not_company",
	"public_institution": "public_institution_name",
	"protected_name":     "public_institution_name",
}

// LexiconCode is the finding code a lexicon category is reported under
// (lexicon_<category>, or the sector's own code).
func LexiconCode(category string) string {
	if c, ok := sectorCodes[category]; ok {
		return c
	}
	return "lexicon_" + category
}

// lexiconRules applies the banned and restricted lexicon (Art 11, 禁限用规则,
// order 82, and the sector laws the financial, medical and education rows
// cite). A branch's parent name is matched as a name of its own, so that a
// word restricted to the industry position is judged against the parent's
// form; the branch part names a site (…人民医院书报亭, …大学城营业厅), where a
// sector word counts only when it ends the name, the branch itself being
// that institution (…口腔诊所).
func lexiconRules(p *Parts, req *Request) []Finding {
	var fs []Finding
	n := []rune(p.Normalized)
	investors := map[string]bool{}
	for _, inv := range req.Investors {
		investors[dict.Normalize(inv)] = true
	}
	parentEnd := len(n)
	if p.Parent != "" && strings.HasPrefix(p.Normalized, p.Parent) {
		parentEnd = len([]rune(p.Parent))
	}
	ms := dict.MatchLexicon(string(n[:parentEnd]), p.TradeNameSpan[0], p.TradeNameSpan[1])
	if parentEnd < len(n) {
		for _, m := range dict.MatchLexicon(p.Normalized, p.TradeNameSpan[0], p.TradeNameSpan[1]) {
			if m.Start < parentEnd {
				continue
			}
			if _, sector := sectorCodes[m.Entry.Category]; sector && m.End != len(n) {
				continue
			}
			ms = append(ms, m)
		}
	}
	seen := map[string]bool{}
	for _, m := range ms {
		e := m.Entry
		span := Span{m.Start, m.End}
		inParent := m.End <= parentEnd && parentEnd < len(n)
		switch {
		case e.Category == "leader_martyr" && investors[e.Word]:
			// A natural-person investor may use their own name as the 字号,
			// even when a leader or model shares it.
			fs = append(fs, Finding{Code: "investor_name_as_trade_name", Severity: Info, Span: span, Rule: RuleArt8,
				Message: fmt.Sprintf("字号“%s”与投资人姓名相同，自然人投资人可以使用本人姓名作为字号", e.Word)})
			continue
		case inParent && (e.Category == "medical" || e.Category == "education"):
			// A hospital's or a school's branch is what its own part says
			// (…雁滩门诊部 is matched there; …销售分公司 is no clinic). Only a
			// financial institution opens no branch that is not one: the
			// parent's financial word asks for the branch's licence
			// (GUIDE.md §4.2 "including a parent's name in a branch").
			continue
		case e.Category == "protected_name" && inParent:
			// A branch carries its parent's registered name (Art 13): the
			// owner of the protected name uses it.
			continue
		case e.Category == "protected_name" && investorBears(investors, e.Word):
			fs = append(fs, Finding{Code: "investor_name_in_name", Severity: Info, Span: span, Rule: "《企业名称登记管理规定》第十五条",
				Message: fmt.Sprintf("名称含有“%s”，出资人的名称中含有该字样，有投资关系的可以使用", e.Word)})
			continue
		}
		code := LexiconCode(e.Category)
		if seen[code+"\t"+e.Word] {
			continue
		}
		seen[code+"\t"+e.Word] = true
		sev := Block
		switch e.Severity {
		case "approval":
			sev = Approval
		case "warn":
			sev = Warn
		}
		fs = append(fs, Finding{Code: code, Severity: sev, Span: span, Rule: e.Rule, Message: lexiconMessage(e, inParent)})
	}
	return fs
}

// investorBears reports whether an investor's name contains word.
func investorBears(investors map[string]bool, word string) bool {
	for inv := range investors {
		if strings.Contains(inv, word) {
			return true
		}
	}
	return false
}

// lexiconMessage tells the applicant what a lexicon word means for the name.
// A financial word in a branch's parent name asks for the branch's own
// licence: a bank or an insurer opens a branch only with the regulator's
// approval (商业银行法第十九条、第二十一条; 保险法第七十四条 — read in LawRefBook/Laws
// 民法商法/商业银行法.md@3cd6e86b and 民法商法/保险法.md@3cd6e86b), whatever the
// parent's name was approved for.
func lexiconMessage(e dict.LexiconEntry, inParent bool) string {
	w := e.Word
	switch e.Category {
	case "financial":
		if inParent {
			return fmt.Sprintf("分支机构所从属企业的名称含有“%s”（金融业务用语）。金融机构设立分支机构须经金融管理部门批准，请提交分支机构的批准文件（如金融许可证）后登记", w)
		}
		return fmt.Sprintf("名称含有“%s”（金融业务用语）。设立金融机构、从事金融业务须经金融管理部门批准，未经批准不得在名称中使用该字样；请提交批准文件，或删除该字样", w)
	case "medical":
		return fmt.Sprintf("名称含有“%s”（医疗机构名称用语）。医疗机构（含动物诊疗机构）须经卫生健康或者农业农村主管部门批准，名称经核准并取得执业（诊疗）许可后方可使用；请先办理审批，或删除该字样（医药、医疗器械、健康管理等不受此限）", w)
	case "education":
		return fmt.Sprintf("名称含有“%s”（学校名称用语）。民办学校须经教育或者人力资源社会保障行政部门审批、取得办学许可证后方可登记；请提交审批文件，或改用“培训”“教育咨询”等不表明学校的表述", w)
	case "school":
		return fmt.Sprintf("名称含有“%s”。不得设立实施义务教育的营利性民办学校，企业名称不能使用小学、初中等义务教育学校的名称，请删除", w)
	case "public_institution":
		return fmt.Sprintf("名称含有“%s”，表明或者暗示为国家机关、事业单位等公共机构，可能使公众受骗或者产生误解，请删除", w)
	case "protected_name":
		return fmt.Sprintf("名称含有受保护的机构名称“%s”，仅限与其有投资关系或者经其授权的企业使用：登记时须提交授权文件，或在申报时填写相应的出资人；否则请删除该字样", w)
	}
	return fmt.Sprintf("名称含有“%s”（%s），%s", w, categoryLabel(e.Category), categoryAdvice(e.Category))
}

// unqualifiedInIndustry finds w in the industry expression with no industry
// word after it to qualify (XX国际有限公司, XX国际发展有限公司): it then
// stands for the enterprise itself, as in the 字号 (GUIDE.md §4.1, §5.2).
func unqualifiedInIndustry(p *Parts, w string) (Span, bool) {
	at := p.IndustrySpan[0]
	for k, t := range p.IndustryTerms {
		if i := strings.Index(t.Term, w); i >= 0 {
			if t.Kind == "industry" && t.Term != w {
				return Span{}, false // 国际贸易, 中国风味餐饮 as one expression
			}
			for _, u := range p.IndustryTerms[k+1:] {
				if u.Kind == "industry" {
					return Span{}, false
				}
			}
			// 国际 + 商城 read as the industry: a venue's name, a place.
			if placeNameAfter(w, t.Term[i+len(w):]+termText(p.IndustryTerms[k+1:])) {
				return Span{}, false
			}
			start := at + len([]rune(t.Term[:i]))
			return Span{start, start + len([]rune(w))}, true
		}
		at += len([]rune(t.Term))
	}
	return Span{}, false
}

// placeWords follow 中央 or 国际 in the name of a road, a district, an
// estate or a venue (中央大街, 国际商城, 国际花园, 国际机场, 国际大酒店): the
// word is then part of a place name, not the state or the international
// reach Art 12 and the 禁限用规则 restrict (GUIDE.md §5.3).
var placeWords = []string{
	"大街", "大道", "街", "路", "巷", "广场", "花园", "商城", "新城", "城", "大厦", "商务大厦", "公寓", "社区",
	"小区", "家园", "公馆", "村", "港", "公园", "机场", "大酒店", "酒店", "饭店", "宾馆", "会展中心", "俱乐部",
}

// placeNameAfter reports whether w (中央 or 国际) followed by rest begins a
// place name.
func placeNameAfter(w, rest string) bool {
	if w != "中央" && w != "国际" {
		return false
	}
	for _, pw := range placeWords {
		if strings.HasPrefix(rest, pw) {
			return true
		}
	}
	return false
}

// bracketRegion is the name with its unbracketed region put in brackets.
func bracketRegion(p *Parts) string {
	rs := []rune(p.Normalized)
	return string(rs[:p.RegionSpan[0]]) + "（" + p.Region + "）" + string(rs[p.RegionSpan[1]:])
}
