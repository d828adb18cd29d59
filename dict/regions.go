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
	// forms holds every way a name may write a division: full and short
	// names, the short forms of counties and districts, former names.
	forms     map[string][]RegionName
	formsHead map[rune][]string // keys of forms by first character, longest first
}

// RegionForm says how a name writes a division.
type RegionForm int

// Ways of writing a division, from the most to the least certain.
const (
	// FormFull is the official name: 河南省, 平顶山市, 鲁山县, 彭水苗族土家族自治县.
	FormFull RegionForm = iota + 1
	// FormShort is a province or 设区的市 without its level suffix (河南,
	// 平顶山, 黔东南), or a county written as short + 县/州/旗 (化隆县, 黔西南州).
	FormShort
	// FormCountyShort is a county, county-level city or banner without its
	// suffix (宝丰, 福清, 彭水): a region at the head of a name only when a
	// 字号 of two characters or more follows it.
	FormCountyShort
	// FormDistrictShort is a 市辖区 without 区 (武进 of 常州市武进区): a region
	// only after its city.
	FormDistrictShort
	// FormFormer is the former name of a renamed, merged or abolished
	// division (吴江市, 平安县, 襄樊); Region is its successor.
	FormFormer
)

// RegionName is one way of writing a division.
type RegionName struct {
	Text   string
	Region *Region
	Form   RegionForm
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
		t.buildForms()
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
var devZoneWords = []string{"自由贸易试验区", "高新技术产业开发区", "经济技术开发区", "高新技术开发区", "城乡一体化示范区", "产业集聚区", "经济开发区", "高新开发区", "自由贸易区", "工业园区", "高新园区", "高新区", "经开区", "开发区", "示范区", "保税区", "自贸区", "新区"}

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

// DevZoneWordAt returns the longest generic development-zone word s starts
// with, or "".
func DevZoneWordAt(s string) string {
	best := ""
	for _, w := range devZoneWords {
		if strings.HasPrefix(s, w) && len(w) > len(best) {
			best = w
		}
	}
	return best
}

// IsDevZoneWord reports whether s is a generic development-zone word.
func IsDevZoneWord(s string) bool { return containsString(devZoneWords, s) }

// ethnicGroups are the names of China's minority nationalities as they
// appear in the names of autonomous divisions (彭水苗族土家族自治县,
// 博尔塔拉蒙古自治州), longest first where one is a prefix of another.
var ethnicGroups = []string{
	"柯尔克孜族", "乌孜别克族", "维吾尔族", "哈萨克族", "塔吉克族", "塔塔尔族", "达斡尔族", "鄂伦春族", "鄂温克族",
	"俄罗斯族", "土家族", "哈尼族", "傈僳族", "拉祜族", "东乡族", "纳西族", "景颇族", "仫佬族", "布依族", "朝鲜族",
	"撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "德昂族", "保安族", "裕固族", "独龙族", "赫哲族",
	"门巴族", "珞巴族", "基诺族", "高山族", "蒙古族", "布朗族", "各族", "回族", "藏族", "苗族", "彝族", "壮族",
	"侗族", "瑶族", "白族", "傣族", "黎族", "佤族", "畲族", "水族", "羌族", "怒族", "京族", "土族", "满族",
	"柯尔克孜", "哈萨克", "蒙古",
}

// stripEthnic removes the ethnic qualifiers that end base (围场满族蒙古族 → 围场).
func stripEthnic(base string) string {
	for {
		cut := false
		for _, e := range ethnicGroups {
			if s := strings.TrimSuffix(base, e); s != base && s != "" {
				base, cut = s, true
				break
			}
		}
		if !cut {
			return base
		}
	}
}

// prefectureShort derives the usual short form of an autonomous
// prefecture, a 地区 or a 盟: 黔东南苗族侗族自治州 → 黔东南, 阿里地区 → 阿里,
// 兴安盟 → 兴安; "" when it would leave fewer than two characters.
func prefectureShort(name string) string {
	for _, suf := range []string{"自治州", "地区", "盟"} {
		if base := strings.TrimSuffix(name, suf); base != name {
			if s := stripEthnic(base); utf8.RuneCountInString(s) >= 2 {
				return s
			}
		}
	}
	return ""
}

// countyForms derives the forms of a county-level name other than the full
// one, by rule: the level suffix (县, 市, 旗, 区) and the ethnic qualifier of an
// autonomous county dropped (彭水苗族土家族自治县 → 彭水; also 彭水县,
// 彭水自治县). Forms shorter than two characters are not kept.
func countyForms(r *Region) map[string]RegionForm {
	out := map[string]RegionForm{}
	put := func(s string, f RegionForm) {
		if utf8.RuneCountInString(s) >= 2 && s != r.Name {
			out[s] = f
		}
	}
	name := r.Name
	switch {
	case r.DevZone:
		// Zones keep their official names; a city's short name joined to a
		// generic zone word is read by the parser.
	case strings.HasSuffix(name, "自治县"), strings.HasSuffix(name, "自治旗"):
		suf := "县"
		if strings.HasSuffix(name, "自治旗") {
			suf = "旗"
		}
		s := stripEthnic(strings.TrimSuffix(strings.TrimSuffix(name, "自治县"), "自治旗"))
		if utf8.RuneCountInString(s) >= 2 {
			put(s, FormCountyShort)
			put(s+suf, FormShort)
			put(s+"自治"+suf, FormShort)
		}
	case r.CityDistrict:
		if strings.HasSuffix(name, "新区") || strings.HasSuffix(name, "林区") || strings.HasSuffix(name, "特区") {
			break
		}
		put(strings.TrimSuffix(name, "区"), FormDistrictShort)
	case strings.HasSuffix(name, "县"), strings.HasSuffix(name, "市"), strings.HasSuffix(name, "旗"):
		put(string([]rune(name)[:utf8.RuneCountInString(name)-1]), FormCountyShort)
	}
	return out
}

// regionAliases are established abbreviations of autonomous counties and
// prefectures that no suffix rule derives: 喀左 for 喀喇沁左翼蒙古族自治县,
// and the first character + 州 of three Xinjiang prefectures (巴州, 博州,
// 克州), as their own governments write them.
var regionAliases = map[string]string{
	"喀左": "211324", "喀左县": "211324",
	"巴州": "652800", "博州": "652700", "克州": "653000",
}

// buildForms fills t.forms: official names, short names, the derived county
// and district forms, and former names. Former names come from
// data/regions/renamed.csv and from the rule that a district or
// county-level city whose old suffix (县, 市) no current division carries
// was once so named (吴江市 → 吴江区, 平安县 → 平安区, 宁乡县 → 宁乡市).
func (t *regionTable) buildForms() {
	t.forms = map[string][]RegionName{}
	seen := map[string]bool{}
	put := func(text string, r *Region, f RegionForm) {
		key := text + "\x00" + r.Code + "\x00" + string(rune('0'+f))
		if seen[key] {
			return
		}
		seen[key] = true
		t.forms[text] = append(t.forms[text], RegionName{Text: text, Region: r, Form: f})
	}
	var all []*Region
	for _, r := range t.byCode {
		all = append(all, r)
	}
	// Provinces first, then cities, then counties, each by code, so that
	// homonyms list the highest level first (海南 is the province).
	sort.Slice(all, func(i, j int) bool {
		if all[i].Level != all[j].Level {
			return all[i].Level < all[j].Level
		}
		return all[i].Code < all[j].Code
	})
	for _, r := range all {
		put(r.Name, r, FormFull)
	}
	for _, r := range all {
		if r.Short != "" {
			put(r.Short, r, FormShort)
		}
		// Prefectures, 地区 and 盟 in their usual short forms (黔东南,
		// 凉山州). They are not added to byName: as a 字号 (红河, 玉树)
		// such a word usually has another meaning.
		if s := prefectureShort(r.Name); r.Level == City && s != "" {
			put(s, r, FormShort)
			if strings.HasSuffix(r.Name, "自治州") {
				put(s+"州", r, FormShort)
			}
		}
	}
	var counties []*Region
	for _, r := range all {
		if r.Level == County {
			counties = append(counties, r)
		}
	}
	for _, r := range counties {
		// A text that also names a province or city (朝阳) lists the
		// county's reading after it.
		for text, f := range countyForms(r) {
			put(text, r, f)
		}
	}
	for alias, code := range regionAliases {
		if r := t.byCode[code]; r != nil {
			put(alias, r, FormShort)
		}
	}
	for _, r := range counties {
		if r.DevZone || r.Level != County {
			continue
		}
		base := string([]rune(r.Name)[:utf8.RuneCountInString(r.Name)-1])
		if utf8.RuneCountInString(base) < 2 || strings.Contains(r.Name, "自治") {
			continue
		}
		var old []string
		switch {
		case r.CityDistrict && !strings.HasSuffix(r.Name, "新区"):
			old = []string{base + "县", base + "市"}
		case strings.HasSuffix(r.Name, "市"):
			old = []string{base + "县"}
		}
		for _, o := range old {
			if len(t.byName[o]) == 0 {
				put(o, r, FormFormer)
			}
		}
	}
	for _, row := range readCSV("data/regions/renamed.csv") {
		if r := t.byCode[row[1]]; r != nil {
			put(row[0], r, FormFormer)
		}
	}
	t.formsHead = map[rune][]string{}
	for n := range t.forms {
		head := []rune(n)[0]
		t.formsHead[head] = append(t.formsHead[head], n)
	}
	for _, ns := range t.formsHead {
		sortLongestFirst(ns)
	}
}

// RegionNamesAt returns every way of writing a division that s starts with,
// the longest text first; homonyms of one text list the highest level
// first, then official before derived forms.
func RegionNamesAt(s string) []RegionName {
	t := loadRegions()
	head, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return nil
	}
	var out []RegionName
	for _, n := range t.formsHead[head] {
		if strings.HasPrefix(s, n) {
			out = append(out, t.forms[n]...)
		}
	}
	return out
}

// RegionFormsOf returns the readings of exactly the text s.
func RegionFormsOf(s string) []RegionName { return loadRegions().forms[s] }
