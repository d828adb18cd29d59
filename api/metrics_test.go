package api_test

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"namescope/api"
	"namescope/internal/health"
	"namescope/internal/testenv"
)

// scrape reads GET /metrics as token and parses the text exposition.
func scrape(t *testing.T, env *testenv.Env, token string) map[string]*dto.MetricFamily {
	t.Helper()
	st, _, raw := env.Do(t, "GET", "/metrics", token, nil)
	if st != 200 {
		t.Fatalf("GET /metrics: %d %s", st, raw)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("GET /metrics: not the text format: %v\n%s", err, raw)
	}
	return fams
}

// series finds the metric of a family whose labels include want.
func series(fams map[string]*dto.MetricFamily, family string, want map[string]string) *dto.Metric {
	f := fams[family]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

// value is a counter's or gauge's value, a histogram's count.
func value(m *dto.Metric) float64 {
	switch {
	case m.GetCounter() != nil:
		return m.GetCounter().GetValue()
	case m.GetGauge() != nil:
		return m.GetGauge().GetValue()
	case m.GetHistogram() != nil:
		return float64(m.GetHistogram().GetSampleCount())
	}
	return m.GetUntyped().GetValue()
}

// After a check that passes, one that blocks, a 404 no_route inside and
// outside /api/v1, a missing record and a rate-limited check, /metrics
// counts each under its route pattern, and reports the checks, the
// indexes, the outbox, the store, the build and the runtime.
func TestMetricsAfterRequests(t *testing.T) {
	env := testenv.New(t, testenv.Options{API: func(d *api.Deps) { d.PublicRatePerMinute = 5 }})
	fixture := env.PutFixture(t, "test")
	for _, r := range []struct {
		method, path string
		body         any
		status       int
	}{
		{"POST", "/api/v1/names/check", map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"}, 200},
		{"POST", "/api/v1/names/check", map[string]any{"name": "平顶山市沃川智联科技有限公司", "authority_code": "410400"}, 200},
		{"GET", "/api/v1/nothing-here/91410400MA44QH0015", nil, 404},
		{"GET", "/api/v1/enterprises/91410400MA44QH0015", nil, 404},
		{"GET", "/nothing/else?secret=1", nil, 404},
		{"POST", "/api/v1/names/check", map[string]any{"name": "平顶山市中华科技有限公司", "authority_code": "410400"}, 200},
		{"POST", "/api/v1/names/check", map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"}, 429},
	} {
		if st, _, raw := env.Do(t, r.method, r.path, "", r.body); st != r.status {
			t.Fatalf("%s %s: %d %s, want %d", r.method, r.path, st, raw, r.status)
		}
	}
	fams := scrape(t, env, "")

	for _, tc := range []struct {
		name   string
		family string
		labels map[string]string
		want   float64 // -1: present, any value
	}{
		{"checks answered", "namescope_http_requests_total",
			map[string]string{"route": "/api/v1/names/check", "method": "POST", "status": "200"}, 3},
		{"rate-limited check under its pattern", "namescope_http_requests_total",
			map[string]string{"route": "/api/v1/names/check", "method": "POST", "status": "429"}, 1},
		{"missing record under its pattern", "namescope_http_requests_total",
			map[string]string{"route": "/api/v1/enterprises/:id", "method": "GET", "status": "404"}, 1},
		{"no_route, inside and outside /api/v1, as one value", "namescope_http_requests_total",
			map[string]string{"route": "unmatched", "method": "GET", "status": "404"}, 2},
		{"latency of every check", "namescope_http_request_duration_seconds",
			map[string]string{"route": "/api/v1/names/check", "method": "POST"}, 4},
		{"rate-limit refusals", "namescope_http_rate_limited_total", nil, 1},
		{"checks that block", "namescope_name_checks_total", map[string]string{"verdict": "block"}, 2},
		{"checks that pass", "namescope_name_checks_total", map[string]string{"verdict": "pass"}, 1},
		{"no check warned", "namescope_name_checks_total", map[string]string{"verdict": "warn"}, 0},
		{"no check needed approval", "namescope_name_checks_total", map[string]string{"verdict": "approval"}, 0},
		{"names read by the checks that compared", "namescope_name_check_candidates", map[string]string{"source": "names"}, 3},
		{"marks read by the checks that compared", "namescope_name_check_candidates", map[string]string{"source": "marks"}, 3},
		{"names indexed", "namescope_index_documents", map[string]string{"index": "names"}, float64(len(fixture))},
		{"marks indexed (the well-known ones)", "namescope_index_documents", map[string]string{"index": "marks"}, -1},
		{"outbox drained", "namescope_outbox_pending", nil, 0},
		{"store LSM size", "namescope_store_size_bytes", map[string]string{"part": "lsm"}, -1},
		{"store value-log size", "namescope_store_size_bytes", map[string]string{"part": "vlog"}, -1},
		{"build info", "namescope_build_info", map[string]string{"goversion": runtime.Version()}, 1},
		{"Go collector", "go_goroutines", nil, -1},
		{"process collector", "process_resident_memory_bytes", nil, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := series(fams, tc.family, tc.labels)
			if m == nil {
				t.Fatalf("no %s%v in /metrics", tc.family, tc.labels)
			}
			if got := value(m); tc.want >= 0 && got != tc.want {
				t.Errorf("%s%v = %v, want %v", tc.family, tc.labels, got, tc.want)
			}
		})
	}

	t.Run("route labels are patterns, never paths", func(t *testing.T) {
		for _, fam := range []string{"namescope_http_requests_total", "namescope_http_request_duration_seconds"} {
			for _, m := range fams[fam].GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "route" && (strings.Contains(l.GetValue(), "91410400") || strings.Contains(l.GetValue(), "nothing") || strings.Contains(l.GetValue(), "?")) {
						t.Errorf("%s has the raw path %q", fam, l.GetValue())
					}
				}
			}
		}
	})
	t.Run("build info names the version and the commit", func(t *testing.T) {
		m := series(fams, "namescope_build_info", nil)
		for _, l := range m.GetLabel() {
			if l.GetValue() == "" {
				t.Errorf("label %s is empty", l.GetName())
			}
		}
		if len(m.GetLabel()) != 3 {
			t.Errorf("labels %v, want version, commit and goversion", m.GetLabel())
		}
	})
}

// /metrics is a public read unless MetricsRequireKey, then an admin one;
// neither the readiness gate nor the public rate limit applies to it.
func TestMetricsAccess(t *testing.T) {
	loading := func() health.Report {
		return health.Report{health.Store: {State: health.Ready}, health.NamesIndex: {State: health.Loading}}
	}
	for _, tc := range []struct {
		name       string
		requireKey bool
		token      string // key name in env.Tokens
		status     int
		code       string // error code of a refusal
	}{
		{"public by default", false, "", 200, ""},
		{"public by default, any key", false, "staff", 200, ""},
		{"restricted: no key", true, "", 401, "unauthorized"},
		{"restricted: a staff key", true, "staff", 403, "forbidden"},
		{"restricted: a registrar key", true, "registrar", 403, "forbidden"},
		{"restricted: an admin key", true, "admin", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.New(t, testenv.Options{NoWellKnownMarks: true, API: func(d *api.Deps) {
				d.MetricsRequireKey = tc.requireKey
				d.PublicRatePerMinute = 1
				d.Readiness = loading
			}})
			token := env.Tokens[tc.token]
			// Three reads over a budget of one a minute, while the name
			// index loads.
			for i := range 3 {
				st, out, raw := env.Do(t, "GET", "/metrics", token, nil)
				if st != tc.status {
					t.Fatalf("read %d: %d %s, want %d", i, st, raw, tc.status)
				}
				if tc.code != "" && errorCode(out) != tc.code {
					t.Errorf("refusal %s, want code %s", raw, tc.code)
				}
				if tc.status == 200 && !bytes.Contains(raw, []byte("namescope_build_info")) {
					t.Errorf("no metrics in the answer: %.200s", raw)
				}
			}
			if st, _, _ := env.Do(t, "POST", "/api/v1/names/check", token, map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"}); st != 503 {
				t.Errorf("check while loading: %d, want 503 (the gate is on)", st)
			}
		})
	}
}

// errorCode is the code of an error answer.
func errorCode(out map[string]any) any {
	e, _ := out["error"].(map[string]any)
	return e["code"]
}
