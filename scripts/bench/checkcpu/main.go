// Command checkcpu measures what a name check costs in process, on a data
// directory that `namescope import` filled (as docs/benchmarks.md shows, or
// the one of `scripts/bench/run` kept with KEEP=1): it runs the proposed
// names of a queries.tsv of scripts/bench/datagen through the checker, one
// after the other on one goroutine, and reports the process CPU time and
// the allocations per call, for the whole check and for its two registry
// stages (the index query alone; the index query and the candidates'
// records), with the wall time of each call (no queueing: not the
// benchmark's latency).
//
// CPU time rather than latency: the figure other processes on the machine
// disturb least. For counts that they do not disturb, run it under
// callgrind (scripts/bench/checkcpu/callgrind): through valgrind's client
// requests each measured pass is counted and dumped on its own, every
// instruction of the process meanwhile (the garbage collector's, badger's
// and bleve's goroutines included), and nothing is instrumented while the
// application opens.
//
// -dump FILE writes every answer (the full result as the API encodes it),
// one per line, with a fixed clock, after a first pass over the queries (so
// that the answers read the records the candidate cache kept): two builds
// are compared for identical findings with cmp.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"namescope/config"
	"namescope/dict"
	"namescope/internal/app"
	"namescope/name"
)

type query struct{ kind, name, tradeName string }

// hits and distinct count the candidate ids the index stage returned.
var (
	hits     int
	distinct = map[string]struct{}{}
)

func main() {
	data := flag.String("data", "", "data directory (store and indexes) of an imported registry")
	queries := flag.String("queries", "", "queries.tsv of scripts/bench/datagen")
	authority := flag.String("authority", config.Default().DefaultAuthority().Code, "authority code of the checks (default: the configuration's default authority)")
	rounds := flag.Int("rounds", 5, "passes over the queries that are measured")
	warmup := flag.Int("warmup", 1, "passes before measuring")
	limit := flag.Int("limit", 0, "use only the first N queries (0: all)")
	stage := flag.String("stage", "all", "what to measure: check, index (the index query alone), read (index query + candidate records) or all")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured passes")
	candCache := flag.Int("candidate-cache", -1, "candidate records cached (0: none; -1: the configuration's)")
	slow := flag.Int("slow", 0, "list the N slowest calls of each stage")
	dump := flag.String("dump", "", "write every answer as JSON, one per line, and exit")
	flag.Parse()
	if *data == "" || *queries == "" {
		fmt.Fprintln(os.Stderr, "checkcpu: -data and -queries are required")
		os.Exit(2)
	}
	qs, err := readQueries(*queries, *limit)
	if err != nil {
		fail(err)
	}
	if len(qs) == 0 {
		fail(fmt.Errorf("no queries in %s", *queries))
	}
	ctx := context.Background()
	// A fixed clock: whether a reserved or ended name still counts depends
	// on the day, and two dumps must be comparable.
	clock := func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) }
	a, err := app.Open(ctx, app.Options{DataDir: *data, Clock: clock}, slog.New(slog.DiscardHandler))
	if err != nil {
		fail(err)
	}
	defer a.Close()
	if *candCache >= 0 {
		setCandidateCache(a, *candCache)
	}

	if *dump != "" {
		// A pass first, so that the answers dumped read the candidate
		// records the cache kept (the answers must not depend on it).
		for _, q := range qs {
			if _, err := a.Checker.Check(ctx, name.Request{Name: q.name, AuthorityCode: *authority}); err != nil {
				fail(err)
			}
		}
		if err := dumpAnswers(ctx, a, qs, *authority, *dump); err != nil {
			fail(err)
		}
		if h, m, size := cacheStats(a); h+m > 0 {
			fmt.Printf("candidate cache: %d hits, %d misses, %d records\n", h, m, size)
		}
		return
	}
	stages := []string{*stage}
	if *stage == "all" {
		stages = []string{"index", "read", "check"}
	}
	for _, st := range stages {
		run := runner(ctx, a, st, *authority)
		if run == nil {
			fail(fmt.Errorf("unknown stage %q", st))
		}
		for range *warmup {
			for _, q := range qs {
				run(q)
			}
		}
		if *cpuprofile != "" && len(stages) == 1 {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				fail(err)
			}
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
		runtime.GC()
		took, tookQ = took[:0], tookQ[:0]
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		cpu0, wall0 := cpuTime(), time.Now()
		n := 0
		for range *rounds {
			// Under callgrind (started with --instr-atstart=no), each
			// pass is counted alone and dumped: every instruction of the
			// process meanwhile, goroutines of the collector, badger and
			// bleve included. Outside valgrind these do nothing.
			callgrind(callgrindStartInstrumentation)
			callgrind(callgrindZeroStats)
			n += measure(qs, run)
			callgrind(callgrindDumpStats)
			callgrind(callgrindStopInstrumentation)
		}
		cpu, wall := cpuTime()-cpu0, time.Since(wall0)
		runtime.ReadMemStats(&m1)
		if n == 0 {
			continue // -rounds 0: the cost of everything but the measured passes
		}
		fmt.Printf("%-6s %6d calls  cpu %7.1f µs/call  wall %7.1f µs/call  %7.0f allocs/call  %8.0f B/call\n",
			st, n, float64(cpu.Microseconds())/float64(n), float64(wall.Microseconds())/float64(n),
			float64(m1.Mallocs-m0.Mallocs)/float64(n), float64(m1.TotalAlloc-m0.TotalAlloc)/float64(n))
		fmt.Printf("%-6s wall per call: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (one goroutine, no queueing)\n", st,
			ms(percentile(took, 0.5)), ms(percentile(took, 0.9)), ms(percentile(took, 0.99)), ms(percentile(took, 1)))
		if *slow > 0 {
			order := make([]int, len(took))
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(a, b int) int { return int(took[b] - took[a]) })
			for _, i := range order[:min(*slow, len(order))] {
				fmt.Printf("  %7.2f ms  %-24s %s (%s)\n", ms(took[i]), tookQ[i].kind, tookQ[i].name, tookQ[i].tradeName)
			}
		}
		if h, m, size := cacheStats(a); h+m > 0 {
			runtime.GC()
			var mem runtime.MemStats
			runtime.ReadMemStats(&mem)
			fmt.Printf("%-6s candidate cache so far: %d hits, %d misses (%.0f %% hits), %d records; heap in use %d MiB\n",
				st, h, m, 100*float64(h)/float64(h+m), size, mem.HeapInuse>>20)
		}
		if st == "index" {
			fmt.Printf("index  %.1f candidates per query, %d distinct\n", float64(hits)/float64(n+*warmup*len(qs)), len(distinct))
		}
	}
}

// runner returns the function one call of a stage makes.
func runner(ctx context.Context, a *app.App, stage, authority string) func(q query) {
	scope, ok := dict.AuthorityScope(authority)
	if !ok {
		fail(fmt.Errorf("unknown authority %q", authority))
	}
	switch stage {
	case "index":
		return func(q query) {
			ids, err := a.Names.Candidates(ctx, scope, q.tradeName, 200)
			if err != nil {
				fail(err)
			}
			hits += len(ids)
			for _, id := range ids {
				distinct[id] = struct{}{}
			}
		}
	case "read":
		return func(q query) {
			if _, err := a.Registry.Candidates(ctx, name.CandidateQuery{Scope: scope, TradeName: q.tradeName, Limit: 200}); err != nil {
				fail(err)
			}
		}
	case "check":
		return func(q query) {
			if _, err := a.Checker.Check(ctx, name.Request{Name: q.name, AuthorityCode: authority}); err != nil {
				fail(err)
			}
		}
	}
	return nil
}

// measure is one measured pass.
//
//go:noinline
func measure(qs []query, run func(query)) int {
	for _, q := range qs {
		t := time.Now()
		run(q)
		took = append(took, time.Since(t))
		tookQ = append(tookQ, q)
	}
	return len(qs)
}

// took are the wall times of the measured calls of a stage.
var took []time.Duration

// tookQ are the queries of took.
var tookQ []query

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func dumpAnswers(ctx context.Context, a *app.App, qs []query, authority, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, q := range qs {
		res, err := a.Checker.Check(ctx, name.Request{Name: q.name, AuthorityCode: authority})
		if err != nil {
			return err
		}
		if err := enc.Encode(struct {
			Query  string       `json:"query"`
			Result *name.Result `json:"result"`
		}{q.name, res}); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func readQueries(path string, limit int) ([]query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []query
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 3 {
			continue // header
		}
		out = append(out, query{kind: f[0], name: f[1], tradeName: f[2]})
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "checkcpu:", err)
	os.Exit(1)
}

// cacheStats and setCandidateCache reach the registry's candidate cache
// (apart, so that the tool builds on a tree without it for "before"
// figures, with these two replaced).
func cacheStats(a *app.App) (hits, misses uint64, size int) { return a.Registry.CandidateCacheStats() }

func setCandidateCache(a *app.App, n int) { a.Registry.SetCandidateCache(n) }
