package dict

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzNormalize checks the one comparison form of names on any input: it
// never panics, it is idempotent (a normalized name normalizes to itself,
// which the index and the stored records rely on), and its output is valid
// UTF-8 without white space, lower-case ASCII, other brackets than （）, or
// traditional characters left. The seed corpus is testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	f.Add("平顶山市星河(平顶山)科技有限公司")
	f.Fuzz(func(t *testing.T, s string) {
		folded := FoldWidth(s)
		if again := FoldWidth(folded); again != folded {
			t.Errorf("FoldWidth is not idempotent on %q:\n once  %q\n twice %q", s, folded, again)
		}
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Errorf("Normalize is not idempotent on %q:\n once  %q\n twice %q", s, n, again)
		}
		if !utf8.ValidString(n) {
			t.Errorf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if i := strings.IndexFunc(n, func(r rune) bool {
			return unicode.IsSpace(r) || r >= 'a' && r <= 'z' || strings.ContainsRune("()[]{}【】〔〕［］｛｝〖〗", r)
		}); i >= 0 {
			r, _ := utf8.DecodeRuneInString(n[i:])
			t.Errorf("Normalize(%q) = %q keeps %q (U+%04X), which it should fold", s, n, r, r)
		}
		if at := TraditionalRunes(n); len(at) > 0 {
			t.Errorf("Normalize(%q) = %q keeps traditional characters at %v", s, n, at)
		}
	})
}
