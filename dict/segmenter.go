package dict

import (
	"sync"

	"github.com/go-ego/gse"
)

var (
	segOnce sync.Once
	seg     *gse.Segmenter
)

// Segmenter returns the process-wide gse segmenter. It is loaded once, from
// the simplified-Chinese dictionary embedded in gse (so the binary does not
// depend on the build machine's module cache), extended with the industry
// expressions of this package, and is shared read-only afterwards: never call
// AddToken or Load* on it.
func Segmenter() *gse.Segmenter {
	segOnce.Do(func() {
		s := &gse.Segmenter{SkipLog: true}
		// LoadDictEmbed only fails on a malformed embedded file, which a test
		// would catch; an empty dictionary still segments (per character).
		_ = s.LoadDictEmbed("zh_s")
		for _, t := range industryTermList() {
			_ = s.AddToken(t.Term, 2000, "n")
		}
		seg = s
	})
	return seg
}

// Preload loads what a name check reads besides the segmenter — regions,
// the lexicon, industry words, goods nouns and the technical score — so
// that the first check does not wait for them inside its deadline.
func Preload() {
	Segmenter()
	loadRegions()
	loadLexicon()
	IsIndustryWord("")
	GoodsNounKind("")
	TechnicalScore("")
}
