package dict

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGoodsNouns(t *testing.T) {
	cases := []struct {
		word    string
		goods   bool
		lexname string
	}{
		// Goods: animals, plants, foods, substances, artifacts.
		{"蟾蜍", true, "noun.animal"},
		{"泥鳅", true, "noun.animal"},
		{"树莓", true, "noun.plant"},
		{"大蒜", true, "noun.plant"},
		{"天麻", true, "noun.plant"},
		{"栗子", true, "noun.plant"},
		{"脐橙", true, "noun.food"},
		{"玉石", true, "noun.substance"},
		{"阿胶", true, "noun.substance"},
		{"轿车", true, "noun.artifact"},
		{"吊篮", true, "noun.artifact"},
		{"叶轮", true, "noun.artifact"},
		{"电表", true, "noun.artifact"},
		{"毛毡", true, "noun.artifact"},
		// Words a 字号 is made of: abstract nouns, places, adjectives,
		// proper names, words CC-CEDICT does not have.
		{"时代", false, ""},
		{"阳光", false, ""},
		{"大地", false, ""},
		{"花园", false, ""},
		{"星辰", false, ""},
		{"彩虹", false, ""},
		{"生活", false, ""},
		{"未来", false, ""},
		{"创新", false, ""},
		{"和谐", false, ""},
		{"金色", false, ""},
		{"多彩", false, ""},
		{"锦绣", false, ""},
		{"明珠", false, ""},
		{"森林", false, ""},
		{"家园", false, ""},
		{"华夏", false, ""},
		{"长城", false, ""},
		{"凤凰", false, ""},
		{"恒业", false, ""},
		{"三友", false, ""},
		{"金宝", false, ""},
		// Not words: a single character, the header, the empty string.
		{"车", false, ""},
		{"word", false, ""},
		{"", false, ""},
	}
	for _, tc := range cases {
		name := tc.word
		if name == "" {
			name = "empty"
		}
		t.Run(name, func(t *testing.T) {
			if got := IsGoodsNoun(tc.word); got != tc.goods {
				t.Errorf("IsGoodsNoun(%q) = %v, want %v", tc.word, got, tc.goods)
			}
			lex, ok := GoodsNounKind(tc.word)
			if ok != tc.goods || lex != tc.lexname {
				t.Errorf("GoodsNounKind(%q) = %q, %v, want %q, %v", tc.word, lex, ok, tc.lexname, tc.goods)
			}
		})
	}
	t.Run("normalized input", func(t *testing.T) {
		if IsGoodsNoun("轎車") {
			t.Error("IsGoodsNoun looks words up as given, yet found the traditional 轎車")
		}
		if !IsGoodsNoun(Normalize("轎車")) {
			t.Error("IsGoodsNoun(Normalize(轎車)) = false, want true")
		}
	})
}

// TestGoodsNounsFile checks the embedded file: a header, sorted unique
// words of two or more characters stored as Normalize leaves them, one of
// the five goods lexnames and a gloss on every row.
func TestGoodsNounsFile(t *testing.T) {
	lexnames := map[string]bool{
		"noun.food": true, "noun.plant": true, "noun.animal": true, "noun.substance": true, "noun.artifact": true,
	}
	var words []string
	header := false
	for _, line := range strings.Split(goodsNounsText, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "word\tlexname\tgloss" {
			header = true
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			t.Fatalf("row %q: want word, lexname and gloss", line)
		}
		if !lexnames[f[1]] {
			t.Errorf("%s: lexname %q is not a goods lexname", f[0], f[1])
		}
		if utf8.RuneCountInString(f[0]) < 1 {
			t.Errorf("row %q: empty word", line)
		}
		if n := Normalize(f[0]); n != f[0] {
			t.Errorf("%s: stored unnormalized (Normalize gives %s)", f[0], n)
		}
		words = append(words, f[0])
	}
	if !header {
		t.Error("no header line")
	}
	if len(words) < 10000 {
		t.Errorf("%d words, want the full list (over 10,000)", len(words))
	}
	if !sort.StringsAreSorted(words) {
		t.Error("words are not sorted")
	}
	for i := 1; i < len(words); i++ {
		if words[i] == words[i-1] {
			t.Errorf("%s: listed twice", words[i])
		}
	}
}
