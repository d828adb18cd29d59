package supervision

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"namescope/dict"
)

//go:embed data/violations.csv
var violationsCSV []byte

//go:embed data/sanxin_map.csv
var sanxinMapCSV []byte

//go:embed data/sanxin_categories.csv
var sanxinCategoriesCSV []byte

// Domains of the violation catalogue, in display order.
var domains = []string{
	"registration", "annual_report", "advertising", "pricing", "labelling",
	"ecommerce", "food", "quality", "other",
}

// codePrefix is the code prefix each domain's items carry (REG-001 …).
var codePrefix = map[string]string{
	"registration": "REG", "annual_report": "ANR", "advertising": "ADV",
	"pricing": "PRC", "labelling": "LAB", "ecommerce": "ECO", "food": "FOOD",
	"quality": "QUA", "other": "OTH",
}

// List membership kinds. no_penalty_unspecified is a no-penalty list that
// does not say which sentence of 行政处罚法第三十三条第一款 it applies.
var membershipKinds = []string{
	"first_offence_no_penalty", "minor_no_penalty", "no_penalty_unspecified",
	"mitigated", "lighter",
}

var violationColumns = []string{
	"code", "violation", "domain", "law", "article", "penalty_article",
	"penalty_text", "fine_min", "fine_max", "fine_rule", "fine_condition",
	"serious_tier", "lists", "conditions", "active", "basis_status", "provenance",
}

// FineRange is a fixed fine range in yuan; Min 0 means the article sets
// no floor ("X元以下").
type FineRange struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

// Membership is an item's place on a published list: Kind is one of
// first_offence_no_penalty, minor_no_penalty, no_penalty_unspecified,
// mitigated (减轻) and lighter (从轻); List is the list id of
// ../shared/data/supervision/penalty_exemption_items.csv.
type Membership struct {
	Kind string `json:"kind"`
	List string `json:"list"`
}

// Violation is one item of the violation catalogue. Active items have a
// confirmed legal basis and penalty (Fine and/or FineRule); inactive ones
// are kept, flagged "basis to be confirmed", for admin review.
type Violation struct {
	Code           string       `json:"code"`
	Text           string       `json:"violation"`
	Domain         string       `json:"domain"`
	Law            string       `json:"law,omitempty"`
	Article        string       `json:"article,omitempty"`
	PenaltyArticle string       `json:"penalty_article,omitempty"`
	PenaltyText    string       `json:"penalty_text,omitempty"`
	Fine           *FineRange   `json:"fine_range,omitempty"`
	FineRule       string       `json:"fine_rule,omitempty"`      // multiples, alternatives or "不设罚款"
	FineCondition  string       `json:"fine_condition,omitempty"` // e.g. 拒不改正的: the fine needs this first
	SeriousTier    string       `json:"serious_tier,omitempty"`   // what 情节严重 adds
	Lists          []Membership `json:"lists,omitempty"`
	Conditions     string       `json:"conditions,omitempty"`
	Active         bool         `json:"active"`
	BasisStatus    string       `json:"basis_status"` // confirmed or to_be_confirmed
	Provenance     string       `json:"provenance"`
}

var (
	codeRe   = regexp.MustCompile(`^([A-Z]+)-(\d{3})$`)
	listIDRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.-]*$`)
)

// readCSV reads a CSV file whose leading lines may be '#' comments and
// whose header must be exactly want. It returns the records after the
// header and the file line each of them starts on.
func readCSV(r io.Reader, want []string) ([][]string, []int, error) {
	br := bufio.NewReader(r)
	line := 1
	for {
		b, err := br.Peek(1)
		if err != nil || b[0] != '#' {
			break
		}
		if _, err := br.ReadString('\n'); err != nil {
			return nil, nil, &CatalogueError{Line: line, Err: errors.New("unterminated comment"), Zh: "注释行没有换行结尾"}
		}
		line++
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = 0 // all records as wide as the header
	var recs [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pe.StartLine += line - 1
				pe.Line += line - 1
				zh := "CSV 格式有误"
				switch {
				case errors.Is(pe.Err, csv.ErrFieldCount):
					zh = fmt.Sprintf("字段数与表头（%d 列）不一致", len(want))
				case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
					zh = "引号使用有误（含逗号或引号的值须整体加英文双引号，值内的引号写两遍）"
				}
				ce := &CatalogueError{Line: pe.Line, Err: err, Zh: zh}
				if !errors.Is(pe.Err, csv.ErrFieldCount) {
					ce.Col = pe.Column
				}
				return nil, nil, ce
			}
			return nil, nil, err
		}
		l, _ := cr.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, l+line-1)
	}
	if len(recs) == 0 {
		return nil, nil, &CatalogueError{Line: line, Err: errors.New("no header"), Zh: "缺少表头"}
	}
	if !slices.Equal(recs[0], want) {
		return nil, nil, &CatalogueError{Line: lines[0], Err: fmt.Errorf("header %q, want %q", recs[0], want),
			Zh: "表头应为 " + strings.Join(want, ",")}
	}
	return recs[1:], lines[1:], nil
}

// CatalogueError is a fault of a data file: the file line it is on (1 the
// first), the column (by name, or by position when the record could not be
// read), the item code when known, and what is wrong in English (Err) and
// in Chinese (Zh, for staff).
type CatalogueError struct {
	Line   int
	Column string
	Col    int // 1-based character position when Column is unknown
	Code   string
	Err    error
	Zh     string
}

func (e *CatalogueError) Error() string {
	s := fmt.Sprintf("line %d", e.Line)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Column != "" {
		s += ", column " + e.Column
	}
	return s + ": " + e.Err.Error()
}

func (e *CatalogueError) Unwrap() error { return e.Err }

// Chinese is the fault in Chinese, naming the line and the column.
func (e *CatalogueError) Chinese() string {
	s := fmt.Sprintf("第 %d 行", e.Line)
	if e.Code != "" {
		s += "（事项 " + e.Code + "）"
	}
	switch {
	case e.Column != "":
		s += " " + e.Column + " 列"
	case e.Col > 0:
		s += fmt.Sprintf("第 %d 个字符处", e.Col)
	}
	return s + "：" + e.Zh
}

// fieldError is a fault of one column of a record.
type fieldError struct {
	col string
	zh  string
	err error
}

func (e *fieldError) Error() string {
	if e.col == "" {
		return e.err.Error()
	}
	return e.col + ": " + e.err.Error()
}

// bad is a fault of column col (empty: of the record), in English and Chinese.
func bad(col, zh string, format string, a ...any) error {
	return &fieldError{col: col, zh: zh, err: fmt.Errorf(format, a...)}
}

// ParseViolations reads and validates a violation catalogue in the format of
// data/violations.csv. It rejects unknown or missing columns, duplicate
// codes, unknown domains, a code whose prefix does not fit its domain, bad
// or inverted fine amounts, unknown list kinds, and an active item without
// its legal basis (law, article, penalty article and text) or without a
// fine range or fine rule. Its errors wrap a *CatalogueError naming the
// line and column.
func ParseViolations(r io.Reader) ([]Violation, error) {
	recs, lines, err := readCSV(r, violationColumns)
	if err != nil {
		return nil, fmt.Errorf("violations: %w", err)
	}
	seen := map[string]bool{}
	out := make([]Violation, 0, len(recs))
	for i, f := range recs {
		v, err := parseViolation(f)
		if err != nil {
			ce := &CatalogueError{Line: lines[i], Code: f[0], Err: err, Zh: err.Error()}
			var fe *fieldError
			if errors.As(err, &fe) {
				ce.Column, ce.Zh, ce.Err = fe.col, fe.zh, fe.err
			}
			return nil, fmt.Errorf("violations: record %d: %w", i+1, ce)
		}
		if seen[v.Code] {
			return nil, fmt.Errorf("violations: record %d: %w", i+1, &CatalogueError{Line: lines[i], Column: "code", Code: v.Code,
				Err: fmt.Errorf("duplicate code %s", v.Code), Zh: "事项代码 " + v.Code + " 重复"})
		}
		seen[v.Code] = true
		out = append(out, v)
	}
	return out, nil
}

func parseYuan(col, s string) (int64, error) {
	if s == "" || strings.TrimSpace(s) != s || s[0] == '+' {
		return 0, bad(col, fmt.Sprintf("金额“%s”无效，应为不带单位的整数（元）", s), "bad amount %q", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, bad(col, fmt.Sprintf("金额“%s”无效，应为不带单位的非负整数（元）", s), "bad amount %q", s)
	}
	return n, nil
}

func parseViolation(f []string) (Violation, error) {
	for i, s := range f {
		if strings.TrimSpace(s) != s {
			return Violation{}, bad(violationColumns[i], "值的首尾有空格", "leading or trailing space")
		}
	}
	v := Violation{
		Code: f[0], Text: f[1], Domain: f[2], Law: f[3], Article: f[4],
		PenaltyArticle: f[5], PenaltyText: f[6], FineRule: f[9],
		FineCondition: f[10], SeriousTier: f[11], Conditions: f[13],
		BasisStatus: f[15], Provenance: f[16],
	}
	m := codeRe.FindStringSubmatch(v.Code)
	if m == nil {
		return v, bad("code", fmt.Sprintf("事项代码“%s”无效，应形如 REG-001", v.Code), "bad code %q (want e.g. REG-001)", v.Code)
	}
	prefix, ok := codePrefix[v.Domain]
	if !ok {
		return v, bad("domain", fmt.Sprintf("领域“%s”无效，应为 %s 之一", v.Domain, strings.Join(domains, "、")), "unknown domain %q", v.Domain)
	}
	if m[1] != prefix {
		return v, bad("code", fmt.Sprintf("领域 %s 的事项代码应以 %s- 开头", v.Domain, prefix),
			"code %s does not carry the %s prefix of domain %s", v.Code, prefix, v.Domain)
	}
	if v.Text == "" {
		return v, bad("violation", "违法行为表述为空", "empty violation text")
	}
	if v.Provenance == "" {
		return v, bad("provenance", "来源为空", "empty provenance")
	}
	switch {
	case f[7] == "" && f[8] == "":
	case f[7] == "" || f[8] == "":
		col := "fine_min"
		if f[8] == "" {
			col = "fine_max"
		}
		return v, bad(col, "fine_min 与 fine_max 须同时填写或同时留空", "fine_min and fine_max must both be set or both be empty")
	default:
		lo, err := parseYuan("fine_min", f[7])
		if err != nil {
			return v, err
		}
		hi, err := parseYuan("fine_max", f[8])
		if err != nil {
			return v, err
		}
		if lo > hi {
			return v, bad("fine_min", fmt.Sprintf("罚款下限 %d 元高于上限 %d 元", lo, hi), "fine_min %d > fine_max %d", lo, hi)
		}
		if hi == 0 {
			return v, bad("fine_max", "罚款上限为 0：没有罚款时两列都应留空", "fine_max 0: leave both empty when there is no fine")
		}
		v.Fine = &FineRange{Min: lo, Max: hi}
	}
	if f[12] != "" {
		for _, part := range strings.Split(f[12], "; ") {
			kind, list, ok := strings.Cut(part, ":")
			if !ok || !slices.Contains(membershipKinds, kind) || !listIDRe.MatchString(list) {
				return v, bad("lists", fmt.Sprintf("清单归属“%s”无效，应为“类别:清单编号”（多项以“; ”分隔），类别为 %s 之一", part, strings.Join(membershipKinds, "、")),
					"bad list membership %q (want kind:LIST-ID; kinds %v)", part, membershipKinds)
			}
			mb := Membership{Kind: kind, List: list}
			if slices.Contains(v.Lists, mb) {
				return v, bad("lists", fmt.Sprintf("清单归属“%s”重复", part), "list membership %q repeated", part)
			}
			v.Lists = append(v.Lists, mb)
		}
	}
	switch f[14] {
	case "true":
		v.Active = true
	case "false":
	default:
		return v, bad("active", fmt.Sprintf("“%s”无效，应为 true 或 false", f[14]), "active %q: want true or false", f[14])
	}
	switch {
	case v.Active && v.BasisStatus != "confirmed":
		return v, bad("basis_status", "启用的事项（active 为 true）其 basis_status 应为 confirmed",
			"active item with basis_status %q (want confirmed)", v.BasisStatus)
	case !v.Active && v.BasisStatus != "to_be_confirmed":
		return v, bad("basis_status", "未启用的事项（active 为 false）其 basis_status 应为 to_be_confirmed",
			"inactive item with basis_status %q (want to_be_confirmed)", v.BasisStatus)
	}
	if v.Active {
		for _, c := range []struct{ name, val string }{
			{"law", v.Law}, {"article", v.Article},
			{"penalty_article", v.PenaltyArticle}, {"penalty_text", v.PenaltyText},
		} {
			if c.val == "" {
				return v, bad(c.name, "启用的事项须有法律依据，此列不能为空", "active item without %s", c.name)
			}
		}
		if v.Fine == nil && v.FineRule == "" {
			return v, bad("fine_min", "启用的事项须有罚款幅度（fine_min、fine_max）或罚款规则（fine_rule）",
				"active item without fine range or fine_rule")
		}
	}
	return v, nil
}

// SanxinCategory is a top category of the 2018 三新 classification.
type SanxinCategory struct {
	Order int    `json:"order"`
	Name  string `json:"name"`
}

// Excluded is the category value of map rows whose code is never
// designated new-economy (finance and quasi-finance).
const Excluded = "excluded"

// Kinds of sanxin map rows.
const (
	KindIndustry = "gbt4754" // GB/T 4754-2017 code with its section letter
	KindScope    = "scope"   // business-scope catalogue entry code
)

// SanxinRule is one authored row of data/sanxin_map.csv.
type SanxinRule struct {
	Kind       string `json:"kind"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Category   string `json:"category"` // a category name or Excluded
	Confidence string `json:"confidence"`
	Basis      string `json:"basis"`
}

var sanxinColumns = []string{"kind", "code", "name", "category", "confidence", "basis"}

var industryCodeRe = regexp.MustCompile(`^[A-T]\d{2,4}$`)

func parseCategories(r io.Reader) ([]SanxinCategory, error) {
	recs, _, err := readCSV(r, []string{"order", "name", "source_url"})
	if err != nil {
		return nil, fmt.Errorf("sanxin categories: %w", err)
	}
	var out []SanxinCategory
	for i, f := range recs {
		n, err := strconv.Atoi(f[0])
		if err != nil || n != i+1 || f[1] == "" {
			return nil, fmt.Errorf("sanxin categories: record %d: want order %d and a name, got %q", i+1, i+1, f[:2])
		}
		out = append(out, SanxinCategory{Order: n, Name: f[1]})
	}
	if len(out) != 9 {
		return nil, fmt.Errorf("sanxin categories: %d categories, want 9", len(out))
	}
	return out, nil
}

// ParseSanxinMap reads and validates a 三新 mapping in the format of
// data/sanxin_map.csv against the given categories: GB/T codes must exist in
// GB/T 4754-2017 (dict.ParseIndustryCode), carry their section letter and
// the standard's name; categories must be one of cats or Excluded.
func ParseSanxinMap(r io.Reader, cats []SanxinCategory) ([]SanxinRule, error) {
	recs, lines, err := readCSV(r, sanxinColumns)
	if err != nil {
		return nil, fmt.Errorf("sanxin map: %w", err)
	}
	seen := map[[2]string]bool{}
	var out []SanxinRule
	for i, f := range recs {
		rule := SanxinRule{Kind: f[0], Code: f[1], Name: f[2], Category: f[3], Confidence: f[4], Basis: f[5]}
		if err := checkRule(rule, cats); err != nil {
			return nil, fmt.Errorf("sanxin map: record %d (line %d, %s): %w", i+1, lines[i], rule.Code, err)
		}
		key := [2]string{rule.Kind, rule.Code}
		if seen[key] {
			return nil, fmt.Errorf("sanxin map: record %d: duplicate %s %s", i+1, rule.Kind, rule.Code)
		}
		seen[key] = true
		out = append(out, rule)
	}
	return out, nil
}

func checkRule(r SanxinRule, cats []SanxinCategory) error {
	switch r.Kind {
	case KindIndustry:
		if !industryCodeRe.MatchString(r.Code) {
			return fmt.Errorf("GB/T code %q: want section letter and 2–4 digits (I65, M7512)", r.Code)
		}
		ind, err := dict.ParseIndustryCode(r.Code)
		if err != nil {
			return err
		}
		if ind.Name != r.Name {
			return fmt.Errorf("name %q, GB/T 4754-2017 says %q", r.Name, ind.Name)
		}
	case KindScope:
		if r.Code == "" || strings.TrimSpace(r.Code) != r.Code || r.Name == "" {
			return fmt.Errorf("scope entry code %q / name %q", r.Code, r.Name)
		}
	default:
		return fmt.Errorf("unknown kind %q (want %s or %s)", r.Kind, KindIndustry, KindScope)
	}
	if r.Category != Excluded && !slices.ContainsFunc(cats, func(c SanxinCategory) bool { return c.Name == r.Category }) {
		return fmt.Errorf("unknown 三新 category %q", r.Category)
	}
	if !slices.Contains([]string{"high", "medium", "low"}, r.Confidence) {
		return fmt.Errorf("confidence %q: want high, medium or low", r.Confidence)
	}
	if r.Basis == "" {
		return errors.New("empty basis")
	}
	return nil
}

type embedded struct {
	violations []Violation
	cats       []SanxinCategory
	rules      []SanxinRule
	byIndustry map[string]SanxinRule // section letter + digits
	byScope    map[string]SanxinRule
}

var load = sync.OnceValue(func() *embedded {
	e := &embedded{byIndustry: map[string]SanxinRule{}, byScope: map[string]SanxinRule{}}
	var err error
	if e.violations, err = ParseViolations(bytes.NewReader(violationsCSV)); err != nil {
		panic("supervision: embedded data: " + err.Error())
	}
	if e.cats, err = parseCategories(bytes.NewReader(sanxinCategoriesCSV)); err != nil {
		panic("supervision: embedded data: " + err.Error())
	}
	if e.rules, err = ParseSanxinMap(bytes.NewReader(sanxinMapCSV), e.cats); err != nil {
		panic("supervision: embedded data: " + err.Error())
	}
	for _, r := range e.rules {
		if r.Kind == KindIndustry {
			e.byIndustry[r.Code] = r
		} else {
			e.byScope[r.Code] = r
		}
	}
	return e
})

// Violations returns the embedded violation catalogue (a copy), in file order.
func Violations() []Violation {
	vs := load().violations
	out := make([]Violation, len(vs))
	for i, v := range vs {
		if v.Fine != nil {
			f := *v.Fine
			v.Fine = &f
		}
		v.Lists = slices.Clone(v.Lists)
		out[i] = v
	}
	return out
}

// SanxinCategories returns the 9 top categories of the 2018 三新
// classification in their published order.
func SanxinCategories() []SanxinCategory { return slices.Clone(load().cats) }

// SanxinRules returns the embedded authored mapping rows (a copy).
func SanxinRules() []SanxinRule { return slices.Clone(load().rules) }

// SanxinMatch is one category an enterprise falls in, with the code and
// map row that put it there.
type SanxinMatch struct {
	Category   SanxinCategory `json:"category"`
	Via        string         `json:"via"`  // KindIndustry or KindScope
	Code       string         `json:"code"` // the map row's code (I65 for an enterprise coded I6513)
	Confidence string         `json:"confidence"`
	Basis      string         `json:"basis"`
}

var confidenceRank = map[string]int{"high": 3, "medium": 2, "low": 1}

// SanxinFor returns the 三新 categories of an enterprise from its GB/T
// 4754-2017 industry code (with or without section letter; the longest
// mapped prefix counts) and its registered scope entry codes (exact
// matches), one match per category, in category order. An industry whose
// row is Excluded (finance) yields nothing at all, whatever the scope says;
// an excluded scope entry only contributes nothing. An unknown or empty
// industry code is ignored. Confidence is the row's: callers decide whether
// low-confidence matches (e.g. the generic 技术服务 entry) designate.
func SanxinFor(industryCode string, scopeCodes []string) []SanxinMatch {
	e := load()
	best := map[string]SanxinMatch{}
	add := func(r SanxinRule, via string) {
		cat, _ := e.category(r.Category)
		m := SanxinMatch{Category: cat, Via: via, Code: r.Code, Confidence: r.Confidence, Basis: r.Basis}
		old, ok := best[cat.Name]
		if !ok || better(m, old) {
			best[cat.Name] = m
		}
	}
	if ind, err := dict.ParseIndustryCode(industryCode); err == nil && ind.Code != "" {
		for n := len(ind.Code); n >= 2; n-- {
			r, ok := e.byIndustry[ind.Section+ind.Code[:n]]
			if !ok {
				continue
			}
			if r.Category == Excluded {
				return nil
			}
			add(r, KindIndustry)
			break
		}
	}
	for _, c := range scopeCodes {
		if r, ok := e.byScope[strings.TrimSpace(c)]; ok && r.Category != Excluded {
			add(r, KindScope)
		}
	}
	if len(best) == 0 {
		return nil
	}
	out := make([]SanxinMatch, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b SanxinMatch) int { return a.Category.Order - b.Category.Order })
	return out
}

// better prefers an industry match over a scope match, then higher
// confidence, then the smaller code (deterministic).
func better(a, b SanxinMatch) bool {
	if a.Via != b.Via {
		return a.Via == KindIndustry
	}
	if confidenceRank[a.Confidence] != confidenceRank[b.Confidence] {
		return confidenceRank[a.Confidence] > confidenceRank[b.Confidence]
	}
	return a.Code < b.Code
}

func (e *embedded) category(name string) (SanxinCategory, bool) {
	for _, c := range e.cats {
		if c.Name == name {
			return c, true
		}
	}
	return SanxinCategory{}, false
}
