package dict

import (
	"slices"
	"strings"
	"testing"
)

// TestLookAlikeOrder: a character's look-alikes are those of its line in
// lookalike.tsv, in the file's order, then the characters whose lines name
// it, in code-point order. The order is part of what a candidate query is
// (see loadChars), so it must not depend on a map's.
func TestLookAlikeOrder(t *testing.T) {
	given := map[rune][]rune{}
	for _, line := range strings.Split(lookalikeText, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if kr := []rune(k); ok && len(kr) == 1 {
			given[kr[0]] = append(given[kr[0]], []rune(v)...)
		}
	}
	var chars []rune
	for k, vs := range given {
		chars = append(chars, k)
		chars = append(chars, vs...)
	}
	slices.Sort(chars)
	chars = slices.Compact(chars)
	namedBy := map[rune][]rune{} // the characters whose lines name r, in order
	for _, k := range chars {
		for _, v := range given[k] {
			namedBy[v] = append(namedBy[v], k)
		}
	}
	for _, r := range chars {
		want := slices.Clone(given[r])
		for _, k := range namedBy[r] {
			if !slices.Contains(want, k) {
				want = append(want, k)
			}
		}
		if got := LookAlikes(r); !slices.Equal(got, want) {
			t.Fatalf("LookAlikes(%c) = %q, want %q", r, string(got), string(want))
		}
	}
}
