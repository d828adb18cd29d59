// Package testenv builds, for a test, the application the binary runs:
// internal/app opened on a data directory in t.TempDir() (badger and
// bleve on disk), with a settable clock, an API key per role (or the keys
// the test names), optionally the demo registry and the business-scope
// service, and the fiber app of api.New over it. Restart closes it and
// opens the same directory again; Serve puts it on a loopback port.
//
// The HTTP tests (api), the browser tests (web/e2e) and the tests of the
// binary use it, so that they test the wiring that runs in production
// rather than a copy of it. One test environment cannot use it:
// lifecycle/env_test.go is an internal test of package lifecycle, and
// testenv imports lifecycle (through internal/app), so importing it there
// would be an import cycle; it keeps its own small wiring of store,
// indexes, registry and lifecycle. External tests of lifecycle (package
// lifecycle_test) can use testenv.
package testenv
