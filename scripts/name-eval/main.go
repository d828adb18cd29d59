// Command name-eval measures the quality of similar-name detection. It
// registers real enterprise names in one registration scope, derives from a
// sample of them a variant of every kind the rules name (homophone, look-alike
// character, containment both ways, reordering, one-character difference,
// equivalent industry wording) and unrelated controls, checks each through
// the real checker, store and index, and reports recall per reason and the
// false-warning rate on the controls.
//
//	go run ./scripts/name-eval [-data ../shared/data] [-n 450000] [-samples 500] [-out docs/name-eval.md]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"namescope/config"
	"namescope/dict"
	"namescope/index"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// scope is the registration scope of every name: the default authority of
// the default configuration.
var scope = config.Default().DefaultAuthority().Code

type base struct {
	full  string // as registered
	parts *name.Parts
}

func main() {
	data := flag.String("data", "../shared/data", "shared data directory")
	n := flag.Int("n", 450000, "real names to register")
	samples := flag.Int("samples", 500, "base names per reason")
	out := flag.String("out", "", "write the report (Markdown) to this file too")
	seed := flag.Uint64("seed", 2026, "random seed")
	flag.Parse()

	path := filepath.Join(*data, "company_names", "company_names_sample_450k.txt")
	names, err := readLines(path, *n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "name-eval: %v (skipped: real names not available)\n", err)
		os.Exit(0)
	}
	ctx := context.Background()
	db, err := store.Open("")
	check(err)
	defer db.Close()
	idx, _, err := index.OpenNames("")
	check(err)
	defer idx.Close()
	marks, _, err := index.OpenNames("")
	check(err)
	defer marks.Close()
	reg := registry.New(db, idx, marks)

	start := time.Now()
	var csv strings.Builder
	csv.WriteString("name\n")
	for _, nm := range names {
		csv.WriteString(strings.ReplaceAll(nm, ",", "，") + "\n")
	}
	rep, err := reg.Import(ctx, strings.NewReader(csv.String()), registry.ImportOptions{
		AuthorityCode: scope, IndustryFromName: true, DefaultIndustry: "L72", BatchSize: 5000})
	check(err)
	fmt.Fprintf(os.Stderr, "registered %d names (%d rejected) in %s\n", rep.Imported, rep.Rejected, time.Since(start).Round(time.Second))

	// Index of what is registered, to keep variants from colliding with an
	// existing 字号 (that would be an identical name, not a similar one).
	tradeNames := map[string]bool{}
	var bases []base
	charPool := map[rune]int{}
	for _, nm := range names {
		p := name.Parse(nm)
		tradeNames[p.TradeName] = true
		rs := []rune(p.TradeName)
		if len(rs) < 2 || len(rs) > 4 || !allHan(p.TradeName) || !p.HasIndustry() || p.IsBranch() || p.OrgForm == "" {
			continue
		}
		for _, r := range rs {
			charPool[r]++
		}
		bases = append(bases, base{full: nm, parts: p})
	}
	pool := commonChars(charPool, 2500)
	homophones := homophoneMap(pool)
	rng := rand.New(rand.NewPCG(*seed, 4104))
	rng.Shuffle(len(bases), func(i, j int) { bases[i], bases[j] = bases[j], bases[i] })

	// Equivalent industry wording keeps the 字号 and swaps the expression
	// for another of its synonym group (地产 → 置业).
	synonymOf := func(b base) (string, bool) {
		if len(b.parts.IndustryTerms) != 1 {
			return "", false
		}
		t := b.parts.IndustryTerms[0]
		var alts []dict.IndustryTerm
		for _, o := range dict.IndustryGroup(t.Group) {
			if o.Term != t.Term && o.Kind == "industry" {
				alts = append(alts, o)
			}
		}
		if len(alts) == 0 {
			return "", false
		}
		return alts[rng.IntN(len(alts))].Term, true
	}
	generators := []struct {
		kind string
		make func(b base) (string, bool)
	}{
		{name.ReasonHomophone, func(b base) (string, bool) { return substitute(b, rng, func(r rune) []rune { return homophones[r] }) }},
		{name.ReasonShape, func(b base) (string, bool) { return substitute(b, rng, dict.LookAlikes) }},
		{name.ReasonContains, func(b base) (string, bool) {
			return b.parts.TradeName + string(pool[rng.IntN(len(pool))]), true
		}},
		{name.ReasonContainedIn, func(b base) (string, bool) {
			rs := []rune(b.parts.TradeName)
			if len(rs) < 3 {
				return "", false
			}
			return string(rs[:len(rs)-1]), true
		}},
		{name.ReasonReordered, func(b base) (string, bool) {
			rs := []rune(b.parts.TradeName)
			i := rng.IntN(len(rs) - 1)
			rs[i], rs[i+1] = rs[i+1], rs[i]
			return string(rs), string(rs) != b.parts.TradeName
		}},
		{name.ReasonOneCharDiff, func(b base) (string, bool) {
			rs := []rune(b.parts.TradeName)
			if len(rs) < 3 {
				return "", false
			}
			i := rng.IntN(len(rs))
			rs[i] = pool[rng.IntN(len(pool))]
			return string(rs), true
		}},
		{name.ReasonSynonymIndustry, nil},
		{"control", func(b base) (string, bool) {
			// Same length and industry, no character shared, alike or homophone.
			rs := []rune(b.parts.TradeName)
			out := make([]rune, len(rs))
			for i := range rs {
				for {
					c := pool[rng.IntN(len(pool))]
					if unrelated(c, rs) {
						out[i] = c
						break
					}
				}
			}
			return string(out), true
		}},
	}

	checker := &name.Checker{Registry: reg}
	type tally struct{ tried, hit, flagged int }
	results := map[string]*tally{}
	var misses []string
	latencies := []time.Duration{}
	for _, g := range generators {
		t := &tally{}
		results[g.kind] = t
		for _, b := range bases {
			if t.tried == *samples {
				break
			}
			var full string
			if g.kind == name.ReasonSynonymIndustry {
				term, ok := synonymOf(b)
				if !ok {
					continue
				}
				full = b.parts.Region + b.parts.TradeName + term + b.parts.OrgForm
				if b.parts.Region == "" || name.Parse(full).Industry != term || name.Parse(full).TradeName != b.parts.TradeName {
					continue
				}
			} else {
				tn, ok := g.make(b)
				if !ok || tn == b.parts.TradeName || tradeNames[tn] || len([]rune(tn)) < 2 {
					continue
				}
				if g.kind != "control" && !reasonHolds(g.kind, tn, b.parts.TradeName) {
					continue // e.g. a "homophone" that also happens to be reordered only
				}
				full = b.parts.Region + tn + b.parts.Industry + b.parts.OrgForm
				if b.parts.Region == "" || name.Parse(full).TradeName != tn {
					continue // the variant does not parse back to the intended 字号
				}
			}
			t0 := time.Now()
			res, err := checker.Check(ctx, name.Request{Name: full, AuthorityCode: scope})
			latencies = append(latencies, time.Since(t0))
			check(err)
			t.tried++
			found := false
			for _, s := range res.Similar {
				if s.Name != b.full {
					continue
				}
				for _, r := range s.Reasons {
					if r.Code == g.kind || g.kind == "control" {
						found = true
					}
				}
			}
			if g.kind == "control" {
				if found {
					t.hit++ // linked to the unrelated base: a false warning
					misses = append(misses, fmt.Sprintf("control %s flagged against %s", full, b.full))
				}
				if len(res.Similar) > 0 {
					t.flagged++
				}
				continue
			}
			if found {
				t.hit++
			} else if len(misses) < 40 {
				misses = append(misses, fmt.Sprintf("%s: %s not found for %s (%d similar)", g.kind, b.full, full, len(res.Similar)))
			}
		}
	}

	var report strings.Builder
	fmt.Fprintf(&report, "Registered names: %d real names of company_names_sample_450k.txt, all in one scope (%s).\n\n", rep.Imported, scope)
	fmt.Fprintf(&report, "| reason | variants | recalled | recall |\n|---|---|---|---|\n")
	kinds := []string{name.ReasonSynonymIndustry, name.ReasonHomophone, name.ReasonShape, name.ReasonContains, name.ReasonContainedIn, name.ReasonReordered, name.ReasonOneCharDiff}
	for _, k := range kinds {
		t := results[k]
		fmt.Fprintf(&report, "| %s | %d | %d | %.3f |\n", k, t.tried, t.hit, ratio(t.hit, t.tried))
	}
	c := results["control"]
	fmt.Fprintf(&report, "\nControls (same region, industry and length as a real name; no character equal, alike or homophone): %d.\n", c.tried)
	fmt.Fprintf(&report, "- false warnings (control listed as similar to the name it was derived from): %d = %.3f\n", c.hit, ratio(c.hit, c.tried))
	fmt.Fprintf(&report, "- controls with any similar name in the registry (real neighbours among %d names): %d = %.3f\n", rep.Imported, c.flagged, ratio(c.flagged, c.tried))
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	if len(latencies) > 0 {
		fmt.Fprintf(&report, "\nIn-process check latency over the %d checks (one goroutine): p50 %s, p99 %s.\n",
			len(latencies), latencies[len(latencies)/2].Round(10*time.Microsecond), latencies[len(latencies)*99/100].Round(10*time.Microsecond))
	}
	if len(misses) > 0 {
		fmt.Fprintf(&report, "\nFirst misses:\n")
		for _, m := range misses[:min(len(misses), 20)] {
			fmt.Fprintf(&report, "- %s\n", m)
		}
	}
	fmt.Print(report.String())
	if *out != "" {
		check(os.WriteFile(*out, []byte(report.String()), 0o644))
	}
}

func reasonHolds(kind, a, b string) bool {
	for _, r := range name.SimilarReasons(a, b) {
		if r.Code == kind {
			return true
		}
	}
	return false
}

// substitute replaces one character of the 字号 with one of alt(c).
func substitute(b base, rng *rand.Rand, alt func(rune) []rune) (string, bool) {
	rs := []rune(b.parts.TradeName)
	for _, i := range rng.Perm(len(rs)) {
		cands := alt(rs[i])
		if len(cands) == 0 {
			continue
		}
		out := append([]rune(nil), rs...)
		out[i] = cands[rng.IntN(len(cands))]
		if out[i] != rs[i] {
			return string(out), true
		}
	}
	return "", false
}

func unrelated(c rune, rs []rune) bool {
	for _, r := range rs {
		if c == r || dict.LooksAlike(c, r) || dict.Homophones(string(c), string(r)) {
			return false
		}
	}
	return true
}

func homophoneMap(pool []rune) map[rune][]rune {
	byReading := map[string][]rune{}
	for _, r := range pool {
		for _, p := range dict.Readings(r) {
			byReading[p] = append(byReading[p], r)
		}
	}
	out := map[rune][]rune{}
	for _, r := range pool {
		for _, p := range dict.Readings(r) {
			for _, h := range byReading[p] {
				if h != r {
					out[r] = append(out[r], h)
				}
			}
		}
	}
	return out
}

func commonChars(count map[rune]int, n int) []rune {
	var rs []rune
	for r := range count {
		if dict.IsStandardChar(r) {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool {
		if count[rs[i]] != count[rs[j]] {
			return count[rs[i]] > count[rs[j]]
		}
		return rs[i] < rs[j]
	})
	return rs[:min(n, len(rs))]
}

func allHan(s string) bool {
	for _, r := range s {
		if !dict.IsHan(r) {
			return false
		}
	}
	return true
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func readLines(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < n {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "name-eval:", err)
		os.Exit(1)
	}
}
