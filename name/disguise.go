package name

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"namescope/dict"
)

// A 字号 may disguise a banned word: 堵博 or 睹博 for 赌博. The lexicon is
// indexed with the readings and look-alike characters the name index uses
// (index.Lexicon); the check asks it for the words a 字号 may disguise and
// decides here. A disguise is never a block on a mere sound match: it goes
// to staff review (approval) with the matched word, the kind of disguise
// and the rule the word falls under.

// WordIndex supplies the lexicon words that a text may disguise.
type WordIndex interface {
	Candidates(ctx context.Context, text string) ([]string, error)
	// BySound returns the words that read as key (toneless pinyin, no
	// spaces): a word written in pinyin.
	BySound(ctx context.Context, key string) ([]string, error)
}

// Disguise kinds.
const (
	DisguiseHomophone = "homophone"  // reads like the word
	DisguiseLookAlike = "look_alike" // the word with look-alike characters
	DisguiseSplit     = "split"      // the word cut by brackets, dots, dashes or spaces
	DisguisePinyin    = "pinyin"     // the word written in pinyin
)

// offensive are the lexicon categories whose words are banned for what
// they say: a name that merely sounds like one of their two-character
// words is worth a look even inside a longer 字号. The words of the other
// categories are restricted for what they claim or whom they name
// (leaders, places, titles, sectors): a two-character sound-alike of one
// is an ordinary 字号 (华福, 午时, 建民) unless it is the whole 字号, and
// longer words count anywhere (Reg 734 Art 11; 禁限用规则).
var offensive = map[string]bool{
	"obscene": true, "vulgar": true, "gambling": true, "drugs": true,
	"terror_separatism": true, "negative_political": true, "discrimination": true,
}

var (
	lexByWordOnce sync.Once
	lexByWord     map[string]dict.LexiconEntry
)

func lexiconEntry(word string) (dict.LexiconEntry, bool) {
	lexByWordOnce.Do(func() {
		lexByWord = map[string]dict.LexiconEntry{}
		for _, e := range dict.LexiconEntries() {
			if e.Source != dict.OverlaySource { // the overlay changes: read at each look-up
				lexByWord[e.Word] = e
			}
		}
	})
	if e, ok := lexByWord[word]; ok {
		return e, true
	}
	return dict.OverlayEntry(word)
}

// DisguisableWords lists the lexicon words a 字号 may disguise (what the
// lexicon index holds): every word of two characters or more.
func DisguisableWords() []string {
	var out []string
	for _, e := range dict.LexiconEntries() {
		if len([]rune(e.Word)) >= 2 {
			out = append(out, e.Word)
		}
	}
	return out
}

// disguiseKind says how stretch disguises word: homophone, look_alike,
// both, or "" when it does not (or is the word itself).
func disguiseKind(stretch, word []rune) string {
	if len(stretch) != len(word) || string(stretch) == string(word) {
		return ""
	}
	alike := true
	for i := range word {
		if stretch[i] != word[i] && !dict.LooksAlike(word[i], stretch[i]) {
			alike = false
			break
		}
	}
	sound := dict.PinyinOf(string(stretch)) == dict.PinyinOf(string(word))
	switch {
	case alike && sound:
		return DisguiseHomophone + "," + DisguiseLookAlike
	case alike:
		return DisguiseLookAlike
	case sound:
		return DisguiseHomophone
	}
	return ""
}

// salient says whether a disguise of an n-character word found at offset i
// of a 字号 of length total stands out enough to be one. Longer words count
// anywhere. Two characters that sound like an offensive two-character word
// count as the whole 字号, and a look-alike of one where it begins or ends
// the 字号; for the other categories only a look-alike that is the whole
// 字号 counts (a sound-alike of 医生 or 中尉 is an ordinary 字号).
func salient(kind string, offensiveWord bool, n, i, total int) bool {
	switch {
	case n >= 3:
		return true
	case !offensiveWord && kind == DisguiseHomophone:
		// 正信/征信, 中威/中尉, 宜盛/医生: measured on 50,000 real names,
		// two-character sound-alikes of the restricted (not offensive) words
		// would send one name in 200 to review for nothing.
		return false
	case kind == DisguiseHomophone || !offensiveWord:
		return i == 0 && total == n
	}
	return i == 0 || i+n == total
}

// ordinaryWord reports whether s is a word of the segmenter's dictionary:
// a stretch that is a word of its own (南国, 黄牛, 健民) means what it says,
// whatever banned word it resembles; a disguise is a coinage.
func ordinaryWord(s string) bool {
	freq, _, ok := dict.Segmenter().Find(s)
	return ok && freq > 0
}

// disguised finds the banned words the 字号 disguises.
func (c *Checker) disguised(ctx context.Context, p *Parts) ([]Finding, error) {
	if c.Words == nil || p.TradeName == "" {
		return nil, nil
	}
	tn := []rune(p.TradeName)
	// A word of three characters or more may run on from the 字号 into the
	// industry expression the parser read after it (新卑 + 书店信息技术
	// disguises 新华书店): the stretch searched is both, when they are one
	// run of the name.
	text := tn
	if n := []rune(p.Normalized); !p.IndustrySpan.Empty() && p.IndustrySpan[0] == p.TradeNameSpan[1] && p.IndustrySpan[1] <= len(n) {
		text = n[p.TradeNameSpan[0]:p.IndustrySpan[1]]
	}
	words, err := c.Words.Candidates(ctx, string(text))
	if err != nil {
		return nil, fmt.Errorf("lexicon candidates: %w", err)
	}
	var fs []Finding
	found := map[string]bool{}
	for _, w := range words {
		e, ok := lexiconEntry(w)
		if !ok {
			continue
		}
		wr := []rune(w)
		for i := 0; i < len(tn) && i+len(wr) <= len(text); i++ {
			if i+len(wr) > len(tn) && len(wr) < 3 {
				continue
			}
			kind := disguiseKind(text[i:i+len(wr)], wr)
			if kind == "" || !salient(kind, offensive[e.Category], len(wr), i, len(tn)) || ordinaryWord(string(text[i:i+len(wr)])) {
				continue
			}
			stretch := string(text[i : i+len(wr)])
			fs = append(fs, disguiseFinding("字号中的", stretch, w, kind, e,
				Span{p.TradeNameSpan[0] + i, p.TradeNameSpan[0] + i + len(wr)}))
			found[w] = true
			break
		}
	}
	tail, err := c.sectorTail(ctx, p, string(text), words, found)
	if err != nil {
		return nil, err
	}
	fs = append(fs, tail...)
	split, err := c.splitWords(ctx, p)
	if err != nil {
		return nil, err
	}
	pinyin, err := c.pinyinWords(ctx, p)
	if err != nil {
		return nil, err
	}
	return append(append(fs, split...), pinyin...), nil
}

// disguiseFinding reports stretch (at span) as a disguise of the lexicon
// word w: staff review, with the word, the kind of disguise and its rule.
func disguiseFinding(where, stretch, w, kind string, e dict.LexiconEntry, span Span) Finding {
	how := fmt.Sprintf("与禁用字词“%s”字形相近", w)
	switch kind {
	case DisguiseHomophone:
		how = fmt.Sprintf("与禁用字词“%s”读音相同（%s）", w, dict.PinyinOf(w))
	case DisguiseHomophone + "," + DisguiseLookAlike:
		how = fmt.Sprintf("与禁用字词“%s”读音相同（%s）且字形相近", w, dict.PinyinOf(w))
	}
	return Finding{
		Code:     "disguised_restricted_word",
		Severity: Approval,
		Message: fmt.Sprintf("%s“%s”%s，疑似变相使用该字词，须经登记机关人工审查（读音或字形相近本身不是禁止的理由）",
			where, stretch, how),
		Rule:     e.Rule,
		Span:     span,
		Disguise: &Disguise{Word: w, Kind: kind, Category: e.Category},
	}
}

// sectorTail finds a disguised sector word (学院, 银行, 医院, 信托: the
// financial, medical, education and public-institution words) where such
// a word says what the enterprise is: at the end of the name body, just
// before the organisational form (腾盛鳕院有限公司, 睿辰信庹股份有限公司).
// There a sound-alike or a look-alike of even a two-character word stands
// out, whichever part the parser gave it; a stretch that is a word of its
// own (学苑) or part of one (意园 of 创意园) is none. words are the lexicon
// candidates of the text disguised searched.
func (c *Checker) sectorTail(ctx context.Context, p *Parts, searched string, words []string, found map[string]bool) ([]Finding, error) {
	if p.TradeNameSpan.Empty() || p.OrgFormSpan.Empty() || p.Parent != "" || p.OrgFormSpan[0] <= p.TradeNameSpan[0] {
		return nil, nil
	}
	n := []rune(p.Normalized)
	body := n[p.TradeNameSpan[0]:p.OrgFormSpan[0]]
	// The body is most often the 字号 and industry already searched: its
	// candidates are those (one lexicon query per check, not two).
	if string(body) != searched {
		var err error
		if words, err = c.Words.Candidates(ctx, string(body)); err != nil {
			return nil, fmt.Errorf("lexicon candidates: %w", err)
		}
	}
	var fs []Finding
	for _, w := range words {
		e, ok := lexiconEntry(w)
		wr := []rune(w)
		if !ok || found[w] || len(wr) >= len(body) {
			continue
		}
		if _, sector := sectorCodes[e.Category]; !sector {
			continue
		}
		stretch := body[len(body)-len(wr):]
		kind := disguiseKind(stretch, wr)
		if kind == "" || ordinaryWord(string(stretch)) || !startsWord(body, len(body)-len(wr)) {
			continue
		}
		end := p.OrgFormSpan[0]
		fs = append(fs, disguiseFinding("名称中组织形式前的", string(stretch), w, kind, e, Span{end - len(wr), end}))
		found[w] = true
	}
	return fs, nil
}

// startsWord reports whether the segmenter starts a word of text at rune
// offset at: a stretch that begins inside a word (意园 of 创意园) is part of
// that word, no disguise.
func startsWord(text []rune, at int) bool {
	pos := 0
	for _, w := range segmentWords(string(text)) {
		if pos == at {
			return true
		}
		if pos > at {
			return false
		}
		pos += utf8.RuneCountInString(w)
	}
	return pos == at
}

// separators are what a name may put between the characters of a word to
// hide it from a plain match: brackets, dots, dashes, spaces.
func separator(r rune) bool {
	return strings.ContainsRune("（）()·.．-－—_＿ 　、‧•/／|｜", r)
}

// splitWords finds lexicon words that only appear once the separators of
// the name are taken out (淫（妇）, 赌·具): a word cut by them is a disguise.
func (c *Checker) splitWords(ctx context.Context, p *Parts) ([]Finding, error) {
	rs := []rune(p.Normalized)
	var kept []rune
	var at []int // position in rs of each kept character
	for i, r := range rs {
		if !separator(r) {
			kept = append(kept, r)
			at = append(at, i)
		}
	}
	if len(kept) == len(rs) {
		return nil, nil
	}
	words, err := c.Words.Candidates(ctx, string(kept))
	if err != nil {
		return nil, fmt.Errorf("lexicon candidates: %w", err)
	}
	var fs []Finding
	for _, w := range words {
		e, ok := lexiconEntry(w)
		if !ok {
			continue
		}
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(kept); i++ {
			first, last := at[i], at[i+len(wr)-1]
			if string(kept[i:i+len(wr)]) != w || last-first == len(wr)-1 {
				continue // not the word, or not cut by a separator
			}
			fs = append(fs, Finding{
				Code:     "disguised_restricted_word",
				Severity: Approval,
				Message: fmt.Sprintf("名称中的“%s”去掉括号、点或空格后是禁限用字词“%s”，疑似变相使用该字词，须经登记机关人工审查",
					string(rs[first:last+1]), w),
				Rule:     e.Rule,
				Span:     Span{first, last + 1},
				Disguise: &Disguise{Word: w, Kind: DisguiseSplit, Category: e.Category},
			})
			break
		}
	}
	return fs, nil
}

// pinyinWords finds lexicon words written in pinyin (duju, taidu): letters
// are refused in any case (Art 9), the finding says which word they spell.
func (c *Checker) pinyinWords(ctx context.Context, p *Parts) ([]Finding, error) {
	rs := []rune(p.Normalized)
	var fs []Finding
	for i := 0; i < len(rs); {
		if !isLatin(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isLatin(rs[j]) {
			j++
		}
		if j-i >= 4 {
			words, err := c.Words.BySound(ctx, strings.ToLower(string(rs[i:j])))
			if err != nil {
				return nil, fmt.Errorf("lexicon words by sound: %w", err)
			}
			for _, w := range words {
				e, ok := lexiconEntry(w)
				if !ok {
					continue
				}
				fs = append(fs, Finding{
					Code:     "disguised_restricted_word",
					Severity: Approval,
					Message:  fmt.Sprintf("名称中的“%s”是禁限用字词“%s”的拼音，疑似变相使用该字词，须经登记机关人工审查", string(rs[i:j]), w),
					Rule:     e.Rule,
					Span:     Span{i, j},
					Disguise: &Disguise{Word: w, Kind: DisguisePinyin, Category: e.Category},
				})
				break
			}
		}
		i = j
	}
	return fs, nil
}

func isLatin(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }
