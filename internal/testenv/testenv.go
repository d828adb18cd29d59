package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/api"
	"namescope/auth"
	"namescope/config"
	"namescope/demo"
	"namescope/internal/app"
	"namescope/registry"
	"namescope/scope"
	"namescope/store"
)

// ChinaTime is the time zone of the bureau's dates (UTC+8).
var ChinaTime = time.FixedZone("CST", 8*3600)

// Clock is the application's clock in a test: real time until the test
// sets it, then standing still at the time set.
type Clock struct {
	mu    sync.Mutex
	t     time.Time
	fixed bool
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fixed {
		return time.Now()
	}
	return c.t
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t, c.fixed = t, true
	c.mu.Unlock()
}

// SetDate stops the clock at 10:00 China time on date (YYYY-MM-DD).
func (c *Clock) SetDate(date string) { c.Set(At(date)) }

// At is 10:00 China time on date (YYYY-MM-DD), during office hours.
func At(date string) time.Time {
	d, err := time.ParseInLocation("2006-01-02", date, ChinaTime)
	if err != nil {
		panic("testenv: date " + date + ": " + err.Error())
	}
	return d.Add(10 * time.Hour)
}

// Key is an API key New creates; its token is Env.Tokens[Name]. A staff
// or registrar key without Holder is held by a holder New names after the
// key's position among Keys (测试员甲, 测试员乙 …: two keys, two people),
// and a staff key without Dept works in DefaultDept.
type Key struct {
	Name   string
	Role   string
	Label  string
	Holder string
	Dept   string
}

// DefaultDept is the department of the staff keys New creates without one.
const DefaultDept = "测试科"

// holderFor names the holder of the i-th key.
func holderFor(i int) string {
	const stems = "甲乙丙丁戊己庚辛壬癸"
	r := []rune(stems)
	name := "测试员"
	for {
		name += string(r[i%len(r)])
		if i /= len(r); i == 0 {
			return name
		}
	}
}

// newKey is what k is created with.
func newKey(i int, k Key) auth.NewKey {
	in := auth.NewKey{Role: k.Role, Label: k.Label, Holder: k.Holder, Dept: k.Dept}
	if in.Holder == "" && (k.Role == auth.RoleStaff || k.Role == auth.RoleRegistrar) {
		in.Holder = holderFor(i)
	}
	if in.Dept == "" && k.Role == auth.RoleStaff {
		in.Dept = DefaultDept
	}
	return in
}

// Options say what New builds.
type Options struct {
	// Now stops the clock at this time; zero leaves it on real time.
	Now time.Time
	// Keys are the API keys to create; nil: one per role of auth.KeyRoles,
	// named by its role, without a label.
	Keys []Key
	// KeyActor is the actor recorded for the keys ("test" when empty).
	KeyActor string
	// Demo seeds the demo registry (demo.Seed) as `serve --demo` does.
	Demo bool
	// Scope loads the business-scope service before New returns; without
	// it the scope routes answer 503 until LoadScope.
	Scope bool
	// NoWellKnownMarks leaves out the embedded well-known marks the
	// application seeds (for fixtures made without them).
	NoWellKnownMarks bool
	// IndustryLevel is the --industry-level of the application.
	IndustryLevel string
	// Log receives the application's log; nil discards it.
	Log *slog.Logger
	// API adjusts the dependencies of the HTTP app before it is built, to
	// inject a failing dependency, say.
	API func(*api.Deps)
	// Config is the bureau's configuration (validated) the application and
	// the HTTP app serve: authorities, protection rules,
	// restrict_to_served. Nil: config.Default(). Its server and limits
	// sections are not read: the fields above and API decide those.
	Config *config.Config
	// OffContract leaves the answers of Do unchecked against the API
	// document: for a test whose injected dependency fails in a way the
	// real one cannot (a search that conflicts), so that the answer is
	// outside the contract on purpose.
	OffContract bool
}

// Env is the application under test.
type Env struct {
	Dir    string            // the data directory
	Clock  *Clock            // the clock of every service
	App    *app.App          // the opened application
	HTTP   *fiber.App        // api.New over App
	Tokens map[string]string // key name → bearer token

	opt   Options
	scope bool // the scope service is loaded (Options.Scope or LoadScope)
}

// New opens the application in a fresh t.TempDir() and closes it when the
// test ends.
func New(t testing.TB, opt Options) *Env {
	t.Helper()
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.KeyActor == "" {
		opt.KeyActor = "test"
	}
	if opt.Keys == nil {
		for _, role := range auth.KeyRoles {
			opt.Keys = append(opt.Keys, Key{Name: role, Role: role})
		}
	}
	e := &Env{Dir: t.TempDir(), Clock: &Clock{}, Tokens: map[string]string{}, opt: opt, scope: opt.Scope}
	if !opt.Now.IsZero() {
		e.Clock.Set(opt.Now)
	}
	t.Cleanup(func() {
		if e.App != nil {
			if err := e.App.Close(); err != nil {
				t.Errorf("close the application: %v", err)
			}
		}
	})
	e.open(t)
	ctx := context.Background()
	for i, k := range opt.Keys {
		_, tok, err := e.App.Keys.Create(ctx, opt.KeyActor, newKey(i, k))
		if err != nil {
			t.Fatalf("testenv: create key %s: %v", k.Name, err)
		}
		e.Tokens[k.Name] = tok
	}
	return e
}

// open opens the application on e.Dir and builds its HTTP app.
func (e *Env) open(t testing.TB) {
	t.Helper()
	a, err := app.Open(context.Background(), app.Options{
		DataDir: e.Dir, Demo: e.opt.Demo, IndustryLevel: e.opt.IndustryLevel,
		Scope: e.scope, Clock: e.Clock.Now, NoWellKnownMarks: e.opt.NoWellKnownMarks, Config: e.opt.Config,
	}, e.opt.Log)
	if err != nil {
		t.Fatalf("testenv: open the application: %v", err)
	}
	e.App = a
	if e.scope {
		if _, err := a.WaitScope(context.Background()); err != nil {
			t.Fatalf("testenv: load the scope service: %v", err)
		}
	}
	d := api.Deps{
		Checker: a.Checker, Registry: a.Registry, Keys: a.Keys, Lifecycle: a.Lifecycle, Credit: a.Credit, Supervision: a.Supervision, Feedback: a.Feedback,
		Lexicon: a.LexiconWords, Scope: a.Scope, Readiness: a.Report, Log: e.opt.Log, Backup: a.Store.Backup,
		Metrics: a.NewMetrics(),
	}
	if e.opt.Config != nil {
		d.Authorities = e.opt.Config.Authorities
	}
	if e.opt.API != nil {
		e.opt.API(&d)
	}
	e.HTTP = api.New(d)
}

// LegacyKey stores a key of role as keys were stored before they named
// holders (no holder, no dept: the JSON record of that format, written as
// is), records its token as Tokens[name] and returns its ID.
func (e *Env) LegacyKey(t testing.TB, name, role string) string {
	t.Helper()
	token, hash, err := auth.NewToken(auth.PrefixKeyToken)
	if err != nil {
		t.Fatal(err)
	}
	id := hash[:12]
	rec := `{"id":"` + id + `","role":"` + role + `","label":"legacy ` + name + `","created_at":"2025-01-02T03:04:05Z","revoked":false}`
	err = e.App.Store.Update(func(tx *store.Tx) error { return tx.PutRaw(store.APIKeyKey(hash), []byte(rec)) })
	if err != nil {
		t.Fatalf("testenv: store legacy key %s: %v", name, err)
	}
	e.Tokens[name] = token
	return id
}

// Restart closes the application and opens the same data directory again,
// as a restart of the binary does; the clock and the tokens stay. A server
// started by Serve keeps serving the closed application: Serve again.
func (e *Env) Restart(t testing.TB) {
	t.Helper()
	a := e.App
	e.App = nil
	if err := a.Close(); err != nil {
		t.Fatalf("testenv: close the application: %v", err)
	}
	e.open(t)
}

// LoadScope starts the business-scope service and waits for it.
func (e *Env) LoadScope(t testing.TB) *scope.Service {
	t.Helper()
	e.scope = true
	e.App.StartScope()
	svc, err := e.App.WaitScope(context.Background())
	if err != nil {
		t.Fatalf("testenv: load the scope service: %v", err)
	}
	return svc
}

// PutFixture registers the registry fixture of the concrete test cases
// (demo.Fixture, dated relative to the clock) as actor.
func (e *Env) PutFixture(t testing.TB, actor string) []*registry.Enterprise {
	t.Helper()
	var out []*registry.Enterprise
	for _, in := range demo.Fixture(e.Clock.Now()) {
		rec, err := e.App.Registry.Put(context.Background(), actor, in)
		if err != nil {
			t.Fatalf("testenv: fixture %s: %v", in.Name, err)
		}
		out = append(out, rec)
	}
	return out
}

// PutMarks registers trademarks as actor.
func (e *Env) PutMarks(t testing.TB, actor string, marks ...registry.MarkInput) {
	t.Helper()
	if _, err := e.App.Registry.PutMarks(context.Background(), actor, "fixture", marks); err != nil {
		t.Fatalf("testenv: marks: %v", err)
	}
}

// Serve serves the HTTP app on a loopback port until the test ends and
// returns its base URL (http://127.0.0.1:PORT).
func (e *Env) Serve(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := e.HTTP
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Listener(ln)
	}()
	// Registered after New's: runs first, so the server stops before the
	// application closes.
	t.Cleanup(func() {
		_ = srv.ShutdownWithTimeout(5 * time.Second)
		<-done
	})
	url := "http://" + ln.Addr().String()
	// Serving before returning: a shutdown that came before the server
	// started would not stop it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testenv: the server does not answer on %s: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Do sends one request through the HTTP app (no network): body is
// JSON-encoded unless it is nil, a string or a []byte; header pairs
// follow. A JSON answer is decoded into out.
func (e *Env) Do(t testing.TB, method, path, token string, body any, header ...string) (status int, out map[string]any, raw []byte) {
	t.Helper()
	if e.opt.OffContract {
		return send(t, e.HTTP, method, path, token, body, false, header)
	}
	return Send(t, e.HTTP, method, path, token, body, header...)
}

// Send is Do for any fiber app. The answer to a request for /healthz,
// /readyz or a path under /api/ is checked against the API document
// (contract.go): a mismatch fails the test.
func Send(t testing.TB, app *fiber.App, method, path, token string, body any, header ...string) (int, map[string]any, []byte) {
	t.Helper()
	return send(t, app, method, path, token, body, true, header)
}

func send(t testing.TB, app *fiber.App, method, path, token string, body any, contract bool, header []string) (int, map[string]any, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if contract {
		checkContract(t, req, resp.StatusCode, resp.Header, raw)
	}
	var out map[string]any
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %s", method, path, raw)
		}
	}
	return resp.StatusCode, out, raw
}
