package metrics

import (
	"errors"
	"maps"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Counting a request of a known route, method and status allocates
// nothing: it is on the path of every name check.
func TestObserveRequestDoesNotAllocate(t *testing.T) {
	m := New()
	m.ObserveRequest("/api/v1/names/check", "POST", 200, 0.003)
	if n := testing.AllocsPerRun(1000, func() {
		m.ObserveRequest("/api/v1/names/check", "POST", 200, 0.003)
	}); n != 0 {
		t.Errorf("ObserveRequest allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(1000, func() { m.ObserveCheck("block", true, 12, 3) }); n != 0 {
		t.Errorf("ObserveCheck allocates %v times per call", n)
	}
}

func TestObserveRequest(t *testing.T) {
	m := New()
	for _, r := range []struct {
		route, method string
		status        int
	}{
		{"/api/v1/names/check", "POST", 200},
		{"/api/v1/names/check", "POST", 200},
		{"/api/v1/names/check", "POST", 429},
		{"unmatched", "GET", 404},
	} {
		m.ObserveRequest(r.route, r.method, r.status, 0.004)
	}
	for _, tc := range []struct {
		name                  string
		route, method, status string
		want                  float64
	}{
		{"same series twice", "/api/v1/names/check", "POST", "200", 2},
		{"another status", "/api/v1/names/check", "POST", "429", 1},
		{"unmatched", "unmatched", "GET", "404", 1},
		{"never seen", "/healthz", "GET", "200", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d dto.Metric
			if err := m.requests.WithLabelValues(tc.route, tc.method, tc.status).Write(&d); err != nil {
				t.Fatal(err)
			}
			if got := d.GetCounter().GetValue(); got != tc.want {
				t.Errorf("requests = %v, want %v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, route, method string
		count               uint64
	}{
		{"latency of one route and method, every status", "/api/v1/names/check", "POST", 3},
		{"latency of unmatched requests", "unmatched", "GET", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d dto.Metric
			if err := m.duration.WithLabelValues(tc.route, tc.method).(prometheus.Metric).Write(&d); err != nil {
				t.Fatal(err)
			}
			h := d.GetHistogram()
			if h.GetSampleCount() != tc.count || h.GetSampleSum() != 0.004*float64(tc.count) {
				t.Errorf("count %d sum %v, want %d and %v", h.GetSampleCount(), h.GetSampleSum(), tc.count, 0.004*float64(tc.count))
			}
		})
	}
}

func TestStateCollector(t *testing.T) {
	failing := errors.New("index closed")
	for _, tc := range []struct {
		name    string
		state   State
		want    map[string]float64 // series (name and label values) → value
		wantErr string
	}{
		{
			name: "every reading",
			state: State{
				Indexes:   map[string]func() (uint64, error){"names": func() (uint64, error) { return 1234, nil }},
				Outbox:    func() int { return 7 },
				StoreSize: func() (int64, int64) { return 2048, 1 << 20 },
			},
			want: map[string]float64{
				"namescope_index_documents{names}": 1234,
				"namescope_outbox_pending{}":       7,
				"namescope_store_size_bytes{lsm}":  2048,
				"namescope_store_size_bytes{vlog}": 1 << 20,
			},
		},
		{
			name: "a failing reading leaves the others",
			state: State{
				Indexes: map[string]func() (uint64, error){
					"names": func() (uint64, error) { return 0, failing },
					"marks": func() (uint64, error) { return 3, nil },
				},
			},
			want:    map[string]float64{"namescope_index_documents{marks}": 3},
			wantErr: "index closed",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			reg.MustRegister(NewStateCollector(tc.state))
			fams, err := reg.Gather()
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Gather error %v, want %q", err, tc.wantErr)
			}
			got := map[string]float64{}
			for _, f := range fams {
				for _, m := range f.GetMetric() {
					var lv []string
					for _, l := range m.GetLabel() {
						lv = append(lv, l.GetValue())
					}
					got[f.GetName()+"{"+strings.Join(lv, ",")+"}"] = m.GetGauge().GetValue()
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("series %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuildInfoCommit(t *testing.T) {
	defer func(c string) { commit = c }(commit)
	for _, tc := range []struct {
		name, set, want string
	}{
		// A test binary carries no VCS information.
		{"no VCS information", "", "unknown"},
		{"set by -ldflags", "f1fdf23a9c0d", "f1fdf23a9c0d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			commit = tc.set
			if got := ReadBuildInfo().Commit; got != tc.want {
				t.Errorf("Commit %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBuildInfo(t *testing.T) {
	b := ReadBuildInfo()
	if b.GoVersion != runtime.Version() {
		t.Errorf("GoVersion %q, want %q", b.GoVersion, runtime.Version())
	}
	if b.Version == "" || b.Commit == "" {
		t.Errorf("empty label in %+v", b)
	}
	m := New()
	fams, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range fams {
		if f.GetName() != "namescope_build_info" {
			continue
		}
		found = true
		labels := map[string]string{}
		for _, l := range f.GetMetric()[0].GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["version"] != b.Version || labels["commit"] != b.Commit || labels["goversion"] != b.GoVersion {
			t.Errorf("labels %v, want %+v", labels, b)
		}
		if v := f.GetMetric()[0].GetGauge().GetValue(); v != 1 {
			t.Errorf("value %v, want 1", v)
		}
	}
	if !found {
		t.Error("no namescope_build_info")
	}
}
