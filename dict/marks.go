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
