package name

import (
	"slices"
	"strings"
	"unicode/utf8"

	"namescope/dict"
)

// ParserVersion numbers the rules of Parse. Stored names keep the parts
// Parse gave them (their 字号 keys the index and the listing grants decide
// on), so a change that can parse a name otherwise must increase it: the
// registry then derives every stored name's parts again at start-up.
const ParserVersion = 15

// Span is a half-open range of rune (character) offsets in the normalized name.
type Span [2]int

// Empty reports whether the span covers nothing.
func (s Span) Empty() bool { return s[1] <= s[0] }

// Region positions in a name.
const (
	RegionNone   = ""
	RegionBefore = "before" // 郑州市星河科技有限公司
	RegionMiddle = "middle" // 星河（郑州）科技有限公司
	RegionAfter  = "after"  // 星河科技有限公司（郑州）
)

// Parts is a name split into its four parts. Text fields are normalized.
type Parts struct {
	Normalized string

	Region        string
	RegionSpan    Span
	RegionPos     string
	Regions       []*dict.Region // the divisions of the region part, outermost first
	RegionGeneric string         // a generic development-zone word used as region (高新区)
	// RegionNames says how each division of Regions is written (full,
	// short, former name …); a former name's Region is its successor.
	RegionNames []dict.RegionName

	TradeName     string
	TradeNameSpan Span
	// RegulatorNamed: the name is region + an institution type whose name
	// the financial regulator sets (农村商业银行, 农村信用合作联社, 村镇银行):
	// it has no 字号, and needs none.
	RegulatorNamed bool
	// RegionUnbracketed: the region stands between the 字号 and the form
	// without brackets (沁辰金赤健康管理重庆有限公司); GroupSubsidiary: so named
	// by a subsidiary of a 中国… group (中国移动通信集团河北有限公司), whose
	// 字号 is the group's name.
	RegionUnbracketed bool
	GroupSubsidiary   bool
	// FormerCounty: the region ends in a county named after its city that
	// no longer exists (长治县, 上饶县, 宜宾县: made districts under other
	// names); Regions then end with that city.
	FormerCounty bool

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
	// OrgForm is then the branch word (分公司, 支行, 营业所 …) and
	// ParentOrgForm the parent's form; the other parts are the parent's.
	Parent          string
	BranchQualifier string
	ParentOrgForm   string
	// BranchRegions are the divisions named at the head of the qualifier
	// (…有限公司怀化分公司): where the branch is, whatever its parent's region.
	BranchRegions []dict.RegionName
}

// HasIndustry reports whether the name uses an industry expression that is
// not a generic business-feature word (实业, 发展 …).
func (p *Parts) HasIndustry() bool { return !p.NameIndustry.IsZero() }

// IsBranch reports whether the name is a branch's: its parent's full name
// and a branch part (…有限公司湛河分公司).
func (p *Parts) IsBranch() bool { return p.Parent != "" && p.branchForm() }

// branchForm reports whether the form is one only a branch uses (分公司,
// 支行 …), with or without a parent's name before it.
func (p *Parts) branchForm() bool { return p.orgForm.Fits(dict.Branch) && len(p.orgForm.EntTypes) == 1 }

// EntTypes returns the enterprise types the organisational form fits.
func (p *Parts) EntTypes() []string { return p.orgForm.EntTypes }

// runeIndex returns the rune offset of the byte offset b in s.
func runeIndex(s string, b int) int { return len([]rune(s[:b])) }

// maxParseRunes bounds the text Parse splits: stripping industry
// expressions takes time cubic in the length (a 1,200-character run of 科技
// takes seconds), and no name is accepted at more than MaxNameRunes
// characters, which NFKC seldom lengthens (㈱ becomes （株）).
const maxParseRunes = 4 * MaxNameRunes

// microMarker is the bracketed 微型企业 some provinces registered after the
// form of a micro enterprise's name.
const microMarker = "（微型企业）"

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
	if parent, qualifier, word, ok := splitBranch(body); ok {
		p.orgForm = dict.BranchForm(word)
		p.OrgForm = word
		p.OrgFormSpan = Span{runeIndex(n, len(n)-len(word)), len([]rune(n))}
		p.Parent = strings.TrimSuffix(strings.TrimSuffix(n, word), qualifier)
		p.BranchQualifier = qualifier
		p.ParentOrgForm = parent.OrgForm
		p.Region, p.RegionSpan, p.RegionPos, p.Regions, p.RegionGeneric, p.RegionNames = parent.Region, parent.RegionSpan, parent.RegionPos, parent.Regions, parent.RegionGeneric, parent.RegionNames
		p.TradeName, p.TradeNameSpan, p.RegulatorNamed = parent.TradeName, parent.TradeNameSpan, parent.RegulatorNamed
		p.Industry, p.IndustrySpan, p.IndustryTerms, p.NameIndustry = parent.Industry, parent.IndustrySpan, parent.IndustryTerms, parent.NameIndustry
		p.Group, p.ChinaMarker = parent.Group, parent.ChinaMarker
		p.BranchRegions = branchRegions(qualifier)
		return p
	}

	// Region after the organisational form: 星河科技有限公司（郑州）.
	if strings.HasSuffix(body, "）") {
		if open := strings.LastIndex(body, "（"); open > 0 {
			inner := body[open+len("（") : len(body)-len("）")]
			if regs := regionChain(inner); regs != nil {
				p.setRegion(n, inner, open+len("（"), RegionAfter, regs)
				body = body[:open]
			}
		}
	}

	// A legacy marker after the form (Guangxi's （微型企业）, 养殖场（微型企业）)
	// belongs to the form.
	marker := ""
	if strings.HasSuffix(body, microMarker) {
		marker = microMarker
		body = strings.TrimSuffix(body, marker)
	}
	if rest, form, ok := dict.TrimOrgForm(body); ok {
		p.orgForm = form
		p.OrgForm = form.Text + marker
		p.OrgFormSpan = Span{runeIndex(n, len(rest)), runeIndex(n, len(body)+len(marker))}
		body = rest
	} else {
		body += marker
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
	groupTrade := ""
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
			if regs, zone := bracketRegionChain(inner); regs != nil && p.Region == "" {
				p.setRegion(n, inner, innerAt, RegionMiddle, regs)
				p.RegionGeneric = zone
				// 新国线集团（梧州）运输: the group's name, 集团 included, is
				// the 字号 its member repeats before the region.
				if g := kept.String() + body[:open]; strings.HasSuffix(g, "集团") && utf8.RuneCountInString(g) > 2 &&
					body[open+closeRel+len("）"):] != "" {
					groupTrade = g
				}
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
		if head, names, generic, trade, terms := headRegionFor(body, p.RegionPos != RegionNone); head != "" && strings.Contains(n, head) {
			// A region at the head wins over a bracketed repetition.
			regs := make([]*dict.Region, len(names))
			for i, rn := range names {
				regs[i] = rn.Region
			}
			// 长治 + 县展达: the city's name with 县 is a county that no
			// current division is (长治县 became 上党区); 县 is the region's,
			// never the 字号's first character.
			if len(regs) > 0 && regs[len(regs)-1].Level == dict.City && generic == "" && strings.HasPrefix(trade, "县") &&
				utf8.RuneCountInString(trade) > 2 && !isRegionName(names[len(names)-1].Text+"县") {
				head += "县"
				trade = strings.TrimPrefix(trade, "县")
				p.FormerCounty = true
			}
			p.setRegion(n, head, strings.Index(n, head), RegionBefore, regs)
			p.RegionNames = names
			p.RegionGeneric = generic
			body = body[len(head):]
			p.TradeName, p.IndustryTerms = trade, terms
		}
	}

	// A region written without brackets between the 字号 and the form:
	// recorded, for the rules to refuse (§3.2 (g) of the evaluation guide).
	if p.RegionPos == RegionNone && p.TradeName == "" {
		before, text, rest, regs, ok := unbracketedRegion(body)
		china := strings.HasPrefix(before, "中国")
		// A name prefixed with 中国 is governed by its approval (Art 12),
		// region included; only a 中国… group's subsidiary named
		// <group><province> records the region.
		if ok && (!china || strings.HasSuffix(before, "集团") && rest == "") {
			if at := strings.Index(n, before+text); at >= 0 {
				p.setRegion(n, text, at+len(before), RegionMiddle, regs)
				p.RegionUnbracketed = true
				if china {
					// 中国移动通信集团河北有限公司: the group's name is the 字号.
					p.GroupSubsidiary = true
					p.TradeName = before
				} else if strings.HasSuffix(before, "集团") {
					// 远大中联集团 + 宁夏 + 电力工程: the group's name, 集团
					// included, is the 字号 its subsidiary repeats.
					p.TradeName = before
					p.IndustryTerms = restTerms(rest)
				} else {
					p.TradeName, p.IndustryTerms = splitIndustry(before)
					p.IndustryTerms = append(p.IndustryTerms, restTerms(rest)...)
				}
			}
		}
	}

	// Industry expression: strip the longest expressions from the end while a
	// 字号 remains (at least one character, so that a one-character 字号 is
	// reported as too short rather than swallowed).
	if p.TradeName == "" && groupTrade != "" && p.RegionPos == RegionMiddle && strings.HasPrefix(body, groupTrade) {
		p.TradeName, p.IndustryTerms = groupTrade, restTerms(body[len(groupTrade):])
	}
	if p.TradeName == "" {
		p.TradeName, p.IndustryTerms = splitIndustry(body)
	}
	// With no industry term, the goods or activity words before the form
	// are the expression (鑫利 + 法兰锻压 + 有限公司): a name needs a form for it.
	if len(p.IndustryTerms) > 0 || p.OrgForm != "" {
		if len(p.IndustryTerms) == 0 {
			p.TradeName, p.IndustryTerms = sectorSuffix(p.TradeName)
		}
		p.TradeName, p.IndustryTerms = leadingIndustryWords(p.TradeName, p.IndustryTerms)
		if len(p.IndustryTerms) == 0 && slices.Contains(factoryForms, p.OrgForm) {
			p.TradeName, p.IndustryTerms = factoryProduct(p.TradeName, p.OrgForm)
		}
		if len(p.IndustryTerms) == 0 && p.OrgForm != "" {
			p.TradeName, p.IndustryTerms = namedProduct(p.TradeName)
		}
		p.TradeName, p.IndustryTerms = wholeNameWord(p.TradeName, p.IndustryTerms)
	}
	p.TradeName, p.IndustryTerms = bankName(p.TradeName, p.IndustryTerms)
	p.TradeName, p.IndustryTerms = groupInName(p.TradeName, p.IndustryTerms)
	if len(p.IndustryTerms) > 0 && slices.Contains(regulatorNamedTypes, p.TradeName+termText(p.IndustryTerms)) {
		p.RegulatorNamed = true
		p.IndustryTerms = append([]dict.IndustryTerm{{Term: p.TradeName, Kind: "word"}}, p.IndustryTerms...)
		p.TradeName = ""
	}
	p.Industry = termText(p.IndustryTerms)
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
