package api_test

import (
	"net/netip"
	"testing"

	"namescope/api"
	"namescope/internal/testenv"
)

// Behind a reverse proxy the client is the rightmost X-Forwarded-For
// address that is not a trusted proxy; the header of an untrusted peer is
// ignored, so a client cannot pick its own rate-limit key.
func TestClientAddr(t *testing.T) {
	trusted, err := api.ParseTrustedProxies("10.0.0.0/8, 127.0.0.1,::1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		peer string
		xff  []string
		want string
	}{
		{"no proxy, no header", "203.0.113.7", nil, "203.0.113.7"},
		{"untrusted peer's header ignored", "203.0.113.7", []string{"198.51.100.1"}, "203.0.113.7"},
		{"trusted proxy, one hop", "10.1.2.3", []string{"198.51.100.1"}, "198.51.100.1"},
		{"client-written hops on the left are not believed", "10.1.2.3", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", "127.0.0.1", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"several header lines", "10.1.2.3", []string{"1.2.3.4", "198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"only trusted hops", "10.1.2.3", []string{"10.0.0.2"}, "10.0.0.2"},
		{"malformed hop stops the walk", "10.1.2.3", []string{"1.2.3.4, not-an-ip"}, "10.1.2.3"},
		{"IPv4-mapped peer", "::ffff:10.1.2.3", []string{"198.51.100.1"}, "198.51.100.1"},
		{"IPv6 trusted peer", "::1", []string{"2001:db8::5"}, "2001:db8::5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := trusted.ClientAddr(netip.MustParseAddr(tc.peer), tc.xff)
			if got.String() != tc.want {
				t.Errorf("ClientAddr(%s, %q) = %s, want %s", tc.peer, tc.xff, got, tc.want)
			}
		})
	}
	if _, err := api.ParseTrustedProxies("10.0.0.0/33"); err == nil {
		t.Error("bad prefix accepted")
	}
	if p, err := api.ParseTrustedProxies(""); err != nil || len(p) != 0 {
		t.Errorf("empty list: %v %v", p, err)
	}
}

// The public rate limit counts per client behind a trusted proxy: two
// clients of one proxy have a budget each; without the proxy trusted they
// would share the proxy's.
func TestRateLimitPerForwardedClient(t *testing.T) {
	for _, tc := range []struct {
		name       string
		trusted    string
		secondGets int // status of client B's first request
	}{
		{"proxy trusted", "0.0.0.0/0,::/0", 200},
		{"proxy not trusted", "", 429},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proxies, err := api.ParseTrustedProxies(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			env := testenv.New(t, testenv.Options{API: func(d *api.Deps) {
				d.PublicRatePerMinute = 2
				d.TrustedProxies = proxies
			}})
			check := map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"}
			for i := 0; i < 2; i++ {
				if st, _, raw := env.Do(t, "POST", "/api/v1/names/check", "", check, "X-Forwarded-For", "198.51.100.1"); st != 200 {
					t.Fatalf("client A request %d: %d %s", i, st, raw)
				}
			}
			if st, _, _ := env.Do(t, "POST", "/api/v1/names/check", "", check, "X-Forwarded-For", "198.51.100.1"); st != 429 {
				t.Fatalf("client A over its budget: %d", st)
			}
			if st, _, _ := env.Do(t, "POST", "/api/v1/names/check", "", check, "X-Forwarded-For", "198.51.100.2"); st != tc.secondGets {
				t.Fatalf("client B: %d, want %d", st, tc.secondGets)
			}
		})
	}
}

// Unknown routes answer their own code, apart from a missing record.
func TestNoRoute(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	st, out, _ := env.Do(t, "GET", "/api/v1/nothing-here", "", nil)
	if st != 404 || out["error"].(map[string]any)["code"] != "no_route" {
		t.Fatalf("unknown route: %d %v", st, out)
	}
	st, out, _ = env.Do(t, "GET", "/api/v1/enterprises/91410400MA44QH0015", "", nil)
	if st != 404 || out["error"].(map[string]any)["code"] != "not_found" {
		t.Fatalf("missing record: %d %v", st, out)
	}
}
