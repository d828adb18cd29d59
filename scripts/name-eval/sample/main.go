// Command sample draws the labelled evaluation samples of issue 10's
// measurement protocol (step 1), with a fixed seed, from the two name corpora
// of ../shared/data (read by path, never copied into the binary):
//
//   - a held-out sample of 600 names: 300 from company_names_sample_450k.txt
//     and 300 from the records of company_records_sample_150k.csv registered in
//     2018 or 2019, written to name/testdata/eval/heldout.tsv;
//   - a development sample of 600 more names drawn the same way, disjoint
//     from the held-out one (no name in both), written to dev.tsv.
//
// The rows alternate between the two sources (odd ids from the 450k names,
// even ids from the records), so that any prefix of a file, a batch of 50
// for instance, holds both. Each row proposes the authority the check should
// use: the six-digit code of the most specific division the name's region
// names (its county, else its 设区的市, else its province; for a branch the
// division in the branch part if there is one), found in the NBS division
// tables of ../shared/data/regions; for a name without a region, the province
// of the owner from the records' province column; otherwise empty (the row is
// skipped by the evaluation). The proposal is mechanical: the labels file
// (heldout_labels.tsv) is authoritative and corrects it where the labeller
// read the name differently (see name/testdata/eval/GUIDE.md).
//
// Running it again gives the same files: the seed is fixed (printed), the
// permutation generator is PCG from math/rand/v2 (stable across Go releases),
// and the corpora and division tables are read-only shared data.
//
//	go run ./scripts/name-eval/sample [-data ../shared/data] [-out name/testdata/eval] [-seed 20261129]
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"namescope/scripts/name-eval/corpus"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

const (
	perSource   = 300 // names per source and per sample
	defaultSeed = 20261129
)

// row is one sampled name.
type row struct {
	id, source, name      string
	authority, basis      string
	province, region, reg string
}

// record is one line of the records corpus.
type record struct {
	name, regDate, province, region string
}

func main() {
	data := flag.String("data", "../shared/data", "shared data directory (corpora and division tables)")
	out := flag.String("out", "name/testdata/eval", "directory for heldout.tsv and dev.tsv")
	seed := flag.Uint64("seed", defaultSeed, "random seed")
	flag.Parse()
	fmt.Printf("seed %d\n", *seed)

	div, err := loadDivisions(filepath.Join(*data, "regions"))
	check(err)
	names, err := corpus.ReadNames(filepath.Join(*data, "company_names", "company_names_sample_450k.txt"))
	check(err)
	recs, err := readRecords(filepath.Join(*data, "company_names", "company_records_sample_150k.csv"))
	check(err)
	fmt.Printf("%d names, %d records of 2018–2019\n", len(names), len(recs))

	// One generator per source, so that a change in one corpus does not move
	// the draw of the other.
	rn := rand.New(rand.NewPCG(*seed, 1))
	rr := rand.New(rand.NewPCG(*seed, 2))
	permN := rn.Perm(len(names))
	permR := rr.Perm(len(recs))

	used := map[string]bool{}
	takeNames := func(k int, from *int) []record {
		var got []record
		for ; len(got) < k && *from < len(permN); *from++ {
			nm := names[permN[*from]]
			key := sampleKey(nm)
			if used[key] {
				continue
			}
			used[key] = true
			got = append(got, record{name: nm})
		}
		return got
	}
	takeRecs := func(k int, from *int) []record {
		var got []record
		for ; len(got) < k && *from < len(permR); *from++ {
			r := recs[permR[*from]]
			key := sampleKey(r.name)
			if used[key] {
				continue
			}
			used[key] = true
			got = append(got, r)
		}
		return got
	}
	var atN, atR int
	heldN, heldR := takeNames(perSource, &atN), takeRecs(perSource, &atR)
	devN, devR := takeNames(perSource, &atN), takeRecs(perSource, &atR)
	if len(heldN) < perSource || len(heldR) < perSource || len(devN) < perSource || len(devR) < perSource {
		check(fmt.Errorf("corpora too small for %d names per source and sample", perSource))
	}

	check(os.MkdirAll(*out, 0o755))
	for _, s := range []struct {
		file, prefix string
		n, r         []record
	}{{"heldout.tsv", "H", heldN, heldR}, {"dev.tsv", "D", devN, devR}} {
		var rows []row
		for i := range perSource {
			rows = append(rows, makeRow(div, fmt.Sprintf("%s%03d", s.prefix, 2*i+1), "names450k", s.n[i]))
			rows = append(rows, makeRow(div, fmt.Sprintf("%s%03d", s.prefix, 2*i+2), "records2018", s.r[i]))
		}
		path := filepath.Join(*out, s.file)
		check(writeRows(path, rows))
		skipped := 0
		for _, r := range rows {
			if r.authority == "" {
				skipped++
			}
		}
		fmt.Printf("%s: %d rows, %d without an authority (skipped)\n", path, len(rows), skipped)
	}
}

// sampleKey identifies a name across the two corpora: width-folded brackets
// and no spaces, so the same name from both files is drawn at most once.
func sampleKey(s string) string {
	return strings.NewReplacer("(", "（", ")", "）", " ", "", "\u3000", "").Replace(s)
}

func makeRow(div *divisions, id, source string, r record) row {
	w := row{id: id, source: source, name: r.name, province: r.province, region: r.region, reg: r.regDate}
	w.authority, w.basis = div.authority(r.name, r.province, r.region)
	return w
}

func writeRows(path string, rows []row) error {
	var b strings.Builder
	b.WriteString("id\tsource\tname\tauthority_code\tauthority_basis\tprovince\tregion\treg_date\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.id, r.source, clean(r.name), r.authority, r.basis, clean(r.province), clean(r.region), clean(r.reg))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func clean(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }

func readRecords(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, h := range []string{"name", "reg_date", "province", "region"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%s: no column %q", path, h)
		}
	}
	var out []record
	for {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		r := record{name: strings.TrimSpace(f[col["name"]]), regDate: f[col["reg_date"]], province: f[col["province"]], region: f[col["region"]]}
		if r.name == "" || !(strings.HasPrefix(r.regDate, "2018") || strings.HasPrefix(r.regDate, "2019")) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// ---- divisions ----

type level int

const (
	province level = iota + 1
	city
	county
)

type division struct {
	code, name  string // six-digit code, full name
	level       level
	city, prov  string // six-digit codes of the enclosing 设区的市 (or municipality) and province
	district    bool   // a 市辖区
	devZone     bool
	shortUsable bool // the short name may stand at the head of a name (not for 市辖区)
}

type divisions struct {
	byName map[string][]*division // full and short names
	maxLen int                    // longest name in runes
	provs  map[string]*division   // by province short name (records' province column)
}

// ethnic groups, stripped from autonomous-area names to get their short form
// (景宁畲族自治县 → 景宁).
var ethnic = strings.Fields(`蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族
哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族
仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族
德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 各族 维吾尔`)

// short returns the name without its level suffix (and ethnic qualifiers),
// or "" when that would leave fewer than two characters.
func short(name string) string {
	s := name
	for _, suf := range []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "县", "区", "盟"} {
		if t := strings.TrimSuffix(s, suf); t != s {
			s = t
			break
		}
	}
	for again := true; again; {
		again = false
		for _, e := range ethnic {
			if t := strings.TrimSuffix(s, e); t != s && utf8.RuneCountInString(t) >= 2 {
				s, again = t, true
			}
		}
	}
	if s == name || utf8.RuneCountInString(s) < 2 {
		return ""
	}
	return s
}

func loadDivisions(dir string) (*divisions, error) {
	read := func(file string) ([][]string, error) {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			return nil, err
		}
		return rows[1:], nil
	}
	d := &divisions{byName: map[string][]*division{}, provs: map[string]*division{}}
	add := func(v *division) {
		names := []string{v.name}
		if s := short(v.name); s != "" {
			names = append(names, s) // a 市辖区's short name is usable only after its city (chain)
		}
		for _, n := range names {
			d.byName[n] = append(d.byName[n], v)
			d.maxLen = max(d.maxLen, utf8.RuneCountInString(n))
		}
	}
	provRows, err := read("provinces.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range provRows {
		v := &division{code: r[0] + "0000", name: r[1], level: province, prov: r[0] + "0000", shortUsable: true}
		v.city = v.code
		add(v)
		d.provs[short(r[1])] = v
		d.provs[r[1]] = v
	}
	cityRows, err := read("cities.csv")
	if err != nil {
		return nil, err
	}
	municipality := map[string]bool{}
	for _, r := range cityRows {
		if r[1] == "市辖区" || r[1] == "县" {
			municipality[r[2]] = true
			continue
		}
		if strings.Contains(r[1], "直辖县级") {
			continue
		}
		add(&division{code: r[0] + "00", name: r[1], level: city, city: r[0] + "00", prov: r[2] + "0000", shortUsable: true})
	}
	areaRows, err := read("areas.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range areaRows {
		v := &division{code: r[0], name: r[1], level: county, city: r[2] + "00", prov: r[3] + "0000"}
		switch {
		case municipality[r[3]]:
			v.city = v.prov
		case strings.HasSuffix(r[2], "90"):
			v.city = v.code
		}
		v.devZone = r[0][4] == '7'
		v.district = !v.devZone && strings.HasSuffix(r[1], "区") && !strings.HasSuffix(r[1], "自治区")
		v.shortUsable = !v.district && !v.devZone
		if v.code[4:] == "00" && v.city == v.code[:4]+"00" {
			// 东莞市, 中山市 …: a city without counties, listed again as an area.
			continue
		}
		add(v)
	}
	return d, nil
}

// within reports whether v lies inside parent.
func within(v, parent *division) bool {
	if v.level <= parent.level {
		return false
	}
	if parent.level == province {
		return v.prov == parent.code
	}
	return v.city == parent.code || v.code[:4] == parent.code[:4]
}

// chain finds the longest chain of divisions at the head of s, each inside
// the previous one. At the head a short name is accepted for provinces,
// prefecture-level cities and counties (县, 县级市, 旗), not for 市辖区,
// which need their city before them. hint chooses among homonyms.
func (d *divisions) chain(s string, parent *division, hint func([]*division) *division) (head string, regs []*division) {
	rest := []rune(s)
	for {
		var found *division
		var foundLen int
		for l := min(d.maxLen, len(rest)-1); l >= 2; l-- {
			cand := string(rest[:l])
			var ok []*division
			for _, v := range d.byName[cand] {
				if parent != nil && !within(v, parent) {
					continue
				}
				if v.devZone && cand != v.name {
					continue
				}
				if parent == nil && cand != v.name && !v.shortUsable {
					continue
				}
				ok = append(ok, v)
			}
			if len(ok) > 0 {
				found, foundLen = hint(ok), l
				break
			}
		}
		if found == nil {
			return head, regs
		}
		head += string(rest[:foundLen])
		rest = rest[foundLen:]
		regs = append(regs, found)
		parent = found
		if found.level == county || len(rest) < 2 {
			return head, regs
		}
	}
}

// branchForms end a branch's name after its parent's name.
var branchForms = []string{"分公司", "支公司", "营业厅", "支局", "分局", "专柜", "门市", "分厂", "分店", "分行", "支行", "营业部", "营业所", "分理处", "储蓄所", "门市部",
	"经营部", "加油站", "加气站", "办事处", "分社", "分部", "分中心", "服务部", "销售部", "经销部", "分所", "项目部",
	"工作站", "服务站", "维修站", "信用社", "分场", "分院", "站", "部", "所", "处", "店", "厂"}

// parentEnds end a parent's name inside a branch's name.
var parentEnds = []string{"股份有限公司", "有限责任公司", "有限公司", "公司", "银行", "联合社", "合作联社", "合作社", "集团"}

// splitBranch returns the parent's name and the branch part when s is a
// branch's name: a parent form word followed by text that ends in a branch
// form word.
func splitBranch(s string) (parent, part string, ok bool) {
	for _, end := range parentEnds {
		i := strings.Index(s, end)
		if i < 0 {
			continue
		}
		j := i + len(end)
		if j >= len(s) {
			continue
		}
		rest := s[j:]
		for _, f := range branchForms {
			if strings.HasSuffix(rest, f) {
				return s[:j], rest, true
			}
		}
	}
	return "", "", false
}

// branchSegments splits a branch part after each branch form word.
func branchSegments(part string) []string {
	segs := []string{part}
	for _, f := range []string{"分公司", "支公司", "分行", "支行", "营业部", "分理处", "分厂", "分店"} {
		var next []string
		for _, s := range segs {
			pieces := strings.Split(s, f)
			for i, p := range pieces {
				if i < len(pieces)-1 {
					p += f
				}
				if p != "" {
					next = append(next, p)
				}
			}
		}
		segs = next
	}
	return segs
}

// authority proposes the authority code for a name and says how it was found.
func (d *divisions) authority(name, prov, region string) (code, basis string) {
	s := sampleKey(name)
	owner := d.provs[prov]
	hint := func(vs []*division) *division {
		sort.SliceStable(vs, func(i, j int) bool {
			if vs[i].level != vs[j].level {
				return vs[i].level < vs[j].level
			}
			return vs[i].code < vs[j].code
		})
		if owner != nil {
			for _, v := range vs {
				if v.prov == owner.code && region != "" {
					if c := d.byName[region]; len(c) > 0 {
						for _, cv := range c {
							if cv.prov == owner.code && (v.city == cv.city || v.code == cv.code) {
								return v
							}
						}
					}
				}
			}
			for _, v := range vs {
				if v.prov == owner.code {
					return v
				}
			}
		}
		return vs[0]
	}
	// Parent's region first.
	body := s
	parentName, part, isBranch := splitBranch(s)
	if isBranch {
		body = parentName
	}
	_, regs := d.chain(body, nil, hint)
	if len(regs) == 0 {
		// Bracketed region in the middle or after the form.
		for i := strings.Index(body, "（"); i >= 0; {
			j := strings.Index(body[i:], "）")
			if j < 0 {
				break
			}
			inner := body[i+len("（") : i+j]
			if h, r := d.chain(inner+"。。", nil, hint); h == inner && len(r) > 0 {
				regs = r
				break
			}
			next := strings.Index(body[i+j:], "（")
			if next < 0 {
				break
			}
			i = i + j + next
		}
	}
	var last *division
	if len(regs) > 0 {
		last = regs[len(regs)-1]
		basis = "name_region"
	}
	if isBranch {
		// A division named at the head of the branch part, or of one of its
		// levels (贵阳分公司松花江路营业部): the branch registers there.
		for _, seg := range branchSegments(part) {
			_, r := d.chain(seg, last, hint)
			if len(r) == 0 && last != nil {
				// A division of another city or province.
				_, r = d.chain(seg, nil, hint)
			}
			if len(r) > 0 {
				last = r[len(r)-1]
				basis = "branch_region"
			}
		}
	}
	if last != nil {
		return last.code, basis
	}
	if owner != nil {
		return owner.code, "owner_province"
	}
	return "", "none"
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "sample:", err)
		os.Exit(1)
	}
}
