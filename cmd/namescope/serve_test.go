package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"namescope/auth"
	"namescope/internal/app"
	"namescope/registry"
)

// logTap is a slog handler that hands every record to fn, in the goroutine
// that logs: fn may hold that goroutine (the server's loading) to look at
// the server in a given state.
type logTap struct {
	fn func(slog.Record)
}

func (h *logTap) Enabled(context.Context, slog.Level) bool      { return true }
func (h *logTap) Handle(_ context.Context, r slog.Record) error { h.fn(r); return nil }
func (h *logTap) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h *logTap) WithGroup(string) slog.Handler                 { return h }

// attr returns the value of a record's attribute.
func attr(r slog.Record, key string) slog.Value {
	var v slog.Value
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v = a.Value
			return false
		}
		return true
	})
	return v
}

// gate holds the goroutine that logs a record until the test opens it.
type gate struct {
	reached chan struct{} // closed when a record was held
	open    chan struct{}
	once    sync.Once
	held    sync.Once
}

func newGate() *gate { return &gate{reached: make(chan struct{}), open: make(chan struct{})} }

func (g *gate) hold() {
	g.held.Do(func() {
		close(g.reached)
		<-g.open
	})
}

func (g *gate) release() { g.once.Do(func() { close(g.open) }) }

// served is `namescope serve` running in this process on a loopback port.
type served struct {
	base string
	done chan error // the result of run, once it returned
}

// startServe runs `namescope serve --data data` on 127.0.0.1 in this
// process with ctx as its signal context; tap sees every log record. It
// returns once the server said where it listens.
func startServe(t *testing.T, ctx context.Context, data string, tap func(slog.Record)) *served {
	t.Helper()
	addrc := make(chan string, 1)
	log := slog.New(&logTap{fn: func(r slog.Record) {
		if r.Message == "namescope serving" {
			addrc <- attr(r, "addr").String()
		}
		if tap != nil {
			tap(r)
		}
	}})
	s := &served{done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--rate", "0"}, io.Discard, log)
	}()
	select {
	case addr := <-addrc:
		s.base = "http://" + addr
	case err := <-s.done:
		t.Fatalf("serve returned before it listened: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("serve did not listen within a minute")
	}
	return s
}

// wait waits for run to return and returns its error.
func (s *served) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(time.Minute):
		t.Fatal("serve did not return within a minute of the end of its context")
		return nil
	}
}

// quiet discards the log of the set-up.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

var client = &http.Client{Timeout: 20 * time.Second}

// call sends a request and decodes the JSON answer.
func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %s", method, url, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// waitReady polls /readyz until it answers 200 and returns its body.
func waitReady(t *testing.T, base string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		status, out := call(t, "GET", base+"/readyz", "", "")
		if status == http.StatusOK {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready within 2 minutes: %d %v", status, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// field walks a decoded JSON object.
func field(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

const checkBody = `{"name":"平顶山市澄霁科技有限公司","authority_code":"410400"}`

// `serve` listens at once: /healthz answers while the rest loads, /readyz
// says 503 (what is loading) and then 200. Cancelling its context (what
// SIGTERM does) lets a request in flight finish, run returns nil (exit 0)
// and the store is closed: the data directory opens again.
func TestServeStartupAndGracefulShutdown(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A fresh data directory has fresh indexes: their (empty) rebuild is
	// held at its start until the test has looked.
	rebuild := newGate()
	defer rebuild.release()
	srv := startServe(t, ctx, data, func(r slog.Record) {
		if r.Message == "rebuilding the name index from the store" {
			rebuild.hold()
		}
	})
	<-rebuild.reached

	t.Run("loading", func(t *testing.T) {
		for _, tc := range []struct {
			name, method, path string
			status             int
			check              func(map[string]any) bool
		}{
			{"healthz is liveness", "GET", "/healthz", 200, func(m map[string]any) bool {
				return m["status"] == "ok" && len(m) == 1
			}},
			{"readyz says the name index is rebuilt", "GET", "/readyz", 503, func(m map[string]any) bool {
				return m["status"] == "loading" && field(m, "components", "store") == "ready" &&
					field(m, "components", "names_index", "state") == "rebuilding" &&
					field(m, "components", "names_index", "total") == 0.0
			}},
			{"a check answers 503 loading", "POST", "/api/v1/names/check", 503, func(m map[string]any) bool {
				msg, _ := field(m, "error", "message").(string)
				return field(m, "error", "code") == "unavailable" && strings.Contains(msg, "正在加载")
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, out := call(t, tc.method, srv.base+tc.path, "", checkBody)
				if status != tc.status || !tc.check(out) {
					t.Errorf("%s %s: %d %v", tc.method, tc.path, status, out)
				}
			})
		}
	})

	rebuild.release()
	t.Run("ready", func(t *testing.T) {
		out := waitReady(t, srv.base)
		want := []string{"store", "names_index", "marks_index", "scope"}
		comps, _ := out["components"].(map[string]any)
		if out["status"] != "ready" || len(comps) != len(want) {
			t.Fatalf("readyz: %v", out)
		}
		for _, c := range want {
			if comps[c] != "ready" {
				t.Errorf("%s: %v", c, comps[c])
			}
		}
		if status, out := call(t, "POST", srv.base+"/api/v1/names/check", "", checkBody); status != 200 || out["verdict"] != "pass" {
			t.Errorf("check when ready: %d %v", status, out)
		}
	})

	t.Run("shutdown lets a request in flight finish", func(t *testing.T) {
		addr := strings.TrimPrefix(srv.base, "http://")
		// A request whose body is half sent is in flight.
		inflight, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer inflight.Close()
		half := len(checkBody) / 2
		fmt.Fprintf(inflight, "POST /api/v1/names/check HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(checkBody), checkBody[:half])
		// A later connection answered: the server accepted the first one.
		if status, _ := call(t, "GET", srv.base+"/healthz", "", ""); status != 200 {
			t.Fatalf("healthz: %d", status)
		}
		client.CloseIdleConnections()
		cancel() // what SIGTERM does
		// The listener closes: new connections are refused …
		deadline := time.Now().Add(time.Minute)
		for {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				break
			}
			c.Close()
			if time.Now().After(deadline) {
				t.Fatal("the server still accepts connections a minute after shutdown began")
			}
			time.Sleep(10 * time.Millisecond)
		}
		// … while the request in flight is finished and answered.
		if _, err := io.WriteString(inflight, checkBody[half:]); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(inflight), nil)
		if err != nil {
			t.Fatalf("the request in flight got no answer: %v", err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out["verdict"] != "pass" {
			t.Fatalf("the request in flight: %d %v %v", resp.StatusCode, out, err)
		}
		if err := srv.wait(t); err != nil {
			t.Fatalf("serve returned %v, want nil (exit status 0)", err)
		}
	})

	t.Run("the store was closed cleanly", func(t *testing.T) {
		a, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
		if err != nil {
			t.Fatalf("reopen the data directory: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

// seedNames writes n generated names of 平顶山市 into a new data directory
// and returns it with its index removed (to be rebuilt) and an admin token.
func seedNames(t *testing.T, n int) (data, admin string) {
	t.Helper()
	data = filepath.Join(t.TempDir(), "data")
	a, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const chars = "澄霁璟翊昕棠筠砚淳芮珂蔚屹朔琛沐栩珩曦甄黛瑾琰璞翎烨骁岑彧潼"
	industries := []string{"科技", "商贸", "餐饮管理", "建筑工程", "农业开发", "文化传媒", "物流", "服饰"}
	var csv strings.Builder
	csv.WriteString("name\n")
	rows := 0
	for _, ind := range industries {
		for _, x := range chars {
			for _, y := range chars {
				if x == y || rows == n {
					continue
				}
				fmt.Fprintf(&csv, "平顶山市%c%c%s有限公司\n", x, y, ind)
				rows++
			}
		}
	}
	rep, err := a.Registry.Import(context.Background(), strings.NewReader(csv.String()), registry.ImportOptions{AuthorityCode: "410400", IndustryFromName: true, Actor: "test", BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported < n*9/10 {
		t.Fatalf("imported %d of %d: %v", rep.Imported, n, rep.Errors)
	}
	_, admin, err = a.Keys.Create(context.Background(), "test", auth.NewKey{Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := app.RemoveIndexes(data); err != nil {
		t.Fatal(err)
	}
	return data, admin
}

// A server whose name index is rebuilt (here: deleted) listens during the
// rebuild: /readyz shows its progress, the routes that need the index
// answer 503 at once, those that need only the store answer.
func TestServeDuringIndexRebuild(t *testing.T) {
	const names = 5200 // more than one batch of the rebuild (5,000 names)
	data, admin := seedNames(t, names)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Held at the first progress report after a batch.
	batch := newGate()
	defer batch.release()
	srv := startServe(t, ctx, data, func(r slog.Record) {
		if r.Message == "rebuilding the name index" {
			batch.hold()
		}
	})
	<-batch.reached

	for _, tc := range []struct {
		name, method, path, token string
		status                    int
		check                     func(map[string]any) bool
	}{
		{"healthz", "GET", "/healthz", "", 200, func(m map[string]any) bool { return m["status"] == "ok" }},
		{"readyz shows the progress", "GET", "/readyz", "", 503, func(m map[string]any) bool {
			done, _ := field(m, "components", "names_index", "done").(float64)
			total, _ := field(m, "components", "names_index", "total").(float64)
			return m["status"] == "loading" && field(m, "components", "names_index", "state") == "rebuilding" &&
				done == 5000 && total >= names*9/10 && field(m, "components", "store") == "ready" &&
				field(m, "components", "marks_index") == "loading"
		}},
		{"a check answers 503", "POST", "/api/v1/names/check", "", 503, func(m map[string]any) bool {
			msg, _ := field(m, "error", "message").(string)
			return field(m, "error", "code") == "unavailable" && strings.Contains(msg, "企业名称索引正在加载") && strings.Contains(msg, "5000/")
		}},
		{"a look-up answers 503", "GET", "/api/v1/enterprises?q=" + "星河", "", 503, func(m map[string]any) bool {
			return field(m, "error", "code") == "unavailable"
		}},
		{"keys need only the store", "GET", "/api/v1/keys", admin, 200, func(m map[string]any) bool {
			keys, _ := m["keys"].([]any)
			return len(keys) == 1
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := call(t, tc.method, srv.base+tc.path, tc.token, checkBody)
			if status != tc.status || !tc.check(out) {
				t.Errorf("%s %s: %d %v", tc.method, tc.path, status, out)
			}
		})
	}

	batch.release()
	waitReady(t, srv.base)
	// The rebuilt index finds the names of the store.
	status, out := call(t, "POST", srv.base+"/api/v1/names/check", "", `{"name":"叶县澄霁科技有限公司","authority_code":"410422"}`)
	if status != 200 || out["verdict"] != "block" {
		t.Errorf("check after the rebuild: %d %v", status, out)
	}
	cancel()
	if err := srv.wait(t); err != nil {
		t.Fatalf("serve: %v", err)
	}
}
