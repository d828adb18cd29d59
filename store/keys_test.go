package store

import (
	"strings"
	"testing"
)

// No prefix of the key layout may start another: a scan of one would
// return the other's keys.
func TestPrefixesDoNotCollide(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Prefixes {
		if seen[p] {
			t.Errorf("prefix %q listed twice", p)
		}
		seen[p] = true
		if !strings.HasSuffix(p, "/") {
			t.Errorf("prefix %q does not end with /", p)
		}
	}
	for _, a := range Prefixes {
		for _, b := range Prefixes {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("prefix %q is a prefix of %q", a, b)
			}
		}
	}
}
