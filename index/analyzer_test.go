package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

var samples = []string{
	"烟草制品零售",
	"技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
	"第二类增值电信业务",
	"5G通信技术服务",
	"计算机软硬件及辅助设备零售",
	"普通货物仓储服务（不含危险化学品等需许可审批的项目）",
	"总质量4.5吨及以下普通货运车辆道路货物运输（除网络货运和危险货物）",
	"Apple中国有限公司ABC",
	"昆明市辉友网络科技股份有限公司",
	"",
	"，。、",
}

// Offsets are byte offsets into the input, positions are 1-based and never
// decrease; search-mode sub-words share their word's position.
func checkStream(t *testing.T, name, text string, ts analysis.TokenStream) {
	t.Helper()
	last := 0
	for _, tk := range ts {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("%s %q: token %s has offsets %d-%d", name, text, tk.Term, tk.Start, tk.End)
		}
		if got := strings.ToLower(text[tk.Start:tk.End]); got != string(tk.Term) {
			t.Errorf("%s %q: token %q at %d-%d covers %q", name, text, tk.Term, tk.Start, tk.End, got)
		}
		if tk.Position < 1 || tk.Position < last {
			t.Errorf("%s %q: position %d after %d", name, text, tk.Position, last)
		}
		last = tk.Position
		if !utf8.Valid(tk.Term) {
			t.Errorf("%s %q: invalid UTF-8 token", name, text)
		}
	}
}

func TestGseTokens(t *testing.T) {
	for _, s := range samples {
		checkStream(t, "search", s, GseTokens([]byte(s), true))
		checkStream(t, "cut", s, GseTokens([]byte(s), false))
	}
	// Search mode adds the dictionary sub-words of long words at the word's
	// position, and drops punctuation.
	got := terms(GseTokens([]byte("第二类增值电信业务"), true))
	for _, want := range []string{"第二类", "第二", "增值", "电信业务", "电信", "业务"} {
		if !contains(got, want) {
			t.Errorf("search tokens %v lack %s", got, want)
		}
	}
	for _, tk := range GseTokens([]byte("技术服务、技术开发"), true) {
		if string(tk.Term) == "、" {
			t.Error("punctuation token")
		}
	}
}

// The query analyzer's tokens are among the index analyzer's for the same
// text, so an indexed phrase is always found by the same words.
func TestQueryTokensSubsetOfIndexTokens(t *testing.T) {
	for _, s := range samples {
		idx := map[string]bool{}
		for _, tk := range GseTokens([]byte(s), true) {
			idx[string(tk.Term)] = true
		}
		for _, tk := range GseTokens([]byte(s), false) {
			if !idx[string(tk.Term)] {
				t.Errorf("%q: query token %q not indexed", s, tk.Term)
			}
		}
	}
}

func TestGramTokens(t *testing.T) {
	cases := []struct {
		text         string
		index, query []string
	}{
		{"烟草零售", []string{"烟", "烟草", "草", "草零", "零", "零售", "售"}, []string{"烟草", "草零", "零售"}},
		{"烟", []string{"烟"}, []string{"烟"}},
		{"5G通信（不含）", []string{"5g", "通", "通信", "信", "不", "不含", "含"}, []string{"5g", "通信", "不含"}},
		{"", nil, nil},
	}
	for _, c := range cases {
		ix := GramTokens([]byte(c.text), true)
		q := GramTokens([]byte(c.text), false)
		checkStream(t, "gram", c.text, ix)
		checkStream(t, "gram query", c.text, q)
		if strings.Join(terms(ix), " ") != strings.Join(c.index, " ") {
			t.Errorf("%q index grams %v, want %v", c.text, terms(ix), c.index)
		}
		if strings.Join(terms(q), " ") != strings.Join(c.query, " ") {
			t.Errorf("%q query grams %v, want %v", c.text, terms(q), c.query)
		}
	}
	// A pair shares the position of its first character: phrases line up.
	q := GramTokens([]byte("烟草制品"), false)
	for i, tk := range q {
		if tk.Position != i+1 {
			t.Errorf("pair %s at position %d, want %d", tk.Term, tk.Position, i+1)
		}
	}
}

func TestRegistration(t *testing.T) {
	if err := Registered(); err != nil {
		t.Fatal(err)
	}
	cache := registry.NewCache()
	for _, name := range []string{AnalyzerGseSearch, AnalyzerGse, AnalyzerGram, AnalyzerGramQuery} {
		a, err := cache.AnalyzerNamed(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(a.Analyze([]byte("烟草制品零售"))) == 0 {
			t.Errorf("%s: no tokens", name)
		}
	}
	// The registry refuses a second component under one of our names; init
	// keeps such an error for BuildCatalogueIndex instead of panicking.
	err := registry.RegisterTokenizer(TokenizerGse, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return nil, nil
	})
	if err == nil {
		t.Error("duplicate registration accepted")
	}
}

func terms(ts analysis.TokenStream) []string {
	var out []string
	for _, tk := range ts {
		out = append(out, string(tk.Term))
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
