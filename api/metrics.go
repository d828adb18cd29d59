package api

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"namescope/auth"
)

// metricsRoutes serves the Prometheus metrics at GET /metrics, outside
// /api/v1: neither the readiness gate (a loading service is what one wants
// to watch) nor the public rate limit (a scraper is one client polling)
// applies. With Deps.MetricsRequireKey only admin keys may read them.
func (h *handlers) metricsRoutes(app *fiber.App) {
	serve := adaptor.HTTPHandler(promhttp.HandlerFor(h.Metrics.Registry, promhttp.HandlerOpts{
		// A reading that fails (an index closing) leaves its series out,
		// not the whole answer.
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      promLog{h.Log},
		Registry:      h.Metrics.Registry,
	}))
	handlers := []fiber.Handler{func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return serve(c)
	}}
	if h.MetricsRequireKey {
		handlers = append([]fiber.Handler{h.require(auth.RoleAdmin)}, handlers...)
	}
	app.Get("/metrics", handlers...)
}

// promLog logs promhttp's errors (a collector that failed) as warnings.
type promLog struct{ log *slog.Logger }

func (l promLog) Println(v ...any) {
	l.log.Warn("metrics", "err", fmt.Sprint(v...))
}

// observe is the first middleware: it gives the request its id, runs the
// rest of the chain, answers an error the chain returns through the error
// handler (so that the status is known here, and the answer carries the
// id), then counts the request in the metrics and writes its access-log
// line.
func (h *handlers) observe(c *fiber.Ctx) error {
	start := time.Now()
	id := ensureRequestID(c)
	if err := c.Next(); err != nil {
		if err := c.App().ErrorHandler(c, err); err != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	// A handler may have reset the headers.
	c.Set(fiber.HeaderXRequestID, id)
	elapsed := time.Since(start)
	status := c.Response().StatusCode()
	route, method := h.routeLabel(c), methodLabel(c.Method())
	h.Metrics.ObserveRequest(route, method, status, elapsed.Seconds())
	if h.AccessLog != nil {
		h.logAccess(c, id, route, method, status, elapsed)
	}
	return nil
}
