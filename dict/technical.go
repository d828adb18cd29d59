package dict

import (
	"math"
	"slices"
	"sync"
	"unicode/utf8"
)

// Character weights for TechnicalScore: how often a character is written in
// the words of the trade (industry_vocab.tsv, goods_nouns.tsv and
// industry_terms.tsv: GB/T 4754, the catalogue, the Nice list, CC-CEDICT and
// WordNet) against how often it is written in the names of people, places and
// brands of the segmenter's dictionary (POS nr, nrt, ns, nz). 字号 are made
// of the second kind (祥, 华, 达, 泰); the objects of a trade of the first
// (测, 控, 焊, 管, 纺).
var (
	techOnce  sync.Once
	techTrade map[rune]int
	techName  map[rune]int
)

func loadTechnical() {
	techTrade = map[rune]int{}
	techName = map[rune]int{}
	for _, text := range []string{industryVocabText, goodsNounsText} {
		for w := range wordRows(text) {
			countRunes(techTrade, w)
		}
	}
	for _, t := range industryTermList() {
		countRunes(techTrade, t.Term)
	}
	for _, tok := range Segmenter().Dict.Tokens {
		switch tok.Pos() {
		case "nr", "nrt", "ns", "nz":
			countRunes(techName, tok.Text())
		}
	}
}

// countRunes adds one to m for each distinct character of w.
func countRunes(m map[rune]int, w string) {
	var seen []rune
	for _, r := range w {
		if !slices.Contains(seen, r) {
			seen = append(seen, r)
			m[r]++
		}
	}
}

// TechnicalScore is the mean over the characters of w of
// log((trade words with it + 1) / (dictionary names with it + 1)): above
// zero a word is written like the things a trade makes or does (测控 0.2,
// 焊管 0.7, 对虾 0.1), far below like a 字号 (宏达 −4.4, 兴盛 −3.9, 多彩 −1.7).
// It is evidence, not a verdict: the parser weighs it with the segmenter's
// words and the industry term that follows.
func TechnicalScore(w string) float64 {
	techOnce.Do(loadTechnical)
	n := utf8.RuneCountInString(w)
	if n == 0 {
		return math.Inf(-1)
	}
	sum := 0.0
	for _, r := range w {
		sum += math.Log(float64(techTrade[r]+1) / float64(techName[r]+1))
	}
	return sum / float64(n)
}
