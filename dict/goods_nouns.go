package dict

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/goods_nouns.tsv
var goodsNounsText string

var (
	goodsOnce  sync.Once
	goodsNouns map[string]string
)

// IsGoodsNoun reports whether w is a word that denotes concrete goods — a
// food, plant, animal, substance or man-made artifact (蟾蜍, 树莓, 轿车, 吊篮,
// 毛毡) — in goods_nouns.tsv, read from CC-CEDICT's English glosses and
// WordNet's noun classes (scripts/goods-nouns). Ordinary words a 字号 is
// made of (时代, 阳光, 大地, 花园) are not in it; animals and plants that
// serve as 字号 (天鹅, 海豚, 玫瑰) are, so the parser weighs the answer with
// other evidence. Single characters are listed too (鞋, 砖, 茶): alone they
// are mostly bound forms, and the parser uses them only for a factory's
// one-character product. w is looked up as given: pass it through
// Normalize.
func IsGoodsNoun(w string) bool {
	_, ok := GoodsNounKind(w)
	return ok
}

// GoodsNounKind returns the WordNet lexname of the kind of goods w denotes
// (noun.food, noun.plant, noun.animal, noun.substance or noun.artifact) and
// whether w is in goods_nouns.tsv at all.
func GoodsNounKind(w string) (lexname string, ok bool) {
	goodsOnce.Do(func() {
		goodsNouns = map[string]string{}
		for word, rest := range wordRows(goodsNounsText) {
			if word == "word" {
				continue // the header line
			}
			lex, _, _ := strings.Cut(rest, "\t")
			goodsNouns[word] = lex
		}
	})
	lexname, ok = goodsNouns[w]
	return lexname, ok
}
