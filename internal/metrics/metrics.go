package metrics

import (
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Namespace prefixes every metric of the service.
const Namespace = "namescope"

// LatencyBuckets are the upper bounds (seconds) of the request latency
// histogram: fine around the name check's p99 of about 10 ms, coarse up to
// the 2 s search timeout and the longer writes.
var LatencyBuckets = []float64{
	0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
}

// CandidateBuckets are the upper bounds of the candidates a check reads
// (the checker asks for at most 200 by default).
var CandidateBuckets = []float64{0, 1, 2, 5, 10, 20, 50, 100, 200, 500}

// Verdicts are the verdicts of a name check (name.Severity), pre-resolved
// so that counting a check does no label lookup.
var Verdicts = []string{"pass", "warn", "approval", "block"}

// Metrics are the series of one application and the registry they are
// registered in.
type Metrics struct {
	// Registry gathers every metric of the application (GET /metrics).
	Registry *prometheus.Registry

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	rateLimited prometheus.Counter
	checks      *prometheus.CounterVec
	verdicts    map[string]prometheus.Counter
	nameCands   prometheus.Observer
	markCands   prometheus.Observer

	// series caches the children of requests and duration by label values:
	// read without a lock (copy on write), so that a request of a known
	// route, method and status costs two lookups in a Go map.
	series   atomic.Pointer[map[seriesKey]*httpSeries]
	seriesMu sync.Mutex
}

type seriesKey struct {
	route, method string
	status        int
}

type httpSeries struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// New builds the metrics of one application in a new registry, with the
// build information and the Go and process collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route pattern (\"unmatched\" for a path no route serves), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to handle a request, from its routing to its answer ready to be sent, by route pattern and method.",
			Buckets: LatencyBuckets,
		}, []string{"route", "method"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "http", Name: "rate_limited_total",
			Help: "Public requests refused by the per-client rate limit (HTTP 429).",
		}),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "name", Name: "checks_total",
			Help: "Name checks answered (POST /api/v1/names/check), by verdict.",
		}, []string{"verdict"}),
		verdicts: map[string]prometheus.Counter{},
	}
	cands := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Subsystem: "name", Name: "check_candidates",
		Help:    "Existing names (source=names) and trademarks (source=marks) a name check read from the indexes to compare; checks whose 字号 is too short to compare read none and are not observed.",
		Buckets: CandidateBuckets,
	}, []string{"source"})
	m.nameCands = cands.WithLabelValues("names")
	m.markCands = cands.WithLabelValues("marks")
	for _, v := range Verdicts {
		m.verdicts[v] = m.checks.WithLabelValues(v)
	}
	empty := map[seriesKey]*httpSeries{}
	m.series.Store(&empty)
	m.Registry.MustRegister(
		m.requests, m.duration, m.rateLimited, m.checks, cands,
		buildInfo(),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// ObserveRequest counts one answered request and its latency. route must be
// a route pattern (or "unmatched"), never a raw path: every value is a
// series kept for the life of the process.
func (m *Metrics) ObserveRequest(route, method string, status int, seconds float64) {
	k := seriesKey{route, method, status}
	s, ok := (*m.series.Load())[k]
	if !ok {
		s = m.newSeries(k)
	}
	s.count.Inc()
	s.duration.Observe(seconds)
}

func (m *Metrics) newSeries(k seriesKey) *httpSeries {
	m.seriesMu.Lock()
	defer m.seriesMu.Unlock()
	old := *m.series.Load()
	if s, ok := old[k]; ok {
		return s
	}
	s := &httpSeries{
		count:    m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status)),
		duration: m.duration.WithLabelValues(k.route, k.method),
	}
	next := make(map[seriesKey]*httpSeries, len(old)+1)
	for key, v := range old {
		next[key] = v
	}
	next[k] = s
	m.series.Store(&next)
	return s
}

// RateLimited counts one request refused by the rate limit.
func (m *Metrics) RateLimited() { m.rateLimited.Inc() }

// ObserveCheck counts a name check by its verdict and, when it compared the
// name with the registry, the names and trademarks it read.
func (m *Metrics) ObserveCheck(verdict string, compared bool, names, marks int) {
	c, ok := m.verdicts[verdict]
	if !ok {
		c = m.checks.WithLabelValues(verdict)
	}
	c.Inc()
	if compared {
		m.nameCands.Observe(float64(names))
		m.markCands.Observe(float64(marks))
	}
}

// commit is the VCS revision of a build that carries no VCS information
// (GOFLAGS=-buildvcs=false, a source tree without .git): set it with
// -ldflags "-X namescope/internal/metrics.commit=REVISION".
var commit string

// BuildInfo is what namescope_build_info says of the binary.
type BuildInfo struct {
	Version, Commit, GoVersion string
}

// ReadBuildInfo reads the binary's version (its module version, "(devel)"
// for a build from a checkout), VCS revision (with "-dirty" when the tree had
// changes; the one set by -ldflags without VCS information, else "unknown",
// as in `go test`) and Go version.
func ReadBuildInfo() BuildInfo {
	b := BuildInfo{Version: "unknown", Commit: "unknown", GoVersion: "unknown"}
	if commit != "" {
		b.Commit = commit
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = bi.GoVersion
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && b.Commit != "unknown" {
		b.Commit += "-dirty"
	}
	return b
}

func buildInfo() prometheus.Collector {
	b := ReadBuildInfo()
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "build_info",
		Help:        "Always 1; the labels name the binary's version, VCS commit and Go version.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "goversion": b.GoVersion},
	}, func() float64 { return 1 })
}
