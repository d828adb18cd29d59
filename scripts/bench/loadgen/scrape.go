package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"namescope/scripts/bench/benchfmt"
)

// scrapeResult is what `loadgen scrape` writes.
type scrapeResult struct {
	URL       string         `json:"url"`
	Rate      float64        `json:"rate"`
	Seconds   float64        `json:"seconds"`
	Errors    int            `json:"errors"`
	MeanBytes float64        `json:"mean_bytes"`
	Latency   benchfmt.Stats `json:"latency"`
}

// scrapeCmd reads a /metrics URL at a fixed rate, one read at a time (as a
// Prometheus server does), for a duration, and reports the reads' latency.
//
//	loadgen scrape -url http://127.0.0.1:PORT/metrics -rate 1 -duration 25s [-out scrape.json]
func scrapeCmd(args []string) error {
	fs := flag.NewFlagSet("scrape", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080/metrics", "metrics URL")
	rate := fs.Float64("rate", 1, "scrapes per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to scrape")
	out := fs.String("out", "", "write the result as JSON here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !loopback(*url) {
		return fmt.Errorf("%s: loopback only", *url)
	}
	if *rate <= 0 {
		return fmt.Errorf("-rate must be positive")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res := scrapeResult{URL: *url, Rate: *rate}
	var lats []time.Duration
	var bytes int64
	interval := time.Duration(float64(time.Second) / *rate)
	start := time.Now()
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.After(start.Add(*duration)) {
			break
		}
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		t0 := time.Now()
		resp, err := client.Get(*url)
		if err != nil {
			res.Errors++
			continue
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			res.Errors++
			continue
		}
		lats = append(lats, time.Since(t0))
		bytes += n
	}
	res.Seconds = time.Since(start).Seconds()
	res.Latency = stats(lats)
	if len(lats) > 0 {
		res.MeanBytes = float64(bytes) / float64(len(lats))
	}
	fmt.Printf("scrape %-5g/s n=%-5d p50 %7.2f  p99 %7.2f  max %7.2f ms  %.0f bytes  errors %d\n",
		*rate, res.Latency.Count, res.Latency.P50, res.Latency.P99, res.Latency.Max, res.MeanBytes, res.Errors)
	if *out != "" {
		b, _ := json.MarshalIndent(res, "", " ")
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}
