package api

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"namescope/internal/health"
)

// ReadyBody is the JSON answer of GET /readyz: status "ready" (200), or
// "loading" or "failed" (503) with the state of each component.
type ReadyBody struct {
	Status     string        `json:"status"`
	Components health.Report `json:"components"`
	// Warnings say what does not stop the service but needs attention
	// (a holiday calendar year not loaded).
	Warnings []string `json:"warnings,omitempty"`
}

// componentLabel names the components in messages to users.
var componentLabel = map[string]string{
	health.Store:      "数据存储",
	health.NamesIndex: "企业名称索引",
	health.MarksIndex: "商标索引",
	health.Scope:      "经营范围目录",
	health.Demo:       "演示数据",
}

func (h *handlers) report() health.Report {
	if h.Readiness == nil {
		return health.Report{}
	}
	return h.Readiness()
}

// readyz answers 200 when every component answers, else 503 saying which
// one is loading (with a rebuild's progress) or failed.
func (h *handlers) readyz(c *fiber.Ctx) error {
	r := h.report()
	body := ReadyBody{Status: "ready", Components: r}
	status := fiber.StatusOK
	for _, comp := range r {
		switch comp.State {
		case health.Ready:
		case health.Failed:
			body.Status, status = "failed", fiber.StatusServiceUnavailable
		default:
			if body.Status != "failed" {
				body.Status, status = "loading", fiber.StatusServiceUnavailable
			}
		}
	}
	if h.Lifecycle != nil {
		body.Warnings = h.Lifecycle.CalendarWarnings()
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(body)
}

// needs returns the components a request under /api/v1 needs: the API
// document none (it is embedded), the scope routes the catalogue, keys,
// holidays and the audit log the store only, every other route the
// registry (the indexes, and the demo names when they are seeded).
func needs(path string) []string {
	rest := strings.TrimPrefix(path, "/api/v1")
	if rest == openapiPath {
		return nil // the document is embedded: served whatever is loading
	}
	for _, p := range []string{"/scope", "/departments"} {
		if under(rest, p) {
			return []string{health.Store, health.Scope}
		}
	}
	for _, p := range []string{"/keys", "/holidays", "/audit", "/lexicon", "/admin"} {
		if under(rest, p) {
			return []string{health.Store}
		}
	}
	return []string{health.Store, health.NamesIndex, health.MarksIndex, health.Demo}
}

// under reports whether path is prefix or below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// gate answers 503 for a request whose components are not ready yet, so
// that it neither waits for a rebuild nor sees a registry half loaded.
func (h *handlers) gate(c *fiber.Ctx) error {
	if h.Readiness == nil {
		return c.Next()
	}
	r := h.Readiness()
	name, ok := r.ReadyFor(needs(c.Path())...)
	if ok {
		return c.Next()
	}
	c.Set(fiber.HeaderRetryAfter, "1")
	return fiber.NewError(fiber.StatusServiceUnavailable, unavailableMessage(name, r[name]))
}

// unavailableMessage tells the user which part of the service is not ready.
func unavailableMessage(name string, comp health.Component) string {
	label := componentLabel[name]
	if label == "" {
		label = "服务"
	}
	switch comp.State {
	case health.Failed:
		return label + "加载失败，服务暂不可用，请稍后重试"
	case health.Rebuilding:
		if comp.Total > 0 {
			return fmt.Sprintf("%s正在加载（重建中，已完成 %d/%d），请稍后重试", label, comp.Done, comp.Total)
		}
		return label + "正在加载（重建中），请稍后重试"
	}
	return label + "正在加载，请稍后重试"
}
