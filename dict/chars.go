package dict

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/standard_chars.txt
var standardCharsText string

//go:embed data/lookalike.tsv
var lookalikeText string

var (
	charsOnce     sync.Once
	standardChars map[rune]bool
	lookalikes    map[rune][]rune
)

func loadChars() {
	charsOnce.Do(func() {
		standardChars = make(map[rune]bool, 8200)
		for _, line := range strings.Split(standardCharsText, "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			for _, r := range line {
				standardChars[r] = true
			}
		}
		lookalikes = make(map[rune][]rune, 6500)
		for _, line := range strings.Split(lookalikeText, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, "\t")
			if !ok {
				continue
			}
			kr := []rune(k)
			if len(kr) != 1 {
				continue
			}
			lookalikes[kr[0]] = append(lookalikes[kr[0]], []rune(v)...)
		}
		// The relation is made symmetric: if 泰 looks like 秦, 秦 looks like 泰.
		// In a fixed order (not the map's, which changes from run to run):
		// the order of a character's look-alikes is the order of the
		// clauses of a candidate query, hence of the sum of a candidate's
		// score, and equal scores are ranked by id; a last-bit difference
		// changed which of a dense 字号's names made the candidates.
		keys := make([]rune, 0, len(lookalikes))
		for k := range lookalikes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			vs := lookalikes[k]
			for _, v := range vs {
				if !containsRune(lookalikes[v], k) {
					lookalikes[v] = append(lookalikes[v], k)
				}
			}
		}
	})
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// IsStandardChar reports whether r is in the 通用规范汉字表 (8,105 characters).
func IsStandardChar(r rune) bool {
	loadChars()
	return standardChars[r]
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// LookAlikes returns the characters that look like r, closest first. The
// list holds at least the three closest look-alikes of every character of
// the 通用规范汉字表 levels 1 and 2.
func LookAlikes(r rune) []rune {
	loadChars()
	return lookalikes[r]
}

// LooksAlike reports whether a and b are look-alike characters.
func LooksAlike(a, b rune) bool {
	return a != b && containsRune(LookAlikes(a), b)
}
