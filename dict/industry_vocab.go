package dict

import (
	_ "embed"
	"iter"
	"strings"
	"sync"
)

//go:embed data/industry_vocab.tsv
var industryVocabText string

var (
	vocabOnce sync.Once
	vocab     map[string]bool
)

// IsIndustryWord reports whether w is a word that describes goods, services
// or an activity in the open sources of industry_vocab.tsv (GB/T 4754 class
// names and 说明 text, the business-scope catalogue, the Nice goods list):
// 果酒, 口腔, 人参, 激光. The parser moves such words from the end of a long
// 字号 into the industry expression they precede (scripts/industry-vocab).
func IsIndustryWord(w string) bool {
	vocabOnce.Do(func() {
		vocab = map[string]bool{}
		for word := range wordRows(industryVocabText) {
			vocab[word] = true
		}
	})
	return vocab[w]
}

// wordRows yields the first column and the rest of each row of an embedded
// word list (industry_vocab.tsv, goods_nouns.tsv), leaving out empty lines
// and # comments.
func wordRows(text string) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for line := range strings.SplitSeq(text, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			word, rest, _ := strings.Cut(line, "\t")
			if !yield(word, rest) {
				return
			}
		}
	}
}
