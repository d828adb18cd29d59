// Package metrics defines namescope's Prometheus metrics: one registry per
// application (never the global default one, so that a test can build many
// applications), the HTTP, name-check and rate-limit series the HTTP layer
// updates, a collector that reads the indexes' document counts, the outbox
// backlog and the store's sizes when /metrics is scraped, the build
// information and the standard Go and process collectors.
//
// The package knows nothing of HTTP routing or of the domain: the api package
// feeds it label values, internal/app supplies the scrape-time readings.
package metrics
