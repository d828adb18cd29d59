package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// unmatchedRoute is the route label of a request no route serves (404
// no_route, 405), whatever its path: one series, not one per path.
const unmatchedRoute = "unmatched"

// routeLabel is the route pattern of the request (/api/v1/enterprises/:id),
// never its raw path: the pattern of the first route (middleware aside)
// that matches the method and the path, as fiber matches them, whether its
// handler ran or a middleware answered first (the readiness gate, the rate
// limit). The route that served the request is tried first: usually the
// one.
func (h *handlers) routeLabel(c *fiber.Ctx) string {
	h.routesOnce.Do(func() { h.routes = newRouteTable(c.App().GetRoutes(true)) })
	return h.routes.match(c.Method(), c.Path(), c.Route().Path)
}

// routeTable matches a method and path against the app's route patterns,
// in the order fiber tries them. Patterns are static segments, ":param"
// segments (":param?" optional) and a final "*" or "+" taking the rest.
type routeTable struct {
	byMethod map[string][]routePattern
	// byPattern finds a method's route by its pattern.
	byPattern map[string]map[string]*routePattern
}

type routePattern struct {
	path     string // the pattern as registered
	segments []string
}

func newRouteTable(routes []fiber.Route) *routeTable {
	t := &routeTable{byMethod: map[string][]routePattern{}, byPattern: map[string]map[string]*routePattern{}}
	for _, r := range routes {
		p := routePattern{path: r.Path}
		for _, s := range strings.Split(strings.Trim(r.Path, "/"), "/") {
			if s != "" {
				p.segments = append(p.segments, s)
			}
		}
		t.byMethod[r.Method] = append(t.byMethod[r.Method], p)
	}
	for m, ps := range t.byMethod {
		t.byPattern[m] = map[string]*routePattern{}
		for i := range ps {
			if _, dup := t.byPattern[m][ps[i].path]; !dup {
				t.byPattern[m][ps[i].path] = &ps[i]
			}
		}
	}
	return t
}

// match returns the pattern of the first route of method that matches
// path, trying first the route of pattern served (the route whose handler
// ran, when one did); unmatchedRoute when none does.
func (t *routeTable) match(method, path, served string) string {
	if p, ok := t.byPattern[method][served]; ok && p.matches(path) {
		return p.path
	}
	for i := range t.byMethod[method] {
		if p := &t.byMethod[method][i]; p.matches(path) {
			return p.path
		}
	}
	return unmatchedRoute
}

// matches reports whether path (trailing slash ignored, static segments
// compared without case, as fiber's default routing does) fits the pattern.
func (p *routePattern) matches(path string) bool {
	rest := strings.Trim(path, "/")
	for i, seg := range p.segments {
		if seg == "*" || seg == "+" {
			return i == len(p.segments)-1 && (seg == "*" || rest != "")
		}
		var part string
		part, rest, _ = strings.Cut(rest, "/")
		switch {
		case strings.HasPrefix(seg, ":") && strings.HasSuffix(seg, "?"):
			if part == "" {
				return rest == "" && i == len(p.segments)-1
			}
		case strings.HasPrefix(seg, ":"):
			if part == "" {
				return false
			}
		case !strings.EqualFold(seg, part):
			return false
		}
	}
	return rest == ""
}

// methodLabel is the method as a constant string (fiber's c.Method() may
// share the request's buffer, which a label must not keep).
func methodLabel(m string) string {
	switch m {
	case fiber.MethodGet:
		return fiber.MethodGet
	case fiber.MethodHead:
		return fiber.MethodHead
	case fiber.MethodPost:
		return fiber.MethodPost
	case fiber.MethodPut:
		return fiber.MethodPut
	case fiber.MethodPatch:
		return fiber.MethodPatch
	case fiber.MethodDelete:
		return fiber.MethodDelete
	case fiber.MethodOptions:
		return fiber.MethodOptions
	case fiber.MethodConnect:
		return fiber.MethodConnect
	case fiber.MethodTrace:
		return fiber.MethodTrace
	}
	return "OTHER"
}
