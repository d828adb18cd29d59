package dict

import (
	"embed"
	"encoding/csv"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/regions/*.csv
var regionFiles embed.FS

// RegionLevel is the level of an administrative division.
type RegionLevel int

// Division levels, from the top.
const (
	Province RegionLevel = iota + 1
	City
	County
)

// Region is one administrative division (NBS 2023 codes, equal to GB/T 2260
// for counties in practice) or a development zone listed among them.
type Region struct {
	Code         string // six digits: 410000, 410400, 410411
	Name         string // full name: 河南省, 平顶山市, 湛河区
	Short        string // name without its level suffix, when that leaves ≥2 characters: 河南, 平顶山
	Level        RegionLevel
	CityCode     string // six-digit code of the enclosing 设区的市 (the county's own code for province-administered counties)
	ProvinceCode string // six-digit code of the province
	CityDistrict bool   // a 市辖区, usable in a name only together with its city
	DevZone      bool   // a development zone or similar, never usable alone
}

type regionTable struct {
	byCode map[string]*Region
	byName map[string][]*Region // full names and short names
	byHead map[rune][]string    // keys of byName by first character, longest first
}

var (
	regionsOnce sync.Once
	regions     *regionTable
)

func readCSV(name string) [][]string {
	f, err := regionFiles.Open(name)
	if err != nil {
		panic("dict: embedded " + name + ": " + err.Error())
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic("dict: embedded " + name + ": " + err.Error())
	}
	return rows[1:]
}

// shortName strips a division's level suffix (省, 市, 自治区 …) and, for
// autonomous regions, the ethnic qualifier, keeping at least two characters.
func shortName(name string) string {
	for _, suf := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"} {
		if s := strings.TrimSuffix(name, suf); s != name && len([]rune(s)) >= 2 {
			return s
		}
	}
	return ""
}

func loadRegions() *regionTable {
	regionsOnce.Do(func() {
		t := &regionTable{byCode: map[string]*Region{}, byName: map[string][]*Region{}}
		add := func(r *Region) {
			t.byCode[r.Code] = r
			t.byName[r.Name] = append(t.byName[r.Name], r)
			if r.Short != "" && r.Short != r.Name {
				t.byName[r.Short] = append(t.byName[r.Short], r)
			}
		}
		for _, row := range readCSV("data/regions/provinces.csv") {
			code := row[0] + "0000"
			add(&Region{Code: code, Name: row[1], Short: shortName(row[1]), Level: Province, CityCode: code, ProvinceCode: code})
		}
		municipality := map[string]bool{}
		for _, row := range readCSV("data/regions/cities.csv") {
			code, name, prov := row[0]+"00", row[1], row[2]+"0000"
			if name == "市辖区" || name == "县" {
				municipality[row[2]] = true
				continue
			}
			if strings.Contains(name, "直辖县级") {
				continue
			}
			add(&Region{Code: code, Name: name, Short: shortName(name), Level: City, CityCode: code, ProvinceCode: prov})
		}
		for _, row := range readCSV("data/regions/areas.csv") {
			code, name, city, prov := row[0], row[1], row[2]+"00", row[3]+"0000"
			r := &Region{Code: code, Name: name, Level: County, CityCode: city, ProvinceCode: prov}
			switch {
			case municipality[row[3]]:
				// Districts of 北京/天津/上海/重庆 all register within the municipality.
				r.CityCode = prov
			case strings.HasSuffix(row[2], "90"):
				// 省直辖县级行政区划: the county is its own registration scope.
				r.CityCode = code
			}
			r.DevZone = code[4] == '7'
			r.CityDistrict = !r.DevZone && strings.HasSuffix(name, "区") && !strings.HasSuffix(name, "自治区")
			add(r)
		}
		t.byHead = map[rune][]string{}
		for n := range t.byName {
			head := []rune(n)[0]
			t.byHead[head] = append(t.byHead[head], n)
		}
		for _, ns := range t.byHead {
			sortLongestFirst(ns)
		}
		regions = t
	})
	return regions
}

// RegionByCode returns the division with the six-digit code, or nil.
func RegionByCode(code string) *Region { return loadRegions().byCode[code] }

// RegionsNamed returns the divisions whose full or short name is name.
func RegionsNamed(name string) []*Region { return loadRegions().byName[name] }

// IsRegionName reports whether s is the full or short name of a county-level
// or higher division (used to refuse region names as 字号).
func IsRegionName(s string) bool { return len(loadRegions().byName[s]) > 0 }

// AuthorityScope maps an authority code to its registration scope: every
// bureau of one 设区的市 shares one scope (企业名称申报指引 2025), so a county
// maps to its city; a municipality is one scope; a province is its own.
// ok is false for unknown codes.
func AuthorityScope(code string) (scope string, ok bool) {
	r := RegionByCode(code)
	if r == nil {
		return "", false
	}
	return r.CityCode, true
}

// devZoneWords are the generic development-zone words that appear at the
// head of names without the zone's full official name (Reg 734 Art 7).
var devZoneWords = []string{"高新技术产业开发区", "经济技术开发区", "高新技术开发区", "城乡一体化示范区", "产业集聚区", "经济开发区", "工业园区", "高新区", "经开区", "开发区", "示范区", "保税区", "新区"}

// RegionPrefixes returns the region names (full or short) and generic
// development-zone words that s starts with, longest first.
func RegionPrefixes(s string) []string {
	t := loadRegions()
	var out []string
	if head, size := utf8.DecodeRuneInString(s); size > 0 {
		for _, n := range t.byHead[head] {
			if strings.HasPrefix(s, n) {
				out = append(out, n)
			}
		}
	}
	for _, w := range devZoneWords {
		if strings.HasPrefix(s, w) && !containsString(out, w) {
			out = append(out, w)
		}
	}
	sortLongestFirst(out)
	return out
}

func sortLongestFirst(ss []string) {
	sort.Slice(ss, func(i, j int) bool {
		if len(ss[i]) != len(ss[j]) {
			return len(ss[i]) > len(ss[j])
		}
		return ss[i] < ss[j]
	})
}

// IsDevZoneWord reports whether s is a generic development-zone word.
func IsDevZoneWord(s string) bool { return containsString(devZoneWords, s) }
