package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
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

	"namescope/auth"
	"namescope/internal/testdep"
	"namescope/internal/testenv"
	"namescope/registry"
)

// today is the day the application under test starts on, so that dates
// and screenshots do not change from day to day.
var today = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// storyTimeout bounds one story: the browser, the server and every wait.
const storyTimeout = 3 * time.Minute

// server is the real application listening on a loopback port.
type server struct {
	URL    string
	Tokens map[string]string // role (and "staff2") → bearer token
	Clock  *testenv.Clock    // stands at today unless a test sets it
}

// startServer opens the application the binary runs (internal/testenv:
// badger and bleve on disk in t.TempDir(), the scope service, the embedded
// well-known marks) on a clock standing at today, registers the registry
// fixture of the concrete cases and one more well-known mark, and serves it
// on 127.0.0.1.
func startServer(t *testing.T) *server {
	t.Helper()
	var keys []testenv.Key
	holders := map[string][2]string{ // key name → holder, department
		auth.RoleRegistrar: {"王五", ""}, auth.RoleStaff: {"张三", "登记注册科"}, "staff2": {"李四", "登记注册科"},
	}
	for _, role := range []string{auth.RoleRegistrar, auth.RoleStaff, auth.RoleAdmin, "staff2"} {
		keys = append(keys, testenv.Key{Name: role, Role: strings.TrimSuffix(role, "2"), Label: "e2e " + role, Holder: holders[role][0], Dept: holders[role][1]})
	}
	env := testenv.New(t, testenv.Options{Now: today, Keys: keys, KeyActor: "e2e", Scope: true})
	env.PutFixture(t, "registrar:e2e")
	env.PutMarks(t, "registrar:e2e",
		registry.MarkInput{RegNo: "WK-1", Mark: "茅台", Classes: []int{33}, Holder: "中国贵州茅台酒厂（集团）有限责任公司", WellKnown: true})
	return &server{URL: env.Serve(t), Tokens: env.Tokens, Clock: env.Clock}
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
	testenv.CheckContract(t, req, resp.StatusCode, resp.Header, raw)
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

// newBrowser starts headless Chromium for the test. When there is none the
// test fails under CI and skips elsewhere (testdep.Require). Everything the
// test does in the browser is bounded by storyTimeout.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromium()
	if exe == "" {
		testdep.Require(t, "Chromium for the browser tests", fmt.Errorf(
			"no chromium, chromium-browser, google-chrome or headless-shell on PATH and NAMESCOPE_CHROMIUM unset (scripts/install-test-deps installs Debian's chromium): %w", exec.ErrNotFound))
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

// updateScreenshots asks the tests to write the README screenshots into the
// source tree: go test ./web/e2e -update-screenshots.
var updateScreenshots = flag.Bool("update-screenshots", false,
	"write the README screenshots to docs/screenshots (without it they go to a temporary directory)")

// screenshotDir is where the screenshots of test t go ("" when disabled):
// docs/screenshots with -update-screenshots, else a temporary directory
// removed after the test. NAMESCOPE_SCREENSHOTS=DIR (or "off") overrides both.
func screenshotDir(t *testing.T) string {
	switch d := os.Getenv("NAMESCOPE_SCREENSHOTS"); strings.ToLower(d) {
	case "off", "0", "false", "no":
		return ""
	case "":
	default:
		return d
	}
	if *updateScreenshots {
		return filepath.Join("..", "..", "docs", "screenshots")
	}
	return t.TempDir()
}

// screenshot saves the whole page as name.png in screenshotDir: the page is
// rendered and captured in every run, written to docs/screenshots only when
// asked.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := screenshotDir(b.t)
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
