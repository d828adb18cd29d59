// Package openapi holds the API contract of namescope: the OpenAPI 3.0.3
// document written by hand in openapi.yaml, and the reference page that
// renders it (the vendored Swagger UI in ui/, see ui/VERSION and
// scripts/vendor-apidocs, with the page of page/). Both are embedded in the
// binary: the api package serves the document as JSON at
// GET /api/v1/openapi.json and the page at GET /api/docs, nothing fetched
// from elsewhere.
//
// The document is checked when it is loaded (kin-openapi's validation), and
// the contract tests of the api package check that it names every route
// the application registers and that the answers of the HTTP tests match it
// (internal/testenv validates every response it sees).
package openapi
