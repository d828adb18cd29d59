package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"namescope/api"
	"namescope/internal/testenv"
	"namescope/name"
)

// failingRegistry is a name.Registry whose look-ups fail: with an error, or
// with a panic.
type failingRegistry struct {
	candidates, marks error
	panics            string
}

func (r failingRegistry) Candidates(context.Context, name.CandidateQuery) ([]name.Existing, error) {
	if r.panics != "" {
		panic(r.panics)
	}
	return nil, r.candidates
}

func (r failingRegistry) MarkCandidates(context.Context, string, int) ([]name.Mark, error) {
	return nil, r.marks
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A dependency that fails makes a 500 with the one internal message: no Go
// error text reaches the client, and the error is logged with the
// request's id (the X-Request-ID the client got).
func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	const internalBody = `{"error":{"code":"internal","message":"内部错误，请稍后重试"}}`
	for _, tc := range []struct {
		name     string
		registry failingRegistry
		leak     string // text of the failure that must not be shown
	}{
		{"candidate look-up fails", failingRegistry{candidates: errors.New("badger: value log truncated at /data/store/000001.vlog")}, "000001.vlog"},
		{"mark look-up fails", failingRegistry{marks: errors.New("bleve: segment 7 unreadable: EOF")}, "segment 7"},
		{"look-up panics", failingRegistry{panics: "runtime error: index out of range [3] with length 3"}, "index out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &syncBuffer{}
			env := testenv.New(t, testenv.Options{
				Log: slog.New(slog.NewJSONHandler(logs, nil)),
				API: func(d *api.Deps) { d.Checker = &name.Checker{Registry: tc.registry} },
			})
			req := httptest.NewRequest("POST", "/api/v1/names/check", strings.NewReader(`{"name":"平顶山市星河科技有限公司","authority_code":"410400"}`))
			req.Header.Set("Content-Type", "application/json")
			resp, err := env.HTTP.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 500 || string(raw) != internalBody {
				t.Fatalf("answer %d %s, want 500 %s", resp.StatusCode, raw, internalBody)
			}
			if strings.Contains(string(raw), tc.leak) {
				t.Errorf("the answer shows the failure: %s", raw)
			}
			id := resp.Header.Get("X-Request-ID")
			if id == "" {
				t.Fatal("no X-Request-ID")
			}
			var logged bool
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				if rec["level"] == "ERROR" && rec["request_id"] == id && strings.Contains(rec["err"].(string), tc.leak) {
					logged = true
				}
			}
			if !logged {
				t.Errorf("no error logged with request_id %s and the failure %q:\n%s", id, tc.leak, logs)
			}
		})
	}
}
