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
	{"分厂", []string{Branch}},
	{"分店", []string{Branch}},
	{"分中心", []string{Branch}},
	{"分部", []string{Branch}},
	{"分所", []string{Branch}},
	{"营业部", []string{Branch}},
	{"公司", []string{LimitedCompany, JointStock}},
	{"（特殊普通合伙）", []string{PartnershipGeneral}},
	{"（普通合伙）", []string{PartnershipGeneral}},
	{"（有限合伙）", []string{PartnershipLimited}},
	{"合伙企业", []string{PartnershipGeneral, PartnershipLimited}},
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
