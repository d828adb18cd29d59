package name

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"namescope/dict"
	"namescope/legal"
)

// chinaTime is the bureau's clock for "today".
var chinaTime = legal.ChinaTime

// Similarity reasons, each a separate named rule (2017 比对规则 Art 4).
const (
	ReasonSynonymIndustry = "same_trade_name_synonym_industry"
	ReasonHomophone       = "homophone"
	ReasonShape           = "similar_shape"
	ReasonContains        = "contains"
	ReasonContainedIn     = "contained_in"
	ReasonReordered       = "reordered"
	ReasonOneCharDiff     = "one_char_different"
)

// reasonWeight orders hits: closer kinds of similarity first.
var reasonWeight = map[string]float64{
	ReasonSynonymIndustry: 0.95,
	ReasonHomophone:       0.9,
	ReasonShape:           0.88,
	ReasonReordered:       0.85,
	ReasonContains:        0.8,
	ReasonContainedIn:     0.78,
	ReasonOneCharDiff:     0.72,
}

// Reason is one way in which two names are similar.
type Reason struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// Similar is an existing name similar to the proposed one.
type Similar struct {
	Name      string   `json:"name"`
	USCC      string   `json:"uscc"`
	Status    string   `json:"status"`
	Score     float64  `json:"score"`
	Reasons   []Reason `json:"reasons"`
	Highlight string   `json:"highlight"`
	owner     string   // the USCC, also when a masked name hides it
}

// Owner is the USCC of the similar enterprise, also when the answer does
// not show it.
func (s Similar) Owner() string { return s.owner }

// commitmentText is what an applicant accepts to go on with a similar name
// (Reg 734 Art 16: self-declaration with commitment).
const commitmentText = "本申请人承诺：已知悉所申报名称与上列在先企业名称相近，自愿承担因此产生的法律责任；如名称被认定侵犯他人在先权利，将依法主动变更名称。"

// CommitmentText returns the commitment an applicant must accept for a warning.
func CommitmentText() string { return commitmentText }

// compare decides, for each candidate, whether it is an identical name that
// blocks, an exempt one, a similar one, or unrelated.
func (c *Checker) compare(p *Parts, req *Request, cands []Existing) ([]Finding, []Similar) {
	today := c.now().In(chinaTime)
	pr := newProposal(p, req.industry, req.Investors)
	newGroup := industryGroup(p.IndustryTerms)

	var identical, exempt, protected []Conflict
	var identicalNotes []string
	var similar []Similar
	for i := range cands {
		e := &cands[i]
		if !e.Counts(today) {
			continue
		}
		switch pr.identity(e, c.level()) {
		case IdenticalExempt:
			exempt = append(exempt, e.conflict())
			continue
		case Identical:
			identical = append(identical, e.conflict())
			identicalNotes = append(identicalNotes, statusNote(e))
			// Equivalent wording of one industry (万青地产/万青房地产) is an
			// identical 字号 in the same industry under Art 17; the hit is
			// also listed with the 比对规则 Art 4(1) reason that explains it.
			if !pr.branch && p.HasIndustry() && e.IndustryExpr && e.IndustryText != p.Industry {
				similar = append(similar, e.similar(Similar{
					Status: e.Status, Score: 1,
					Reasons: []Reason{synonymReason(p, e)},
				}))
			}
			continue
		}
		if pr.branch {
			// A branch carries its parent's name: only another branch of the
			// same full name is identical; the parent itself is expected.
			continue
		}
		sameTrade := e.TradeName == p.TradeName
		sameInd := pr.sameIndustry(e, c.level())
		if pr.investors[e.Normalized] {
			continue
		}
		if e.Protected && (sameTrade || len(SimilarReasons(p.TradeName, e.TradeName)) > 0) {
			protected = append(protected, e.conflict())
		}
		equivalent := sameInd || (newGroup != "" && newGroup == e.IndustryGroup)
		if !equivalent {
			continue
		}
		var reasons []Reason
		if sameTrade {
			reasons = []Reason{synonymReason(p, e)}
		} else {
			reasons = SimilarReasons(p.TradeName, e.TradeName)
		}
		if len(reasons) == 0 {
			continue
		}
		similar = append(similar, e.similar(Similar{
			Status:  e.Status,
			Score:   score(reasons, e.IndustryText == p.Industry),
			Reasons: reasons,
		}))
	}

	var fs []Finding
	if len(identical) > 0 {
		fs = append(fs, identicalFinding(p, identical, identicalNotes))
	}
	if len(protected) > 0 {
		fs = append(fs, Finding{
			Code:     "protected_trade_name",
			Severity: Approval,
			Message: fmt.Sprintf("字号“%s”与本市受保护的新经济企业字号相同或相近（%s），跨行业亦受保护，须经登记机关人工审查",
				p.TradeName, conflictNames(protected)),
			Rule:      c.protectionRule(req.AuthorityCode),
			Span:      p.TradeNameSpan,
			Conflicts: protected,
		})
	}
	if len(exempt) > 0 {
		fs = append(fs, exemptFinding(p, exempt))
	}
	sort.SliceStable(similar, func(i, j int) bool {
		if similar[i].Score != similar[j].Score {
			return similar[i].Score > similar[j].Score
		}
		return similar[i].Name < similar[j].Name
	})
	if len(similar) > MaxSimilar {
		similar = similar[:MaxSimilar]
	}
	if len(similar) > 0 {
		var names []string
		for _, s := range similar {
			if len(names) == 3 {
				names = append(names, "等")
				break
			}
			names = append(names, "“"+s.Name+"”")
		}
		fs = append(fs, Finding{
			Code:     "similar_name",
			Severity: Warn,
			Message: fmt.Sprintf("申报名称与%s相近（共 %d 个）。相近不是禁止申报的理由，但可能引起名称争议；阅读并接受承诺后可以继续申报",
				strings.Join(names, "、"), len(similar)),
			Rule:       RuleArt16 + "；" + RuleCmp4,
			Span:       p.TradeNameSpan,
			Commitment: commitmentText,
		})
	}
	return fs, similar
}

func synonymReason(p *Parts, e *Existing) Reason {
	return Reason{ReasonSynonymIndustry, fmt.Sprintf("字号相同（“%s”），行业表述“%s”与“%s”不同但含义相同", p.TradeName, p.Industry, e.IndustryText)}
}

func identicalScope(p *Parts) string {
	if !p.HasIndustry() {
		return "任何行业（本名称未使用行业表述）"
	}
	return "同一行业或未使用行业表述"
}

func statusNote(e *Existing) string {
	if e.Masked {
		return "一家企业的名称（已被责令停止使用，变更登记前不予公示）"
	}
	switch e.Status {
	case StatusReserved:
		return "“" + e.Name + "”处于名称保留期内"
	case StatusCancelled:
		return "“" + e.Name + "”注销未满一年"
	case StatusRevoked:
		return "“" + e.Name + "”被撤销未满一年"
	}
	return "“" + e.Name + "”已登记"
}

// industryGroup is the synonym group of the expression's head term.
func industryGroup(terms []dict.IndustryTerm) string {
	for _, t := range terms {
		if t.Group != "" && t.Kind == "industry" {
			return t.Group
		}
	}
	return ""
}

// SimilarReasons lists every way in which two different 字号, a (proposed)
// and b (existing), are similar; none for equal or unrelated ones.
func SimilarReasons(a, b string) []Reason {
	if a == b {
		return nil
	}
	ra, rb := []rune(a), []rune(b)
	var out []Reason
	if dict.Homophones(a, b) {
		out = append(out, Reason{ReasonHomophone, fmt.Sprintf("字号读音相同：“%s”与“%s”均读作 %s", a, b, dict.PinyinOf(a))})
	}
	if pairs := shapePairs(ra, rb); pairs != "" {
		out = append(out, Reason{ReasonShape, fmt.Sprintf("字号字形相近：%s", pairs)})
	}
	if len(rb) >= 2 && len(ra) > len(rb) && strings.Contains(a, b) {
		out = append(out, Reason{ReasonContains, fmt.Sprintf("字号“%s”包含在先字号“%s”", a, b)})
	}
	if len(ra) >= 2 && len(rb) > len(ra) && strings.Contains(b, a) {
		out = append(out, Reason{ReasonContainedIn, fmt.Sprintf("字号“%s”包含于在先字号“%s”", a, b)})
	}
	if len(ra) == len(rb) && dict.SortedRunes(a) == dict.SortedRunes(b) {
		out = append(out, Reason{ReasonReordered, fmt.Sprintf("字号“%s”与“%s”用字相同、顺序不同", a, b)})
	}
	if len(ra) >= 3 && len(rb) >= 3 && editDistance(ra, rb) == 1 && !hasReason(out, ReasonContains, ReasonContainedIn) {
		out = append(out, Reason{ReasonOneCharDiff, fmt.Sprintf("字号“%s”与“%s”仅一字之差", a, b)})
	}
	return out
}

func hasReason(rs []Reason, codes ...string) bool {
	for _, r := range rs {
		for _, c := range codes {
			if r.Code == c {
				return true
			}
		}
	}
	return false
}

// shapePairs describes the look-alike substitutions that turn b into a, if
// the two have the same length and every differing character looks alike.
func shapePairs(a, b []rune) string {
	if len(a) != len(b) {
		return ""
	}
	var pairs []string
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if !dict.LooksAlike(a[i], b[i]) {
			return ""
		}
		pairs = append(pairs, fmt.Sprintf("“%c”与“%c”", a[i], b[i]))
	}
	return strings.Join(pairs, "、")
}

// editDistance is the Levenshtein distance between two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// score ranks a hit: the closest reason, a little more for several
// independent reasons and for the same industry wording (the likelier
// confusion among many hits of one kind).
func score(rs []Reason, sameWording bool) float64 {
	best := 0.0
	for _, r := range rs {
		if w := reasonWeight[r.Code]; w > best {
			best = w
		}
	}
	// Several independent reasons make confusion likelier.
	s := best + 0.02*float64(len(rs)-1)
	if sameWording {
		s += 0.03
	}
	if s > 1 {
		s = 1
	}
	return float64(int(s*1000+0.5)) / 1000
}

// highlight marks the 字号 inside an existing (normalized) name; the rest
// is HTML-escaped so that pages can insert it as it is.
func highlight(normalized, tradeName string) string {
	if i := strings.Index(normalized, tradeName); i >= 0 && tradeName != "" {
		return html.EscapeString(normalized[:i]) + "<mark>" + html.EscapeString(tradeName) + "</mark>" + html.EscapeString(normalized[i+len(tradeName):])
	}
	return html.EscapeString(normalized)
}

// conflictNames lists the conflicts' names, quoted when they are bare names.
func conflictNames(cs []Conflict) string {
	var names []string
	for _, c := range cs {
		if strings.HasPrefix(c.Name, "商标") {
			names = append(names, c.Name)
		} else {
			names = append(names, "“"+c.Name+"”")
		}
	}
	return strings.Join(names, "、")
}

// MarkHit is a trademark the proposed 字号 is identical or similar to.
type MarkHit struct {
	Mark      string   `json:"mark"`
	RegNo     string   `json:"reg_no"`
	Classes   []int    `json:"classes"`
	Holder    string   `json:"holder"`
	WellKnown bool     `json:"well_known"`
	Reasons   []Reason `json:"reasons"`
}

// markMatch is how a 字号 resembles a mark, closest first.
type markMatch int

const (
	markNone      markMatch = iota
	markContains            // the 字号 contains the mark
	markLookAlike           // one character swapped for its closest look-alike (marks of ≥3 characters)
	markHomophone           // the same common reading
	markIdentical           // the same characters
)

// nearIdentical reports whether the match would pass for the mark itself.
func (k markMatch) nearIdentical() bool { return k >= markLookAlike }

// matchMark relates the 字号 tn to the mark's text: identical; the same
// common reading (dict.SameCommonReading: a rare reading of a character
// does not count); for marks of three or more characters, one character
// replaced by its closest look-alike with the rest identical (two-character
// marks have no look-alikes: 星河 is not 昌河); or containment, of a mark of
// three or more characters or of a well-known mark itself.
func matchMark(tn string, m *Mark) (markMatch, Reason) {
	rt, rm := []rune(tn), []rune(m.Text)
	switch {
	case len(rm) == 0:
		return markNone, Reason{}
	case tn == m.Text:
		return markIdentical, Reason{"identical_mark", fmt.Sprintf("字号“%s”与商标“%s”文字相同", tn, m.Text)}
	case dict.SameCommonReading(tn, m.Text):
		return markHomophone, Reason{ReasonHomophone, fmt.Sprintf("字号“%s”与商标“%s”读音相同（按常用读音均读作 %s）", tn, m.Text, dict.PinyinOf(tn))}
	}
	if len(rm) >= 3 && len(rt) == len(rm) {
		diff := -1
		for i := range rt {
			if rt[i] != rm[i] {
				if diff >= 0 {
					diff = -2
					break
				}
				diff = i
			}
		}
		if diff >= 0 && dict.ClosestLookAlikes(rt[diff], rm[diff]) {
			return markLookAlike, Reason{ReasonShape, fmt.Sprintf("字号“%s”与商标“%s”仅“%c”与“%c”一字之差，且两字字形最为相近", tn, m.Text, rt[diff], rm[diff])}
		}
	}
	if len(rt) > len(rm) && (len(rm) >= 3 || (m.WellKnown && len(rm) >= 2)) && strings.Contains(tn, m.Text) {
		return markContains, Reason{ReasonContains, fmt.Sprintf("字号“%s”包含商标“%s”", tn, m.Text)}
	}
	return markNone, Reason{}
}

// compareMarks relates the 字号 to trademarks and keeps only what would
// mislead. The industry is the declared one or, without it, the name's; a
// mark is related when one of its Nice classes covers that industry.
//
//   - A well-known mark (驰名商标) used as it is needs approval in any
//     industry: its protection crosses classes. Near-identical (the same
//     common reading, the closest look-alike) needs approval too when the
//     mark has three or more characters or is related; near-identical to a
//     two-character well-known mark of an unrelated trade, or in a name
//     without an industry, is nothing: two-syllable words collide by the
//     hundred (恒通/亨通, 中星/中兴) and mislead only within the trade.
//   - An ordinary mark identical or near-identical warns when related or
//     when the name shows no industry; otherwise it is nothing.
//   - A 字号 containing a mark (of three or more characters, or a well-known
//     one) warns only when related: a coinage that merely contains a brand's
//     characters in another trade misleads no one.
//
// A mark whose holder is among the applicant's investors is the holder's
// own name and is not reported.
func compareMarks(p *Parts, req *Request, marks []Mark) ([]Finding, []MarkHit) {
	ind := req.industry
	if ind.IsZero() {
		ind = p.NameIndustry
	}
	var hits []MarkHit
	var wkSev Severity
	var wellKnown, ordinary []Conflict
	var wkDetails, ordDetails []string
	for i := range marks {
		m := &marks[i]
		kind, reason := matchMark(p.TradeName, m)
		if kind == markNone {
			continue
		}
		if holderInvests(m, req.Investors) {
			continue
		}
		known := !ind.IsZero()
		related := known && classCovers(m.Classes, ind)
		var sev Severity
		switch {
		case m.WellKnown && kind == markIdentical:
			sev = Approval // the famous mark itself, in any trade
		case m.WellKnown && kind.nearIdentical() && (related || utf8.RuneCountInString(m.Text) >= 3):
			sev = Approval
		case m.WellKnown && kind.nearIdentical(), kind == markContains && !related:
			// Near-identical to a two-character well-known mark outside its
			// classes (or in a name without an industry), or a coinage
			// containing a mark's characters outside its classes.
			continue
		case related || !known:
			sev = Warn
		default:
			continue // an ordinary mark of unrelated classes
		}
		detail := fmt.Sprintf("%s：%s；%s", markTitle(m), reason.Detail, classRelation(m, ind, related))
		hits = append(hits, MarkHit{Mark: m.Text, RegNo: m.RegNo, Classes: m.Classes, Holder: m.Holder, WellKnown: m.WellKnown, Reasons: []Reason{reason}})
		c := Conflict{Name: markTitle(m)}
		if m.WellKnown {
			wellKnown = append(wellKnown, c)
			wkDetails = append(wkDetails, detail)
			if sev.rank() > wkSev.rank() {
				wkSev = sev
			}
		} else {
			ordinary = append(ordinary, c)
			ordDetails = append(ordDetails, detail)
		}
	}
	// 商标法 (2019) 第十三条, 第五十七条, 第五十八条: read in LawRefBook/Laws
	// 民法商法/商标法.md@e241beea. 反不正当竞争法 as revised in 2025 (in force
	// 2025-10-15; X-STORAGE/Laws 经济法/反不正当竞争法(2025-06-27).md@7620c2a5):
	// the confusion article, formerly 第六条, is 第七条, whose 第二款 names a
	// registered or well-known mark used as a 字号.
	var fs []Finding
	if len(wellKnown) > 0 {
		f := Finding{
			Code:      "well_known_mark",
			Severity:  wkSev,
			Rule:      RuleOrder82 + "；《中华人民共和国商标法》第十三条；《中华人民共和国反不正当竞争法》第七条；《最高人民法院关于审理注册商标、企业名称与在先权利冲突的民事纠纷案件若干问题的规定》",
			Span:      p.TradeNameSpan,
			Conflicts: wellKnown,
		}
		if wkSev == Approval {
			f.Message = fmt.Sprintf("字号“%s”与驰名商标相同或几乎相同：%s。可能造成公众误认，须经登记机关人工审查；如无商标权利人授权，请更换字号",
				p.TradeName, strings.Join(wkDetails, "；"))
		} else {
			f.Message = fmt.Sprintf("字号“%s”与驰名商标相近：%s。使用可能造成公众误认或侵犯他人商标权；阅读并接受承诺后可以继续申报",
				p.TradeName, strings.Join(wkDetails, "；"))
			f.Commitment = commitmentText
		}
		fs = append(fs, f)
	}
	if len(ordinary) > 0 {
		fs = append(fs, Finding{
			Code:     "registered_mark",
			Severity: Warn,
			Message: fmt.Sprintf("字号“%s”与相关类别的注册商标相同或相近：%s。使用可能侵犯他人商标权；阅读并接受承诺后可以继续申报",
				p.TradeName, strings.Join(ordDetails, "；")),
			Rule:       RuleArt16 + "；《中华人民共和国商标法》第五十七条、第五十八条；《中华人民共和国反不正当竞争法》第七条",
			Span:       p.TradeNameSpan,
			Conflicts:  ordinary,
			Commitment: commitmentText,
		})
	}
	return fs, hits
}

// holderInvests reports whether the mark's holder is one of the investors.
func holderInvests(m *Mark, investors []string) bool {
	if m.Holder == "" {
		return false
	}
	holder := dict.Normalize(m.Holder)
	for _, inv := range investors {
		if dict.Normalize(strings.TrimSpace(inv)) == holder {
			return true
		}
	}
	return false
}

// markLabel names a mark in messages.
func markLabel(m *Mark) string {
	if m.WellKnown {
		return "驰名商标“" + m.Text + "”"
	}
	return "注册商标“" + m.Text + "”"
}

// classRelation explains how the mark's classes relate to the industry.
func classRelation(m *Mark, ind dict.Industry, related bool) string {
	switch {
	case ind.IsZero():
		return "名称未表明行业，不能排除与该商标核定类别相关"
	case related:
		return fmt.Sprintf("所属行业（%s）属于该商标核定类别的相关行业", industryLabel(ind))
	case m.WellKnown:
		return fmt.Sprintf("所属行业（%s）不在该商标核定类别内，但驰名商标跨类别受保护", industryLabel(ind))
	}
	return fmt.Sprintf("所属行业（%s）不在该商标核定类别内", industryLabel(ind))
}

// industryLabel shows an industry with its code.
func industryLabel(ind dict.Industry) string {
	if ind.Name == "" {
		return ind.String()
	}
	return ind.String() + " " + ind.Name
}

// markTitle names a mark with its classes and, when known, its holder.
func markTitle(m *Mark) string {
	if m.Holder == "" {
		return fmt.Sprintf("%s（第%s类）", markLabel(m), classList(m.Classes))
	}
	return fmt.Sprintf("%s（第%s类，%s）", markLabel(m), classList(m.Classes), m.Holder)
}

func classList(classes []int) string {
	var parts []string
	for _, c := range classes {
		parts = append(parts, fmt.Sprintf("%d", c))
	}
	return strings.Join(parts, "、")
}

// classCovers reports whether one of the Nice classes covers the industry,
// compared at the deepest level both codes have (a class mapped to 5226
// 酒、饮料及茶叶零售 covers 52 零售业 and 5226, not 5221).
func classCovers(classes []int, ind dict.Industry) bool {
	for _, c := range classes {
		for _, ci := range dict.NiceIndustries(c) {
			if dict.SameIndustry(ci, ind, dict.ByClass) {
				return true
			}
		}
	}
	return false
}

// maskedLabel stands for the name of an enterprise under an order to stop
// using it (Reg 734 Art 23): public answers show neither its name nor its
// USCC, which together would reveal what the order hides.
const maskedLabel = "（该企业名称已被责令停止使用，不予公示）"

// conflict is how a conflicting existing name is shown.
func (e *Existing) conflict() Conflict {
	if e.Masked {
		return Conflict{Name: maskedLabel, owner: e.USCC}
	}
	return Conflict{Name: e.Name, USCC: e.USCC, owner: e.USCC}
}

// similar completes a similar-name hit with how e is shown.
func (e *Existing) similar(s Similar) Similar {
	s.owner = e.USCC
	if e.Masked {
		s.Name, s.Highlight = maskedLabel, maskedLabel
		for i := range s.Reasons {
			s.Reasons[i].Detail = strings.ReplaceAll(s.Reasons[i].Detail, e.TradeName, "（不予公示）")
		}
		return s
	}
	s.Name, s.USCC, s.Highlight = e.Name, e.USCC, highlight(e.Normalized, e.TradeName)
	return s
}

// Conflict is the hit as a conflict, for callers that filter both alike.
func (s Similar) Conflict() Conflict { return Conflict{Name: s.Name, USCC: s.USCC, owner: s.owner} }
