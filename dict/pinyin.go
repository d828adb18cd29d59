package dict

import (
	"sort"
	"strings"
	"sync"

	"github.com/mozillazg/go-pinyin"
)

// maxPinyinKeys caps the reading combinations of one string: a 4-character
// 字号 whose characters all have three readings would otherwise give 81 keys.
// Readings come most common first, so the cap drops the least likely
// combinations; Homophones itself compares every reading.
const maxPinyinKeys = 16

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal // tones ignored, as registration systems compare
	a.Heteronym = true
	a.Fallback = func(r rune, _ pinyin.Args) []string { return []string{string(r)} }
	return a
}()

// readingCache memoizes Readings: go-pinyin re-derives the style of every
// reading on each call, which dominated indexing time.
var readingCache sync.Map // rune → []string

// Readings returns every toneless pinyin reading of r, the most common
// first; a character without a reading stands for itself. The returned
// slice is shared: do not modify it.
func Readings(r rune) []string {
	if v, ok := readingCache.Load(r); ok {
		return v.([]string)
	}
	out := readings(r)
	readingCache.Store(r, out)
	return out
}

func readings(r rune) []string {
	rs := pinyin.SinglePinyin(r, pinyinArgs)
	seen := rs[:0]
	for _, p := range rs {
		if !containsString(seen, p) {
			seen = append(seen, p)
		}
	}
	return seen
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// PinyinKeys returns the syllable sequences of s under every combination of
// the readings of its polyphonic characters (syllables joined by spaces),
// at most maxPinyinKeys of them, most common readings first. Two strings
// are homophones when their key sets intersect.
func PinyinKeys(s string) []string {
	keys := []string{""}
	for _, r := range s {
		rs := Readings(r)
		next := make([]string, 0, len(keys)*len(rs))
		for _, k := range keys {
			for _, p := range rs {
				if len(next) >= maxPinyinKeys {
					break
				}
				if k == "" {
					next = append(next, p)
				} else {
					next = append(next, k+" "+p)
				}
			}
		}
		keys = next
	}
	if len(keys) == 1 && keys[0] == "" {
		return nil
	}
	return keys
}

// Homophones reports whether a and b read the same under some choice of
// readings, tones ignored. Equal strings are not reported as homophones.
func Homophones(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) || a == b {
		return false
	}
	for i := range ra {
		if ra[i] == rb[i] {
			continue
		}
		if !intersects(Readings(ra[i]), Readings(rb[i])) {
			return false
		}
	}
	return true
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if containsString(b, x) {
			return true
		}
	}
	return false
}

// PinyinOf returns the most common reading of s, syllables joined by spaces.
func PinyinOf(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, Readings(r)[0])
	}
	return strings.Join(parts, " ")
}

// SortedRunes returns the characters of s in code-point order: two strings
// with the same characters in another order share it.
func SortedRunes(s string) string {
	rs := []rune(s)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return string(rs)
}
