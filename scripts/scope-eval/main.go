// Command scope-eval measures the business-scope search: recall@5 and MRR@10
// of the evaluation queries against the entries a registrar would accept,
// and the latency of typeahead searches.
//
//	go run ./scripts/scope-eval                 # quality and latency on the default catalogue
//	go run ./scripts/scope-eval -v              # also list the queries that miss
//	go run ./scripts/scope-eval -reps 200       # more latency repetitions
//
// Run it from the repository root (the default paths are relative to it).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"namescope/dict"
	"namescope/scope"
)

type evalQuery struct {
	Query          string   `json:"query"`
	Split          string   `json:"split"`
	Accept         []string `json:"accept"`
	AcceptWordings []string `json:"accept_wordings"`
}

func main() {
	queriesPath := flag.String("queries", "scope/testdata/eval_queries.json", "evaluation queries")
	legacyPath := flag.String("legacy", "scope/testdata/legacy_phrases.json", "legacy phrases for Normalize")
	catalogue := flag.String("catalogue", "", "catalogue file to evaluate instead of the built-in default (format from the extension)")
	reps := flag.Int("reps", 100, "latency repetitions over all queries")
	verbose := flag.Bool("v", false, "list queries whose accepted entries are not in the top 5")
	flag.Parse()
	if err := run(*queriesPath, *legacyPath, *catalogue, *reps, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "scope-eval:", err)
		os.Exit(1)
	}
}

func run(queriesPath, legacyPath, cataloguePath string, reps int, verbose bool) error {
	b, err := os.ReadFile(queriesPath)
	if err != nil {
		return err
	}
	var doc struct {
		Queries []evalQuery `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", queriesPath, err)
	}
	cat := scope.DefaultCatalogue()
	if cataloguePath != "" {
		f, err := os.Open(cataloguePath)
		if err != nil {
			return err
		}
		format, err := scope.FormatOf(cataloguePath)
		if err != nil {
			return err
		}
		cat, err = scope.Load(format, f, cataloguePath)
		f.Close()
		if err != nil {
			return err
		}
	}
	start := time.Now()
	dict.Segmenter() // loaded once per process; timed apart from indexing
	segTime := time.Since(start)
	start = time.Now()
	s, err := scope.NewSearcher(cat)
	if err != nil {
		return err
	}
	defer s.Close()
	buildTime := time.Since(start)
	ctx := context.Background()

	// Quality.
	type agg struct {
		n, hit5 int
		rr      float64
	}
	bySplit := map[string]*agg{"all": {}}
	var misses []string
	for _, q := range doc.Queries {
		res, err := s.Search(ctx, scope.Query{Text: q.Query, Limit: 10})
		if err != nil {
			return fmt.Errorf("query %q: %w", q.Query, err)
		}
		rank := 0
		for i, h := range res.Hits {
			if contains(q.Accept, h.Code) {
				rank = i + 1
				break
			}
		}
		for _, k := range []string{"all", q.Split} {
			a := bySplit[k]
			if a == nil {
				a = &agg{}
				bySplit[k] = a
			}
			a.n++
			if rank >= 1 && rank <= 5 {
				a.hit5++
			}
			if rank > 0 {
				a.rr += 1 / float64(rank)
			}
		}
		if rank == 0 || rank > 5 {
			var got []string
			for i, h := range res.Hits {
				if i == 5 {
					break
				}
				got = append(got, h.Wording)
			}
			misses = append(misses, fmt.Sprintf("  [%s] %s → rank %d; want %s; got %s", q.Split, q.Query, rank,
				strings.Join(q.AcceptWordings, "｜"), strings.Join(got, "｜")))
		}
	}

	// Latency: every query, and every prefix of every query as typed.
	var full, prefixes []string
	for _, q := range doc.Queries {
		full = append(full, q.Query)
		rs := []rune(q.Query)
		for n := 1; n <= len(rs); n++ {
			prefixes = append(prefixes, string(rs[:n]))
		}
	}
	for _, q := range prefixes { // warm up
		if _, err := s.Search(ctx, scope.Query{Text: q, Limit: 10}); err != nil {
			return err
		}
	}
	fullLat, err := measure(ctx, s, full, reps)
	if err != nil {
		return err
	}
	prefixLat, err := measure(ctx, s, prefixes, reps)
	if err != nil {
		return err
	}

	info := cat.Info()
	fmt.Printf("catalogue: %s, %d entries (%d licensed, %d filing); segmenter loaded in %v, index built in %v\n",
		info.Name, info.Entries, info.Licensed, info.Filing, segTime.Round(time.Millisecond), buildTime.Round(time.Millisecond))
	fmt.Printf("machine: %s/%s, %d CPU, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| split | queries | recall@5 | MRR@10 |")
	fmt.Println("|---|---|---|---|")
	for _, k := range []string{"dev", "test", "all"} {
		if a := bySplit[k]; a != nil && a.n > 0 {
			fmt.Printf("| %s | %d | %.3f | %.3f |\n", k, a.n, float64(a.hit5)/float64(a.n), a.rr/float64(a.n))
		}
	}
	fmt.Println()
	fmt.Println("| searches (limit 10, one goroutine) | count | p50 | p90 | p99 | max |")
	fmt.Println("|---|---|---|---|---|---|")
	fmt.Printf("| eval queries × %d | %s |\n", reps, fullLat)
	fmt.Printf("| every prefix of the eval queries × %d | %s |\n", reps, prefixLat)
	if legacyPath != "" {
		lm, err := evalLegacy(ctx, s, legacyPath)
		if err != nil {
			return err
		}
		misses = append(misses, lm...)
	}
	if verbose && len(misses) > 0 {
		fmt.Printf("\nqueries without an accepted entry in the top 5 (%d):\n%s\n", len(misses), strings.Join(misses, "\n"))
	}
	return nil
}

// evalLegacy measures Normalize on labelled legacy phrases: for phrases with
// an acceptable entry, whether the best proposal is one (top-1) and whether
// any proposal is; for phrases without, whether Normalize wrongly maps them.
func evalLegacy(ctx context.Context, s *scope.Searcher, path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Items []struct {
			Phrase         string   `json:"phrase"`
			Split          string   `json:"split"`
			Accept         []string `json:"accept"`
			AcceptWordings []string `json:"accept_wordings"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	type agg struct{ pos, top1, any, unmapped, neg, wrong int }
	by := map[string]*agg{}
	var misses []string
	for _, it := range doc.Items {
		res, err := s.Normalize(ctx, it.Phrase)
		if err != nil {
			return nil, fmt.Errorf("phrase %q: %w", it.Phrase, err)
		}
		var props []scope.Proposal
		for _, ph := range res.Phrases {
			props = append(props, ph.Proposals...)
		}
		var got []string
		for _, p := range props {
			got = append(got, p.Wording)
		}
		for _, k := range []string{"all", it.Split} {
			a := by[k]
			if a == nil {
				a = &agg{}
				by[k] = a
			}
			if len(it.Accept) == 0 {
				a.neg++
				if len(props) > 0 {
					a.wrong++
				}
				continue
			}
			a.pos++
			if len(props) == 0 {
				a.unmapped++
			}
			if len(props) > 0 && contains(it.Accept, props[0].Code) {
				a.top1++
			}
			for _, p := range props {
				if contains(it.Accept, p.Code) {
					a.any++
					break
				}
			}
		}
		ok := len(it.Accept) == 0 && len(props) == 0 || len(props) > 0 && contains(it.Accept, props[0].Code)
		if !ok {
			misses = append(misses, fmt.Sprintf("  [legacy %s] %s → %s; want %s", it.Split, it.Phrase,
				strings.Join(got, "｜"), strings.Join(it.AcceptWordings, "｜")))
		}
	}
	fmt.Println()
	fmt.Println("| Normalize, legacy phrases | mappable | best proposal accepted | any proposal accepted | left unmapped | unmappable | wrongly mapped |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, k := range []string{"dev", "test", "all"} {
		if a := by[k]; a != nil {
			fmt.Printf("| %s | %d | %.3f | %.3f | %.3f | %d | %d |\n", k, a.pos,
				ratio(a.top1, a.pos), ratio(a.any, a.pos), ratio(a.unmapped, a.pos), a.neg, a.wrong)
		}
	}
	return misses, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

type latencies []time.Duration

func (l latencies) String() string {
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	pct := func(p float64) time.Duration { return l[int(p*float64(len(l)-1))] }
	f := func(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }
	return fmt.Sprintf("%d | %s | %s | %s | %s", len(l), f(pct(0.5)), f(pct(0.9)), f(pct(0.99)), f(l[len(l)-1]))
}

func measure(ctx context.Context, s *scope.Searcher, queries []string, reps int) (latencies, error) {
	out := make(latencies, 0, len(queries)*reps)
	for r := 0; r < reps; r++ {
		for _, q := range queries {
			t := time.Now()
			if _, err := s.Search(ctx, scope.Query{Text: q, Limit: 10}); err != nil {
				return nil, err
			}
			out = append(out, time.Since(t))
		}
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
