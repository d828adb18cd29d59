package dict

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/gbt4754_2017.csv
var gbtText string

//go:embed data/industry_terms.tsv
var industryTermsText string

// Industry is a GB/T 4754-2017 category at any of its four levels.
type Industry struct {
	Section string // 门类 letter, A–T
	Code    string // digits: 2 大类, 3 中类, 4 小类; empty for a section alone
	Name    string
}

// String renders the code with its section letter (I, I65, I6513).
func (i Industry) String() string { return i.Section + i.Code }

// IsZero reports whether no industry is set.
func (i Industry) IsZero() bool { return i.Section == "" }

// Level of comparison between industries.
type IndustryLevel int

// Comparison levels: the same 门类, the same 大类 (the default), the same 中类.
const (
	BySection  IndustryLevel = 1
	ByDivision IndustryLevel = 2
	ByGroup    IndustryLevel = 3
	ByClass    IndustryLevel = 4 // the deepest level both codes have
)

// ParseIndustryLevel reads "section", "division" or "group".
func ParseIndustryLevel(s string) (IndustryLevel, error) {
	switch s {
	case "section":
		return BySection, nil
	case "division", "":
		return ByDivision, nil
	case "group":
		return ByGroup, nil
	}
	return 0, fmt.Errorf("unknown industry comparison level %q (section, division or group)", s)
}

// SameIndustry reports whether a and b fall in the same category at level,
// or at the deepest level both are known at when that is shallower.
func SameIndustry(a, b Industry, level IndustryLevel) bool {
	if a.Section != b.Section {
		return false
	}
	depth := int(level)
	if len(a.Code) < depth {
		depth = len(a.Code)
	}
	if len(b.Code) < depth {
		depth = len(b.Code)
	}
	if level == BySection {
		depth = 0
	}
	return a.Code[:depth] == b.Code[:depth]
}

// IndustryTerm is an industry or business-feature expression used in names.
type IndustryTerm struct {
	Term     string
	Industry Industry // zero for modifiers without an industry and for generic words
	Group    string   // synonym group: 地产/房地产/置业 share "realestate"
	Kind     string   // industry, modifier or generic; "word" for a goods or activity word the parser moved from the 字号 (dict.IsIndustryWord)
}

// Generic reports whether the term counts as no industry expression
// (实业, 发展 …; 2017 比对规则).
func (t IndustryTerm) Generic() bool { return t.Kind == "generic" }

type industryTable struct {
	byCode  map[string]Industry // digits or section letter
	terms   map[string]IndustryTerm
	termLst []IndustryTerm
	// maxRunes is the length of the longest expression.
	maxRunes int
}

var (
	industryOnce sync.Once
	industries   *industryTable
)

func loadIndustries() *industryTable {
	industryOnce.Do(func() {
		t := &industryTable{byCode: map[string]Industry{}, terms: map[string]IndustryTerm{}}
		rows, err := csv.NewReader(strings.NewReader(gbtText)).ReadAll()
		if err != nil {
			panic("dict: embedded gbt4754_2017.csv: " + err.Error())
		}
		for _, row := range rows[1:] {
			level, code, name, section := row[0], row[1], row[2], row[3]
			if level == "1" {
				t.byCode[code] = Industry{Section: section, Name: name}
			} else {
				t.byCode[code] = Industry{Section: section, Code: code, Name: name}
			}
		}
		for i, line := range strings.Split(industryTermsText, "\n") {
			f := strings.Split(strings.TrimRight(line, "\r"), "\t")
			if i == 0 || len(f) < 4 || f[0] == "" {
				continue
			}
			term := IndustryTerm{Term: Normalize(f[0]), Group: f[2], Kind: f[3]}
			if f[1] != "" {
				ind, ok := t.byCode[f[1]]
				if !ok {
					panic(fmt.Sprintf("dict: industry_terms.tsv line %d: unknown GB/T code %q", i+1, f[1]))
				}
				term.Industry = ind
			}
			if _, dup := t.terms[term.Term]; dup {
				continue
			}
			t.terms[term.Term] = term
			t.termLst = append(t.termLst, term)
			t.maxRunes = max(t.maxRunes, utf8.RuneCountInString(term.Term))
		}
		sort.Slice(t.termLst, func(i, j int) bool { return t.termLst[i].Term < t.termLst[j].Term })
		industries = t
	})
	return industries
}

// ParseIndustryCode reads a GB/T 4754-2017 code at any level, with or
// without its section letter: I, I65, 6513, I6513.
func ParseIndustryCode(s string) (Industry, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return Industry{}, fmt.Errorf("empty industry code")
	}
	t := loadIndustries()
	letter, digits := "", s
	if s[0] >= 'A' && s[0] <= 'Z' {
		letter, digits = s[:1], s[1:]
	}
	if digits == "" {
		if ind, ok := t.byCode[letter]; ok {
			return ind, nil
		}
		return Industry{}, fmt.Errorf("unknown GB/T 4754-2017 section %q", letter)
	}
	ind, ok := t.byCode[digits]
	if !ok || len(digits) < 2 || len(digits) > 4 {
		return Industry{}, fmt.Errorf("unknown GB/T 4754-2017 code %q", s)
	}
	if letter != "" && ind.Section != letter {
		return Industry{}, fmt.Errorf("GB/T 4754-2017 code %s belongs to section %s, not %s", digits, ind.Section, letter)
	}
	return ind, nil
}

// IndustryByCode returns the category of a code (digits or section letter).
func IndustryByCode(code string) (Industry, bool) {
	ind, ok := loadIndustries().byCode[code]
	return ind, ok
}

// LookupIndustryTerm returns the industry expression s, if it is one.
func LookupIndustryTerm(s string) (IndustryTerm, bool) {
	t, ok := loadIndustries().terms[s]
	return t, ok
}

// IsIndustryTerm reports whether s is an industry or business-feature
// expression (used to refuse industry words as 字号).
func IsIndustryTerm(s string) bool {
	_, ok := loadIndustries().terms[s]
	return ok
}

func industryTermList() []IndustryTerm { return loadIndustries().termLst }

// IndustryGroup returns the industry expressions of a synonym group, in
// term order.
func IndustryGroup(group string) []IndustryTerm {
	var out []IndustryTerm
	if group == "" {
		return nil
	}
	for _, t := range loadIndustries().termLst {
		if t.Group == group {
			out = append(out, t)
		}
	}
	return out
}

// LongestIndustrySuffix returns the industry expression to strip next from
// the end of s, leaving at least keep characters before it.
//
// Of the runs of expressions that end s, it takes the one covering the most
// characters (a run of two or more leaves at least two characters for the
// 字号) and returns that run's last expression, the longest one that still
// completes the run: in 荣熙矿山机械设备 the run 矿山机械 + 设备 covers more
// than 机械设备 alone, so 设备 is returned and 矿山机械 is found next, where a
// plain longest-suffix choice would have left 矿山 in the 字号. Among runs of
// equal cover the one with the longer last expression wins (餐饮管理 whole
// rather than 餐饮 + 管理).
func LongestIndustrySuffix(s string, keep int) (IndustryTerm, bool) {
	rs := []rune(s)
	n := len(rs)
	t := loadIndustries()
	// A single expression leaving keep characters covers the most when it
	// starts at keep; a run of several must leave two.
	from := max(keep, 2)
	if keep < 2 && keep < n {
		if term, ok := t.terms[string(rs[keep:])]; ok {
			return term, true
		}
	}
	for start := from; start < n; start++ {
		// reach[j]: rs[start:j] is a run of expressions.
		reach := make([]bool, n+1)
		reach[start] = true
		for i := start; i < n; i++ {
			if !reach[i] {
				continue
			}
			for j := i + 1; j <= n && j-i <= t.maxRunes; j++ {
				if _, ok := t.terms[string(rs[i:j])]; ok {
					reach[j] = true
				}
			}
		}
		if !reach[n] {
			continue
		}
		for j := start; j < n; j++ {
			if term, ok := t.terms[string(rs[j:])]; ok && reach[j] {
				return term, true
			}
		}
	}
	return IndustryTerm{}, false
}
