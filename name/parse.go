package name

import (
	"strings"
	"unicode/utf8"

	"namescope/dict"
)

// ParserVersion numbers the rules of Parse. Stored names keep the parts
// Parse gave them (their 字号 keys the index and the listing grants decide
// on), so a change that can parse a name otherwise must increase it: the
// registry then derives every stored name's parts again at start-up.
const ParserVersion = 1

// Span is a half-open range of rune (character) offsets in the normalized name.
type Span [2]int

// Empty reports whether the span covers nothing.
func (s Span) Empty() bool { return s[1] <= s[0] }

// Region positions in a name.
const (
	RegionNone   = ""
	RegionBefore = "before" // 平顶山市星河科技有限公司
	RegionMiddle = "middle" // 星河（平顶山）科技有限公司
	RegionAfter  = "after"  // 星河科技有限公司（平顶山）
)

// Parts is a name split into its four parts. Text fields are normalized.
type Parts struct {
	Normalized string

	Region        string
	RegionSpan    Span
	RegionPos     string
	Regions       []*dict.Region // the divisions of the region part, outermost first
	RegionGeneric string         // a generic development-zone word used as region (高新区)

	TradeName     string
	TradeNameSpan Span

	Industry      string // the industry expression as written (科技, 餐饮管理)
	IndustrySpan  Span
	IndustryTerms []dict.IndustryTerm
	// NameIndustry is the GB/T category the industry expression stands for;
	// zero when the name has no industry expression or only generic words.
	NameIndustry dict.Industry

	OrgForm     string
	OrgFormSpan Span
	orgForm     dict.OrgForm

	Group       bool // 集团 or （集团） before the organisational form
	ChinaMarker Span // position of （中国）, empty if absent

	// For branches: the parent's full name and the branch's own qualifier.
	Parent          string
	BranchQualifier string
}

// HasIndustry reports whether the name uses an industry expression that is
// not a generic business-feature word (实业, 发展 …).
func (p *Parts) HasIndustry() bool { return !p.NameIndustry.IsZero() }

// IsBranch reports whether the name is a branch's (…分公司).
func (p *Parts) IsBranch() bool { return p.orgForm.Fits(dict.Branch) && len(p.orgForm.EntTypes) == 1 }

// EntTypes returns the enterprise types the organisational form fits.
func (p *Parts) EntTypes() []string { return p.orgForm.EntTypes }

// runeIndex returns the rune offset of the byte offset b in s.
func runeIndex(s string, b int) int { return len([]rune(s[:b])) }

// maxParseRunes bounds the text Parse splits: stripping industry
// expressions takes time cubic in the length (a 1,200-character run of 科技
// takes seconds), and no name is accepted at more than MaxNameRunes
// characters, which NFKC seldom lengthens (㈱ becomes （株）).
const maxParseRunes = 4 * MaxNameRunes

// Parse splits a name into its parts. It never fails: a part it cannot find
// is left empty, and the rules report what is missing. A text longer than
// any name (maxParseRunes) is only normalized.
func Parse(raw string) *Parts {
	n := dict.Normalize(raw)
	p := &Parts{Normalized: n}
	if utf8.RuneCountInString(n) > maxParseRunes {
		return p
	}
	body := n

	// A branch is its parent's full name plus a qualifier and 分公司 etc.
	if rest, form, ok := dict.TrimOrgForm(body); ok && form.Fits(dict.Branch) && len(form.EntTypes) == 1 {
		p.orgForm = form
		p.OrgForm = form.Text
		p.OrgFormSpan = Span{runeIndex(n, len(rest)), len([]rune(n))}
		if i := strings.LastIndex(rest, "公司"); i > 0 {
			p.Parent = rest[:i+len("公司")]
			p.BranchQualifier = rest[i+len("公司"):]
		} else {
			p.Parent = rest
		}
		parent := Parse(p.Parent)
		p.Region, p.RegionSpan, p.RegionPos, p.Regions, p.RegionGeneric = parent.Region, parent.RegionSpan, parent.RegionPos, parent.Regions, parent.RegionGeneric
		p.TradeName, p.TradeNameSpan = parent.TradeName, parent.TradeNameSpan
		p.Industry, p.IndustrySpan, p.IndustryTerms, p.NameIndustry = parent.Industry, parent.IndustrySpan, parent.IndustryTerms, parent.NameIndustry
		p.Group, p.ChinaMarker = parent.Group, parent.ChinaMarker
		return p
	}

	// Region after the organisational form: 星河科技有限公司（平顶山）.
	if strings.HasSuffix(body, "）") {
		if open := strings.LastIndex(body, "（"); open > 0 {
			inner := body[open+len("（") : len(body)-len("）")]
			if regs := regionChain(inner); regs != nil {
				p.setRegion(n, inner, open+len("（"), RegionAfter, regs)
				body = body[:open]
			}
		}
	}

	if rest, form, ok := dict.TrimOrgForm(body); ok {
		p.orgForm = form
		p.OrgForm = form.Text
		p.OrgFormSpan = Span{runeIndex(n, len(rest)), runeIndex(n, len(body))}
		body = rest
	}
	// 集团 immediately before the organisational form.
	for _, g := range []string{"（集团）", "集团"} {
		if strings.HasSuffix(body, g) && len([]rune(body)) > len([]rune(g)) {
			p.Group = true
			body = strings.TrimSuffix(body, g)
			break
		}
	}

	// Bracketed groups inside the body: （中国）, （集团）, or a region.
	var kept strings.Builder
	offset := 0 // byte offset in n of body[0]
	for {
		open := strings.Index(body, "（")
		if open < 0 {
			kept.WriteString(body)
			break
		}
		closeRel := strings.Index(body[open:], "）")
		if closeRel < 0 {
			kept.WriteString(body)
			break
		}
		inner := body[open+len("（") : open+closeRel]
		innerAt := offset + open + len("（")
		switch {
		case inner == "中国":
			p.ChinaMarker = Span{runeIndex(n, innerAt) - 1, runeIndex(n, innerAt+len(inner)) + 1}
		case inner == "集团":
			p.Group = true
		default:
			if regs := regionChain(inner); regs != nil && p.Region == "" {
				p.setRegion(n, inner, innerAt, RegionMiddle, regs)
			} else {
				// Not a known group: keep it, the character rules will flag it.
				kept.WriteString(body[:open+closeRel+len("）")])
				offset += open + closeRel + len("）")
				body = body[open+closeRel+len("）"):]
				continue
			}
		}
		kept.WriteString(body[:open])
		offset += open + closeRel + len("）")
		body = body[open+closeRel+len("）"):]
	}
	body = kept.String()

	// Region at the head.
	if p.RegionPos == RegionNone || p.RegionPos == RegionMiddle || p.RegionPos == RegionAfter {
		// The head region must be written as one run in the name: one that
		// only appears once a bracketed group is taken out (平顶（中国）山市)
		// is no region, and has no span to point at.
		if head, regs, generic, short := headRegion(body); head != "" && strings.Contains(n, head) {
			trade, terms := splitIndustry(body[len(head):])
			// A short region name (长春 of 长春藤) that leaves less than a
			// two-character 字号 was part of the 字号.
			if !short || len([]rune(trade)) >= 2 {
				// A region at the head wins over a bracketed repetition.
				p.setRegion(n, head, strings.Index(n, head), RegionBefore, regs)
				p.RegionGeneric = generic
				body = body[len(head):]
				p.TradeName, p.IndustryTerms = trade, terms
			}
		}
	}

	// Industry expression: strip the longest expressions from the end while a
	// 字号 remains (at least one character, so that a one-character 字号 is
	// reported as too short rather than swallowed).
	if p.TradeName == "" {
		p.TradeName, p.IndustryTerms = splitIndustry(body)
	}
	for _, t := range p.IndustryTerms {
		p.Industry += t.Term
	}
	p.NameIndustry = industryOf(p.IndustryTerms)

	if p.TradeName != "" {
		from := 0
		if !p.RegionSpan.Empty() && p.RegionPos == RegionBefore {
			from = len(string([]rune(n)[:p.RegionSpan[1]]))
		}
		if i := strings.Index(n[from:], p.TradeName); i >= 0 {
			start := runeIndex(n, from+i)
			p.TradeNameSpan = Span{start, start + len([]rune(p.TradeName))}
		}
	}
	if p.Industry != "" {
		from := len(string([]rune(n)[:p.TradeNameSpan[1]]))
		if i := strings.Index(n[from:], p.Industry); i >= 0 {
			start := runeIndex(n, from+i)
			p.IndustrySpan = Span{start, start + len([]rune(p.Industry))}
		} else if !p.TradeNameSpan.Empty() {
			// A bracketed region sits inside the expression's run; point at its first term.
			p.IndustrySpan = Span{p.TradeNameSpan[1], p.TradeNameSpan[1] + len([]rune(p.IndustryTerms[0].Term))}
		}
	}
	return p
}

func (p *Parts) setRegion(n, text string, byteAt int, pos string, regs []*dict.Region) {
	p.Region = text
	p.RegionPos = pos
	p.Regions = regs
	start := runeIndex(n, byteAt)
	p.RegionSpan = Span{start, start + len([]rune(text))}
}

// splitIndustry strips industry expressions from the end of body, longest
// first, while characters remain for the 字号.
func splitIndustry(body string) (trade string, terms []dict.IndustryTerm) {
	trade = body
	for {
		keep := 2
		if len(terms) == 0 {
			keep = 1
		}
		t, ok := dict.LongestIndustrySuffix(trade, keep)
		if !ok {
			break
		}
		terms = append([]dict.IndustryTerm{t}, terms...)
		trade = strings.TrimSuffix(trade, t.Term)
	}
	return trade, terms
}

// industryOf picks the category an industry expression stands for: the
// leftmost real industry term (the most specific wording), else the leftmost
// modifier that names an industry; zero when only generic words are used.
func industryOf(terms []dict.IndustryTerm) dict.Industry {
	for _, kind := range []string{"industry", "modifier"} {
		for _, t := range terms {
			if t.Kind == kind && !t.Industry.IsZero() {
				return t.Industry
			}
		}
	}
	return dict.Industry{}
}

// regionChain resolves s as a whole to a chain of divisions (province, city,
// county), each inside the previous one; nil if s is not such a chain.
func regionChain(s string) []*dict.Region {
	head, regs, generic, _ := headRegion(s)
	if head != s || generic != "" {
		return nil
	}
	return regs
}

// headRegion finds the longest chain of region names at the head of s:
// 河南省平顶山市湛河区, 平顶山市, 平顶山高新区, 湛河区, 高新区. A chain that
// starts with a short name (平顶山 for 平顶山市) is kept only if at least two
// characters follow it, since short names are also ordinary words; short
// reports such a chain so that the caller can drop it if it leaves no 字号.
func headRegion(s string) (head string, regs []*dict.Region, generic string, short bool) {
	rest := s
	var parent *dict.Region
	firstShort := false
	for {
		found := false
		for _, cand := range dict.RegionPrefixes(rest) {
			if dict.IsDevZoneWord(cand) {
				// A generic development-zone word: inside a chain it belongs to
				// the last division; at the head it stands alone (and is refused).
				head += cand
				generic = cand
				rest = rest[len(cand):]
				found = false
				break
			}
			for _, r := range dict.RegionsNamed(cand) {
				if parent != nil && !inside(r, parent) {
					continue
				}
				if len([]rune(rest)) == len([]rune(cand)) && head == "" && cand != s {
					continue
				}
				if parent == nil && cand != r.Name {
					firstShort = true
				}
				regs = append(regs, r)
				parent = r
				head += cand
				rest = rest[len(cand):]
				found = true
				break
			}
			if found {
				break
			}
		}
		if !found || parent == nil || parent.Level == dict.County {
			break
		}
	}
	return head, regs, generic, firstShort
}

// inside reports whether r lies within parent (a lower level, same branch).
func inside(r, parent *dict.Region) bool {
	if r.Level <= parent.Level {
		return false
	}
	switch parent.Level {
	case dict.Province:
		return r.ProvinceCode == parent.Code
	case dict.City:
		return r.CityCode == parent.Code || strings.HasPrefix(r.Code, parent.Code[:4])
	}
	return false
}
