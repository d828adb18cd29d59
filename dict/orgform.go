package dict

import "strings"

// Enterprise types, as the HTTP contract names them.
const (
	LimitedCompany     = "limited_company"
	JointStock         = "joint_stock"
	PartnershipGeneral = "partnership_general"
	PartnershipLimited = "partnership_limited"
	SoleProprietorship = "sole_proprietorship"
	Branch             = "branch"
)

// EntTypes lists every enterprise type.
var EntTypes = []string{LimitedCompany, JointStock, PartnershipGeneral, PartnershipLimited, SoleProprietorship, Branch}

// EntTypeLabel is the Chinese name of an enterprise type.
func EntTypeLabel(t string) string {
	switch t {
	case LimitedCompany:
		return "有限责任公司"
	case JointStock:
		return "股份有限公司"
	case PartnershipGeneral:
		return "普通合伙企业"
	case PartnershipLimited:
		return "有限合伙企业"
	case SoleProprietorship:
		return "个人独资企业"
	case Branch:
		return "分支机构"
	}
	return t
}

// OrgForm is an organisational form (组织形式) that ends a name, with the
// enterprise types it may be used by (Reg 734 Art 10).
type OrgForm struct {
	Text     string
	EntTypes []string
}

// Fits reports whether enterprise type t may use the form.
func (f OrgForm) Fits(t string) bool { return containsString(f.EntTypes, t) }

var company = []string{LimitedCompany}
var stock = []string{JointStock}
var nonCompany = []string{SoleProprietorship}

// orgForms, longest first within each family so that the longest suffix wins.
// Partnership markers are bracketed and may follow a non-company form word
// (中心（有限合伙）), which the parser handles separately.
var orgForms = []OrgForm{
	{"股份有限公司", stock},
	{"有限责任公司", company},
	{"股份公司", stock},
	{"有限公司", company},
	{"分公司", []string{Branch}},
	{"支公司", []string{Branch}},
	{"分理处", []string{Branch}},
	{"营业部", []string{Branch}},
	{"营业所", []string{Branch}},
	{"营业厅", []string{Branch}},
	{"邮政所", []string{Branch}},
	{"储蓄所", []string{Branch}},
	{"分中心", []string{Branch}},
	{"分厂", []string{Branch}},
	{"分店", []string{Branch}},
	{"分行", []string{Branch}},
	{"支行", []string{Branch}},
	{"支局", []string{Branch}},
	{"分社", []string{Branch}},
	{"分部", []string{Branch}},
	{"分所", []string{Branch}},
	// 总公司: the legacy head office of a 全民所有制 or 集体所有制
	// enterprise, a bare 公司 with no liability form.
	{"总公司", []string{LimitedCompany, JointStock}},
	{"公司", []string{LimitedCompany, JointStock}},
	{"（特殊普通合伙）", []string{PartnershipGeneral}},
	{"（普通合伙）", []string{PartnershipGeneral}},
	{"（有限合伙）", []string{PartnershipLimited}},
	{"合伙企业", []string{PartnershipGeneral, PartnershipLimited}},
	// Cooperatives (农民专业合作社法; Reg 734 Art 25 by analogy): no
	// enterprise type of the contract fits them. A rural credit
	// cooperative's form is 联社 (农村信用合作 + 联社).
	{"农民专业合作社", nil}, {"股份经济合作社", nil}, {"专业合作社", nil}, {"经济合作社", nil},
	{"联合社", nil}, {"合作社", nil}, {"联社", nil},
	{"工作室", nonCompany}, {"经营部", nonCompany}, {"门市部", nonCompany}, {"服务部", nonCompany},
	{"经销部", nonCompany}, {"批发部", nonCompany}, {"事务所", nonCompany}, {"加工厂", nonCompany},
	{"中心", nonCompany}, {"商行", nonCompany}, {"商店", nonCompany}, {"超市", nonCompany},
	{"厂", nonCompany}, {"店", nonCompany}, {"部", nonCompany}, {"行", nonCompany},
	{"馆", nonCompany}, {"社", nonCompany}, {"所", nonCompany}, {"场", nonCompany},
	{"站", nonCompany}, {"坊", nonCompany}, {"园", nonCompany}, {"城", nonCompany},
}

// partnershipHosts are the form words a partnership marker may follow.
var partnershipHosts = []string{"合伙企业", "事务所", "工作室", "中心"}

// TrimOrgForm splits s into the text before its organisational form and the
// form. A partnership marker may carry a host word: 中心（有限合伙）.
func TrimOrgForm(s string) (rest string, form OrgForm, ok bool) {
	for _, f := range orgForms {
		if !strings.HasSuffix(s, f.Text) || len([]rune(s)) <= len([]rune(f.Text)) {
			continue
		}
		rest = strings.TrimSuffix(s, f.Text)
		if strings.HasPrefix(f.Text, "（") {
			for _, h := range partnershipHosts {
				if strings.HasSuffix(rest, h) {
					return strings.TrimSuffix(rest, h), OrgForm{Text: h + f.Text, EntTypes: f.EntTypes}, true
				}
			}
		}
		return rest, f, true
	}
	return s, OrgForm{}, false
}

// IsCompanyForm reports whether the form is a company form (contains 公司):
// only companies may say 有限 or 公司 (Reg 734 Art 10).
func IsCompanyForm(text string) bool {
	return strings.Contains(text, "公司")
}

// branchOnlyWords end only a branch's name (Reg 734 Art 13 "分公司、分厂、
// 分店等字样" and the sector-standard words of banks, insurers, post and
// telecommunications).
var branchOnlyWords = []string{
	"分公司", "支公司", "分理处", "营业部", "营业所", "营业厅", "邮政所", "储蓄所", "分中心",
	"分厂", "分店", "分行", "支行", "支局", "分社", "分部", "分所",
}

// branchSiteWords name a site of the parent's business (a shop, a station,
// a mine, a counter); after a parent's full name they end a branch's name,
// alone some are forms of non-company enterprises.
var branchSiteWords = []string{
	"营销服务部", "污水处理厂", "门市部", "经营部", "服务部", "经销部", "批发部", "加油站", "加气站", "配送站",
	"连锁店", "便利店", "大药房", "种猪场", "专卖店", "专柜", "药店", "药房", "煤矿", "超市", "商店", "门店",
	"门市", "酒楼", "饭店", "酒店", "宾馆", "餐厅", "信用社", "旅社", "运输队",
	"中心", "厂", "店", "部", "站", "所", "场", "处", "厅", "柜", "矿", "局", "馆", "行", "点",
}

// BranchWordSuffix returns the longest branch word ending s that leaves
// text before it; only reports a word that ends nothing but a branch's name
// (分公司, 支行 …) as opposed to a site word (门市部, 加油站 …).
func BranchWordSuffix(s string) (word string, only bool, ok bool) {
	for _, list := range [][]string{branchOnlyWords, branchSiteWords} {
		for _, w := range list {
			if strings.HasSuffix(s, w) && len(s) > len(w) && len(w) > len(word) {
				word, only = w, list[0] == branchOnlyWords[0]
			}
		}
	}
	return word, only, word != ""
}

// BranchForm is the organisational form of a branch ending with word.
func BranchForm(word string) OrgForm { return OrgForm{Text: word, EntTypes: []string{Branch}} }
