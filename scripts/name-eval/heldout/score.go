package main

import (
	"math"
	"sort"
	"strings"
)

// finding is what the scoring needs of a checker finding.
type finding struct {
	Code     string
	Severity string // block, approval, warn, info
}

// families groups the codes that state one defect (GUIDE.md §7): which
// member fires depends on where a parser draws a boundary, so a checker code
// matches a label code of the same family. Every lexicon_* code belongs to
// "banned content" as well (see family).
var families = map[string]string{
	"no_trade_name":          "字号",
	"trade_name_is_industry": "字号",
	"trade_name_too_short":   "字号",
	"trade_name_is_region":   "字号",

	"no_region":                "region",
	"city_district_alone":      "region",
	"dev_zone_alone":           "region",
	"region_outside_authority": "region",
	"province_region":          "region",
	"region_renamed":           "region",
	"region_unbracketed":       "region",

	"traditional_chars": "characters",
	"letters_or_digits": "characters",
	"invalid_chars":     "characters",

	"no_org_form":           "form",
	"org_form_bare_company": "form",
	"branch_without_parent": "form",

	"public_institution_name":   "banned content",
	"disguised_restricted_word": "banned content",
	"disguised_word":            "banned content",

	"restricted_financial": "restricted sectors",
	"restricted_medical":   "restricted sectors",
	"restricted_education": "restricted sectors",
	"school_not_company":   "restricted sectors",

	"restricted_prefix":             "restricted words",
	"restricted_word_in_trade_name": "restricted words",
	"china_marker":                  "restricted words",
}

// family returns the family of a code; a code of no family is its own.
func family(code string) string {
	if strings.HasPrefix(code, "lexicon_") {
		return "banned content"
	}
	if f, ok := families[code]; ok {
		return f
	}
	return code
}

// sameDefect reports whether a checker code states the label code's defect:
// the same code when strict, else the same family.
func sameDefect(checkerCode, labelCode string, strict bool) bool {
	if strict {
		return checkerCode == labelCode
	}
	return family(checkerCode) == family(labelCode)
}

// rank orders verdicts and severities; info and pass are 0.
func rank(sev string) int {
	switch sev {
	case "block":
		return 3
	case "approval":
		return 2
	case "warn":
		return 1
	}
	return 0
}

// wilson is the 95 % Wilson score interval of k successes in n trials.
func wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nf := float64(n)
	den := 1 + z*z/nf
	center := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	return math.Max(0, center-half), math.Min(1, center+half)
}

// labelHas reports whether the label codes state the checker code's defect.
func labelHas(labelCodes []string, checkerCode string, strict bool) bool {
	for _, l := range labelCodes {
		if sameDefect(checkerCode, l, strict) {
			return true
		}
	}
	return false
}

// falseAlarm applies issue 10's definition (GUIDE.md §7): the checker's
// verdict is more severe than the label's, or the verdict is not pass and
// one of the checker's findings whose severity equals the verdict has a code
// the label does not have (judged by family unless strict). It returns the
// reasons, empty when the answer is no false alarm.
func falseAlarm(labelVerdict string, labelCodes []string, verdict string, fs []finding, strict bool) []string {
	var why []string
	if rank(verdict) > rank(labelVerdict) {
		why = append(why, "verdict "+verdict+" > "+labelVerdict)
	}
	if rank(verdict) > 0 {
		seen := map[string]bool{}
		for _, f := range fs {
			if f.Severity != verdict || seen[f.Code] {
				continue
			}
			seen[f.Code] = true
			if !labelHas(labelCodes, f.Code, strict) {
				why = append(why, "unlabelled "+f.Code)
			}
		}
	}
	return why
}

// flagged reports whether the checker states the defect of code: a finding
// that is not mere information, with the same code (strict) or family.
func flagged(code string, fs []finding, strict bool) bool {
	for _, f := range fs {
		if rank(f.Severity) > 0 && sameDefect(f.Code, code, strict) {
			return true
		}
	}
	return false
}

// pair is one disagreement between label and checker within a family: the
// label's codes of the family and the checker's ("—" for none).
type pair struct {
	Label, Checker string
}

const none = "—"

// diffPairs lists, per family, where the label's codes and the checker's
// (non-information) codes differ exactly. A pair whose two sides are both
// present agrees by family and differs only strictly.
func diffPairs(labelCodes []string, fs []finding) []pair {
	byFam := map[string][2][]string{}
	add := func(side int, code string) {
		f := family(code)
		v := byFam[f]
		for _, c := range v[side] {
			if c == code {
				return
			}
		}
		v[side] = append(v[side], code)
		byFam[f] = v
	}
	for _, c := range labelCodes {
		add(0, c)
	}
	for _, f := range fs {
		if rank(f.Severity) > 0 {
			add(1, f.Code)
		}
	}
	fams := make([]string, 0, len(byFam))
	for f := range byFam {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	var out []pair
	for _, f := range fams {
		v := byFam[f]
		l, c := joinSorted(v[0]), joinSorted(v[1])
		if l != c {
			out = append(out, pair{Label: l, Checker: c})
		}
	}
	return out
}

func joinSorted(codes []string) string {
	if len(codes) == 0 {
		return none
	}
	cs := append([]string(nil), codes...)
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

// kind says what a disagreement pair means for the figures.
func (p pair) kind() string {
	switch {
	case p.Label == none:
		return "checker only"
	case p.Checker == none:
		return "missed"
	}
	return "same family"
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
