package api_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"namescope/api"
	"namescope/internal/health"
	"namescope/internal/testenv"
)

// While a component loads, /healthz still says ok, /readyz says which one
// (with a rebuild's progress), the routes that need it answer 503
// "unavailable" at once, and the others answer as usual.
func TestReadinessGate(t *testing.T) {
	var report atomic.Pointer[health.Report]
	env := testenv.New(t, testenv.Options{
		NoWellKnownMarks: true,
		API:              func(d *api.Deps) { d.Readiness = func() health.Report { return *report.Load() } },
	})
	env.PutFixture(t, "test")
	admin := env.Tokens["admin"]
	ready := health.Component{State: health.Ready}
	loading := health.Component{State: health.Loading}
	check := map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"}

	type probe struct {
		method, path, token string
		body                any
		status              int
		message             string // part of the 503 message
	}
	for _, tc := range []struct {
		name   string
		report health.Report
		readyz string // the /readyz body
		status int    // of /readyz
		probes []probe
	}{
		{
			name: "name index rebuilding",
			report: health.Report{health.Store: ready, health.MarksIndex: loading, health.Scope: loading,
				health.NamesIndex: {State: health.Rebuilding, Done: 41000, Total: 100000}},
			readyz: `{"status":"loading","components":{"marks_index":"loading","names_index":{"state":"rebuilding","done":41000,"total":100000},"scope":"loading","store":"ready"}}`,
			status: 503,
			probes: []probe{
				{"POST", "/api/v1/names/check", "", check, 503, "企业名称索引正在加载（重建中，已完成 41000/100000）"},
				{"GET", "/api/v1/enterprises?q=" + urlQuery("星河"), "", nil, 503, "企业名称索引正在加载"},
				{"POST", "/api/v1/names/reservations", "", map[string]any{}, 503, "企业名称索引正在加载"},
				{"GET", "/api/v1/scope/search?q=" + urlQuery("卖烟"), "", nil, 503, "经营范围目录正在加载"},
				{"GET", "/api/v1/keys", admin, nil, 200, ""},
				{"GET", "/api/v1/holidays/2026", "", nil, 200, ""},
				{"GET", "/", "", nil, 200, ""},
			},
		},
		{
			name:   "demo registry seeding",
			report: health.Report{health.Store: ready, health.NamesIndex: ready, health.MarksIndex: ready, health.Scope: ready, health.Demo: loading},
			readyz: `{"status":"loading","components":{"demo":"loading","marks_index":"ready","names_index":"ready","scope":"ready","store":"ready"}}`,
			status: 503,
			probes: []probe{
				{"POST", "/api/v1/names/check", "", check, 503, "演示数据正在加载"},
			},
		},
		{
			name:   "scope loading",
			report: health.Report{health.Store: ready, health.NamesIndex: ready, health.MarksIndex: ready, health.Scope: loading},
			readyz: `{"status":"loading","components":{"marks_index":"ready","names_index":"ready","scope":"loading","store":"ready"}}`,
			status: 503,
			probes: []probe{
				{"POST", "/api/v1/names/check", "", check, 200, ""},
				{"POST", "/api/v1/scope/compose", "", map[string]any{"codes": []string{"XI0001"}}, 503, "经营范围目录正在加载"},
				{"GET", "/api/v1/departments", "", nil, 503, "经营范围目录正在加载"},
			},
		},
		{
			name:   "a component failed",
			report: health.Report{health.Store: ready, health.NamesIndex: {State: health.Failed}, health.MarksIndex: {State: health.Failed}, health.Scope: loading},
			readyz: `{"status":"failed","components":{"marks_index":"failed","names_index":"failed","scope":"loading","store":"ready"}}`,
			status: 503,
			probes: []probe{
				{"POST", "/api/v1/names/check", "", check, 503, "企业名称索引加载失败"},
			},
		},
		{
			name:   "everything ready",
			report: health.Report{health.Store: ready, health.NamesIndex: ready, health.MarksIndex: ready, health.Scope: ready},
			readyz: `{"status":"ready","components":{"marks_index":"ready","names_index":"ready","scope":"ready","store":"ready"}}`,
			status: 200,
			probes: []probe{
				{"POST", "/api/v1/names/check", "", check, 200, ""},
				{"GET", "/api/v1/keys", admin, nil, 200, ""},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report.Store(&tc.report)
			status, out, _ := send(t, env.HTTP, "GET", "/healthz", "", nil)
			if status != 200 || out["status"] != "ok" {
				t.Errorf("healthz: %d %v", status, out)
			}
			status, _, raw := send(t, env.HTTP, "GET", "/readyz", "", nil)
			if status != tc.status || !sameJSON(t, raw, tc.readyz) {
				t.Errorf("readyz: %d %s\nwant %d %s", status, raw, tc.status, tc.readyz)
			}
			for _, p := range tc.probes {
				status, out, raw := send(t, env.HTTP, p.method, p.path, p.token, p.body)
				if status != p.status {
					t.Errorf("%s %s: %d %s, want %d", p.method, p.path, status, raw, p.status)
					continue
				}
				if p.status != 503 {
					continue
				}
				msg, _ := get(out, "error", "message").(string)
				if get(out, "error", "code") != "unavailable" || !strings.Contains(msg, p.message) {
					t.Errorf("%s %s: %s, want unavailable with %q", p.method, p.path, raw, p.message)
				}
			}
		})
	}
}

// sameJSON reports whether the JSON texts a and b hold the same value.
func sameJSON(t *testing.T, a []byte, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("bad JSON in the test: %s", b)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}

// /readyz names a holiday year the deadlines lack, without turning the
// service unready (the built-in calendar ends with 2026).
func TestReadyzCalendarWarning(t *testing.T) {
	for _, tc := range []struct {
		date string
		warn bool
	}{{"2026-11-30", false}, {"2026-12-02", true}} {
		t.Run(tc.date, func(t *testing.T) {
			env := testenv.New(t, testenv.Options{Now: testenv.At(tc.date), Scope: true})
			st, out, raw := env.Do(t, "GET", "/readyz", "", nil)
			if st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			ws, _ := out["warnings"].([]any)
			if got := len(ws) > 0; got != tc.warn {
				t.Fatalf("warnings %v, want some: %v", ws, tc.warn)
			}
			if tc.warn && !strings.Contains(ws[0].(string), "2027 年") {
				t.Fatalf("warning %q does not name 2027", ws[0])
			}
		})
	}
}
