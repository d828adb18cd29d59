// Command cases measures the case recommendation of inclusive and prudent
// supervision (issue 13) at -n enterprises: it opens the application on a
// fresh data directory (a temporary one unless -data), registers -n
// enterprises through the registry's transactional write path (so that
// each gets its registration event in its credit file), gives a share of
// them penalties over the last three years, guidance events and scope
// codes, then times the recommendation of a case:
//
//   - in process: supervision.Service.Preview (the designation, the grace
//     period, the credit file scan for the first-violation window, the basis
//     rule and the recommendation; nothing written), -samples calls;
//   - over HTTP on 127.0.0.1: POST /api/v1/cases/preview with a staff key,
//     -http-samples sequential requests (one client, keep-alive);
//   - over HTTP, opening cases: POST /api/v1/cases (a durable write, fsync),
//     -open-samples requests.
//
// It prints the figures as JSON and as a Markdown table. Everything is
// seeded: the same flags give the same data and the same requests.
//
//	go run ./scripts/bench/cases -n 100000
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"time"

	"namescope/api"
	"namescope/auth"
	"namescope/config"
	"namescope/credit"
	"namescope/dict"
	"namescope/internal/app"
	"namescope/legal"
	"namescope/registry"
	"namescope/store"
	"namescope/supervision"
)

// today is the fixed date of the run (10:00 China time).
var today = time.Date(2026, 7, 10, 10, 0, 0, 0, legal.ChinaTime)

// stems are the characters 字号 are drawn from (4 of them per name).
var stems = []rune("云帆星河海天华晨光明远达鑫瑞恒泰安康乐盛兴隆祥和宏伟博锦程嘉信诚德正金玉丰源通益万")

// industries: software (new economy), retail, catering, manufacturing.
var industries = []string{"I65", "I64", "F52", "H62", "C34", "M75", "E48", "L72"}

// violations sampled by the cases.
var violations = []string{"ECO-001", "ECO-002", "ECO-005", "REG-002", "REG-009", "ADV-002", "ADV-003", "PRC-001", "LAB-001", "FOOD-004"}

var harms = []string{"none", "minor", "minor", "serious"}

// city is the default authority of the configuration.
var city = config.Default().Authorities[0]

func uscc(i int) string {
	// 91 + division code + MA + 7 digits: 17 characters.
	first := fmt.Sprintf("91%sMA%07d", city.Code, i)
	return first + string(dict.USCCCheckChar(first))
}

func name(i int) string {
	n := len(stems)
	r := []rune{stems[i%n], stems[(i/n)%n], stems[(i/n/n)%n], stems[(i/n/n/n)%n]}
	return city.Name + string(r) + "科技有限公司"
}

type figures struct {
	Label   string  `json:"label"`
	Samples int     `json:"samples"`
	P50     float64 `json:"p50_ms"`
	P90     float64 `json:"p90_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
}

func summarize(label string, d []time.Duration) figures {
	slices.Sort(d)
	q := func(p float64) float64 {
		i := int(p * float64(len(d)-1))
		return float64(d[i].Microseconds()) / 1000
	}
	return figures{Label: label, Samples: len(d), P50: q(0.50), P90: q(0.90), P99: q(0.99), Max: q(1)}
}

func main() {
	n := flag.Int("n", 100000, "enterprises")
	samples := flag.Int("samples", 20000, "in-process recommendations timed")
	httpSamples := flag.Int("http-samples", 5000, "HTTP recommendations timed")
	openSamples := flag.Int("open-samples", 500, "HTTP case openings timed (durable writes)")
	dir := flag.String("data", "", "data directory (default: a new temporary one, removed at the end)")
	seed := flag.Uint64("seed", 13, "random seed")
	flag.Parse()
	if err := run(*n, *samples, *httpSamples, *openSamples, *dir, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "cases:", err)
		os.Exit(1)
	}
}

func run(n, samples, httpSamples, openSamples int, dir string, seed uint64) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "namescope-bench-cases-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := func() time.Time { return today }
	a, err := app.Open(ctx, app.Options{DataDir: dir, Clock: clock, NoWellKnownMarks: true}, log)
	if err != nil {
		return err
	}
	defer a.Close()
	rng := rand.New(rand.NewPCG(seed, 1))

	// Load: enterprises (registration events through the credit hook),
	// scope codes, penalties and guidance events, 500 per transaction.
	start := time.Now()
	penalties, events := 0, 0
	const batch = 500
	staffActor := credit.Actor{KeyID: "bench", Role: auth.RoleStaff, Holder: "基准测试", Dept: "执法稽查科"}
	for lo := 0; lo < n; lo += batch {
		err := a.Store.Update(func(tx *store.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				est := today.AddDate(0, -rng.IntN(96), -rng.IntN(28)).Format("2006-01-02")
				in := registry.Input{Name: name(i), USCC: uscc(i), Status: "active", StatusDate: est,
					IndustryCode: industries[rng.IntN(len(industries))], AuthorityCode: city.Code,
					Established: est, SmallMicro: rng.IntN(10) < 7}
				if _, err := a.Registry.PutTx(tx, "bench", in, registry.TxOptions{}); err != nil {
					return fmt.Errorf("enterprise %d: %w", i, err)
				}
				if rng.IntN(10) < 3 {
					if _, err := a.Supervision.RecordScopeCodesTx(tx, "bench", supervision.ScopeFromRegistration, in.USCC, []string{"XI0001", "XM0001"}); err != nil {
						return err
					}
				}
				for k := range 3 {
					if rng.IntN(10) >= 3 {
						continue
					}
					day := today.AddDate(0, 0, -1-rng.IntN(3*365)).Format("2006-01-02")
					_, err := a.Credit.RecordPenaltyTx(tx, staffActor, credit.PenaltyInput{USCC: in.USCC,
						DecisionNo: fmt.Sprintf("平市监处罚〔%d〕%d号", i, k), Authority: city.Bureau, DecidedOn: day,
						Procedure: credit.ProcedureOrdinary, Penalties: []credit.PenaltyItem{{Kind: credit.PenFine, AmountYuan: 5000}},
						Domain: "other", Violation: "未按规定公示信息", Basis: "《电子商务法》第七十六条"})
					if err != nil {
						return err
					}
					penalties++
				}
				if rng.IntN(10) < 2 {
					if _, err := a.Credit.RecordTx(tx, credit.Event{USCC: in.USCC, Kind: credit.KindGuidance, Date: "2026-03-01",
						Summary: "行政提示", Basis: "包容审慎监管", Actor: staffActor}); err != nil {
						return err
					}
					events++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	load := time.Since(start)
	fmt.Fprintf(os.Stderr, "loaded %d enterprises, %d penalties, %d guidance events in %s\n", n, penalties, events, load.Round(time.Second))

	// Keys and the HTTP app.
	_, staffToken, err := a.Keys.Create(ctx, "bench", auth.NewKey{Role: auth.RoleStaff, Holder: "基准测试", Dept: "执法稽查科"})
	if err != nil {
		return err
	}
	signer := auth.Signer{KeyID: "bench", Role: auth.RoleStaff, Holder: "基准测试", Dept: "执法稽查科"}
	srv := api.New(api.Deps{Checker: a.Checker, Registry: a.Registry, Keys: a.Keys, Lifecycle: a.Lifecycle, Credit: a.Credit,
		Supervision: a.Supervision, Log: log, Authorities: config.Default().Authorities})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = srv.Listener(ln) }()
	defer srv.Shutdown()
	base := "http://" + ln.Addr().String()

	// The cases: random enterprises, violations and circumstances; a basis
	// for those in their grace period (recorded once, before timing).
	mk := func() (supervision.CaseInput, error) {
		u := uscc(rng.IntN(n))
		in := supervision.CaseInput{USCC: u, Violation: violations[rng.IntN(len(violations))], Facts: "基准测试案件事实",
			Circumstances: supervision.Circumstances{Harm: harms[rng.IntN(len(harms))], Corrected: rng.IntN(2) == 0}}
		if rng.IntN(5) == 0 {
			in.Circumstances.Mitigating = []string{"eliminated_harm"}
		}
		p, err := a.Supervision.Profile(ctx, u)
		if err != nil {
			return in, err
		}
		if p.InGrace {
			b, err := a.Supervision.AddBasis(ctx, signer, supervision.BasisInput{USCC: u, Kind: supervision.BasisComplaint,
				Ref: "bench", Summary: "基准测试依据", ReceivedOn: "2026-07-01"})
			if err != nil {
				return in, err
			}
			in.Basis = b.ID
		}
		return in, nil
	}
	pool := make([]supervision.CaseInput, 2000)
	for i := range pool {
		if pool[i], err = mk(); err != nil {
			return err
		}
	}
	levels := map[string]int{}
	for i := range 1000 { // warm-up
		if _, err := a.Supervision.Preview(ctx, pool[i%len(pool)]); err != nil {
			return err
		}
	}
	inproc := make([]time.Duration, samples)
	for i := range samples {
		t0 := time.Now()
		c, err := a.Supervision.Preview(ctx, pool[i%len(pool)])
		inproc[i] = time.Since(t0)
		if err != nil {
			return err
		}
		levels[c.Recommendation.Level]++
	}
	client := &http.Client{Timeout: 10 * time.Second}
	post := func(path string, body any, want int) (time.Duration, error) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+staffToken)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body2, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != want {
			return d, fmt.Errorf("%s: %d %s", path, resp.StatusCode, body2)
		}
		return d, nil
	}
	for i := range 500 { // warm-up
		if _, err := post("/api/v1/cases/preview", pool[i%len(pool)], 200); err != nil {
			return err
		}
	}
	overHTTP := make([]time.Duration, httpSamples)
	for i := range httpSamples {
		if overHTTP[i], err = post("/api/v1/cases/preview", pool[(i*7)%len(pool)], 200); err != nil {
			return err
		}
	}
	opened := make([]time.Duration, openSamples)
	for i := range openSamples {
		if opened[i], err = post("/api/v1/cases", pool[(i*13)%len(pool)], 201); err != nil {
			return err
		}
	}
	out := struct {
		Enterprises int            `json:"enterprises"`
		Penalties   int            `json:"penalties"`
		Guidance    int            `json:"guidance_events"`
		LoadSeconds float64        `json:"load_seconds"`
		CPUs        int            `json:"cpus"`
		Go          string         `json:"go"`
		Levels      map[string]int `json:"levels"`
		Figures     []figures      `json:"figures"`
	}{n, penalties, events, load.Seconds(), runtime.NumCPU(), runtime.Version(), levels, []figures{
		summarize("in process (Service.Preview)", inproc),
		summarize("HTTP POST /api/v1/cases/preview", overHTTP),
		summarize("HTTP POST /api/v1/cases (durable write)", opened),
	}}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	fmt.Println()
	fmt.Println("| measured | samples | p50 ms | p90 ms | p99 ms | max ms |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, f := range out.Figures {
		fmt.Printf("| %s | %d | %.3f | %.3f | %.3f | %.3f |\n", f.Label, f.Samples, f.P50, f.P90, f.P99, f.Max)
	}
	return nil
}
