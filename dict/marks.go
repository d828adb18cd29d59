package dict

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/nice_gbt.tsv
var niceText string

//go:embed data/well_known_marks.tsv
var wellKnownText string

var (
	niceOnce sync.Once
	niceMap  map[int][]Industry
)

func loadNice() map[int][]Industry {
	niceOnce.Do(func() {
		niceMap = map[int][]Industry{}
		for i, line := range strings.Split(niceText, "\n") {
			f := strings.Split(strings.TrimRight(line, "\r"), "\t")
			if i == 0 || len(f) < 3 || f[0] == "" {
				continue
			}
			class, err := strconv.Atoi(f[0])
			if err != nil {
				panic(fmt.Sprintf("dict: nice_gbt.tsv line %d: class %q", i+1, f[0]))
			}
			for _, code := range strings.Split(f[2], ",") {
				code = strings.TrimSpace(code)
				if code == "" {
					continue
				}
				ind, ok := IndustryByCode(code)
				if !ok {
					panic(fmt.Sprintf("dict: nice_gbt.tsv line %d: unknown GB/T code %q", i+1, code))
				}
				niceMap[class] = append(niceMap[class], ind)
			}
		}
	})
	return niceMap
}

// NiceIndustries returns the GB/T 4754 categories whose goods or services a
// Nice class covers (类似商品和服务区分表 ↔ 国民经济行业分类).
func NiceIndustries(class int) []Industry { return loadNice()[class] }

// ValidNiceClass reports whether class is one of the 45 Nice classes.
func ValidNiceClass(class int) bool { return class >= 1 && class <= 45 }

// WellKnownMark is a 驰名商标 shipped with the binary.
type WellKnownMark struct {
	Mark       string
	Classes    []int
	Holder     string
	Provenance string
}

// WellKnownMarks returns the embedded list of well-known marks.
func WellKnownMarks() []WellKnownMark {
	var out []WellKnownMark
	for i, line := range strings.Split(wellKnownText, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if i == 0 || len(f) < 4 || f[0] == "" {
			continue
		}
		m := WellKnownMark{Mark: Normalize(f[0]), Holder: f[2], Provenance: f[3]}
		for _, c := range strings.Split(f[1], ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(c)); err == nil {
				m.Classes = append(m.Classes, n)
			}
		}
		out = append(out, m)
	}
	return out
}

// WellKnownVersion identifies the embedded list, so that a store seeded
// with an older list is updated.
func WellKnownVersion() string {
	return strconv.Itoa(len(wellKnownText)) + "-" + strconv.FormatUint(uint64(fnv32(wellKnownText)), 16)
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

var (
	closestOnce sync.Once
	closestMap  map[rune]rune
)

// closestLookAlike is the first (closest) look-alike of each character as
// the look-alike table lists it.
func closestLookAlike() map[rune]rune {
	closestOnce.Do(func() {
		closestMap = make(map[rune]rune, 6500)
		for _, line := range strings.Split(lookalikeText, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, "\t")
			kr, vr := []rune(k), []rune(v)
			if !ok || len(kr) != 1 || len(vr) == 0 {
				continue
			}
			closestMap[kr[0]] = vr[0]
		}
	})
	return closestMap
}

// ClosestLookAlikes reports whether a and b are each other's closest
// look-alike in one direction at least: b is the look-alike the table lists
// first for a, or a the one it lists first for b. It is the narrow relation
// used for trademarks, where a weaker resemblance (LooksAlike: any of the
// three closest) would relate too many ordinary words to marks.
func ClosestLookAlikes(a, b rune) bool {
	if a == b {
		return false
	}
	m := closestLookAlike()
	c, ok := m[a]
	if ok && c == b {
		return true
	}
	c, ok = m[b]
	return ok && c == a
}

// SameCommonReading reports whether a and b, two different strings of the
// same length, read the same when every character takes its most common
// reading (PinyinOf): the homophone relation used for trademarks, where a
// match through a rare or archaic reading does not mislead anyone. b is the
// mark: a character of b that differs from a must have one toneless reading,
// since which of several is meant depends on the word (长城 reads chang,
// the table puts zhang first), so 障城 does not sound like 长城; a's
// characters take their most common reading (星和 sounds like 星河).
func SameCommonReading(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if a == b || len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if ra[i] == rb[i] {
			continue
		}
		x, y := Readings(ra[i]), Readings(rb[i])
		if len(y) != 1 || x[0] != y[0] {
			return false
		}
	}
	return true
}
