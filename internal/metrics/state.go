package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// State says how to read the state of an application when /metrics is
// scraped. Each reading must be cheap: it runs on every scrape. A nil
// function is not reported.
type State struct {
	// Indexes returns the document count of each index, by index name.
	Indexes map[string]func() (uint64, error)
	// Outbox is the number of pending outbox entries (index updates
	// written to the store and not yet applied).
	Outbox func() int
	// StoreSize is the store's LSM-tree and value-log sizes in bytes.
	StoreSize func() (lsm, vlog int64)
}

type stateCollector struct {
	s                        State
	docs, outbox, storeBytes *prometheus.Desc
}

// NewStateCollector reports the readings of s at every scrape:
// namescope_index_documents{index}, namescope_outbox_pending and
// namescope_store_size_bytes{part="lsm"|"vlog"}. A reading that fails is
// reported as an error of the scrape for that series alone.
func NewStateCollector(s State) prometheus.Collector {
	return &stateCollector{
		s: s,
		docs: prometheus.NewDesc(Namespace+"_index_documents",
			"Documents in each search index (names: enterprise names, marks: trademarks).", []string{"index"}, nil),
		outbox: prometheus.NewDesc(Namespace+"_outbox_pending",
			"Index updates written to the store and not yet applied to the indexes.", nil, nil),
		storeBytes: prometheus.NewDesc(Namespace+"_store_size_bytes",
			"Size of the store on disk as badger estimates it: part=lsm (keys and small values) and part=vlog (value log).", []string{"part"}, nil),
	}
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.docs
	ch <- c.outbox
	ch <- c.storeBytes
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	for name, count := range c.s.Indexes {
		n, err := count()
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.docs, err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.docs, prometheus.GaugeValue, float64(n), name)
	}
	if c.s.Outbox != nil {
		ch <- prometheus.MustNewConstMetric(c.outbox, prometheus.GaugeValue, float64(c.s.Outbox()))
	}
	if c.s.StoreSize != nil {
		lsm, vlog := c.s.StoreSize()
		ch <- prometheus.MustNewConstMetric(c.storeBytes, prometheus.GaugeValue, float64(lsm), "lsm")
		ch <- prometheus.MustNewConstMetric(c.storeBytes, prometheus.GaugeValue, float64(vlog), "vlog")
	}
}
