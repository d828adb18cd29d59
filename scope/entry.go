package scope

import (
	"fmt"
	"strings"
)

// Kind is the type of a catalogue entry.
type Kind string

// Entry kinds. Filing items (备案) are registered in the general block but
// still notify the department that keeps the filing.
const (
	General  Kind = "general"  // 一般项目
	Licensed Kind = "licensed" // 许可项目
	Filing   Kind = "filing"   // 备案项目
)

// ParseKind reads a kind in English, Chinese or the official permitType
// digits (0 一般, 2 许可, 4 备案).
func ParseKind(s string) (Kind, error) {
	switch strings.TrimSpace(s) {
	case "general", "一般", "一般项目", "0":
		return General, nil
	case "licensed", "许可", "许可项目", "2":
		return Licensed, nil
	case "filing", "备案", "备案项目", "4":
		return Filing, nil
	}
	return "", fmt.Errorf("无法识别的条目类型“%s”（应为 general/licensed/filing 或 一般/许可/备案）", s)
}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case General:
		return "一般项目"
	case Licensed:
		return "许可项目"
	case Filing:
		return "备案项目"
	}
	return string(k)
}

// Timing says when a licensed item's approval must be obtained.
type Timing string

// Licence timings (前置 / 后置).
const (
	Pre  Timing = "pre"  // before registration; the name reservation lasts one year
	Post Timing = "post" // after registration, before operating the item
)

// ParseTiming reads pre/post or 前置/后置; empty stays empty.
func ParseTiming(s string) (Timing, error) {
	switch strings.TrimSpace(s) {
	case "":
		return "", nil
	case "pre", "前置", "前置许可", "1":
		return Pre, nil
	case "post", "后置", "后置许可", "2":
		return Post, nil
	}
	return "", fmt.Errorf("无法识别的许可类型“%s”（应为 pre/post 或 前置/后置）", s)
}

// License is a licence or filing an entry requires, with the departments
// that approve it and supervise the activity (ids of Departments()).
type License struct {
	Item            string `json:"item"`                       // 许可事项
	Document        string `json:"document,omitempty"`         // 许可证件
	ApprovingDept   string `json:"approving_dept"`             // 审批部门 id
	Level           string `json:"level,omitempty"`            // 审批层级, as the catalogue words it
	SupervisingDept string `json:"supervising_dept,omitempty"` // 主管/监管部门 id
	Filing          bool   `json:"filing,omitempty"`           // a filing (备案), not an approval
}

// Provenance records where an entry comes from.
type Provenance struct {
	Source string `json:"source"` // shanghai_sample, harvested, authored, imported …
	Note   string `json:"note,omitempty"`
}

// Entry is one item of the normalized scope catalogue.
type Entry struct {
	Code          string     `json:"code"`                     // 条目代码
	Wording       string     `json:"wording"`                  // 规范表述
	Kind          Kind       `json:"kind"`                     // 条目类型
	LicenseTiming Timing     `json:"license_timing,omitempty"` // licensed entries only
	Explanation   string     `json:"explanation,omitempty"`    // 条目说明, incl. exclusions
	Industries    []string   `json:"industries,omitempty"`     // GB/T 4754-2017 codes with section letter (F5227)
	EntTypes      []string   `json:"ent_types,omitempty"`      // applicable enterprise types as the catalogue codes them; empty = all
	Keywords      []string   `json:"keywords,omitempty"`       // search keywords / included items
	Licenses      []License  `json:"licenses,omitempty"`
	Provenance    Provenance `json:"provenance"`
}

// clone returns a deep copy, so that callers cannot change a catalogue.
func (e Entry) clone() Entry {
	e.Industries = append([]string(nil), e.Industries...)
	e.EntTypes = append([]string(nil), e.EntTypes...)
	e.Keywords = append([]string(nil), e.Keywords...)
	e.Licenses = append([]License(nil), e.Licenses...)
	return e
}

// approvals returns the licences that are approvals, not filings.
func (e *Entry) approvals() []License {
	var out []License
	for _, l := range e.Licenses {
		if !l.Filing {
			out = append(out, l)
		}
	}
	return out
}
