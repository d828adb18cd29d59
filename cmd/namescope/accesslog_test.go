package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// `serve` writes one access-log line per request unless --access-log=false
// or NAMESCOPE_ACCESS_LOG=false (the flag wins), and serves /metrics.
func TestServeAccessLogAndMetrics(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    string // NAMESCOPE_ACCESS_LOG
		args   []string
		logged bool
	}{
		{"on by default", "", nil, true},
		{"off by flag", "", []string{"--access-log=false"}, false},
		{"off by environment", "false", nil, false},
		{"the flag wins over the environment", "false", []string{"--access-log=true"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NAMESCOPE_ACCESS_LOG", tc.env)
			var mu sync.Mutex
			var lines []slog.Record
			addrc := make(chan string, 1)
			log := slog.New(&logTap{fn: func(r slog.Record) {
				switch r.Message {
				case "namescope serving":
					addrc <- attr(r, "addr").String()
				case "http request":
					mu.Lock()
					lines = append(lines, r)
					mu.Unlock()
				}
			}})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data"), "--rate", "0"}, tc.args...)
			go func() { done <- run(ctx, args, io.Discard, log) }()
			var base string
			select {
			case addr := <-addrc:
				base = "http://" + addr
			case err := <-done:
				t.Fatalf("serve returned before it listened: %v", err)
			case <-time.After(time.Minute):
				t.Fatal("serve did not listen within a minute")
			}

			req, _ := http.NewRequest("GET", base+"/metrics?x=1", nil)
			req.Header.Set("X-Request-ID", "scrape-1")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("X-Request-ID") != "scrape-1" ||
				!strings.Contains(string(body), "namescope_index_documents") || !strings.Contains(string(body), "namescope_build_info") {
				t.Fatalf("GET /metrics: %d %q %.300s", resp.StatusCode, resp.Header.Get("X-Request-ID"), body)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("serve: %v", err)
			}

			mu.Lock()
			defer mu.Unlock()
			var found bool
			for _, r := range lines {
				if attr(r, "request_id").String() == "scrape-1" {
					found = attr(r, "route").String() == "/metrics" && attr(r, "status").Int64() == 200
				}
			}
			if found != tc.logged {
				t.Errorf("access-log line of the scrape: %v, want %v (lines %v)", found, tc.logged, lines)
			}
		})
	}
}
