package scope

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
)

// NormalizeResult maps legacy free-text scope to catalogue entries.
type NormalizeResult struct {
	Phrases  []PhraseMapping `json:"phrases"`  // every phrase, in text order
	Unmapped []string        `json:"unmapped"` // the phrases without a proposal
}

// PhraseMapping is one phrase of the legacy text and its proposals.
type PhraseMapping struct {
	Phrase    string     `json:"phrase"`
	Proposals []Proposal `json:"proposals"` // best first; empty when unmapped
}

// Proposal is a catalogue entry proposed for a phrase.
type Proposal struct {
	Code    string  `json:"code"`
	Wording string  `json:"wording"`
	Kind    Kind    `json:"kind"`
	Score   float64 `json:"score"`
}

const (
	maxLegacyRunes    = 5000
	maxProposals      = 3
	mapQuality        = 0.5 // the best entry must answer this much of a phrase
	proposalQuality   = 0.45
	maxPhraseRunes    = 40
	minPhraseRunes    = 2
	proposalScoreDrop = 0.8 // later proposals within this share of the best score
)

var (
	// Phrase separators of legacy scope text.
	phraseSep = regexp.MustCompile(`[；;。，,]+`)
	spaceRun  = regexp.MustCompile(`\s+`)
	// Notes in brackets that only state the licensing boilerplate.
	boilerNote = regexp.MustCompile(`（[^（）]*(依法须经|批准|许可|审批|凭|方可|为准|经营活动|另行|专项)[^（）]*）`)
	// Headers that start a block.
	blockHeader = regexp.MustCompile(`^(一般经营项目|许可经营项目|一般项目|许可项目|经营范围|主营|兼营|经营项目|业务范围)(是)?[:：]?`)
	// Leading words without meaning for the mapping.
	leadingFiller = regexp.MustCompile(`^(从事|开展|提供|经营|承揽)?`)
	// Markers of legal boilerplate phrases, which are dropped.
	boilerMarkers = []string{
		"依法须经", "批准后", "方可开展", "方可经营", "许可证经营", "凭许可", "凭有效", "凭资质",
		"法律、行政法规", "法律法规", "行政法规", "国务院决定", "禁止的", "不得经营", "限制的项目",
		"取得许可", "审批机关", "自主选择经营", "经营活动", "以上", "为准", "无一般经营项目",
		"专项审批", "另行申报", "相关部门", "许可文件", "有效期",
	}
	// Verbs that distribute over a 、-list ("销售A、B、C", "A、B、C销售").
	tradeVerbs = []string{"批发兼零售", "批发零售", "批零兼营", "销售", "批发", "零售", "经销", "代销", "购销",
		"生产", "加工", "制造", "制作", "研发", "设计", "安装", "维修", "修理", "租赁", "回收", "收购", "种植", "养殖"}
	// Phrases that alone say nothing about the activity.
	bareWords = map[string]bool{}
)

func init() {
	for _, w := range tradeVerbs {
		bareWords[w] = true
	}
	for _, w := range []string{"服务", "咨询", "开发", "技术", "经营", "管理", "代理", "贸易", "工程", "施工", "业务", "产品", "材料", "设备", "其他", "相关", "配套", "及", "等", "无"} {
		bareWords[w] = true
	}
}

// SplitLegacy cuts legacy scope text into phrases: on ；;。，, and line
// breaks, and on 、 where a trade verb distributes over the list. Legal
// boilerplate, block headers and licensing notes are removed.
func SplitLegacy(text string) []string {
	// Spaces separate phrases in some old records; FoldWidth would drop them.
	text = spaceRun.ReplaceAllString(strings.TrimSpace(text), "；")
	text = dict.FoldWidth(text) // brackets unified; NFKC makes ；，: ASCII
	text = boilerNote.ReplaceAllString(text, "")
	var out []string
	seen := map[string]bool{}
	for _, part := range phraseSep.Split(text, -1) {
		part = strings.Trim(part, " .、:：*·〓")
		part = blockHeader.ReplaceAllString(part, "")
		if part == "" || isBoilerplate(part) {
			continue
		}
		for _, ph := range distribute(strings.Split(part, "、")) {
			ph = strings.Trim(leadingFiller.ReplaceAllString(ph, ""), " .:：*·〓")
			ph = strings.TrimSuffix(ph, "等")
			n := utf8.RuneCountInString(ph)
			if n < minPhraseRunes || n > maxPhraseRunes || isBoilerplate(ph) || seen[ph] {
				continue
			}
			seen[ph] = true
			out = append(out, ph)
		}
	}
	return out
}

func isBoilerplate(s string) bool {
	for _, m := range boilerMarkers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// distribute spreads a leading or trailing trade verb of a 、-list to the
// items that lack one: 销售五金、家电 → 销售五金, 销售家电; 五金、家电销售 →
// 五金销售, 家电销售. The list "技术开发、技术咨询" keeps its items.
func distribute(items []string) []string {
	var clean []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			clean = append(clean, it)
		}
	}
	if len(clean) < 2 {
		return clean
	}
	if v := leadingVerb(clean[0]); v != "" {
		for i := 1; i < len(clean); i++ {
			if leadingVerb(clean[i]) == "" && trailingVerb(clean[i]) == "" {
				clean[i] = v + clean[i]
			}
		}
		return clean
	}
	last := clean[len(clean)-1]
	if v := trailingVerb(last); v != "" {
		for i := 0; i < len(clean)-1; i++ {
			if leadingVerb(clean[i]) == "" && trailingVerb(clean[i]) == "" {
				clean[i] += v
			}
		}
	}
	return clean
}

func leadingVerb(s string) string {
	for _, v := range tradeVerbs {
		if strings.HasPrefix(s, v) && utf8.RuneCountInString(s) > utf8.RuneCountInString(v)+1 {
			return v
		}
	}
	return ""
}

func trailingVerb(s string) string {
	for _, v := range tradeVerbs {
		if strings.HasSuffix(s, v) && utf8.RuneCountInString(s) > utf8.RuneCountInString(v)+1 {
			return v
		}
	}
	return ""
}

// Normalize proposes catalogue entries for each phrase of legacy scope text.
func (s *Searcher) Normalize(ctx context.Context, text string) (NormalizeResult, error) {
	if utf8.RuneCountInString(text) > maxLegacyRunes {
		return NormalizeResult{}, apperr.Invalid("经营范围文本超过 %d 个字", maxLegacyRunes)
	}
	if strings.TrimSpace(text) == "" {
		return NormalizeResult{}, apperr.Invalid("请提供原经营范围文本")
	}
	out := NormalizeResult{Phrases: []PhraseMapping{}, Unmapped: []string{}}
	for _, ph := range SplitLegacy(text) {
		m := PhraseMapping{Phrase: ph, Proposals: []Proposal{}}
		if !bareWords[ph] {
			props, err := s.propose(ctx, ph)
			if err != nil {
				return NormalizeResult{}, err
			}
			m.Proposals = props
		}
		if len(m.Proposals) == 0 {
			out.Unmapped = append(out.Unmapped, ph)
		}
		out.Phrases = append(out.Phrases, m)
	}
	return out, nil
}

// propose returns the entries that answer a phrase well enough.
func (s *Searcher) propose(ctx context.Context, phrase string) ([]Proposal, error) {
	// Notes such as （不含仓储） exclude things; they are not what is asked for.
	if core := stripNotes(phrase); core != "" {
		phrase = core
	}
	p := s.prepare(phrase)
	rs, _, err := s.rank(ctx, &p, index.CatalogueQuery{})
	if err != nil {
		return nil, err
	}
	// The best-ranked entries that answer enough of the phrase.
	var good []ranked
	for _, r := range rs {
		if r.quality >= proposalQuality {
			good = append(good, r)
		}
	}
	if len(good) == 0 || good[0].quality < mapQuality {
		return nil, nil
	}
	var out []Proposal
	for _, r := range good {
		if len(out) == maxProposals || r.score < proposalScoreDrop*good[0].score {
			break
		}
		e := &s.cat.entries[r.i]
		out = append(out, Proposal{Code: e.Code, Wording: e.Wording, Kind: e.Kind, Score: roundScore(r.score)})
	}
	return out, nil
}

func roundScore(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
