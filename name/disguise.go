package name

import (
	"context"
	"fmt"
	"sync"

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
}

// Disguise kinds.
const (
	DisguiseHomophone = "homophone"  // reads like the word
	DisguiseLookAlike = "look_alike" // the word with look-alike characters
)

// disguisable are the lexicon categories whose words are banned for what
// they say and that a name may try to slip in under another spelling:
// obscenity, vulgarity, gambling, drugs, terror and separatism, negative
// political words, discrimination (Reg 734 Art 11; 禁限用规则). The words of
// other categories are restricted for what they claim or whom they name
// (leaders, places, titles, superstition): a name that merely sounds like
// one claims nothing, and on real names such sound-alikes are ordinary
// 字号 (华福, 午时, 建民), so they are not looked for.
var disguisable = map[string]bool{
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
			lexByWord[e.Word] = e
		}
	})
	e, ok := lexByWord[word]
	return e, ok
}

// DisguisableWords lists the lexicon words a 字号 may disguise (what the
// lexicon index holds).
func DisguisableWords() []string {
	var out []string
	for _, e := range dict.LexiconEntries() {
		if disguisable[e.Category] && len([]rune(e.Word)) >= 2 {
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
// of a 字号 of length total stands out enough to be one. Two characters
// that merely sound like a two-character word are a coincidence inside a
// longer 字号 (华福, 建民 …): such a match counts only as the whole 字号; a
// two-character look-alike must begin or end the 字号; longer words count
// anywhere.
func salient(kind string, n, i, total int) bool {
	if n >= 3 {
		return true
	}
	if kind == DisguiseHomophone {
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
	words, err := c.Words.Candidates(ctx, p.TradeName)
	if err != nil {
		return nil, fmt.Errorf("lexicon candidates: %w", err)
	}
	tn := []rune(p.TradeName)
	var fs []Finding
	for _, w := range words {
		e, ok := lexiconEntry(w)
		if !ok || !disguisable[e.Category] {
			continue
		}
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(tn); i++ {
			kind := disguiseKind(tn[i:i+len(wr)], wr)
			if kind == "" || !salient(kind, len(wr), i, len(tn)) || ordinaryWord(string(tn[i:i+len(wr)])) {
				continue
			}
			stretch := string(tn[i : i+len(wr)])
			how := fmt.Sprintf("与禁用字词“%s”字形相近", w)
			switch kind {
			case DisguiseHomophone:
				how = fmt.Sprintf("与禁用字词“%s”读音相同（%s）", w, dict.PinyinOf(w))
			case DisguiseHomophone + "," + DisguiseLookAlike:
				how = fmt.Sprintf("与禁用字词“%s”读音相同（%s）且字形相近", w, dict.PinyinOf(w))
			}
			fs = append(fs, Finding{
				Code:     "disguised_restricted_word",
				Severity: Approval,
				Message: fmt.Sprintf("字号中的“%s”%s，疑似变相使用该字词，须经登记机关人工审查（读音或字形相近本身不是禁止的理由）",
					stretch, how),
				Rule:     e.Rule,
				Span:     Span{p.TradeNameSpan[0] + i, p.TradeNameSpan[0] + i + len(wr)},
				Disguise: &Disguise{Word: w, Kind: kind, Category: e.Category},
			})
			break
		}
	}
	return fs, nil
}
