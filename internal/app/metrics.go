package app

import (
	"namescope/internal/metrics"
)

// MetricsState says how /metrics reads the application's state: the
// document counts of the name and trademark indexes, the outbox backlog
// and the store's sizes (see metrics.NewStateCollector).
func (a *App) MetricsState() metrics.State {
	return metrics.State{
		Indexes: map[string]func() (uint64, error){
			"names": a.Names.Count,
			"marks": a.Marks.Count,
		},
		Outbox:    a.Store.OutboxBacklog,
		StoreSize: a.Store.Size,
	}
}

// NewMetrics builds the metrics of the application: the HTTP layer's
// series and the state MetricsState reads, in a registry of their own.
func (a *App) NewMetrics() *metrics.Metrics {
	m := metrics.New()
	m.Registry.MustRegister(metrics.NewStateCollector(a.MetricsState()))
	return m
}
