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
	// Nothing distinctive left and the whole is one industry term (投资管理):
	// it stays whole, as the 字号 the rules then refuse; a modifier (国际 of
	// 国际贸易) is a 字号 the rules judge as such.
	if t, ok := dict.LookupIndustryTerm(trade); ok && len(terms) > 0 && t.Kind != "modifier" && dict.IsIndustryTerm(body) {
		return body, nil
	}
	// One character left of a whole industry term (房 + 地产开发 of 房地产开发)
	// is no 字号 either: the term is.
	if len(terms) > 0 && utf8.RuneCountInString(trade) == 1 && dict.IsIndustryTerm(body) {
		return body, nil
	}
	return trade, terms
}

// leadingIndustryWords moves the words that describe goods, services or an
// activity (dict.IsIndustryWord: 果酒, 口腔, 人参) from the end of a long
// 字号 into the industry expression that follows it: 星海 + 果酒食品, 罗兰 +
// 口腔保健用品, not 星海果酒 + 食品. The 字号 is cut at the segmenter's word
// boundaries only, keeps at least two characters, and keeps a word of its
// own that is no such word (金色阳光, 电商动力 stay whole: a 字号 made of
// ordinary words is a 字号). A moved word that is an industry term keeps its
// code; the others carry none, so the declared industry is still read from
// the terms the table knows.
func leadingIndustryWords(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 3 {
		return trade, terms
	}
	trade, terms = straddlingIndustryWord(trade, terms)
	if utf8.RuneCountInString(trade) < 4 {
		return trade, terms
	}
	words := goodsWords(trade)
	k := len(words)
	for k > 1 {
		w := words[k-1]
		goods := k == len(words) && len(terms) > 0 && (termsTakeGoods(terms) && isGoodsNoun(w) ||
			broadGoodsVerbs[terms[0].Term] && dict.IsGoodsNoun(w) ||
			namesProducts(terms[0]) && isProductModifier(w) ||
			!terms[0].Generic() && isTechnicalWord(w) && !livingThing(w)) &&
			!placeOnly(strings.Join(words[:k-1], ""))
		if k == len(words) && len(terms) > 0 && singleGoodsBefore(words, terms[0]) {
			goods = true
		} else if utf8.RuneCountInString(w) < 2 || !dict.IsIndustryWord(w) && !goods {
			break
		}
		rest := words[:k-1]
		if utf8.RuneCountInString(strings.Join(rest, "")) < 2 || !hasOwnWord(rest) {
			break
		}
		k--
	}
	if k == len(words) {
		return trade, terms
	}
	// A 字号 holding a lexicon word (强国战略) is left whole, so that the rules
	// see the word; so is one the lexicon has a word for once shortened (马赛
	// of 马赛视觉): the longer coinage is the 字号 the applicant chose.
	if holdsNameWord(trade) {
		return trade, terms
	}
	if rest := strings.Join(words[:k], ""); holdsNameWord(rest) {
		return trade, terms
	}
	moved := make([]dict.IndustryTerm, 0, len(words)-k+len(terms))
	for _, w := range words[k:] {
		moved = append(moved, industryWordTerm(w))
	}
	return strings.Join(words[:k], ""), append(moved, terms...)
}

// singleGoodsBefore reports whether the 字号's last word is one character
// of the goods list after a word of two or more, before 制品 or 型材 (泰克尼康
// + 铜制品): the material the products are made of, not the 字号's end.
// Before other product terms such a character is as often the 字号's (宝 +
// 制药, 鸿 + 通信设备).
func singleGoodsBefore(words []string, term dict.IndustryTerm) bool {
	n := len(words)
	return n >= 2 && utf8.RuneCountInString(words[n-1]) == 1 && utf8.RuneCountInString(words[n-2]) >= 2 &&
		dict.IsGoodsNoun(words[n-1]) && (term.Term == "制品" || term.Term == "型材")
}

// straddlingIndustryWord moves the 字号's end into the industry when the
// segmenter reads one word across the boundary the industry terms left, a
// goods or activity word or a dictionary word ending in the term the table
// read (高远不锈 + 钢管 → 高远 + 不锈钢管): the table knew only the word's
// tail. Two characters and a word of the 字号's own remain.
func straddlingIndustryWord(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if len(terms) == 0 || utf8.RuneCountInString(terms[0].Term) < 2 {
		return trade, terms
	}
	rs := []rune(trade)
	// The word is the 字号's last two or three characters and the first
	// term: a dictionary lookup per length, no segmentation (every name
	// with an industry term comes here).
	for j := 3; j >= 2; j-- {
		if len(rs)-j < 2 {
			continue
		}
		head, rest := string(rs[len(rs)-j:]), string(rs[:len(rs)-j])
		w := head + terms[0].Term
		freq, _, known := dict.Segmenter().Find(w)
		if !(known && freq > 0) && !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) {
			continue
		}
		if dict.IsIndustryTerm(rest) || dict.IsIndustryWord(rest) ||
			len(dict.MatchLexicon(trade, 0, len(rs))) > 0 {
			return trade, terms
		}
		return rest, append([]dict.IndustryTerm{{Term: head, Kind: "word"}}, terms...)
	}
	// A goods or activity word of three or more characters that the first
	// term only ends (古 + 生物科技 reads 古生物 + 科技): the 字号's last one
	// or two characters begin it.
	term := []rune(terms[0].Term)
	for j := 2; j >= 1; j-- {
		if len(rs)-j < 2 {
			continue
		}
		head, rest := string(rs[len(rs)-j:]), string(rs[:len(rs)-j])
		for k := len(term) - 1; k >= 1; k-- {
			w := head + string(term[:k])
			// Two characters of goods before the rest of a goods verb
			// term (奶 + 牛养殖 is 奶牛 + 养殖).
			goodsPair := utf8.RuneCountInString(w) == 2 && dict.IsGoodsNoun(w) && takesGoods(string(term[k:]))
			if !goodsPair && (utf8.RuneCountInString(w) < 3 || !dict.IsIndustryWord(w) && !dict.IsGoodsNoun(w)) {
				continue
			}
			if dict.IsIndustryTerm(rest) || dict.IsIndustryWord(rest) || holdsNameWord(trade) {
				return trade, terms
			}
			return rest, append([]dict.IndustryTerm{{Term: head, Kind: "word"}}, terms...)
		}
	}
	return trade, terms
}

// segmentWords is s cut into the process segmenter's words.
func segmentWords(s string) []string {
	segs := dict.Segmenter().Segment([]byte(s))
	words := make([]string, len(segs))
	for i, sg := range segs {
		words[i] = sg.Token().Text()
	}
	return words
}

// goodsWords segments a 字号 into words, joining a single character of the
// goods list to the goods word before it (栗子 + 树 is 栗子树): the
// segmenter knows the word, not the compound.
func goodsWords(trade string) []string {
	var words []string
	for _, w := range segmentWords(trade) {
		if n := len(words); n > 0 && utf8.RuneCountInString(w) == 1 && dict.IsGoodsNoun(w) &&
			utf8.RuneCountInString(words[n-1]) >= 2 && dict.IsGoodsNoun(words[n-1]) {
			words[n-1] += w
			continue
		}
		words = append(words, w)
	}
	// Two words that the goods list has as one (竹 + 鼠 is 竹鼠) are one.
	if n := len(words); n >= 3 && dict.IsGoodsNoun(words[n-2]+words[n-1]) {
		words = append(words[:n-2], words[n-2]+words[n-1])
	}
	// Two single characters of goods that end the 字号 after a word of two
	// or more are one product (守兵 + 稻虾: rice-and-crayfish farming).
	if n := len(words); n >= 3 && utf8.RuneCountInString(words[n-1]) == 1 && utf8.RuneCountInString(words[n-2]) == 1 &&
		utf8.RuneCountInString(words[n-3]) >= 2 && dict.IsGoodsNoun(words[n-1]) && dict.IsGoodsNoun(words[n-2]) {
		words = append(words[:n-2], words[n-2]+words[n-1])
	}
	return words
}

// holdsNameWord reports whether s holds a lexicon word that judges the 字号
// as such (placed in or equal to the 字号): such a 字号 is kept whole, so
// that the rules see the word. A word matched anywhere (支付) or where it
// says what the enterprise is (银行, 学校) is found whichever part the
// parser gives it.
func holdsNameWord(s string) bool {
	for _, m := range dict.MatchLexicon(s, 0, utf8.RuneCountInString(s)) {
		if m.Entry.Where == dict.InTradeName || m.Entry.Where == dict.TradeNameEqual {
			return true
		}
	}
	return false
}

// goodsVerbs are the industry terms that take the goods they act on as
// their object: 蟾蜍养殖, 树莓种植, 吊篮租赁, 陶粒制造. Broader ones (服务,
// 技术, 商贸) are left out: before them a noun is as often the 字号's own
// word (时代, 彩虹) as the trade's object.
var goodsVerbs = map[string]bool{
	"养殖": true, "种植": true, "种养": true, "栽培": true, "育苗": true, "制造": true, "生产": true,
	"加工": true, "租赁": true, "批发": true, "零售": true, "修理": true, "维修": true, "回收": true,
	"安装": true, "销售": true, "经销": true, "制品": true, "屠宰": true, "饲养": true,
}

// broadGoodsVerbs take goods too (校车服务, 沙石贸易), but as often follow a
// 字号's own word: before them only a word of the goods list
// (dict.IsGoodsNoun) is read as their object. 科技 is not among them: an
// animal or a device before it is as often the 字号 (海马科技, 雷达科技).
var broadGoodsVerbs = map[string]bool{"服务": true, "技术": true, "商贸": true, "贸易": true, "经营": true}

// termsTakeGoods reports whether an industry expression takes the goods
// before it as its object: its first term does, or a modifier and the
// term after it do (生态 + 养殖).
func termsTakeGoods(terms []dict.IndustryTerm) bool {
	if takesGoods(terms[0].Term) {
		return true
	}
	return len(terms) > 1 && terms[0].Kind == "modifier" && goodsVerbs[terms[1].Term]
}

// takesGoods reports whether an industry term takes the goods it acts on
// as its object: a goods verb, or a modifier and one (生态 + 养殖: 竹鼠 +
// 生态养殖).
func takesGoods(term string) bool {
	if goodsVerbs[term] {
		return true
	}
	rs := []rune(term)
	if len(rs) <= 2 || !goodsVerbs[string(rs[len(rs)-2:])] {
		return false
	}
	t, ok := dict.LookupIndustryTerm(string(rs[:len(rs)-2]))
	return ok && t.Kind == "modifier"
}

// isGoodsNoun reports whether w, of two characters or more, names goods:
// a word of the goods list (dict.IsGoodsNoun: foods, plants, animals,
// substances and artifacts by CC-CEDICT and WordNet), or a common noun
// (POS n or nz) of the segmenter's dictionary that is not one of the
// frequent abstract nouns 字号 are made of (时代, 花园, 大地: the
// dictionary's frequency of those is in the thousands, that of goods in
// the hundreds: 轿车 521, 蟾蜍 181, 线材 22).
func isGoodsNoun(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	if dict.IsGoodsNoun(w) {
		return true
	}
	if rs := []rune(w); len(rs) >= 3 && dict.IsGoodsNoun(string(rs[len(rs)-1:])) && dict.IsGoodsNoun(string(rs[:len(rs)-1])) {
		return true // 栗子 + 树 (goodsWords)
	}
	freq, pos, ok := dict.Segmenter().Find(w)
	return ok && (pos == "n" || pos == "nz") && freq > 0 && freq < goodsNounMaxFreq
}

const goodsNounMaxFreq = 1000

// namesProducts reports whether an industry term names a class of goods
// that are made or grown (GB/T 4754 sections A and C: 仪表, 洁具, 元件,
// 设备制造): the word before it may say what kind (测控 + 仪表).
func namesProducts(t dict.IndustryTerm) bool {
	s := t.Industry.Section
	return t.Kind == "industry" && (s == "A" || s == "C")
}

// livingThing reports whether w is an animal or a plant of the goods list
// (仓鼠, 海马, 玫瑰): before a term that takes no goods (信息技术, 科技) such a
// word is as often the 字号's.
func livingThing(w string) bool {
	k, ok := dict.GoodsNounKind(w)
	return ok && (k == "noun.animal" || k == "noun.plant")
}

// technicalMin is the TechnicalScore above which a word before an industry
// term is read as the trade's object or field: 42 of 60 such words of the
// development names score above it (感应 −0.65, 铁艺 −0.36, 测控 0.22), 1 of
// 53 字号 words (飞动 −0.47; 运通 −0.89, 聚财 −0.88 fall just below).
const technicalMin = -0.75

// technicalMaxFreq: a word the segmenter's dictionary counts this often or
// more is an ordinary word, which 字号 are made of as often as trades.
const technicalMaxFreq = 200

// isTechnicalWord reports whether w, two or three characters, is written
// like the things a trade makes or does (dict.TechnicalScore) and is no
// name the segmenter knows (nr, ns, nz): 自控, 无纺, 对虾, 物联.
func isTechnicalWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 2 || len(rs) > 3 {
		return false
	}
	// X业 (建业, 基业, 展业) and doubled characters (甜甜) are how 字号 are
	// made, whatever the characters.
	if rs[len(rs)-1] == '业' || rs[0] == rs[1] {
		return false
	}
	if freq, pos, ok := dict.Segmenter().Find(w); ok {
		switch pos {
		case "nr", "nrt", "ns", "nz":
			return false
		}
		// A frequent word (资源, 合力, 互动, 印象) is as often a 字号's.
		if freq >= technicalMaxFreq {
			return false
		}
	}
	return dict.TechnicalScore(w) >= technicalMin
}

// isProductModifier reports whether w is a rare verbal noun of the
// segmenter's dictionary (POS vn below goodsNounMaxFreq: 测控 63, 自控 68,
// 挤出机 5): before a product class it says what the goods do. Nouns and
// verbs are left to the 字号: 汇川, 腾跃 and 振兴 are 字号 as often.
func isProductModifier(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	freq, pos, ok := dict.Segmenter().Find(w)
	return ok && pos == "vn" && freq > 0 && freq < goodsNounMaxFreq
}

// sectorSuffix takes a sector word that ends the 字号 with no industry term
// after it (爱尔眼科医院, 蓝精灵幼儿园, 尚武跆拳道培训学校: the lexicon's
// industry-placed words, which say what the enterprise is) into the
// industry expression, with the industry words just before it (眼科,
// 培训, 舞蹈). It cuts at the segmenter's word boundaries and keeps two
// characters and a word of the 字号's own.
func sectorSuffix(trade string) (string, []dict.IndustryTerm) {
	rs := []rune(trade)
	if len(rs) < 4 {
		return trade, nil
	}
	start := -1
	for _, m := range dict.MatchLexicon(trade, 0, len(rs)) {
		if m.Entry.Where == dict.InIndustry && m.End == len(rs) && (start < 0 || m.Start < start) {
			start = m.Start
		}
	}
	if start < 2 {
		return trade, nil
	}
	words := segmentWords(trade)
	// The first word that reaches into the sector word starts the move.
	k, at := 0, 0
	for k < len(words) && at+utf8.RuneCountInString(words[k]) <= start {
		at += utf8.RuneCountInString(words[k])
		k++
	}
	for k > 0 {
		w := words[k-1]
		known := dict.IsIndustryWord(w) || dict.IsIndustryTerm(w)
		if utf8.RuneCountInString(w) < 2 || !known && !isGoodsNoun(w) {
			break
		}
		// A noun the tables do not know moves only off a word of two
		// characters or more: after one character the segmenter has likely
		// split the 字号's own word (新田地).
		if !known && (k < 2 || utf8.RuneCountInString(words[k-2]) < 2) {
			break
		}
		if utf8.RuneCountInString(strings.Join(words[:k-1], "")) < 2 || !hasOwnWord(words[:k-1]) {
			break
		}
		k--
	}
	rest := strings.Join(words[:k], "")
	if utf8.RuneCountInString(rest) < 2 || !hasOwnWord(words[:k]) || placeOnly(rest) {
		return trade, nil
	}
	terms := make([]dict.IndustryTerm, 0, len(words)-k)
	for _, w := range words[k:] {
		terms = append(terms, industryWordTerm(w))
	}
	return rest, terms
}

// factoryForms are the forms after which a bare noun is the product made
// there (惠民 + 棉鞋 + 厂, 陈永前 + 鞋 + 厂) or grown by the members
// (靓亮 + 脐橙 + 专业合作社).
var factoryForms = []string{"厂", "加工厂", "专业合作社", "农民专业合作社", "合作社"}

// factoryProduct moves the last word of a factory's or a cooperative's
// 字号 into the industry when it names goods: of two characters or more
// (isGoodsNoun), or, before 厂, a common noun of one after a word of two
// (鞋, 布, 纸), or after a single character when the goods list has it
// (志 + 隆 + 鞋), with that character when it is goods too (渣砖). Two
// characters and a word of the 字号's own remain, and not a place alone.
func factoryProduct(trade, form string) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 3 {
		return trade, nil
	}
	words := segmentWords(trade)
	if len(words) < 2 {
		return trade, nil
	}
	w, restWords := words[len(words)-1], words[:len(words)-1]
	goods := isGoodsNoun(w)
	if utf8.RuneCountInString(w) == 1 {
		if !strings.HasSuffix(form, "厂") {
			return trade, nil
		}
		freq, pos, ok := dict.Segmenter().Find(w)
		goods = ok && pos == "n" && freq > 0
		switch p := restWords[len(restWords)-1]; {
		case utf8.RuneCountInString(p) >= 2:
		case !dict.IsGoodsNoun(w):
			// After a single character the segmenter has likely split
			// the 字号's own word, or a product of two (铁 + 艺): only a
			// character of the goods list is a product of its own.
			goods = false
		case dict.IsGoodsNoun(p) && len(restWords) > 1:
			// Two characters of goods are one product (渣 + 砖, 锰 + 粉).
			w, restWords = p+w, restWords[:len(restWords)-1]
		}
	}
	rest := strings.Join(restWords, "")
	if !goods || utf8.RuneCountInString(rest) < 2 || !hasOwnWord(restWords) || placeOnly(rest) || holdsNameWord(trade) {
		return trade, nil
	}
	return rest, []dict.IndustryTerm{industryWordTerm(w)}
}

// namedProduct reads the last word of a 字号 followed by no industry term
// as the industry when the open word lists name it goods or a trade
// (dict.IsGoodsNoun, dict.IsIndustryWord: 大隆 + 发泡胶, 新华 + 书店): a
// company names what it does. Unlike factoryProduct, a noun the lists do
// not hold stays in the 字号 (a company's 字号 is as often a coined word of
// two nouns). Two characters and a word of the 字号's own remain.
func namedProduct(trade string) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 4 {
		return trade, nil
	}
	// A thing and 业 is its trade (凯斯德 + 砂业, 牧河 + 牛业, as 石业).
	if rest, w, ok := thingTrade(trade); ok && !placeOnly(rest) && !holdsNameWord(trade) &&
		!dict.IsIndustryTerm(rest) && !dict.IsIndustryWord(rest) {
		return rest, []dict.IndustryTerm{{Term: w, Kind: "word"}}
	}
	words := goodsWords(trade)
	if len(words) < 2 {
		return trade, nil
	}
	// The goods words before it go with it (三丰 + 混凝土外加剂).
	k := len(words)
	for k > 1 {
		w := words[k-1]
		if utf8.RuneCountInString(w) < 2 || !dict.IsGoodsNoun(w) && !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) ||
			k == len(words) && dict.IsIndustryTerm(w) {
			break
		}
		rest := strings.Join(words[:k-1], "")
		if utf8.RuneCountInString(rest) < 2 || !hasOwnWord(words[:k-1]) || placeOnly(rest) {
			break
		}
		k--
	}
	if k == len(words) || holdsNameWord(trade) {
		return trade, nil
	}
	terms := make([]dict.IndustryTerm, 0, len(words)-k)
	for _, w := range words[k:] {
		terms = append(terms, industryWordTerm(w))
	}
	return strings.Join(words[:k], ""), terms
}

// bankName keeps in the 字号 the words of a bank's name before 银行 that
// the table reads as industries (中国建设 + 银行, 中国农业 + 银行, 国家开发 +
// 银行, as 中国工商 + 银行): a bank's industry expression is 银行, or a kind
// of bank the table has whole (农村商业银行, 邮政储蓄银行).
func bankName(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	n := len(terms)
	if n < 2 || terms[n-1].Term != "银行" || trade == "" {
		return trade, terms
	}
	return trade + termText(terms[:n-1]), terms[n-1:]
}

// groupInName keeps in the 字号 a group's name that a member repeats
// before its own industry (港基建设集团 + 建材装饰工程, 缘份集团 + 酒业): 集团
// inside the industry run ends the 字号, which the words before it belong
// to.
func groupInName(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	for i := len(terms) - 2; i >= 0; i-- {
		if terms[i].Term == "集团" && trade != "" {
			return trade + termText(terms[:i+1]), terms[i+1:]
		}
	}
	return trade, terms
}

// thingTrade splits a 字号 ending in a character naming a thing and 业, or
// 化 for its chemical industry (砂业, 牛业, 锡业, 盐化, 林化), into the rest
// and that trade. The character is of the
// goods list or a common noun (POS n); it is not the end of a longer word
// (养殖 + 业), and a compound the segmenter knows of a character that is no
// goods or a name's (宏业, 伟业, 创业, 营业, 鸿业: words 字号 are made of) is
// not taken.
func thingTrade(trade string) (rest, w string, ok bool) {
	words := segmentWords(trade)
	n := len(words)
	var c, suf string
	for _, x := range []string{"业", "化"} {
		switch {
		case n >= 3 && words[n-1] == x && utf8.RuneCountInString(words[n-2]) == 1:
			c, suf, rest = words[n-2], x, strings.Join(words[:n-2], "")
		case n >= 2 && utf8.RuneCountInString(words[n-1]) == 2 && strings.HasSuffix(words[n-1], x):
			c, suf, rest = strings.TrimSuffix(words[n-1], x), x, strings.Join(words[:n-1], "")
		}
	}
	if suf == "" {
		return trade, "", false
	}
	_, pos, _ := dict.Segmenter().Find(c)
	goods := dict.IsGoodsNoun(c)
	if pos != "n" && !goods {
		return trade, "", false
	}
	if freq, _, known := dict.Segmenter().Find(c + suf); known && freq > 0 && (!goods || pos == "nr") {
		return trade, "", false
	}
	if utf8.RuneCountInString(rest) < 2 {
		return trade, "", false
	}
	return rest, c + suf, true
}

// wholeNameWord keeps whole a lexicon word placed in the 字号 when the
// industry terms cut it (希望工程 + 机械设备, not 希望 + 工程机械设备;
// 志愿服务 + 商贸): the 字号 runs to its end, and what follows is read
// again as the industry. The word must start a word of the text (央企 of
// 未央企业 does not); a word matched anywhere (基金 of 恒基金属) is found
// wherever it is and moves nothing.
func wholeNameWord(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if len(terms) == 0 || trade == "" {
		return trade, terms
	}
	text := []rune(trade + termText(terms))
	cut := utf8.RuneCountInString(trade)
	end := cut
	for _, m := range dict.MatchLexicon(string(text), 0, len(text)) {
		if (m.Entry.Where == dict.InTradeName || m.Entry.Where == dict.TradeNameEqual) && m.Start < cut && m.End > end &&
			startsWord(text, m.Start) {
			end = m.End
		}
	}
	if end == cut {
		return trade, terms
	}
	return string(text[:end]), restTerms(string(text[end:]))
}

// isRegionName reports whether s is written exactly as some division
// (current or former) is.
func isRegionName(s string) bool {
	for _, rn := range dict.RegionNamesAt(s) {
		if rn.Text == s {
			return true
		}
	}
	return false
}

// restTerms reads the industry expression written after an unbracketed
// region (国投厦港 + 海南 + 拖轮): its terms, and what the table does not
// know as a word of its own.
func restTerms(rest string) []dict.IndustryTerm {
	if rest == "" {
		return nil
	}
	tr, ts := splitIndustry(rest)
	if tr != "" {
		ts = append([]dict.IndustryTerm{industryWordTerm(tr)}, ts...)
	}
	return ts
}

// placeOnly reports whether s names only a place, a division or a town
// (营城子镇, 济阳): what would be left of a 字号 that is no 字号, so the word
// before the industry is the 字号's own.
func placeOnly(s string) bool {
	if regionChain(s) != nil {
		return true
	}
	for _, suf := range []string{"镇", "乡", "村", "街道"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// hasOwnWord reports whether some word of ws is neither an industry word
// nor an industry term: the part that makes a 字号 distinctive.
func hasOwnWord(ws []string) bool {
	for _, w := range ws {
		if !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) {
			return true
		}
	}
	return false
}

// unbracketedRegion finds a division written, without brackets, after at
// least two characters of body and followed by nothing or by an industry
// expression only: 沁辰金赤健康管理 + 重庆, 国投厦港 + 海南 + 拖轮. Only full
// names and the short names of provinces and cities count: a county written
// short is too often a 字号's own word.
func unbracketedRegion(body string) (before, text, rest string, regs []*dict.Region, ok bool) {
	for i := range body {
		if utf8.RuneCountInString(body[:i]) < 2 {
			continue
		}
		for _, rn := range dict.RegionNamesAt(body[i:]) {
			if rn.Form != dict.FormFull && (rn.Form != dict.FormShort || rn.Region.Level == dict.County) {
				continue
			}
			after := body[i+len(rn.Text):]
			if after != "" && !industryOnly(after) {
				continue
			}
			return body[:i], rn.Text, after, []*dict.Region{rn.Region}, true
		}
	}
	return "", "", "", nil, false
}

// industryOnly reports whether s is an industry expression and nothing else.
func industryOnly(s string) bool {
	tr, _ := splitIndustry(s)
	return dict.IsIndustryTerm(tr) || dict.IsIndustryWord(tr)
}

// industryWordTerm is the term of an industry word: the table's when it has
// one, else a word without a code.
func industryWordTerm(w string) dict.IndustryTerm {
	if t, ok := dict.LookupIndustryTerm(w); ok {
		return t
	}
	return dict.IndustryTerm{Term: w, Kind: "word"}
}

// termText is the industry expression the terms spell.
func termText(terms []dict.IndustryTerm) string {
	var b strings.Builder
	for _, t := range terms {
		b.WriteString(t.Term)
	}
	return b.String()
}

// regulatorNamedTypes are the institution types a rural financial
// institution is named by, after its region, with no 字号 (the name the
// banking regulator approves): 大连农村商业银行股份有限公司, 雷山县农村信用合作联社
// (whose form is 联社).
var regulatorNamedTypes = []string{"农村商业银行", "农村合作银行", "农村信用合作", "村镇银行", "农村资金互助"}

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
	links, generic := headLinks(s)
	head := ""
	var regs []*dict.Region
	for _, l := range links {
		head += l.Text
		regs = append(regs, l.Region)
	}
	if head != s || generic != "" {
		return nil
	}
	return regs
}

// bracketRegionChain reads a bracketed region: a chain of divisions, or
// one followed by a development-zone word (（浙江自贸区）, （郑州高新区）),
// returned as zone.
func bracketRegionChain(s string) (regs []*dict.Region, zone string) {
	if regs = regionChain(s); regs != nil {
		return regs, ""
	}
	links, generic := headLinks(s)
	if len(links) == 0 || generic == "" {
		return nil, ""
	}
	head := ""
	for _, l := range links {
		head += l.Text
		regs = append(regs, l.Region)
	}
	if head+generic != s {
		return nil, ""
	}
	return regs, generic
}

// headRegionFor finds the region at the head of body and splits what
// follows it into 字号 and industry expression. A chain whose last division
// is not written in full (宝丰, 郑州, 常州市武进) is shortened while it
// leaves less than a two-character 字号: the short name was part of the 字号
// (长春藤, 宝丰酒业). When the name also has a bracketed region
// (东方盈通（北京）), a county, district or former name at the head is read as
// part of the 字号.
func headRegionFor(body string, bracketed bool) (head string, names []dict.RegionName, generic, trade string, terms []dict.IndustryTerm) {
	links, gen := headLinks(body)
	gen = shortZone(body, links, gen)
	if len(links) == 0 && gen != "" {
		trade, terms = splitIndustry(body[len(gen):])
		return gen, nil, gen, trade, terms
	}
	if bracketed && len(links) > 0 {
		switch links[0].Form {
		case dict.FormCountyShort, dict.FormDistrictShort, dict.FormFormer, dict.FormShort:
			return "", nil, "", "", nil
		}
	}
	for k := len(links); k > 0; k-- {
		h := ""
		for _, l := range links[:k] {
			h += l.Text
		}
		g := ""
		if k == len(links) {
			g = gen
		}
		tr, ts := splitIndustry(body[len(h)+len(g):])
		// A short form followed by too little for a 字号, or by an industry
		// word only, is read as the 字号 (宝丰 + 酒业, 东方 + 电气) — except a
		// province or city written short without another meaning, the
		// region of a name with nothing distinctive left (重庆 + 木材, §3.5
		// of the evaluation guide).
		if l := links[k-1]; !writtenInFull(l) && g == "" &&
			(len([]rune(tr)) < 2 || dict.IsIndustryTerm(tr) && (l.Form != dict.FormShort || dict.HasOtherMeaning(l.Text))) {
			continue
		}
		return h + g, links[:k], g, tr, ts
	}
	return "", nil, "", "", nil
}

// writtenInFull reports whether a division is written with its level
// suffix: its current full name, or a former one (孟津县, now 孟津区), which
// is no part of a 字号 either.
func writtenInFull(l dict.RegionName) bool {
	if l.Form == dict.FormFull {
		return true
	}
	if l.Form != dict.FormFormer {
		return false
	}
	for _, suf := range []string{"县", "市", "区", "旗"} {
		if strings.HasSuffix(l.Text, suf) {
			return true
		}
	}
	return false
}

// shortZone reads 高新 right after a city (安康高新, 洛阳高新 + 合盛) as the
// city's high-tech zone, written short, when a 字号 of two characters or
// more follows it; before an industry word alone (自贡市 + 高新 + 机械制造)
// it is the 字号.
func shortZone(body string, links []dict.RegionName, gen string) string {
	const short = "高新"
	if gen != "" || len(links) == 0 || links[len(links)-1].Region.Level != dict.City {
		return gen
	}
	head := ""
	for _, l := range links {
		head += l.Text
	}
	rest, ok := strings.CutPrefix(body[len(head):], short)
	if !ok || strings.HasPrefix(rest, "技术") {
		return gen
	}
	tr, _ := splitIndustry(rest)
	if utf8.RuneCountInString(tr) < 2 || dict.IsIndustryTerm(tr) || dict.IsIndustryWord(tr) {
		return gen
	}
	return short
}

// headLinks finds the longest chain of division names at the head of s,
// each inside the previous one: 河南省郑州市金水区, 郑州市, 广西隆林,
// 常州市武进, 宝丰, 吴江市 (a former name), followed by an optional generic
// development-zone word (郑州高新区, 石河子开发区). A district written
// without 区 is read only after its city.
func headLinks(s string) (links []dict.RegionName, generic string) {
	rest := s
	var parent *dict.Region
	for {
		zone := dict.DevZoneWordAt(rest)
		var found *dict.RegionName
		for _, cand := range dict.RegionNamesAt(rest) {
			if len(cand.Text) <= len(zone) {
				break
			}
			r := cand.Region
			// A district without 区 only after its city (or municipality),
			// or after its province when no other division is so written
			// and the name has no other meaning (山东张店, 辽宁大洼).
			if cand.Form == dict.FormDistrictShort && !districtShortAfter(cand.Text, r, parent) {
				continue
			}
			if parent != nil && !inside(r, parent) {
				continue
			}
			found = &cand
			break
		}
		if found == nil {
			if zone != "" && (parent == nil || parent.Level != dict.County) {
				generic = zone
			}
			return links, generic
		}
		links = append(links, *found)
		parent = found.Region
		rest = rest[len(found.Text):]
		if parent.Level == dict.County {
			// A zone of a county or county-level city: 石河子开发区,
			// 宝丰县产业集聚区.
			return links, dict.DevZoneWordAt(rest)
		}
	}
}

// districtShortAfter reports whether a district written without 区 (text)
// is its region after parent: after its city or municipality always, after
// its province when the short name is the only reading of text and no
// ordinary word.
func districtShortAfter(text string, r, parent *dict.Region) bool {
	switch {
	case parent == nil:
		return false
	case parent.Level == dict.City || r.CityCode == parent.Code:
		return true
	case parent.Level != dict.Province:
		return false
	}
	if len(dict.RegionFormsOf(text)) != 1 || dict.HasOtherMeaning(text) {
		return false
	}
	return true
}

// branchRegions reads the divisions named at the head of a branch's
// qualifier (怀化, 习水县, 华亭县 — a former name there only locates the
// branch).
func branchRegions(qualifier string) []dict.RegionName {
	links, _ := headLinks(qualifier)
	return links
}

// parentFormEnds are the words that may end a parent's name before a branch
// part, in order of preference, with the characters that must not follow
// them (社区, 厂房 are words of their own).
var parentFormEnds = []struct {
	word    string
	notNext string
}{
	{"公司", ""},
	{"银行", "卡"},
	{"社", "区会保团交员"},
	{"厂", "区家房址商长矿"},
}

// splitBranch splits a branch's name into its parent (parsed), the
// qualifier and the branch word: 交通银行股份有限公司重庆朝天门支行 →
// 交通银行股份有限公司 + 重庆朝天门 + 支行 (Reg 734 Art 13: the parent's full
// name, then the branch's). The parent ends at its first form word (公司,
// else 银行, else 社 or 厂); a site word (门市部, 药店 …) after it makes a
// branch too, but alone it is an ordinary form.
func splitBranch(n string) (parent *Parts, qualifier, word string, ok bool) {
	word, _, ok = dict.BranchWordSuffix(n)
	if !ok {
		return nil, "", "", false
	}
	body := strings.TrimSuffix(n, word)
	for _, pf := range parentFormEnds {
		from := 0
		for {
			i := strings.Index(body[from:], pf.word)
			if i < 0 {
				break
			}
			end := from + i + len(pf.word)
			from = end
			if end == len(pf.word) {
				continue // nothing before the form
			}
			if next, _ := utf8.DecodeRuneInString(body[end:]); next != utf8.RuneError && strings.ContainsRune(pf.notNext, next) {
				continue
			}
			qualifier = body[end:]
			if utf8.RuneCountInString(qualifier+word) < 2 {
				return nil, "", "", false
			}
			par := Parse(body[:end])
			// A 厂 or 社 that leaves the parent a one-character 字号 is a
			// place's name (铁厂 of 麻栗坡县铁厂…加工厂), not a parent's form.
			if pf.word != "公司" && pf.word != "银行" && !par.RegulatorNamed && utf8.RuneCountInString(par.TradeName) < 2 {
				continue
			}
			if par.OrgForm == "" || par.TradeName+par.Industry == "" {
				return nil, "", "", false
			}
			return par, qualifier, word, true
		}
		if pf.word == "公司" && strings.Contains(body, "公司") {
			break
		}
	}
	return nil, "", "", false
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
