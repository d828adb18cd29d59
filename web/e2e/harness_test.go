package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"namescope/api"
	"namescope/auth"
	"namescope/demo"
	"namescope/index"
	"namescope/lifecycle"
	"namescope/name"
	"namescope/registry"
	"namescope/scope"
	"namescope/store"
)

// today is the day the application under test starts on, so that dates
// and screenshots do not change from day to day.
var today = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// clock is the application's clock: it stands still unless a test sets it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// storyTimeout bounds one story: the browser, the server and every wait.
const storyTimeout = 3 * time.Minute

// server is the real application listening on a loopback port.
type server struct {
	URL    string
	Tokens map[string]string // role (and "staff2") → bearer token
	Clock  *clock
}

// startServer assembles the application as the binary does (badger and
// bleve on disk in t.TempDir(), the registry fixture of the concrete cases,
// two well-known marks) and serves it on 127.0.0.1.
func startServer(t *testing.T) *server {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	names, _, err := index.OpenNames(filepath.Join(dir, "names"))
	if err != nil {
		t.Fatal(err)
	}
	marks, _, err := index.OpenNames(filepath.Join(dir, "marks"))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: today}
	reg := registry.New(db, names, marks)
	reg.SetClock(clk.Now)
	checker := &name.Checker{Registry: reg, Now: clk.Now}
	life, err := lifecycle.New(db, reg, checker)
	if err != nil {
		t.Fatal(err)
	}
	life.SetClock(clk.Now)
	stores := scope.NewDBStores(db)
	scopes, err := scope.NewService(context.Background(), stores, scope.WithNoticeStore(stores), scope.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	// As the binary does: a scope that needs approval before registration
	// keeps the name reserved for a year.
	life.PreApproval = func(ctx context.Context, codes []string) (bool, error) {
		c, err := scopes.Compose(ctx, scope.ComposeRequest{Codes: codes})
		return c.PreApproval, err
	}
	keys := auth.NewKeys(db)
	s := &server{Tokens: map[string]string{}, Clock: clk}
	ctx := context.Background()
	for _, role := range []string{auth.RoleRegistrar, auth.RoleStaff, auth.RoleAdmin, "staff2"} {
		r := strings.TrimSuffix(role, "2")
		_, tok, err := keys.Create(ctx, "e2e", r, "e2e "+role)
		if err != nil {
			t.Fatal(err)
		}
		s.Tokens[role] = tok
	}
	for _, in := range demo.Fixture(today) {
		if _, err := reg.Put(ctx, "registrar:e2e", in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := reg.SeedWellKnown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.PutMarks(ctx, "registrar:e2e", "fixture", []registry.MarkInput{
		{RegNo: "WK-1", Mark: "茅台", Classes: []int{33}, Holder: "中国贵州茅台酒厂（集团）有限责任公司", WellKnown: true},
	}); err != nil {
		t.Fatal(err)
	}
	app := api.New(api.Deps{
		Checker:   checker,
		Registry:  reg,
		Keys:      keys,
		Lifecycle: life,
		Scope:     func() *scope.Service { return scopes },
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = app.Listener(ln)
	}()
	t.Cleanup(func() {
		_ = app.ShutdownWithTimeout(5 * time.Second)
		<-done
		scopes.Close()
		names.Close()
		marks.Close()
		db.Close()
	})
	s.URL = "http://" + ln.Addr().String()
	// Serving before returning: a shutdown that came before the server
	// started would not stop it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not answer on %s: %v", s.URL, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s
}

// call sends a JSON request to the server (the set-up a test does outside
// the browser) and decodes the JSON answer; it fails the test unless the
// status is want.
func (s *server) call(t *testing.T, method, path, token string, body any, want int) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s (want %d)", method, path, resp.StatusCode, raw, want)
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return out
}

// chromium finds the browser: $NAMESCOPE_CHROMIUM, or a Chromium or Chrome
// on PATH.
func chromium() string {
	if p := os.Getenv("NAMESCOPE_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium with one tab.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	exceptions []string
}

// newBrowser starts headless Chromium for the test, or skips the test when
// there is none. Everything the test does in it is bounded by storyTimeout.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromium()
	if exe == "" {
		t.Skip("no Chromium binary on this machine (scripts/install-test-deps installs Debian's chromium): browser tests skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	t.Cleanup(cancel)
	// The profile directory: Chromium's helper processes may still write in
	// it for a moment after the browser exits, so remove it with retries
	// (t.TempDir would fail the test on "directory not empty").
	profile, err := os.MkdirTemp("", "namescope-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; ; i++ {
			err := os.RemoveAll(profile)
			if err == nil || i == 50 {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(acancel)
	tctx, tcancel := chromedp.NewContext(actx)
	t.Cleanup(tcancel)
	b := &browser{t: t, ctx: tctx}
	// Start the browser, then report every uncaught exception of the pages.
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	exceptions := chromedp.Events(tctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			msg := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil && ev.ExceptionDetails.Exception.Description != "" {
				msg += ": " + ev.ExceptionDetails.Exception.Description
			}
			b.mu.Lock()
			b.exceptions = append(b.exceptions, msg)
			b.mu.Unlock()
		}
	}()
	if _, err := chromedp.Call(tctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, e := range b.exceptions {
			t.Errorf("uncaught exception in the page: %s", e)
		}
	})
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	return b
}

// do runs actions and fails the test with what on error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to url and waits until the page's script has set
// html[data-ready].
func (b *browser) open(url string) {
	b.t.Helper()
	b.do("open "+url, chromedp.Navigate(url))
	b.waitJS("page ready: "+url, `document.documentElement.dataset.ready === "true"`)
}

// waitJS waits until the JavaScript expression is truthy. A navigation
// while it waits (the page's own redirect, say) destroys the context the
// expression runs in: then it waits again in the new page.
func (b *browser) waitJS(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		left := time.Until(deadline)
		_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingInterval(40*time.Millisecond), chromedp.WithPollingTimeout(left)))
		if err == nil {
			return
		}
		if left > 0 && b.ctx.Err() == nil && navigatedAway(err) {
			continue
		}
		b.t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// navigatedAway tells the errors of an expression whose page went away.
func navigatedAway(err error) bool {
	s := err.Error()
	return strings.Contains(s, "context was destroyed") || strings.Contains(s, "Cannot find context") ||
		strings.Contains(s, "Inspected target navigated") || strings.Contains(s, "uniqueContextId not found")
}

// eval returns the value of a JavaScript expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text returns the trimmed text content of the first element matching css.
func (b *browser) text(css string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").trim()`, css))
}

// visible reports whether the element matching css is rendered.
func (b *browser) visible(css string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0; })()`, css))
}

// typeInto focuses the field, clears it and types s key by key, as a
// person does (each key fires its input event).
func (b *browser) typeInto(css, s string) {
	b.t.Helper()
	b.do("type into "+css,
		chromedp.WaitVisible(chromedp.CSS(css)),
		chromedp.Focus(chromedp.CSS(css)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`, css)),
		chromedp.SendKeys(chromedp.CSS(css), s),
	)
}

// key sends keys (kb constants or text) to the focused element.
func (b *browser) key(keys string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.do("press keys", chromedp.KeyEvent(keys, opts...))
}

// click clicks the first element matching css.
func (b *browser) click(css string) {
	b.t.Helper()
	b.do("click "+css, chromedp.Click(chromedp.CSS(css)))
}

// focused returns the id of the focused element.
func (b *browser) focused() string {
	b.t.Helper()
	return eval[string](b, `document.activeElement ? document.activeElement.id : ""`)
}

// desktop sets a 1280 px wide viewport.
func (b *browser) desktop() {
	b.t.Helper()
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	b.waitJS("desktop layout", `matchMedia("(min-width: 1280px)").matches`)
}

// mobileWidth is the phone screen the pages must fit.
const mobileWidth = 360

// mobile sets a 360 px wide phone viewport.
func (b *browser) mobile() {
	b.t.Helper()
	b.do("mobile viewport", chromedp.EmulateViewport(mobileWidth, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	b.waitJS("mobile layout", `screen.width === 360 && matchMedia("(max-width: 360px)").matches`)
}

// noHorizontalScroll fails when the page is wider than the 360 px screen,
// naming the widest elements that stick out.
func (b *browser) noHorizontalScroll(what string) {
	b.t.Helper()
	w := eval[int](b, `document.documentElement.scrollWidth`)
	if w > mobileWidth {
		wide := eval[[]string](b, `[...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > `+fmt.Sprint(mobileWidth)+` + 1)
			.slice(-5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join(".") + " " + Math.round(e.getBoundingClientRect().right))`)
		b.t.Errorf("%s: the page is %d px wide on a %d px screen (layout breaks): %v", what, w, mobileWidth, wide)
	}
}

// screenshotDir is where the README screenshots go ("" when disabled).
func screenshotDir() string {
	switch d := os.Getenv("NAMESCOPE_SCREENSHOTS"); strings.ToLower(d) {
	case "off", "0", "false", "no":
		return ""
	case "":
		return filepath.Join("..", "..", "docs", "screenshots")
	default:
		return d
	}
}

// screenshot saves the whole page as docs/screenshots/name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := screenshotDir()
	if dir == "" {
		return
	}
	// From the top of the page, without the blinking caret, once fonts and
	// layout have settled (two animation frames).
	b.waitJS("fonts ready", `document.fonts.status === "loaded"`)
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](
		`document.documentElement.style.caretColor = "transparent", window.scrollTo(0, 0), new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise)); err != nil {
		b.t.Fatal(err)
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
}
