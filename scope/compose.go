package scope

import (
	"fmt"
	"strings"

	"namescope/apperr"
	"namescope/dict"
	"namescope/legal"
)

// The fixed parts of the registered scope text (see domain-rules.md 2.3).
const (
	GeneralHeader  = "一般项目："
	GeneralClosing = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
	LicensedHeader = "许可项目："
	// LicensedClosing is the closing of the licensed block.
	LicensedClosing = "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
	itemSeparator   = "；"
)

// Name reservation periods, Regulation 734 Art 18: two months, one year when
// the scope holds an item that needs approval before registration.
const (
	ReservationMonths            = legal.ReservationMonths
	ReservationMonthsPreApproval = legal.ReservationMonthsPreApproval
)

// maxComposeItems bounds a registration's scope.
const maxComposeItems = 200

// ComposeRequest is an ordered selection: the first code is the main
// business (主营项目).
type ComposeRequest struct {
	Codes []string `json:"codes"`
	// Industry is the GB/T 4754-2017 code of the industry expression of the
	// enterprise name (any level: I, I65, I6513); empty skips the check.
	Industry string `json:"industry,omitempty"`
}

// Composition is the registered scope and what follows from it.
type Composition struct {
	Text              string            `json:"text"`   // the registered scope text, exactly
	Blocks            []Block           `json:"blocks"` // main-business block first
	Licenses          []RequiredLicense `json:"licenses"`
	PreApproval       bool              `json:"pre_approval"`       // an item needs approval before registration
	ReservationMonths int               `json:"reservation_months"` // name reservation period
	Consistency       *Consistency      `json:"consistency,omitempty"`
	CatalogueVersion  int               `json:"catalogue_version"`
}

// Block is the general or the licensed part of the text.
type Block struct {
	Kind  Kind           `json:"kind"` // General (with filing items) or Licensed
	Items []ComposedItem `json:"items"`
	Text  string         `json:"text"`
}

// ComposedItem is an entry as placed in the text.
type ComposedItem struct {
	Code    string `json:"code"`
	Wording string `json:"wording"`
	Kind    Kind   `json:"kind"`
}

// RequiredLicense is a licence or filing the enterprise must obtain, with
// the items that need it and its departments' names.
type RequiredLicense struct {
	License
	Timing              Timing   `json:"timing,omitempty"` // licences only
	ApprovingDeptName   string   `json:"approving_dept_name"`
	SupervisingDeptName string   `json:"supervising_dept_name,omitempty"`
	Codes               []string `json:"codes"`
}

// Consistency compares the main entry's industries with the name's.
type Consistency struct {
	Status         string   `json:"status"` // consistent, inconsistent or unknown
	MainCode       string   `json:"main_code"`
	MainWording    string   `json:"main_wording"`
	MainIndustries []string `json:"main_industries,omitempty"`
	NameIndustry   string   `json:"name_industry"`
	Message        string   `json:"message"`
}

// Consistency statuses.
const (
	Consistent   = "consistent"
	Inconsistent = "inconsistent"
	Unknown      = "unknown"
)

// Compose assembles the registered scope text from catalogue entries.
func Compose(cat *Catalogue, req ComposeRequest) (Composition, error) {
	if len(req.Codes) == 0 {
		return Composition{}, apperr.Invalid("请至少选择一个经营范围条目")
	}
	if len(req.Codes) > maxComposeItems {
		return Composition{}, apperr.Invalid("经营范围条目不能超过 %d 个", maxComposeItems)
	}
	var nameIndustry *dict.Industry
	if strings.TrimSpace(req.Industry) != "" {
		ind, err := dict.ParseIndustryCode(req.Industry)
		if err != nil {
			return Composition{}, apperr.Invalid("行业代码“%s”不是 GB/T 4754-2017 代码", req.Industry)
		}
		nameIndustry = &ind
	}
	entries := make([]*Entry, 0, len(req.Codes))
	seen := map[string]bool{}
	for _, code := range req.Codes {
		code = strings.TrimSpace(code)
		e := cat.entry(code)
		if e == nil {
			return Composition{}, apperr.Invalid("经营范围目录中没有条目代码“%s”", code)
		}
		if seen[e.Code] {
			return Composition{}, apperr.Invalid("条目“%s”（%s）重复选择", e.Wording, e.Code)
		}
		seen[e.Code] = true
		entries = append(entries, e)
	}

	general := Block{Kind: General}
	licensed := Block{Kind: Licensed}
	for _, e := range entries {
		item := ComposedItem{Code: e.Code, Wording: e.Wording, Kind: e.Kind}
		if e.Kind == Licensed {
			licensed.Items = append(licensed.Items, item)
		} else {
			// Filing items are registered as general items.
			general.Items = append(general.Items, item)
		}
	}
	general.Text = blockText(GeneralHeader, general.Items, GeneralClosing)
	licensed.Text = blockText(LicensedHeader, licensed.Items, LicensedClosing)

	out := Composition{CatalogueVersion: cat.version, ReservationMonths: ReservationMonths}
	// The block of the main business comes first.
	order := []Block{general, licensed}
	if entries[0].Kind == Licensed {
		order = []Block{licensed, general}
	}
	var text strings.Builder
	for _, b := range order {
		if len(b.Items) == 0 {
			continue
		}
		out.Blocks = append(out.Blocks, b)
		text.WriteString(b.Text)
	}
	out.Text = text.String()

	out.Licenses = requiredLicenses(entries)
	for _, e := range entries {
		if e.Kind == Licensed && e.LicenseTiming == Pre {
			out.PreApproval = true
			out.ReservationMonths = ReservationMonthsPreApproval
		}
	}
	if nameIndustry != nil {
		c := consistency(entries[0], *nameIndustry)
		out.Consistency = &c
	}
	return out, nil
}

func blockText(header string, items []ComposedItem, closing string) string {
	if len(items) == 0 {
		return ""
	}
	words := make([]string, len(items))
	for i, it := range items {
		words[i] = it.Wording
	}
	return header + strings.Join(words, itemSeparator) + closing
}

// requiredLicenses merges the licences of entries, first seen first: the
// same document from the same department is one licence to obtain, however
// differently two catalogue entries word its item. Codes lists the entries
// that need it.
func requiredLicenses(entries []*Entry) []RequiredLicense {
	type key struct {
		doc, dept string
		filing    bool
	}
	out := []RequiredLicense{} // an empty list, never null, in the JSON answer
	at := map[key]int{}
	for _, e := range entries {
		for _, l := range e.Licenses {
			k := key{l.Document, l.ApprovingDept, l.Filing}
			if l.Document == "" {
				k.doc = "item:" + l.Item
			}
			if i, ok := at[k]; ok {
				if !contains(out[i].Codes, e.Code) {
					out[i].Codes = append(out[i].Codes, e.Code)
				}
				if e.LicenseTiming == Pre && !l.Filing {
					out[i].Timing = Pre
				}
				continue
			}
			r := RequiredLicense{
				License:           l,
				ApprovingDeptName: DepartmentName(l.ApprovingDept),
				Codes:             []string{e.Code},
			}
			if l.SupervisingDept != "" {
				r.SupervisingDeptName = DepartmentName(l.SupervisingDept)
			}
			if !l.Filing {
				r.Timing = e.LicenseTiming
			}
			at[k] = len(out)
			out = append(out, r)
		}
	}
	return out
}

// consistency compares at 大类 level (Reg 734 Art 9: the industry expression
// follows the main business); a section-only name industry compares at 门类.
func consistency(main *Entry, name dict.Industry) Consistency {
	c := Consistency{
		MainCode:       main.Code,
		MainWording:    main.Wording,
		MainIndustries: append([]string(nil), main.Industries...),
		NameIndustry:   name.String(),
	}
	nameLabel := industryLabel(name)
	if len(main.Industries) == 0 {
		c.Status = Unknown
		c.Message = fmt.Sprintf("主营项目“%s”未标注国民经济行业分类，无法与企业名称中的行业表述（%s）比对", main.Wording, nameLabel)
		return c
	}
	var mainLabels []string
	for _, code := range main.Industries {
		ind, err := dict.ParseIndustryCode(code)
		if err != nil {
			continue
		}
		if dict.SameIndustry(ind, name, dict.ByDivision) {
			c.Status = Consistent
			c.Message = fmt.Sprintf("主营项目“%s”属于%s，与企业名称中的行业表述（%s）一致", main.Wording, industryLabel(divisionOf(ind)), nameLabel)
			return c
		}
		if l := industryLabel(divisionOf(ind)); !contains(mainLabels, l) {
			mainLabels = append(mainLabels, l)
		}
	}
	c.Status = Inconsistent
	c.Message = fmt.Sprintf("主营项目“%s”属于%s，与企业名称中的行业表述（%s）不一致：企业名称中的行业表述应当与主营业务一致（《企业名称登记管理规定》第九条），请调整名称中的行业表述，或把与名称行业相符的条目排在首位",
		main.Wording, strings.Join(mainLabels, "、"), nameLabel)
	return c
}

// divisionOf returns the 大类 of an industry (itself when shallower).
func divisionOf(ind dict.Industry) dict.Industry {
	if len(ind.Code) <= 2 {
		return ind
	}
	if d, ok := dict.IndustryByCode(ind.Code[:2]); ok {
		return d
	}
	return ind
}

func industryLabel(ind dict.Industry) string {
	return ind.String() + " " + ind.Name
}
