// Command loadgen is the load generator and measuring kit of the name
// benchmark (scripts/bench/run). Standard library only.
//
//	loadgen http  -url URL -queries queries.tsv [-workers N | -rate R] -duration D -max M -out result.json
//	loadgen pg    -addr 127.0.0.1:PORT -user U -db D -sql query.sql  (same load flags)
//	loadgen ready -url URL/readyz -since-ns T0 -pid PID -timeout D    prints seconds from T0 to the first 200
//	loadgen rss   -pid PID -out rss.json -interval D                  samples VmRSS/VmHWM until PID exits
//	loadgen pgbench-log -out result.json FILE...                      latency figures from pgbench --log files
//	loadgen freeport                                                   prints a free TCP port on 127.0.0.1
//	loadgen scrape -url URL/metrics -rate R -duration D -out scrape.json   reads /metrics at a fixed rate
//
// Closed loop (-workers N): N clients, each sends its next request when the
// previous answer has arrived; latency is the time of one request. Open loop
// (-rate R): requests are due at a fixed rate whatever the answers do, up to
// -workers in flight, and latency counts from when a request was due, so a
// stall shows up in the figures instead of slowing the clock.
//
// `pg` speaks the PostgreSQL wire protocol (simple query, trust auth) itself:
// database/sql would need a driver module. Each query is the SQL file with
// :tn, :py and :scope replaced by quoted literals, so PostgreSQL plans every
// query for its values, as it would for an application's literal query.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"namescope/config"
	"namescope/scripts/bench/benchfmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen http|pg|ready|rss|pgbench-log|freeport|scrape [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "http", "pg":
		err = loadCmd(os.Args[1], os.Args[2:])
	case "ready":
		err = readyCmd(os.Args[2:])
	case "rss":
		err = rssCmd(os.Args[2:])
	case "pgbench-log":
		err = pgbenchLogCmd(os.Args[2:])
	case "freeport":
		err = freeportCmd()
	case "scrape":
		err = scrapeCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------- queries

type query struct {
	kind, name, tn, py string
}

func readQueries(path string) ([]query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []query
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if i == 0 && strings.HasPrefix(line, "kind\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("%s line %d: want kind, name, trade_name, pinyin", path, i+1)
		}
		qs = append(qs, query{f[0], f[1], f[2], f[3]})
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	return qs, nil
}

// ---------------------------------------------------------------- targets

// target runs one request; hits is what it found (similar names or rows).
type target interface {
	do(ctx context.Context, worker int, q *query) (hits int, verdict string, err error)
	close()
}

type httpTarget struct {
	url    string
	client *http.Client
	bodies map[*query][]byte
}

func newHTTPTarget(url, authority string, qs []query, conns int) *httpTarget {
	t := &httpTarget{url: url, bodies: map[*query][]byte{}}
	t.client = &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: conns + 4, MaxIdleConnsPerHost: conns + 4, MaxConnsPerHost: conns + 4,
			DisableCompression: true, IdleConnTimeout: time.Minute,
		},
	}
	for i := range qs {
		b, _ := json.Marshal(map[string]string{"name": qs[i].name, "authority_code": authority})
		t.bodies[&qs[i]] = b
	}
	return t
}

var (
	verdictKey = []byte(`"verdict":"`)
	reasonsKey = []byte(`"reasons":`)
)

func (t *httpTarget) do(ctx context.Context, _ int, q *query) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(t.bodies[q]))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, "", fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	verdict := ""
	if i := bytes.Index(body, verdictKey); i >= 0 {
		rest := body[i+len(verdictKey):]
		if j := bytes.IndexByte(rest, '"'); j >= 0 {
			verdict = string(rest[:j])
		}
	}
	return bytes.Count(body, reasonsKey), verdict, nil
}

func (t *httpTarget) close() { t.client.CloseIdleConnections() }

type pgTarget struct {
	addr, user, db, sql, scope string
	mu                         sync.Mutex
	conns                      map[int]*pgConn
}

func (t *pgTarget) conn(worker int) (*pgConn, error) {
	t.mu.Lock()
	c := t.conns[worker]
	t.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := pgConnect(t.addr, t.user, t.db)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.conns[worker] = c
	t.mu.Unlock()
	return c, nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (t *pgTarget) render(q *query) string {
	return strings.NewReplacer(":tn", quote(q.tn), ":py", quote(q.py), ":scope", quote(t.scope)).Replace(t.sql)
}

func (t *pgTarget) do(_ context.Context, worker int, q *query) (int, string, error) {
	c, err := t.conn(worker)
	if err != nil {
		return 0, "", err
	}
	rows, err := c.query(t.render(q))
	if err != nil {
		var perr *pgError
		if !errors.As(err, &perr) { // a broken connection: reconnect next time
			t.mu.Lock()
			delete(t.conns, worker)
			t.mu.Unlock()
			c.c.Close()
		}
	}
	return rows, "", err
}

func (t *pgTarget) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.conns {
		c.terminate()
	}
}

// ---------------------------------------------------------------- PostgreSQL wire protocol (v3, simple query)

type pgConn struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

type pgError struct{ msg string }

func (e *pgError) Error() string { return "postgres: " + e.msg }

func pgConnect(addr, user, db string) (*pgConn, error) {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c := &pgConn{c: nc, r: bufio.NewReaderSize(nc, 64<<10), w: bufio.NewWriterSize(nc, 16<<10)}
	var body []byte
	body = binary.BigEndian.AppendUint32(body, 196608) // protocol 3.0
	for _, kv := range [][2]string{{"user", user}, {"database", db}, {"application_name", "namescope-bench"}} {
		body = append(append(append(append(body, kv[0]...), 0), kv[1]...), 0)
	}
	body = append(body, 0)
	msg := binary.BigEndian.AppendUint32(nil, uint32(len(body)+4))
	if _, err := nc.Write(append(msg, body...)); err != nil {
		nc.Close()
		return nil, err
	}
	for {
		typ, payload, err := c.read()
		if err != nil {
			nc.Close()
			return nil, err
		}
		switch typ {
		case 'R':
			if code := binary.BigEndian.Uint32(payload); code != 0 {
				nc.Close()
				return nil, fmt.Errorf("postgres asks for authentication method %d; the benchmark cluster uses trust on 127.0.0.1", code)
			}
		case 'E':
			nc.Close()
			return nil, &pgError{errorText(payload)}
		case 'Z':
			return c, nil
		}
	}
}

func (c *pgConn) read() (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := int(binary.BigEndian.Uint32(hdr[1:])) - 4
	if n < 0 || n > 256<<20 {
		return 0, nil, fmt.Errorf("postgres: bad message length %d", n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(c.r, payload); err != nil {
		return 0, nil, err
	}
	return hdr[0], payload, nil
}

func errorText(p []byte) string {
	var parts []string
	for len(p) > 1 {
		field := p[0]
		end := bytes.IndexByte(p[1:], 0)
		if end < 0 {
			break
		}
		if field == 'M' || field == 'C' {
			parts = append(parts, string(p[1:1+end]))
		}
		p = p[end+2:]
	}
	return strings.Join(parts, " ")
}

// query runs one simple query and returns the number of rows it sent.
func (c *pgConn) query(sql string) (int, error) {
	c.w.WriteByte('Q')
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(sql)+5))
	c.w.Write(l[:])
	c.w.WriteString(sql)
	c.w.WriteByte(0)
	if err := c.w.Flush(); err != nil {
		return 0, err
	}
	rows := 0
	var qerr error
	for {
		typ, payload, err := c.read()
		if err != nil {
			return rows, err
		}
		switch typ {
		case 'D':
			rows++
		case 'E':
			qerr = &pgError{errorText(payload)}
		case 'Z':
			return rows, qerr
		}
	}
}

func (c *pgConn) terminate() {
	c.c.Write([]byte{'X', 0, 0, 0, 4})
	c.c.Close()
}

// ---------------------------------------------------------------- the load run

type sample struct {
	lat    time.Duration
	at     time.Duration // since the run's start (when the request was due, open loop)
	q      *query
	hits   int
	worker int
}

func stats(lats []time.Duration) benchfmt.Stats {
	if len(lats) == 0 {
		return benchfmt.Stats{}
	}
	s := append([]time.Duration(nil), lats...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) float64 {
		i := int(p*float64(len(s))+0.999999) - 1 // nearest rank
		return ms(s[max(0, min(i, len(s)-1))])
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return benchfmt.Stats{Count: len(s), Mean: ms(sum / time.Duration(len(s))), P50: pct(0.50), P90: pct(0.90),
		P95: pct(0.95), P99: pct(0.99), P999: pct(0.999), Max: ms(s[len(s)-1])}
}

type runOpts struct {
	workers  int
	rate     float64
	duration time.Duration
	max      int
	seed     uint64
}

type collector struct {
	mu       sync.Mutex
	samples  []sample
	errs     map[string]int
	verdicts map[string]int
}

func (c *collector) add(s sample, verdict string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		msg := err.Error()
		if len(msg) > 120 {
			msg = msg[:120]
		}
		c.errs[msg]++
		return
	}
	c.samples = append(c.samples, s)
	if verdict != "" {
		c.verdicts[verdict]++
	}
}

// run drives the target; it returns the samples, errors and the elapsed time.
func run(t target, qs []query, o runOpts) (*collector, time.Duration, int) {
	col := &collector{errs: map[string]int{}, verdicts: map[string]int{}}
	order := rand.New(rand.NewPCG(o.seed, 7)).Perm(len(qs))
	ctx, cancel := context.WithTimeout(context.Background(), o.duration+30*time.Second)
	defer cancel()
	start := time.Now()
	deadline := start.Add(o.duration)
	var wg sync.WaitGroup
	dropped := 0
	if o.rate <= 0 { // closed loop
		var issued sync.Mutex
		n := 0
		for w := 0; w < o.workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				i := w * len(qs) / o.workers
				for time.Now().Before(deadline) {
					issued.Lock()
					if n >= o.max {
						issued.Unlock()
						return
					}
					n++
					issued.Unlock()
					q := &qs[order[i%len(qs)]]
					i++
					t0 := time.Now()
					hits, verdict, err := t.do(ctx, w, q)
					col.add(sample{lat: time.Since(t0), at: t0.Sub(start), q: q, hits: hits, worker: w}, verdict, err)
				}
			}()
		}
		wg.Wait()
		return col, time.Since(start), 0
	}
	// Open loop.
	type job struct {
		i   int
		due time.Time
	}
	total := min(o.max, int(o.rate*o.duration.Seconds()))
	jobs := make(chan job, total)
	interval := time.Duration(float64(time.Second) / o.rate)
	var dropMu sync.Mutex
	grace := start.Add(o.duration + 10*time.Second)
	for w := 0; w < o.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if time.Now().After(grace) {
					dropMu.Lock()
					dropped++
					dropMu.Unlock()
					continue
				}
				q := &qs[order[j.i%len(qs)]]
				hits, verdict, err := t.do(ctx, w, q)
				col.add(sample{lat: time.Since(j.due), at: j.due.Sub(start), q: q, hits: hits, worker: w}, verdict, err)
			}
		}()
	}
	for i := 0; i < total; i++ {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		jobs <- job{i, due}
	}
	close(jobs)
	wg.Wait()
	return col, time.Since(start), dropped
}

func loadCmd(system string, args []string) error {
	fs := flag.NewFlagSet(system, flag.ContinueOnError)
	queries := fs.String("queries", "queries.tsv", "query set (datagen's queries.tsv)")
	workers := fs.Int("workers", 2, "closed loop: concurrent clients; open loop: most requests in flight")
	rate := fs.Float64("rate", 0, "open loop: requests per second (0 = closed loop)")
	duration := fs.Duration("duration", 30*time.Second, "how long to send")
	maxReq := fs.Int("max", 1000000, "most requests to send")
	warmup := fs.Duration("warmup", 0, "closed-loop warm-up before measuring (not counted)")
	out := fs.String("out", "", "write the result as JSON here")
	label := fs.String("label", "", "label of the run in the report")
	seed := fs.Uint64("seed", 1, "seed of the query order (the same for every system)")
	url := fs.String("url", "http://127.0.0.1:8080/api/v1/names/check", "http: check endpoint")
	authority := fs.String("authority", config.Default().DefaultAuthority().Code, "authority_code of every check; the scope literal of pg queries")
	addr := fs.String("addr", "127.0.0.1:5432", "pg: server address")
	user := fs.String("user", "bench", "pg: user")
	db := fs.String("db", "bench", "pg: database")
	sqlFile := fs.String("sql", "", "pg: query template with :tn, :py and :scope")
	serverPID := fs.Int("server-pid", 0, "measure this process's CPU time during the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, a := range []string{*url, *addr} {
		if !loopback(a) {
			return fmt.Errorf("%s: the benchmark sends traffic to 127.0.0.1 only", a)
		}
	}
	qs, err := readQueries(*queries)
	if err != nil {
		return err
	}
	var t target
	if system == "http" {
		t = newHTTPTarget(*url, *authority, qs, *workers)
		system = "namescope"
	} else {
		b, err := os.ReadFile(*sqlFile)
		if err != nil {
			return err
		}
		t = &pgTarget{addr: *addr, user: *user, db: *db, sql: string(b), scope: *authority, conns: map[int]*pgConn{}}
		system = "postgresql"
	}
	defer t.close()
	res := benchfmt.Result{System: system, Label: *label, Workers: *workers, Rate: *rate, Queries: len(qs), Mode: "closed"}
	if *rate > 0 {
		res.Mode = "open"
	}
	if *warmup > 0 {
		ww := min(*workers, 2)
		col, _, _ := run(t, qs, runOpts{workers: ww, duration: *warmup, max: *maxReq, seed: *seed + 100})
		ws := stats(durations(col.samples))
		res.Warmup = &ws
	}
	res.StartedAt = float64(time.Now().UnixNano()) / 1e9
	client0, server0, mach0 := selfCPU(), procCPU(*serverPID), machineCPU()
	col, elapsed, dropped := run(t, qs, runOpts{workers: *workers, rate: *rate, duration: *duration, max: *maxReq, seed: *seed})
	res.ClientCPU = selfCPU() - client0
	res.MachineBusy, res.MachineSteal = mach0.coresSince(machineCPU(), elapsed)
	if *serverPID > 0 {
		res.ServerCPU = procCPU(*serverPID) - server0
	}
	summarize(&res, col, elapsed, dropped)
	if res.ServerCPU > 0 && res.Latency.Count > 0 {
		res.ServerCPUPerRequestMs = res.ServerCPU * 1000 / float64(res.Latency.Count)
	}
	fmt.Printf("%s %-22s n=%-6d %7.1f/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms  errors %d\n",
		res.System, res.Label, res.Latency.Count, res.Throughput, res.Latency.P50, res.Latency.P95, res.Latency.P99, res.Latency.Max, res.Errors)
	for k, n := range res.ErrorKinds {
		fmt.Printf("  error x%d: %s\n", n, k)
	}
	if *out != "" {
		b, _ := json.MarshalIndent(res, "", " ")
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}

func loopback(addr string) bool {
	addr = strings.TrimPrefix(strings.TrimPrefix(addr, "http://"), "https://")
	if i := strings.IndexByte(addr, '/'); i >= 0 {
		addr = addr[:i]
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func durations(s []sample) []time.Duration {
	out := make([]time.Duration, len(s))
	for i := range s {
		out[i] = s[i].lat
	}
	return out
}

func summarize(res *benchfmt.Result, col *collector, elapsed time.Duration, dropped int) {
	res.Seconds = elapsed.Seconds()
	res.Dropped = dropped
	for _, n := range col.errs {
		res.Errors += n
	}
	if len(col.errs) > 0 {
		res.ErrorKinds = col.errs
	}
	if len(col.verdicts) > 0 {
		res.Verdicts = col.verdicts
	}
	res.Throughput = float64(len(col.samples)) / elapsed.Seconds()
	res.Latency = stats(durations(col.samples))
	byKind := map[string][]time.Duration{}
	byLen := map[string][]time.Duration{}
	hits := map[string]int{}
	totalHits := 0
	secs := map[int][]time.Duration{}
	for _, s := range col.samples {
		byKind[s.q.kind] = append(byKind[s.q.kind], s.lat)
		l := "2"
		switch n := len([]rune(s.q.tn)); {
		case n == 3:
			l = "3"
		case n >= 4:
			l = "4+"
		case n < 2:
			l = "<2"
		}
		byLen[l] = append(byLen[l], s.lat)
		hits[s.q.kind] += s.hits
		totalHits += s.hits
		sec := int(s.at / time.Second)
		secs[sec] = append(secs[sec], s.lat)
	}
	res.ByKind = map[string]benchfmt.Stats{}
	res.HitsByKind = map[string]float64{}
	res.ByLength = map[string]benchfmt.Stats{}
	for k, l := range byLen {
		res.ByLength[k] = stats(l)
	}
	for k, l := range byKind {
		res.ByKind[k] = stats(l)
		res.HitsByKind[k] = float64(hits[k]) / float64(len(l))
	}
	if len(col.samples) > 0 {
		res.MeanHits = float64(totalHits) / float64(len(col.samples))
	}
	last := 0
	for s := range secs {
		last = max(last, s)
	}
	for s := 0; s <= last && len(secs) > 0; s++ {
		st := stats(secs[s])
		res.PerSecond = append(res.PerSecond, benchfmt.Second{Count: st.Count, P99: st.P99, Max: st.Max})
	}
	sorted := append([]sample(nil), col.samples...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].lat > sorted[j].lat })
	for i := 0; i < len(sorted) && i < 25; i++ {
		s := sorted[i]
		res.Slowest = append(res.Slowest, benchfmt.Slow{Ms: float64(s.lat.Microseconds()) / 1000, AtS: s.at.Seconds(),
			Kind: s.q.kind, Name: s.q.name, TN: s.q.tn, Hits: s.hits, Worker: s.worker})
	}
}

// ---------------------------------------------------------------- ready, rss, freeport, pgbench logs

func readyCmd(args []string) error {
	fs := flag.NewFlagSet("ready", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080/readyz", "readiness URL (200 once every component answers)")
	since := fs.Int64("since-ns", 0, "start time in Unix nanoseconds (date +%s%N before the server was started)")
	pid := fs.Int("pid", 0, "the server's pid: fail at once if it exits")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !loopback(*url) {
		return fmt.Errorf("%s: loopback only", *url)
	}
	t0 := time.Now()
	if *since > 0 {
		t0 = time.Unix(0, *since)
	}
	client := &http.Client{Timeout: time.Second}
	for time.Since(t0) < *timeout {
		if *pid > 0 {
			if _, err := os.Stat(fmt.Sprintf("/proc/%d", *pid)); err != nil {
				return fmt.Errorf("process %d exited before it was ready", *pid)
			}
		}
		resp, err := client.Get(*url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				fmt.Printf("%.3f\n", time.Since(t0).Seconds())
				return nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s", *url, *timeout)
}

// cpuTicks are the machine-wide counters of /proc/stat (clock ticks).
type cpuTicks struct{ busy, steal float64 }

func machineCPU() cpuTicks {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTicks{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	if len(f) < 9 || f[0] != "cpu" {
		return cpuTicks{}
	}
	var t cpuTicks
	for i, v := range f[1:] {
		x, _ := strconv.ParseFloat(v, 64)
		switch {
		case i == 3 || i == 4: // idle, iowait
		case i == 7:
			t.steal += x
			t.busy += x
		case i < 8:
			t.busy += x
		}
	}
	return t
}

// coresSince returns the busy and stolen cores between t and later over d.
func (t cpuTicks) coresSince(later cpuTicks, d time.Duration) (busy, steal float64) {
	if d <= 0 {
		return 0, 0
	}
	return (later.busy - t.busy) / 100 / d.Seconds(), (later.steal - t.steal) / 100 / d.Seconds()
}

// selfCPU returns the CPU seconds (user + system) this process has used.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// procCPU returns the CPU seconds (utime + stime) of process pid, 0 if unknown.
func procCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are the
	// 14th and 15th fields of the line, in clock ticks (100 per second on Linux).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100
}

func procStatus(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = v * 1024
		case "VmHWM:":
			hwm = v * 1024
		}
	}
	return rss, hwm, nil
}

func rssCmd(args []string) error {
	fs := flag.NewFlagSet("rss", flag.ContinueOnError)
	pid := fs.Int("pid", 0, "process to watch")
	out := fs.String("out", "rss.json", "JSON written after every sample")
	interval := fs.Duration("interval", 250*time.Millisecond, "sampling interval")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rep := benchfmt.RSS{PID: *pid}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	write := func() error {
		b, _ := json.Marshal(rep)
		tmp := *out + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, *out)
	}
	every := int(5 * time.Second / *interval)
	start, mach0 := time.Now(), machineCPU()
	for {
		rss, hwm, err := procStatus(*pid)
		if err != nil {
			return write() // the process is gone
		}
		if c := procCPU(*pid); c > 0 {
			rep.CPUS = c
		}
		rep.WallS = time.Since(start).Seconds()
		rep.MachineBusy, rep.MachineSteal = mach0.coresSince(machineCPU(), time.Since(start))
		if rep.Samples%max(every, 1) == 0 {
			rep.SeriesMiB = append(rep.SeriesMiB, rss>>20)
		}
		rep.Samples++
		rep.PeakHWM = max(rep.PeakHWM, hwm)
		rep.MaxRSS = max(rep.MaxRSS, rss)
		rep.LastRSS = rss
		if err := write(); err != nil {
			return err
		}
		select {
		case <-stop:
			return write()
		case <-time.After(*interval):
		}
	}
}

func freeportCmd() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Println(l.Addr().(*net.TCPAddr).Port)
	return nil
}

// pgbenchLogCmd reads pgbench --log files (client_id transaction_no time_us
// script_no time_epoch time_us_frac [schedule_lag]) into a benchfmt.Result.
func pgbenchLogCmd(args []string) error {
	fs := flag.NewFlagSet("pgbench-log", flag.ContinueOnError)
	out := fs.String("out", "", "write the result as JSON here")
	label := fs.String("label", "pgbench", "label")
	workers := fs.Int("workers", 0, "clients of the run (for the report)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var lats []time.Duration
	var first, last float64
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fl := strings.Fields(sc.Text())
			if len(fl) < 6 {
				continue
			}
			us, err := strconv.ParseInt(fl[2], 10, 64)
			if err != nil {
				continue // "skipped" transactions
			}
			sec, _ := strconv.ParseFloat(fl[4], 64)
			frac, _ := strconv.ParseFloat(fl[5], 64)
			end := sec + frac/1e6
			start := end - float64(us)/1e6
			if first == 0 || start < first {
				first = start
			}
			last = max(last, end)
			lats = append(lats, time.Duration(us)*time.Microsecond)
		}
		f.Close()
	}
	if len(lats) == 0 {
		return errors.New("no transactions in the pgbench logs")
	}
	res := benchfmt.Result{System: "postgresql", Label: *label, Mode: "closed", Workers: *workers, Seconds: last - first}
	res.Latency = stats(lats)
	res.Throughput = float64(len(lats)) / res.Seconds
	fmt.Printf("pgbench %-22s n=%-6d %7.1f/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms\n",
		res.Label, res.Latency.Count, res.Throughput, res.Latency.P50, res.Latency.P95, res.Latency.P99, res.Latency.Max)
	if *out != "" {
		b, _ := json.MarshalIndent(res, "", " ")
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}
