package api

import (
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestRouteTableMatch(t *testing.T) {
	table := newRouteTable([]fiber.Route{
		{Method: "GET", Path: "/api/v1/enterprises"},
		{Method: "GET", Path: "/api/v1/enterprises/:id"},
		{Method: "GET", Path: "/api/v1/enterprises/:id/history"},
		{Method: "GET", Path: "/api/v1/names/reports"},
		{Method: "GET", Path: "/api/v1/names/:anything"},
		{Method: "GET", Path: "/api/v1/holidays/:year?"},
		{Method: "GET", Path: "/files/*"},
		{Method: "GET", Path: "/"},
		{Method: "POST", Path: "/api/v1/names/check"},
		{Method: "DELETE", Path: "/api/v1/disputes/:id/evidence/:no"},
	})
	for _, tc := range []struct {
		name, method, path, served, want string
	}{
		{"static", "POST", "/api/v1/names/check", "", "/api/v1/names/check"},
		{"static, served", "POST", "/api/v1/names/check", "/api/v1/names/check", "/api/v1/names/check"},
		{"trailing slash and case, as fiber routes them", "POST", "/API/v1/Names/check/", "", "/api/v1/names/check"},
		{"one parameter", "GET", "/api/v1/enterprises/91410400MA44QH0015", "", "/api/v1/enterprises/:id"},
		{"parameter then static", "GET", "/api/v1/enterprises/X/history", "", "/api/v1/enterprises/:id/history"},
		{"two parameters", "DELETE", "/api/v1/disputes/D1/evidence/2", "", "/api/v1/disputes/:id/evidence/:no"},
		{"the first registered wins", "GET", "/api/v1/names/reports", "", "/api/v1/names/reports"},
		{"a later pattern", "GET", "/api/v1/names/other", "", "/api/v1/names/:anything"},
		{"optional parameter given", "GET", "/api/v1/holidays/2026", "", "/api/v1/holidays/:year?"},
		{"optional parameter left out", "GET", "/api/v1/holidays", "", "/api/v1/holidays/:year?"},
		{"wildcard", "GET", "/files/a/b/c.css", "", "/files/*"},
		{"root", "GET", "/", "", "/"},
		{"served by a middleware at / : the path decides", "GET", "/nothing", "/", unmatchedRoute},
		{"served by a middleware at a pattern's path", "GET", "/api/v1/enterprises/X", "/api/v1/enterprises", "/api/v1/enterprises/:id"},
		{"empty parameter", "GET", "/api/v1/enterprises//history", "", unmatchedRoute},
		{"too long", "POST", "/api/v1/names/check/more", "", unmatchedRoute},
		{"too short", "DELETE", "/api/v1/disputes/D1/evidence", "", unmatchedRoute},
		{"other method", "PUT", "/api/v1/names/check", "", unmatchedRoute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := table.match(tc.method, tc.path, tc.served); got != tc.want {
				t.Errorf("match(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
			}
		})
	}
}

func TestSafeRequestID(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   string
		safe bool
	}{
		{"uuid", "3f2a9c0d-1e4b-4c5d-8e9f-0a1b2c3d4e5f", true},
		{"token of letters, digits, dot and underscore", "lb.req_42", true},
		{"64 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true},
		{"65 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"empty", "", false},
		{"space", "a b", false},
		{"quote", `a"b`, false},
		{"newline", "a\nb", false},
		{"non-ASCII", "请求1", false},
		{"colon", "Bearer:x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeRequestID(tc.id); got != tc.safe {
				t.Errorf("safeRequestID(%q) = %v, want %v", tc.id, got, tc.safe)
			}
		})
	}
}

// Matching a request's route is on the path of every request: it
// allocates nothing.
func TestRouteTableMatchDoesNotAllocate(t *testing.T) {
	table := newRouteTable([]fiber.Route{
		{Method: "GET", Path: "/api/v1/enterprises/:id"},
		{Method: "POST", Path: "/api/v1/names/check"},
	})
	for _, tc := range []struct{ name, method, path, served string }{
		{"served route", "POST", "/api/v1/names/check", "/api/v1/names/check"},
		{"answered by a middleware", "GET", "/api/v1/Enterprises/X/", "/api/v1"},
		{"no route", "GET", "/nothing/here", "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() { table.match(tc.method, tc.path, tc.served) }); n != 0 {
				t.Errorf("match allocates %v times", n)
			}
		})
	}
}
