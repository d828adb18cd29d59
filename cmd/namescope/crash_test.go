package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"namescope/dict"
	"namescope/index"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// The crash test: a server under concurrent writes is killed with SIGKILL
// at seeded random moments and restarted on the same data directory. After
// every restart each acknowledged write must be there and block an
// identical name; at the end the name index must hold exactly what the
// store holds.
//
// Reproduce a run with the seed it prints:
//
//	NAMESCOPE_CRASH_SEED=N go test -run Crash -v ./cmd/namescope/
//	go test -run Crash -v ./cmd/namescope/ -args -crash.seed=N

var crashSeedFlag = flag.Int64("crash.seed", 0, "seed of TestCrashRecovery (0: NAMESCOPE_CRASH_SEED, else the clock)")

const (
	crashAuthority = "410400"
	crashIndustry  = "I65"
	// crashChars are the characters 字号 are drawn from: unrelated to each
	// other, to region names and to industry wording, so that the names of
	// one run seldom come out similar.
	crashChars = "澄霁璟翊昕棠筠砚淳芮珂蔚屹朔琛沐栩珩曦甄黛瑾琰璞翎烨骁岑笙潼"
	// Bounds of one round of writes.
	crashWriters      = 4
	crashMaxPerWriter = 400
	crashMinKill      = 50 * time.Millisecond
	crashMaxKill      = 1500 * time.Millisecond
)

func crashSeed(t *testing.T) int64 {
	t.Helper()
	if *crashSeedFlag != 0 {
		return *crashSeedFlag
	}
	if v := os.Getenv("NAMESCOPE_CRASH_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("NAMESCOPE_CRASH_SEED=%q: %v", v, err)
		}
		return n
	}
	return time.Now().UnixNano()
}

// crashWrite is one write a client sent.
type crashWrite struct {
	kind  string // "enterprise" or "reservation"
	name  string
	uscc  string // enterprises
	regID string // reservations: the registry record, from the answer
	round int
}

// crashNames hands out distinct names and USCCs.
type crashNames struct {
	mu     sync.Mutex
	rng    *rand.Rand
	seen   map[string]bool
	serial int
}

func (g *crashNames) next() (fullName, uscc string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	chars := []rune(crashChars)
	for {
		n := 2 + g.rng.IntN(2)
		tn := make([]rune, n)
		for i := range tn {
			tn[i] = chars[g.rng.IntN(len(chars))]
		}
		if g.seen[string(tn)] {
			continue
		}
		g.seen[string(tn)] = true
		g.serial++
		first17 := fmt.Sprintf("91%sMA%07d", crashAuthority, g.serial)
		return "平顶山市" + string(tn) + "科技有限公司", first17 + string(dict.USCCCheckChar(first17))
	}
}

// crashLog collects what the writers of one round saw.
type crashLog struct {
	mu         sync.Mutex
	acked      []crashWrite
	inflight   []crashWrite // sent, no answer before the kill
	refused    int          // 409: the name check refused a reservation
	unexpected []string
}

// crashServer is one run of `namescope serve`.
type crashServer struct {
	cmd    *exec.Cmd
	base   string
	done   chan struct{}
	client *http.Client
	logf   string
}

func buildCrashBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the server: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "namescope")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashEnv is the environment without NAMESCOPE_ settings (a NAMESCOPE_DEMO
// in the caller's environment must not seed the demo registry).
func crashEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NAMESCOPE_") {
			env = append(env, kv)
		}
	}
	return env
}

func freeLocalAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// startCrashServer starts the server on data and waits until it answers
// /readyz (or /healthz where there is no /readyz) with 200.
func startCrashServer(t *testing.T, bin, data string, n int) *crashServer {
	t.Helper()
	addr := freeLocalAddr(t)
	logf := filepath.Join(filepath.Dir(data), fmt.Sprintf("serve-%d.log", n))
	lf, err := os.Create(logf)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--rate", "0")
	cmd.Env = crashEnv()
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		lf.Close()
		t.Fatal(err)
	}
	s := &crashServer{
		cmd: cmd, base: "http://" + addr, done: make(chan struct{}), logf: logf,
		client: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
			MaxIdleConnsPerHost: 2 * crashWriters, DisableCompression: true,
			DialContext: (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
		}},
	}
	go func() { cmd.Wait(); lf.Close(); close(s.done) }()
	t.Cleanup(s.kill)

	deadline := time.Now().Add(45 * time.Second)
	for {
		select {
		case <-s.done:
			t.Fatalf("server exited before it was ready:\n%s", s.logTail())
		default:
		}
		if s.ready() {
			return s
		}
		if time.Now().After(deadline) {
			s.kill()
			t.Fatalf("server not ready within 45s:\n%s", s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ready polls /readyz, falling back to /healthz when the route is missing.
func (s *crashServer) ready() bool {
	for _, path := range []string{"/readyz", "/healthz"} {
		resp, err := s.client.Get(s.base + path)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			return resp.StatusCode == http.StatusOK
		}
	}
	return false
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *crashServer) kill() {
	select {
	case <-s.done:
	default:
		s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
	}
	s.client.CloseIdleConnections()
}

// stop asks the server to shut down (SIGTERM) and waits for it.
func (s *crashServer) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.kill()
		t.Fatalf("server did not stop within 20s of SIGTERM:\n%s", s.logTail())
	}
	s.client.CloseIdleConnections()
}

func (s *crashServer) logTail() string {
	b, _ := os.ReadFile(s.logf)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// post sends a JSON body and decodes a JSON answer into out (when not nil).
func (s *crashServer) post(path, token string, body, out any) (int, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest(http.MethodPost, s.base+path, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.do(req, out)
}

func (s *crashServer) get(path string, out any) (int, error) {
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		return 0, err
	}
	return s.do(req, out)
}

func (s *crashServer) do(req *http.Request, out any) (int, error) {
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		// The status line came: the server answered.
		return resp.StatusCode, fmt.Errorf("read answer: %w", err)
	}
	if out != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode answer %.200s: %w", b, err)
		}
	}
	if resp.StatusCode/100 != 2 && out == nil {
		return resp.StatusCode, fmt.Errorf("%s", bytes.TrimSpace(b))
	}
	return resp.StatusCode, nil
}

// writer sends writes until its request fails (the server is gone), ctx
// ends or it has sent crashMaxPerWriter.
func (s *crashServer) writer(ctx context.Context, token string, round int, rng *rand.Rand, names *crashNames, log *crashLog) {
	for i := 0; i < crashMaxPerWriter && ctx.Err() == nil; i++ {
		full, uscc := names.next()
		w := crashWrite{kind: "enterprise", name: full, uscc: uscc, round: round}
		var status int
		var err error
		if rng.IntN(3) == 0 {
			w.kind, w.uscc = "reservation", ""
			var ans struct {
				Reservation struct {
					RegistryID string `json:"registry_id"`
				} `json:"reservation"`
			}
			status, err = s.post("/api/v1/names/reservations", "", map[string]any{
				"name": full, "authority_code": crashAuthority, "industry_code": crashIndustry,
				"applicant": "崩溃测试申请人", "commitment": true, "commitment_text": name.CommitmentText(),
			}, &ans)
			w.regID = ans.Reservation.RegistryID
		} else {
			status, err = s.post("/api/v1/enterprises", token, map[string]any{
				"name": full, "uscc": uscc, "status": "active",
				"industry_code": crashIndustry, "authority_code": crashAuthority,
			}, nil)
		}
		log.mu.Lock()
		switch {
		case status/100 == 2:
			log.acked = append(log.acked, w)
		case status == 0:
			// No answer: the server went down with the request in flight.
			log.inflight = append(log.inflight, w)
		case status == http.StatusConflict && w.kind == "reservation":
			log.refused++
		default:
			log.unexpected = append(log.unexpected, fmt.Sprintf("%s %s: %d %v", w.kind, w.name, status, err))
		}
		log.mu.Unlock()
		if status == 0 {
			return
		}
	}
}

// checkAnswer is the part of a name check the test reads.
type checkAnswer struct {
	Verdict  string `json:"verdict"`
	Findings []struct {
		Code      string `json:"code"`
		Conflicts []struct {
			Name string `json:"name"`
			USCC string `json:"uscc"`
		} `json:"conflicts"`
	} `json:"findings"`
}

// blocks reports whether the check blocks as identical to fullName (with
// the USCC, when given).
func (a *checkAnswer) blocks(fullName, uscc string) bool {
	if a.Verdict != "block" {
		return false
	}
	for _, f := range a.Findings {
		if f.Code != "identical_name" {
			continue
		}
		for _, c := range f.Conflicts {
			if c.Name == fullName && (uscc == "" || c.USCC == uscc) {
				return true
			}
		}
	}
	return false
}

func (s *crashServer) check(fullName string) (*checkAnswer, error) {
	var a checkAnswer
	status, err := s.post("/api/v1/names/check", "", map[string]any{
		"name": fullName, "authority_code": crashAuthority, "industry_code": crashIndustry,
	}, &a)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("status %d", status)
	}
	return &a, err
}

// verifyWrites checks, on a freshly restarted server, that every
// acknowledged write is stored and blocks its identical name, and that an
// unacknowledged enterprise write the store kept is indexed too. It
// returns the problems found and, per kind, how many unacknowledged writes
// the check finds (they were committed before the kill).
func (s *crashServer) verifyWrites(acked, inflight []crashWrite) (problems []string, survived map[string]int) {
	survived = map[string]int{}
	var mu sync.Mutex
	fail := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	type job struct {
		w     crashWrite
		acked bool
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range crashWriters {
		wg.Go(func() {
			for j := range jobs {
				w := j.w
				stored := j.acked
				if w.kind == "enterprise" {
					var e struct {
						Name string `json:"name"`
					}
					status, err := s.get("/api/v1/enterprises/"+w.uscc, &e)
					switch {
					case status == http.StatusOK && e.Name == w.name:
						stored = true
					case status == http.StatusNotFound && !j.acked:
					default:
						fail("%s %s %s (round %d, acknowledged %v): GET answered %d %q %v", w.kind, w.name, w.uscc, w.round, j.acked, status, e.Name, err)
						continue
					}
				}
				a, err := s.check(w.name)
				if err != nil {
					fail("check %s: %v", w.name, err)
					continue
				}
				found := a.blocks(w.name, w.uscc)
				if found && !j.acked {
					mu.Lock()
					survived[w.kind]++
					mu.Unlock()
				}
				if stored && !found {
					fail("%s %s %s (round %d, acknowledged %v) is stored but its name check does not block it: %+v", w.kind, w.name, w.uscc, w.round, j.acked, a)
				}
			}
		})
	}
	for _, w := range acked {
		jobs <- job{w: w, acked: true}
	}
	for _, w := range inflight {
		jobs <- job{w: w}
	}
	close(jobs)
	wg.Wait()
	slices.Sort(problems)
	return problems, survived
}

func reportProblems(t *testing.T, what string, problems []string) {
	t.Helper()
	if len(problems) == 0 {
		return
	}
	shown := problems
	if len(shown) > 20 {
		shown = shown[:20]
	}
	t.Errorf("%s: %d problems:\n  %s", what, len(problems), strings.Join(shown, "\n  "))
}

func TestCrashRecovery(t *testing.T) {
	seed := crashSeed(t)
	t.Logf("crash seed %d (reproduce with NAMESCOPE_CRASH_SEED=%d or -args -crash.seed=%d)", seed, seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6e616d6573636f70))
	kills := 5
	if testing.Short() {
		kills = 2
	}
	bin := buildCrashBinary(t)
	data := filepath.Join(t.TempDir(), "data")

	// A registrar key, created while no server runs.
	cmd := exec.Command(bin, "keys", "create", "--role", "registrar", "--holder", "王五", "--data", data)
	cmd.Env = crashEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("keys create: %v\n%s", err, out)
	}
	var token string
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			token = line
		}
	}
	if !strings.HasPrefix(token, "ns_") {
		t.Fatalf("keys create printed no token:\n%s", out)
	}

	names := &crashNames{rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64())), seen: map[string]bool{}}
	var acked, inflight []crashWrite
	var srv *crashServer
	for round := 0; ; round++ {
		srv = startCrashServer(t, bin, data, round)
		if round > 0 {
			problems, survived := srv.verifyWrites(acked, inflight)
			t.Logf("restart %d: %d acknowledged writes verified; of the writes cut off by the kill, %d/%d enterprises and %d/%d reservations had been committed",
				round, len(acked), survived["enterprise"], countKind(inflight, "enterprise"), survived["reservation"], countKind(inflight, "reservation"))
			reportProblems(t, fmt.Sprintf("after restart %d", round), problems)
			if t.Failed() {
				return
			}
		}
		if round == kills {
			break
		}

		delay := crashMinKill + time.Duration(rng.Int64N(int64(crashMaxKill-crashMinKill)))
		var log crashLog
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range crashWriters {
			wrng := rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
			wg.Go(func() { srv.writer(ctx, token, round, wrng, names, &log) })
		}
		time.Sleep(delay)
		srv.kill()
		cancel()
		wg.Wait()
		t.Logf("round %d: killed %v after writes started; %d acknowledged (%d reservations), %d refused, %d cut off",
			round, delay, len(log.acked), countKind(log.acked, "reservation"), log.refused, len(log.inflight))
		if len(log.unexpected) > 0 {
			reportProblems(t, fmt.Sprintf("round %d: unexpected answers", round), log.unexpected)
			return
		}
		acked = append(acked, log.acked...)
		inflight = log.inflight
	}
	srv.stop(t)
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged in any round")
	}

	// The name index against the store, as the server left them (opened
	// without applying the outbox: that is the server's job at start-up).
	db, err := store.Open(filepath.Join(data, "store"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	idx, fresh, err := index.OpenNames(filepath.Join(data, "index", "names"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if fresh {
		t.Fatal("the name index the server left could not be opened as it was")
	}
	reg := registry.New(db, idx, nil)
	ctx := context.Background()
	missing, extra, differ, err := reg.VerifyIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing)+len(extra)+len(differ) > 0 {
		t.Errorf("name index differs from the store: missing %v, extra %v, differ %v", missing, extra, differ)
	}
	var notStored []string
	for _, w := range acked {
		id := w.uscc
		if w.kind == "reservation" {
			id = w.regID
		}
		if id == "" {
			continue
		}
		if _, err := reg.Get(ctx, id); err != nil {
			notStored = append(notStored, fmt.Sprintf("%s %s %s: %v", w.kind, w.name, id, err))
		}
	}
	reportProblems(t, "acknowledged writes missing from the store", notStored)
	n, err := idx.Count()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d kills, %d acknowledged writes, %d documents in the name index", kills, len(acked), n)
}

func countKind(ws []crashWrite, kind string) int {
	n := 0
	for _, w := range ws {
		if w.kind == kind {
			n++
		}
	}
	return n
}
