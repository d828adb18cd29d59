// Package benchfmt holds the JSON records that the benchmark's load
// generator writes and its report reads, so that both agree on one shape.
package benchfmt

// Stats are latency figures in milliseconds.
type Stats struct {
	Count int     `json:"count"`
	Mean  float64 `json:"mean_ms"`
	P50   float64 `json:"p50_ms"`
	P90   float64 `json:"p90_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	P999  float64 `json:"p999_ms"`
	Max   float64 `json:"max_ms"`
}

type Slow struct {
	Ms     float64 `json:"ms"`
	AtS    float64 `json:"at_s"`
	Kind   string  `json:"kind"`
	Name   string  `json:"name"`
	TN     string  `json:"trade_name"`
	Hits   int     `json:"hits"`
	Worker int     `json:"worker"`
}

type Second struct {
	Count int     `json:"count"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

// Result is what one load run writes.
type Result struct {
	System     string             `json:"system"`
	Label      string             `json:"label"`
	Mode       string             `json:"mode"` // closed or open
	Workers    int                `json:"workers"`
	Rate       float64            `json:"rate,omitempty"`
	Queries    int                `json:"queries"`
	Seconds    float64            `json:"seconds"`
	Throughput float64            `json:"throughput_per_s"`
	Errors     int                `json:"errors"`
	ErrorKinds map[string]int     `json:"error_kinds,omitempty"`
	Dropped    int                `json:"dropped,omitempty"` // open loop: due but never sent before the deadline
	Latency    Stats              `json:"latency"`
	StartedAt  float64            `json:"started_unix"` // when measuring began (after warm-up)
	ByKind     map[string]Stats   `json:"by_kind"`
	ByLength   map[string]Stats   `json:"by_trade_name_length"`
	HitsByKind map[string]float64 `json:"mean_hits_by_kind"`
	MeanHits   float64            `json:"mean_hits"`
	Verdicts   map[string]int     `json:"verdicts,omitempty"`
	Slowest    []Slow             `json:"slowest"`
	PerSecond  []Second           `json:"per_second"`
	Warmup     *Stats             `json:"warmup,omitempty"`
	// CPU seconds used during the measured window by this load generator
	// and, with -server-pid, by the server process.
	ClientCPU             float64 `json:"client_cpu_s"`
	ServerCPU             float64 `json:"server_cpu_s,omitempty"`
	ServerCPUPerRequestMs float64 `json:"server_cpu_ms_per_request,omitempty"`
	// The whole machine during the run (/proc/stat), in cores: everything
	// busy, and the part the hypervisor took (steal). Other processes =
	// busy − server − load generator.
	MachineBusy  float64 `json:"machine_busy_cores"`
	MachineSteal float64 `json:"machine_steal_cores"`
}

// RSS is what `loadgen rss` writes: a process's memory and CPU over a run.
type RSS struct {
	PID          int     `json:"pid"`
	WallS        float64 `json:"wall_s"`
	CPUS         float64 `json:"cpu_s"` // the process's CPU time at the last sample
	MachineBusy  float64 `json:"machine_busy_cores"`
	MachineSteal float64 `json:"machine_steal_cores"`
	Samples      int     `json:"samples"`
	PeakHWM      int64   `json:"vm_hwm_bytes"`
	MaxRSS       int64   `json:"max_vm_rss_bytes"`
	LastRSS      int64   `json:"last_vm_rss_bytes"`
	SeriesMiB    []int64 `json:"rss_mib_every_5s"`
}
