package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"namescope/api"
	"namescope/internal/testenv"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// Every answer, an error's too, carries its request id; the access log has
// one JSON line per request with the id, method, route pattern, status,
// duration and role, and nothing of the token, the query string, the body
// or the path's identifiers.
func TestAccessLogAndRequestID(t *testing.T) {
	logs := &syncBuffer{}
	env := testenv.New(t, testenv.Options{API: func(d *api.Deps) {
		d.AccessLog = slog.New(slog.NewJSONHandler(logs, nil))
	}})
	env.PutFixture(t, "test")
	const check = `{"name":"平顶山市星河科技有限公司","authority_code":"410400"}`
	bogus := "ns_" + strings.Repeat("x", 40)
	for _, tc := range []struct {
		name, method, path, token, body string
		inID                            string // X-Request-ID sent
		keepsID                         bool   // the answer carries inID
		status                          int
		route, role                     string
	}{
		{"check with a key and a query string", "POST", "/api/v1/names/check?token=SECRETQ", env.Tokens["registrar"], check,
			"client-id_1.2", true, 200, "/api/v1/names/check", "public"},
		{"admin route", "GET", "/api/v1/keys", env.Tokens["admin"], "", "", false, 200, "/api/v1/keys", "admin"},
		{"staff route with an id in the path", "GET", "/api/v1/enterprises/91410400MA44QH0015/history", env.Tokens["staff"], "",
			"", false, 404, "/api/v1/enterprises/:id/history", "staff"},
		{"no route, an unsafe request id", "GET", "/api/v1/nothing-here?q=星河", "", "", "bad id\twith spaces", false, 404, "unmatched", "public"},
		{"a request id too long", "GET", "/healthz", "", "", strings.Repeat("a", 65), false, 200, "/healthz", "public"},
		{"unparsable body", "POST", "/api/v1/names/check", "", `{"name":`, "", false, 400, "/api/v1/names/check", "public"},
		{"no key", "GET", "/api/v1/keys", "", "", "", false, 401, "/api/v1/keys", "public"},
		{"a wrong key", "GET", "/api/v1/keys", bogus, "", "", false, 401, "/api/v1/keys", "public"},
		{"a key of another role", "GET", "/api/v1/keys", env.Tokens["staff"], "", "", false, 403, "/api/v1/keys", "public"},
		{"method not allowed", "PATCH", "/api/v1/names/check", "", "", "", false, 405, "unmatched", "public"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			if tc.inID != "" {
				req.Header.Set("X-Request-ID", tc.inID)
			}
			resp, err := env.HTTP.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %s, want %d", resp.StatusCode, raw, tc.status)
			}
			id := resp.Header.Get("X-Request-ID")
			switch {
			case tc.keepsID && id != tc.inID:
				t.Fatalf("X-Request-ID %q, want the client's %q", id, tc.inID)
			case !tc.keepsID && !uuidRE.MatchString(id):
				t.Fatalf("X-Request-ID %q, want a new UUID", id)
			}
			line := accessLine(t, logs.String(), id)
			want := map[string]any{
				"level": "INFO", "msg": "http request", "request_id": id, "method": tc.method,
				"route": tc.route, "status": float64(tc.status), "role": tc.role,
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
				}
			}
			if d, ok := line["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("duration_ms = %v", line["duration_ms"])
			}
			keys := make([]string, 0, len(line))
			for k := range line {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"duration_ms", "level", "method", "msg", "request_id", "role", "route", "status", "time"}; !slices.Equal(keys, want) {
				t.Errorf("fields %v, want %v", keys, want)
			}
		})
	}
	t.Run("nothing secret or personal is logged", func(t *testing.T) {
		all := logs.String()
		secrets := []string{"Bearer", "SECRETQ", "?", "星河", "91410400MA44QH0015", bogus, "with spaces"}
		for _, tok := range env.Tokens {
			secrets = append(secrets, tok)
		}
		for _, s := range secrets {
			if strings.Contains(all, s) {
				t.Errorf("the access log has %q:\n%s", s, all)
			}
		}
	})
}

// accessLine is the one access-log line of request id.
func accessLine(t *testing.T, logs, id string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		if rec["request_id"] != id {
			continue
		}
		if found != nil {
			t.Fatalf("two lines for request %s:\n%s", id, logs)
		}
		found = rec
	}
	if found == nil {
		t.Fatalf("no access-log line for request %s:\n%s", id, logs)
	}
	return found
}

// Without Deps.AccessLog nothing is logged for a request that succeeds.
func TestNoAccessLogByDefault(t *testing.T) {
	logs := &syncBuffer{}
	env := testenv.New(t, testenv.Options{Log: slog.New(slog.NewJSONHandler(logs, nil))})
	if st, _, _ := env.Do(t, "GET", "/healthz", "", nil); st != http.StatusOK {
		t.Fatalf("healthz: %d", st)
	}
	if strings.Contains(logs.String(), "http request") {
		t.Errorf("access log without AccessLog:\n%s", logs)
	}
}

// A request fasthttp refuses before any middleware (a body over the limit)
// is answered by the error handler alone: the answer still has an id.
func TestRequestIDOnRefusedBody(t *testing.T) {
	env := testenv.New(t, testenv.Options{NoWellKnownMarks: true})
	addr := strings.TrimPrefix(env.Serve(t), "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The declared length alone is over the limit: the body is not sent.
	fmt.Fprintf(conn, "POST /api/v1/names/check HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", addr, 5<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
	if id := resp.Header.Get("X-Request-ID"); !uuidRE.MatchString(id) {
		t.Errorf("X-Request-ID %q, want a new UUID", id)
	}
}
