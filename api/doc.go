// Package api is the HTTP face of namescope: a fiber application that
// decodes and validates requests, calls the domain packages, and maps their
// errors to statuses in one table (errors.go). It holds no domain rules.
//
// Its contract is the OpenAPI document of api/openapi, served at
// GET /api/v1/openapi.json and rendered at GET /api/docs (docs.go); a route
// added here is added to that document in the same change, or the contract
// tests (contract_test.go) fail.
package api
