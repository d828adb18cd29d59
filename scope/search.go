package scope

import (
	"context"
	"html"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
)

// Query is a catalogue search.
type Query struct {
	Text     string // what the applicant typed; empty lists the filtered entries in code order
	Kind     Kind   // optional filter
	Industry string // optional GB/T 4754-2017 code at any level (I, I65, 6513)
	Limit    int    // hits to return: default 10, at most 100
}

// Hit is a ranked catalogue entry.
type Hit struct {
	Code          string          `json:"code"`
	Wording       string          `json:"wording"`
	Kind          Kind            `json:"kind"`
	LicenseTiming Timing          `json:"license_timing,omitempty"`
	Explanation   string          `json:"explanation,omitempty"`
	Industries    []string        `json:"industries,omitempty"`
	Licenses      []License       `json:"licenses,omitempty"`
	Departments   []DepartmentRef `json:"departments,omitempty"`
	Highlight     string          `json:"highlight"` // the wording, HTML-escaped, matched parts in <em></em>
	Score         float64         `json:"score"`
}

// DepartmentRef is a department concerned by an entry and in which role.
type DepartmentRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Approves   bool   `json:"approves,omitempty"`
	Supervises bool   `json:"supervises,omitempty"`
}

// SearchResult holds the best hits and how many entries matched.
type SearchResult struct {
	Hits  []Hit `json:"hits"`
	Total int   `json:"total"`
}

const (
	defaultLimit  = 10
	maxLimit      = 100
	maxQueryRunes = 200
	rerankDepth   = 60 // candidates the engine returns for the domain to rank
)

// Searcher answers searches, compositions and normalizations over one
// catalogue version: the catalogue, its index and the per-entry features the
// ranking needs. It is immutable and safe for concurrent use.
type Searcher struct {
	cat    *Catalogue
	ix     *index.CatalogueIndex
	vocab  *vocabulary
	feats  []entryFeatures // parallel to cat.entries
	pairDF map[string]int  // in how many wordings each character pair occurs
}

// entryFeatures are precomputed for ranking and highlighting.
type entryFeatures struct {
	activity activity        // what the entry does, from its last word
	core     string          // wording without parenthetical notes
	object   string          // core without the activity word: 家具 of 家具制造
	grams    map[string]bool // character pairs (and characters) of the wording
	kwGrams  []map[string]bool
	keywords map[string]bool
}

// NewSearcher indexes cat.
func NewSearcher(cat *Catalogue) (*Searcher, error) {
	if cat == nil {
		return nil, apperr.Invalid("经营范围目录为空")
	}
	s := &Searcher{cat: cat, vocab: defaultVocabulary(), feats: make([]entryFeatures, len(cat.entries)), pairDF: map[string]int{}}
	docs := make([]index.CatalogueDoc, len(cat.entries))
	for i := range cat.entries {
		e := &cat.entries[i]
		f := &s.feats[i]
		f.core = stripNotes(e.Wording)
		f.activity, f.object = splitActivity(f.core)
		f.grams = gramSet(e.Wording)
		f.keywords = map[string]bool{}
		for _, k := range e.Keywords {
			k = dict.Normalize(k)
			f.keywords[k] = true
			f.kwGrams = append(f.kwGrams, gramSet(k))
		}
		kws := make([]string, 0, len(e.Keywords))
		for k := range f.keywords {
			kws = append(kws, k)
		}
		sort.Strings(kws)
		docs[i] = index.CatalogueDoc{
			ID:          e.Code,
			Wording:     e.Wording,
			Explanation: dict.Normalize(e.Explanation),
			Keywords:    kws,
			Kind:        string(e.Kind),
			Industries:  industryKeys(e.Industries),
		}
	}
	for i := range s.feats {
		for g := range s.feats[i].grams {
			if utf8.RuneCountInString(g) == 2 {
				s.pairDF[g]++
			}
		}
	}
	ix, err := index.BuildCatalogueIndex(docs)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	s.ix = ix
	return s, nil
}

// Catalogue is the catalogue searched.
func (s *Searcher) Catalogue() *Catalogue { return s.cat }

// Close releases the index.
func (s *Searcher) Close() error { return s.ix.Close() }

// industryKeys lists every level of each code (F5227 → F, F52, F522, F5227)
// so that a filter at any level is one term.
func industryKeys(codes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		if c == "" {
			continue
		}
		for n := 1; n <= len(c); n++ {
			if n == 2 { // a section letter with one digit is no level
				continue
			}
			k := c[:n]
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// stripNotes removes parenthetical notes: 普通货物仓储服务（不含…） → 普通货物仓储服务.
func stripNotes(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// gramSet holds the character pairs of every run of letters, digits and Han
// characters of s, and the characters themselves.
func gramSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, run := range textRuns(s) {
		rs := []rune(run)
		for i := range rs {
			set[string(rs[i])] = true
			if i+1 < len(rs) {
				set[string(rs[i:i+2])] = true
			}
		}
	}
	return set
}

// textRuns splits s into runs of letters, digits and Han characters.
func textRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r))
	})
}

// prepared is a query after normalization and vocabulary matching.
type prepared struct {
	text     string       // normalized query
	residual []string     // runs of the query not taken by vocabulary phrases
	object   string       // the last residual run without its activity word
	runs     []textUnits  // the residual runs cut into pairs, computed once
	matches  []vocabMatch // vocabulary phrases with targets (weight > 0)
	specific int          // matches of weight 1
	activity activity     // what the query does to its object, if it says
}

func (s *Searcher) prepare(text string) prepared {
	p := prepared{text: dict.Normalize(text)}
	if p.text == "" {
		return p
	}
	var words [][2]int
	for _, seg := range dict.Segmenter().Segment([]byte(p.text)) {
		words = append(words, [2]int{seg.Start(), seg.End()})
	}
	taken := make([]bool, len(p.text))
	for _, m := range s.vocab.match(p.text, words) {
		if m.row.weight == 0 && m.end == len(p.text) && utf8.RuneCountInString(p.text[m.start:m.end]) == 1 {
			// A one-character filler at the end of typeahead input is more
			// likely the start of a word: 软件开 is on its way to 软件开发.
			continue
		}
		for i := m.start; i < m.end; i++ {
			taken[i] = true
		}
		if m.row.weight > 0 {
			p.matches = append(p.matches, m)
			if m.row.weight >= 1 {
				p.specific++
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(p.text); {
		r, size := utf8.DecodeRuneInString(p.text[i:])
		if taken[i] {
			b.WriteRune(' ')
		} else {
			b.WriteRune(r)
		}
		i += size
	}
	p.residual = textRuns(b.String())
	for _, r := range p.residual {
		p.runs = append(p.runs, unitsOf(r))
	}
	if n := len(p.residual); n > 0 {
		p.activity, p.object = splitActivity(p.residual[n-1])
	}
	for _, m := range p.matches {
		if m.row.weight < 1 && p.activity == noActivity {
			p.activity = activityOf(m.row.targets[0])
		}
	}
	return p
}

func (p *prepared) empty() bool { return len(p.residual) == 0 && len(p.matches) == 0 }

// clauses turns a prepared query into the engine's scored clauses. They
// only decide which candidates reach the ranking (features), so each does
// one job: residual words and pairs, exact and prefix wordings, and the
// wordings that contain a vocabulary target. Generic verbs retrieve only
// when nothing else does; their posting lists are the longest.
func (p *prepared) clauses() []index.Clause {
	var cl []index.Clause
	for _, r := range p.residual {
		cl = append(cl,
			index.Clause{Field: index.FieldWording, Text: r, Boost: 3},
			index.Clause{Field: index.FieldWordingGram, Text: r, Boost: 1.5},
			index.Clause{Field: index.FieldKeywords, Text: r, Boost: 1.5},
			index.Clause{Field: index.FieldKeywordExact, Text: r, Mode: index.Exact, Boost: 4},
			index.Clause{Field: index.FieldExplanation, Text: r, Boost: 0.3},
			index.Clause{Field: index.FieldWordingExact, Text: r, Mode: index.Prefix, Boost: 2},
		)
	}
	if p.text != "" {
		cl = append(cl, index.Clause{Field: index.FieldWordingExact, Text: p.text, Mode: index.Exact, Boost: 6})
	}
	onlyGeneric := len(p.residual) == 0 && p.specific == 0
	for _, m := range p.matches {
		w := m.row.weight
		for _, t := range m.row.targets {
			switch {
			case w >= 1:
				cl = append(cl,
					index.Clause{Field: index.FieldWordingGram, Text: t, Mode: index.Phrase, Boost: 3 * w},
					index.Clause{Field: index.FieldWordingExact, Text: t, Mode: index.Exact, Boost: 8 * w},
				)
			case onlyGeneric:
				cl = append(cl, index.Clause{Field: index.FieldWording, Text: t, Boost: w})
			}
		}
	}
	return cl
}

// ranked is a candidate with its ranking features.
type ranked struct {
	i       int // entry index
	score   float64
	quality float64 // how fully the entry answers the query, 0..1
	engine  float64
}

// Search ranks catalogue entries for q.
func (s *Searcher) Search(ctx context.Context, q Query) (SearchResult, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	if limit > maxLimit {
		limit = maxLimit
	}
	if utf8.RuneCountInString(q.Text) > maxQueryRunes {
		return SearchResult{}, apperr.Invalid("检索词超过 %d 个字", maxQueryRunes)
	}
	iq := index.CatalogueQuery{}
	if q.Kind != "" {
		k, err := ParseKind(string(q.Kind))
		if err != nil {
			return SearchResult{}, apperr.Invalid("%v", err)
		}
		iq.Kind = string(k)
	}
	if strings.TrimSpace(q.Industry) != "" {
		ind, err := dict.ParseIndustryCode(q.Industry)
		if err != nil {
			return SearchResult{}, apperr.Invalid("行业代码“%s”不是 GB/T 4754-2017 代码", q.Industry)
		}
		iq.Industry = ind.String()
	}
	p := s.prepare(q.Text)
	if strings.TrimSpace(p.text) == "" {
		// Browsing: the filtered entries in code order.
		iq.Size = limit
		res, err := s.ix.Candidates(ctx, iq)
		if err != nil {
			if ctx.Err() != nil {
				return SearchResult{}, ctx.Err()
			}
			return SearchResult{}, apperr.Internal(err)
		}
		out := SearchResult{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
		for _, c := range res.Hits {
			if e := s.cat.entry(c.ID); e != nil {
				out.Hits = append(out.Hits, s.hit(e, nil, 0))
			}
		}
		return out, nil
	}
	iq.Size = max(rerankDepth, limit)
	rs, total, err := s.rank(ctx, &p, iq)
	if err != nil {
		return SearchResult{}, err
	}
	out := SearchResult{Total: total, Hits: []Hit{}}
	for _, r := range rs {
		if len(out.Hits) == limit {
			break
		}
		out.Hits = append(out.Hits, s.hit(&s.cat.entries[r.i], &p, r.score))
	}
	return out, nil
}

// rank retrieves candidates and orders them by the domain's features.
func (s *Searcher) rank(ctx context.Context, p *prepared, iq index.CatalogueQuery) ([]ranked, int, error) {
	if p.empty() {
		return nil, 0, nil
	}
	iq.Should = p.clauses()
	if iq.Size == 0 {
		iq.Size = rerankDepth
	}
	res, err := s.ix.Candidates(ctx, iq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, 0, apperr.Internal(err)
	}
	maxEngine := 0.0
	for _, c := range res.Hits {
		maxEngine = math.Max(maxEngine, c.Score)
	}
	rs := make([]ranked, 0, len(res.Hits))
	for _, c := range res.Hits {
		i, ok := s.cat.byCode[c.ID]
		if !ok {
			continue
		}
		r := s.features(p, i)
		if maxEngine > 0 {
			r.engine = c.Score / maxEngine
		}
		r.score += wEngine * r.engine
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(a, b int) bool {
		if rs[a].score != rs[b].score {
			return rs[a].score > rs[b].score
		}
		return s.cat.entries[rs[a].i].Code < s.cat.entries[rs[b].i].Code
	})
	return rs, int(res.Total), nil
}

// Ranking weights, chosen on the dev halves of scope/testdata (see
// docs/benchmarks-scope.md); the test halves were not used to pick them.
const (
	wAnswer  = 2.0  // share of the query the entry accounts for
	wRare    = 0.8  // the same, rare character pairs weighing more
	wHead    = 0.5  // the entry is about the query's head noun
	wGeneric = 0.3  // the wording has what a generic verb (卖, 修) means
	wAct     = 1.0  // same activity (+1) or another one (-1)
	wExact   = 1.5  // the query is the wording
	wPrefix  = 0.3  // the query begins the wording (typeahead)
	wBrevity = 0.15 // per 40 characters of wording: general items first
	wEngine  = 0.6  // the engine's score, relative to the best candidate
)

// features scores entry i for p (without the engine's share):
//   - answer: how much of the query the entry accounts for — residual text
//     whose character pairs the wording (or a keyword) contains, and
//     vocabulary meanings the wording contains — weighted by the length of
//     the query part each stands for; it is also the entry's quality, which
//     Normalize compares with its thresholds;
//   - rare: the residual coverage with rare pairs weighing more;
//   - head: the wording holds the end of the query's object (its head noun);
//   - activity: the entry does what the query asks (sells, makes, repairs …);
//   - exactness and prefix: the query is the wording, or begins it;
//   - brevity: among equals, the shorter wording is the more general item.
func (s *Searcher) features(p *prepared, i int) ranked {
	e := &s.cat.entries[i]
	f := &s.feats[i]
	r := ranked{i: i}

	textCov, pairCov := 0.0, 0.0
	resLen := 0
	if len(p.residual) > 0 {
		pairCov = coverage(p.runs, f.grams)
		kwCov := 0.0
		for _, kg := range f.kwGrams {
			kwCov = math.Max(kwCov, coverage(p.runs, kg))
		}
		for _, run := range p.residual {
			if f.keywords[run] {
				kwCov = 1
			}
			resLen += utf8.RuneCountInString(run)
		}
		textCov = math.Max(pairCov, 0.9*kwCov)
	}

	vocSum, vocLen, generic := 0.0, 0, 0.0
	for _, m := range p.matches {
		best := 0.0
		for _, t := range m.row.targets {
			var v float64
			switch {
			case t == e.Wording || t == f.core:
				v = 1
			case strings.Contains(e.Wording, t):
				v = 0.85
			default:
				v = 0.5 * coverage(s.targetUnits(t), f.grams)
			}
			best = math.Max(best, v)
		}
		if m.row.weight >= 1 {
			n := utf8.RuneCountInString(m.row.phrase)
			vocSum += best * float64(n)
			vocLen += n
		} else {
			generic = math.Max(generic, m.row.weight*best)
		}
	}

	answer := 0.0
	if resLen+vocLen > 0 {
		answer = (textCov*float64(resLen) + vocSum) / float64(resLen+vocLen)
	}
	exact := 0.0
	if p.text == e.Wording || p.text == f.core || f.keywords[p.text] && len(p.matches) > 0 {
		exact = 1
	}
	prefix := 0.0
	if strings.HasPrefix(e.Wording, p.text) {
		prefix = 1
	}
	act := 0.0
	if p.activity != noActivity && f.activity != noActivity {
		if p.activity == f.activity {
			act = 1
		} else {
			act = -1
		}
	}
	head := 0.0
	if n := utf8.RuneCountInString(p.object); n > 0 {
		head = float64(tailIn(p.object, f.object)) / float64(n)
	}
	rare := 0.0
	if len(p.residual) > 0 {
		rare = s.rareCoverage(p.runs, f.grams)
	}
	if resLen+vocLen > 0 {
		// Both describe the residual text only: weigh them by its share.
		share := float64(resLen) / float64(resLen+vocLen)
		head *= share
		rare *= share
	}
	r.quality = math.Max(answer, exact)
	brevity := float64(utf8.RuneCountInString(f.core)) / 40
	r.score = wAnswer*answer + wRare*rare + wHead*head + wGeneric*generic + wAct*act +
		wExact*exact + wPrefix*prefix - wBrevity*brevity
	return r
}

// rareCoverage is coverage with each character pair weighted by its rarity
// in the catalogue (a pair no wording has weighs most): in 金属家具制造,
// 家具 weighs more than 金属 and far more than 制造.
func (s *Searcher) rareCoverage(runs []textUnits, set map[string]bool) float64 {
	n := float64(len(s.cat.entries))
	total, hit := 0.0, 0.0
	for _, u := range runs {
		if u.n == 1 {
			continue
		}
		for _, pair := range u.pairs {
			w := math.Log(1 + n/float64(1+s.pairDF[pair]))
			total += w
			if set[pair] {
				hit += w
			}
		}
	}
	if total == 0 {
		return 0
	}
	return hit / total
}

// tailIn is the length in characters of the longest end of q found in w.
// Scope phrases put the head noun last: 金属家具 is a kind of 家具, so the
// entry about 家具 answers it better than the one about 金属工具.
func tailIn(q, w string) int {
	rs := []rune(q)
	for i := range rs {
		if strings.Contains(w, string(rs[i:])) {
			return len(rs) - i
		}
	}
	return 0
}

// activity is what an item does to its object.
type activity int

const (
	noActivity activity = iota
	trading
	making
	repairing
	installing
	renting
	researching
	designing
	growing
)

// activitySuffixes maps the last word of a wording (or a query word) to its
// activity; longest first so that 安装服务 wins over 服务.
var activitySuffixes = []struct {
	suffix string
	act    activity
}{
	{"批发", trading}, {"零售", trading}, {"销售", trading}, {"经销", trading}, {"购销", trading}, {"经营", trading},
	{"制造", making}, {"生产", making}, {"加工", making}, {"制作", making}, {"冶炼", making},
	{"修理", repairing}, {"维修", repairing}, {"维护", repairing},
	{"安装服务", installing}, {"安装", installing}, {"施工", installing},
	{"租赁", renting}, {"出租", renting}, {"租赁服务", renting},
	{"研发", researching}, {"试验发展", researching},
	{"设计", designing},
	{"种植", growing}, {"饲养", growing}, {"养殖", growing},
}

func activityOf(s string) activity {
	a, _ := splitActivity(s)
	return a
}

// splitActivity separates a trailing activity word: 家具制造 → making, 家具.
func splitActivity(s string) (activity, string) {
	for _, a := range activitySuffixes {
		if strings.HasSuffix(s, a.suffix) {
			return a.act, strings.TrimSuffix(s, a.suffix)
		}
	}
	return noActivity, s
}

// textUnits is a run of text as the ranking compares it: its character
// pairs, or its one character.
type textUnits struct {
	pairs []string
	n     int // characters
}

func unitsOf(run string) textUnits {
	rs := []rune(run)
	u := textUnits{n: len(rs)}
	if len(rs) == 1 {
		u.pairs = []string{run}
		return u
	}
	for i := 0; i+1 < len(rs); i++ {
		u.pairs = append(u.pairs, string(rs[i:i+2]))
	}
	return u
}

// targetUnits caches the units of vocabulary targets.
func (s *Searcher) targetUnits(t string) []textUnits {
	if u, ok := s.vocab.units[t]; ok {
		return u
	}
	var out []textUnits
	for _, r := range textRuns(t) {
		out = append(out, unitsOf(r))
	}
	return out
}

// coverage is the share of the characters of runs that sit in a pair (or,
// for one-character runs, a character) found in set.
func coverage(runs []textUnits, set map[string]bool) float64 {
	total, hit := 0, 0
	for _, u := range runs {
		total += u.n
		if u.n == 1 {
			if set[u.pairs[0]] {
				hit++
			}
			continue
		}
		// Character i is covered when pair i-1 or pair i is in the set.
		prev := false
		for i, pair := range u.pairs {
			in := set[pair]
			if in || prev {
				hit++ // character i
			}
			if i == len(u.pairs)-1 && in {
				hit++ // the last character
			}
			prev = in
		}
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}

func (s *Searcher) hit(e *Entry, p *prepared, score float64) Hit {
	h := Hit{
		Code:          e.Code,
		Wording:       e.Wording,
		Kind:          e.Kind,
		LicenseTiming: e.LicenseTiming,
		Explanation:   e.Explanation,
		Industries:    append([]string(nil), e.Industries...),
		Licenses:      append([]License(nil), e.Licenses...),
		Departments:   departmentsOf(e),
		Score:         math.Round(score*1000) / 1000,
	}
	h.Highlight = highlight(e.Wording, p)
	return h
}

func departmentsOf(e *Entry) []DepartmentRef {
	var out []DepartmentRef
	at := map[string]int{}
	ref := func(id string) *DepartmentRef {
		if i, ok := at[id]; ok {
			return &out[i]
		}
		at[id] = len(out)
		out = append(out, DepartmentRef{ID: id, Name: DepartmentName(id)})
		return &out[len(out)-1]
	}
	for _, l := range e.Licenses {
		ref(l.ApprovingDept).Approves = true
		if l.SupervisingDept != "" {
			ref(l.SupervisingDept).Supervises = true
		}
	}
	return out
}

// highlight marks in the wording the characters the query accounts for: pairs
// of the residual text and the vocabulary targets the wording contains.
func highlight(wording string, p *prepared) string {
	rs := []rune(wording)
	mark := make([]bool, len(rs))
	if p != nil {
		markPairs := func(run string) {
			q := []rune(run)
			if len(q) == 1 {
				for i, r := range rs {
					if r == q[0] {
						mark[i] = true
					}
				}
				return
			}
			pairs := map[string]bool{}
			for i := 0; i+1 < len(q); i++ {
				pairs[string(q[i:i+2])] = true
			}
			for i := 0; i+1 < len(rs); i++ {
				if pairs[string(rs[i:i+2])] {
					mark[i], mark[i+1] = true, true
				}
			}
		}
		for _, run := range p.residual {
			markPairs(run)
		}
		for _, m := range p.matches {
			for _, t := range m.row.targets {
				if strings.Contains(wording, t) {
					markPairs(t)
				}
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && mark[j] == mark[i] {
			j++
		}
		seg := html.EscapeString(string(rs[i:j]))
		if mark[i] {
			b.WriteString("<em>")
			b.WriteString(seg)
			b.WriteString("</em>")
		} else {
			b.WriteString(seg)
		}
		i = j
	}
	return b.String()
}
