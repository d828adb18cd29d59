// Command datagen prepares the data of the name benchmark (scripts/bench/run):
//
//   - names.csv: the real names of the sample file plus generated names up to
//     -n, one CSV with a `name` column, ready for `namescope import`;
//   - pg_names.csv: the same names with the 字号, scope and pinyin key that the
//     service's own parser (name.Parse, dict.PinyinKeys) gives them, for the
//     PostgreSQL baseline;
//   - queries.tsv: the proposed names of the load run, one per line with the
//     kind of variant it is, its parsed 字号 and pinyin key;
//   - datagen.json: counts and timings.
//
// Generated names are names of the city of -scope (the default authority of
// config.Default() unless given) built like real ones: a region prefix of the
// city, a 2–3 character 字号 drawn from the characters real 字号 use (weighted
// by how often they do), an industry expression real names use, and 有限公司.
// A generated name is kept only if name.Parse finds exactly that 字号 in it.
// Everything is seeded: the same flags give the same files.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"namescope/config"
	"namescope/dict"
	"namescope/name"
)

// src is a real 字号 with the industry expression of its name.
type src struct{ tn, ind string }

type parsed struct {
	tn  string // 字号 as the service parses it
	ind string // industry expression (only when it names an industry)
}

func main() {
	real := flag.String("real", "../shared/data/company_names/company_names_sample_450k.txt", "file of real names, one per line")
	n := flag.Int("n", 1000000, "total names (real + generated)")
	nq := flag.Int("queries", 3000, "proposed names in the query set")
	seed := flag.Uint64("seed", 20261127, "random seed")
	scope := flag.String("scope", config.Default().DefaultAuthority().Code, "registration scope (a city's code) of the generated names, written to pg_names.csv")
	out := flag.String("out", "bench-work", "output directory")
	flag.Parse()
	if term.IsTerminal(int(os.Stderr.Fd())) {
		bar = progressbar.NewOptions64(0,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("datagen: parsing names"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("names"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	err := run(*real, *n, *nq, *seed, *scope, *out)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "datagen:", err)
		os.Exit(1)
	}
}

// parseAll parses names on every core, keeping order.
// bar follows the names parsed when stderr is a terminal (nil otherwise):
// parsing is most of datagen's time at a million names.
var bar *progressbar.ProgressBar

// parseAll parses names on every core, in order.
func parseAll(names []string) []parsed {
	if bar != nil {
		bar.ChangeMax64(bar.GetMax64() + int64(len(names)))
	}
	out := make([]parsed, len(names))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(names) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(names))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				p := name.Parse(names[i])
				out[i].tn = p.TradeName
				if p.HasIndustry() {
					out[i].ind = p.Industry
				}
				if bar != nil && (i-lo)%1000 == 999 {
					_ = bar.Add(1000)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// sampler draws items with probability proportional to their weights.
type sampler[T any] struct {
	items []T
	cum   []int
}

func newSampler[T comparable](counts map[T]int) *sampler[T] {
	s := &sampler[T]{}
	for k := range counts {
		s.items = append(s.items, k)
	}
	// Deterministic order: by weight, then by key text.
	sort.Slice(s.items, func(i, j int) bool {
		a, b := counts[s.items[i]], counts[s.items[j]]
		if a != b {
			return a > b
		}
		return fmt.Sprint(s.items[i]) < fmt.Sprint(s.items[j])
	})
	total := 0
	for _, it := range s.items {
		total += counts[it]
		s.cum = append(s.cum, total)
	}
	return s
}

func (s *sampler[T]) draw(r *rand.Rand) T {
	x := r.IntN(s.cum[len(s.cum)-1])
	return s.items[sort.SearchInts(s.cum, x+1)]
}

func allHan(s string, lo, hi int) bool {
	rs := []rune(s)
	if len(rs) < lo || len(rs) > hi {
		return false
	}
	for _, r := range rs {
		if !dict.IsHan(r) || !dict.IsStandardChar(r) {
			return false
		}
	}
	return true
}

// regionPrefixes are the ways names of the city scope start, with
// weights: the city's full and short names, its counties and county-level
// cities alone, its 市辖区 only with the city's name.
func regionPrefixes(scope string) (map[string]int, error) {
	city := dict.RegionByCode(scope)
	if city == nil || city.Level != dict.City {
		return nil, fmt.Errorf("scope %s is not a city of the division data", scope)
	}
	m := map[string]int{city.Name: 60}
	if city.Short != "" {
		m[city.Short] = 8
	}
	for i := 1; i < 100; i++ {
		r := dict.RegionByCode(fmt.Sprintf("%s%02d", scope[:4], i))
		if r == nil || r.DevZone || r.CityCode != scope {
			continue
		}
		if r.CityDistrict {
			m[city.Name+r.Name] += 2
		} else {
			m[r.Name] += 4
		}
	}
	return m, nil
}

// fullSize is the registry size the benchmark is specified at.
const fullSize = 1000000

type stats struct {
	Real             int            `json:"real_names"`
	RealNoTradeName  int            `json:"real_without_trade_name"`
	Generated        int            `json:"generated_names"`
	Total            int            `json:"total_names"`
	GenRejected      int            `json:"generated_rejected_by_parser_or_duplicate"`
	TradeNameChars   int            `json:"trade_name_chars"`
	IndustryExprs    int            `json:"industry_expressions"`
	Share3Char       float64        `json:"share_3_char_trade_names"`
	Queries          map[string]int `json:"queries"`
	Seconds          float64        `json:"seconds"`
	GeneratedExample []string       `json:"generated_examples"`
}

func run(realPath string, n, nq int, seed uint64, scope, out string) error {
	start := time.Now()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	realNames, err := readLines(realPath)
	if err != nil {
		return err
	}
	// At the benchmark's size (1,000,000) every real name is used; a smaller
	// run keeps the same real/generated mix (45 % real for the 450k sample).
	if keep := int(int64(n) * int64(len(realNames)) / fullSize); keep < len(realNames) {
		realNames = realNames[:keep]
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	st := stats{Real: len(realNames), Queries: map[string]int{}}

	// What real names are made of.
	realParsed := parseAll(realNames)
	charCount := map[rune]int{}
	indCount := map[string]int{}
	len2, len3 := 0, 0
	existingTN := map[string]bool{}
	var sources []src // real 字号 (2–4 standard Han characters) and their industry expression
	for _, p := range realParsed {
		if p.tn == "" {
			st.RealNoTradeName++
			continue
		}
		existingTN[p.tn] = true
		if !allHan(p.tn, 2, 4) {
			continue
		}
		sources = append(sources, src(p))
		for _, r := range p.tn {
			charCount[r]++
		}
		switch len([]rune(p.tn)) {
		case 2:
			len2++
		case 3:
			len3++
		}
		if p.ind != "" {
			indCount[p.ind]++
		}
	}
	// Keep industry expressions that real names use often enough to be typical.
	for k, c := range indCount {
		if c < 20 {
			delete(indCount, k)
		}
	}
	if len(charCount) == 0 || len(indCount) == 0 {
		return fmt.Errorf("no usable 字号 or industry expressions in %s", realPath)
	}
	st.TradeNameChars, st.IndustryExprs = len(charCount), len(indCount)
	st.Share3Char = float64(len3) / float64(len2+len3)
	chars := newSampler(charCount)
	inds := newSampler(indCount)
	prefixes, err := regionPrefixes(scope)
	if err != nil {
		return err
	}
	regions := newSampler(prefixes)
	cityName := dict.RegionByCode(scope).Name

	seen := make(map[string]bool, n)
	all := make([]string, 0, n)
	allParsed := make([]parsed, 0, n)
	for i, nm := range realNames {
		seen[nm] = true
		all = append(all, nm)
		allParsed = append(allParsed, realParsed[i])
	}

	genTN := func(r *rand.Rand) string {
		l := 2
		if r.Float64() < st.Share3Char {
			l = 3
		}
		rs := make([]rune, 0, l)
		for len(rs) < l {
			c := chars.draw(r)
			if len(rs) > 0 && rs[len(rs)-1] == c {
				continue
			}
			rs = append(rs, c)
		}
		return string(rs)
	}

	// Generated names, in parsed batches so that generation stays deterministic.
	var generated []string
	for len(all) < n {
		want := n - len(all)
		batch := make([]string, 0, want+want/10+16)
		tns := make([]string, 0, cap(batch))
		for len(batch) < cap(batch) {
			tn := genTN(rng)
			nm := regions.draw(rng) + tn + inds.draw(rng) + "有限公司"
			batch = append(batch, nm)
			tns = append(tns, tn)
		}
		ps := parseAll(batch)
		for i, nm := range batch {
			if len(all) >= n {
				break
			}
			if seen[nm] || ps[i].tn != tns[i] {
				st.GenRejected++
				continue
			}
			seen[nm] = true
			all = append(all, nm)
			allParsed = append(allParsed, ps[i])
			generated = append(generated, nm)
			existingTN[ps[i].tn] = true
		}
	}
	st.Generated = len(generated)
	st.Total = len(all)
	for i := 0; i < 5 && i < len(generated); i++ {
		st.GeneratedExample = append(st.GeneratedExample, generated[i*len(generated)/5])
	}

	// names.csv for `namescope import`.
	if err := writeCSV(filepath.Join(out, "names.csv"), []string{"name"}, len(all), func(i int) []string {
		return []string{all[i]}
	}); err != nil {
		return err
	}
	// pg_names.csv: name, trade_name, scope, pinyin (first reading combination).
	if err := writeCSV(filepath.Join(out, "pg_names.csv"), []string{"name", "trade_name", "scope", "pinyin"}, len(all), func(i int) []string {
		tn := allParsed[i].tn
		return []string{all[i], tn, scope, firstPinyin(tn)}
	}); err != nil {
		return err
	}

	// The query set.
	qs := buildQueries(rng, nq, cityName, realNames, realParsed, generated, sources, existingTN, charCount, chars, inds, genTN)
	f, err := os.Create(filepath.Join(out, "queries.tsv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "kind\tname\ttrade_name\tpinyin\tsource")
	for _, q := range qs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", q.kind, q.name, q.tn, firstPinyin(q.tn), q.source)
		st.Queries[q.kind]++
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st.Seconds = time.Since(start).Seconds()
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(filepath.Join(out, "datagen.json"), b, 0o644); err != nil {
		return err
	}
	fmt.Printf("datagen: %d real + %d generated = %d names, %d queries in %.1fs\n", st.Real, st.Generated, st.Total, len(qs), st.Seconds)
	return nil
}

func firstPinyin(tn string) string {
	if ks := dict.PinyinKeys(tn); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

type query struct {
	kind, name, tn, source string
}

// Shares of the query set by kind (they add up to 1).
var queryMix = []struct {
	kind  string
	share float64
}{
	{"exact_real", 0.07},             // a real name, verbatim
	{"exact_generated", 0.07},        // a generated name of the city, verbatim
	{"same_tn_other_industry", 0.08}, // a real 字号 with another industry expression
	{"homophone", 0.14},              // one character replaced by another with the same reading
	{"lookalike", 0.12},              // one character replaced by a look-alike
	{"contains_real", 0.10},          // the proposed 字号 contains a real one (one character added)
	{"inside_real", 0.08},            // the proposed 字号 is part of a real 3–4 character one
	{"reordered", 0.08},              // the characters of a real 字号 in another order
	{"one_char_different", 0.10},     // a real 3–4 character 字号 with one character changed
	{"fresh", 0.16},                  // a new 字号 found nowhere in the registry
}

func buildQueries(rng *rand.Rand, nq int, cityName string, realNames []string, realParsed []parsed, generated []string,
	sources []src, existingTN map[string]bool, charCount map[rune]int,
	chars *sampler[rune], inds *sampler[string], genTN func(*rand.Rand) string) []query {

	// Characters by reading, among the characters real 字号 use at least twice.
	byReading := map[string][]rune{}
	var pool []rune
	for r, c := range charCount {
		if c >= 2 {
			pool = append(pool, r)
		}
	}
	sort.Slice(pool, func(i, j int) bool { return pool[i] < pool[j] })
	for _, r := range pool {
		for _, py := range dict.Readings(r) {
			byReading[py] = append(byReading[py], r)
		}
	}
	used := map[string]bool{}
	var out []query
	// A proposed name is kept when the service parses back the intended 字号.
	try := func(kind, tn, ind, source string) bool {
		if tn == "" || tn == source && kind != "same_tn_other_industry" {
			return false
		}
		if ind == "" {
			ind = inds.draw(rng)
		}
		nm := cityName + tn + ind + "有限公司"
		if used[nm] {
			return false
		}
		p := name.Parse(nm)
		if p.TradeName != tn {
			return false
		}
		used[nm] = true
		out = append(out, query{kind, nm, tn, source})
		return true
	}
	pick := func(minLen int) (string, string) {
		for {
			s := sources[rng.IntN(len(sources))]
			if len([]rune(s.tn)) >= minLen {
				return s.tn, s.ind
			}
		}
	}
	for _, m := range queryMix {
		want := int(float64(nq)*m.share + 0.5)
		for got, attempts := 0, 0; got < want && attempts < want*200; attempts++ {
			ok := false
			switch m.kind {
			case "exact_real", "exact_generated":
				var nm string
				if m.kind == "exact_real" {
					i := rng.IntN(len(realNames))
					if !allHan(realParsed[i].tn, 2, 8) {
						continue
					}
					nm = realNames[i]
				} else {
					if len(generated) == 0 {
						break
					}
					nm = generated[rng.IntN(len(generated))]
				}
				tn := name.Parse(nm).TradeName
				if !used[nm] && tn != "" {
					used[nm] = true
					out = append(out, query{m.kind, nm, tn, tn})
					ok = true
				}
			case "same_tn_other_industry":
				tn, ind := pick(2)
				other := inds.draw(rng)
				if other != ind {
					ok = try(m.kind, tn, other, tn)
				}
			case "homophone":
				tn, ind := pick(2)
				rs := []rune(tn)
				i := rng.IntN(len(rs))
				var alts []rune
				for _, py := range dict.Readings(rs[i]) {
					for _, a := range byReading[py] {
						if a != rs[i] {
							alts = append(alts, a)
						}
					}
				}
				if len(alts) > 0 {
					rs[i] = alts[rng.IntN(len(alts))]
					ok = try(m.kind, string(rs), ind, tn)
				}
			case "lookalike":
				tn, ind := pick(2)
				rs := []rune(tn)
				i := rng.IntN(len(rs))
				var alts []rune
				for _, a := range dict.LookAlikes(rs[i]) {
					if len(alts) == 3 {
						break
					}
					if dict.IsStandardChar(a) {
						alts = append(alts, a)
					}
				}
				if len(alts) > 0 {
					rs[i] = alts[rng.IntN(len(alts))]
					ok = try(m.kind, string(rs), ind, tn)
				}
			case "contains_real":
				tn, ind := pick(2)
				if len([]rune(tn)) > 3 {
					continue
				}
				c := string(chars.draw(rng))
				if rng.IntN(2) == 0 {
					ok = try(m.kind, c+tn, ind, tn)
				} else {
					ok = try(m.kind, tn+c, ind, tn)
				}
			case "inside_real":
				tn, ind := pick(3)
				rs := []rune(tn)
				l := 2 + rng.IntN(len(rs)-2) // shorter than the source
				i := rng.IntN(len(rs) - l + 1)
				ok = try(m.kind, string(rs[i:i+l]), ind, tn)
			case "reordered":
				tn, ind := pick(2)
				rs := []rune(tn)
				for k := 0; k < 5 && string(rs) == tn; k++ {
					rng.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
				}
				ok = try(m.kind, string(rs), ind, tn)
			case "one_char_different":
				tn, ind := pick(3)
				rs := []rune(tn)
				i := rng.IntN(len(rs))
				c := chars.draw(rng)
				if c == rs[i] || dict.Homophones(string(c), string(rs[i])) || dict.LooksAlike(c, rs[i]) {
					continue
				}
				rs[i] = c
				ok = try(m.kind, string(rs), ind, tn)
			case "fresh":
				tn := genTN(rng)
				if existingTN[tn] {
					continue
				}
				ok = try(m.kind, tn, "", "")
			}
			if ok {
				got++
			}
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, sc.Err()
}

func writeCSV(path string, header []string, n int, row func(int) []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := w.Write(row(i)); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}
