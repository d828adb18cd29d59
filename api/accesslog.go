package api

import (
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/auth"
	"namescope/lifecycle"
)

// logAccess writes the access-log line of a request (Deps.AccessLog):
//
//	{"time":…,"level":"INFO","msg":"http request","request_id":"…","method":"POST",
//	 "route":"/api/v1/names/check","status":200,"duration_ms":3.2,"role":"public"}
//
// The route is the pattern, never the path: no identifier, token, query
// string, body or personal data reaches the log.
func (h *handlers) logAccess(c *fiber.Ctx, id, route, method string, status int, elapsed time.Duration) {
	h.AccessLog.LogAttrs(c.UserContext(), slog.LevelInfo, "http request",
		slog.String("request_id", id),
		slog.String("method", method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		slog.String("role", roleOf(c)),
	)
}

// loggedRoles are the roles an access-log line names; any other actor is
// logged as "other".
var loggedRoles = []string{
	auth.RoleRegistrar, auth.RoleStaff, auth.RoleAdmin, lifecycle.PartyApplicant, lifecycle.PartyRespondent,
}

// roleOf is the role of the request's key or party token (the part of the
// actor before its id), "public" without one.
func roleOf(c *fiber.Ctx) string {
	a, ok := c.Locals("actor").(string)
	if !ok {
		return auth.RolePublic
	}
	role, _, _ := strings.Cut(a, ":")
	for _, r := range loggedRoles {
		if r == role {
			return r
		}
	}
	return "other"
}
