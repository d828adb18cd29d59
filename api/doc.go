// Package api is the HTTP face of namescope: a fiber application that
// decodes and validates requests, calls the domain packages, and maps their
// errors to statuses in one table (errors.go). It holds no domain rules.
package api
