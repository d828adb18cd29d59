package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"namescope/api/openapi"
)

// The API contract: every answer that Send gets to a request for /healthz,
// /readyz or a path under /api/ is checked against the OpenAPI document of
// api/openapi (its status must be documented for the operation, its
// Content-Type too, and a JSON body must match the schema); a mismatch
// fails the test (t.Errorf). Requests are not checked: tests send invalid
// ones on purpose. The pages of package web (every other path) are not
// part of the document and are not checked.

// contract is the loaded document and its router.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

var loadContract = sync.OnceValues(func() (*contract, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: router: %w", err)
	}
	return &contract{doc: doc, router: r}, nil
})

// validated counts the answers checked against the document.
var validated atomic.Int64

// ValidatedResponses is how many answers Send has checked against the API
// document in this test binary so far.
func ValidatedResponses() int64 { return validated.Load() }

// inContract reports whether the document covers path: /healthz, /readyz,
// /metrics and everything under /api/.
func inContract(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics" || strings.HasPrefix(path, "/api/")
}

// CheckContract fails t when the answer (status, header, body) to req does
// not match the API document, for the tests that send requests over the
// network rather than through Send (web/e2e). Paths outside the document
// (the pages) are not checked.
func CheckContract(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	checkContract(t, req, status, header, body)
}

// checkContract fails t when the answer (status, header, body) to req does
// not match the API document.
func checkContract(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if req.Method == http.MethodHead || !inContract(req.URL.Path) {
		return
	}
	c, err := loadContract()
	if err != nil {
		t.Fatalf("testenv: the API document: %v", err)
	}
	if err := c.check(req, status, header, body); err != nil {
		t.Errorf("%s %s answered %d, which the API contract (api/openapi/openapi.yaml) does not allow: %v\nbody: %s",
			req.Method, req.URL.RequestURI(), status, err, clip(body, 400))
		return
	}
	validated.Add(1)
}

func (c *contract) check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		// No operation: the app must answer with its error body, 404
		// (no_route) or 405 (method_not_allowed).
		var re *routers.RouteError
		if !errors.As(err, &re) {
			return err
		}
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Errorf("no documented operation (%v), yet the answer is not 404 or 405", err)
		}
		return c.checkErrorBody(header, body)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	in.Options.WithCustomSchemaErrorFunc(schemaError)
	ct := header.Get("Content-Type")
	if !isJSON(ct) {
		// Files (CSV, XLSX, evidence, backups), pages and scripts: the
		// status and the Content-Type must be documented; the body is
		// not checked.
		in.Options.ExcludeResponseBody = true
		if err := documentedType(route.Operation, status, ct); err != nil {
			return err
		}
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// documentedType checks that the operation documents ct for status.
func documentedType(op *openapi3.Operation, status int, ct string) error {
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("status %d is not documented", status)
	}
	if len(ref.Value.Content) == 0 {
		if len(ct) == 0 {
			return nil
		}
		return fmt.Errorf("status %d is documented without a body, the answer has Content-Type %q", status, ct)
	}
	if ref.Value.Content.Get(ct) == nil {
		return fmt.Errorf("Content-Type %q is not documented for status %d", ct, status)
	}
	return nil
}

// checkErrorBody checks an answer against the schema ErrorBody.
func (c *contract) checkErrorBody(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); !isJSON(ct) {
		return fmt.Errorf("an error answer must be JSON, it has Content-Type %q", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("an error answer must be JSON: %w", err)
	}
	s := c.doc.Components.Schemas["ErrorBody"]
	if s == nil || s.Value == nil {
		return errors.New("the document has no schema ErrorBody")
	}
	if err := s.Value.VisitJSON(v, openapi3.SetSchemaErrorMessageCustomizer(schemaError)); err != nil {
		return fmt.Errorf("the error answer does not match ErrorBody: %w", err)
	}
	return nil
}

// schemaError says where the value is wrong and why, without the schema.
func schemaError(err *openapi3.SchemaError) string {
	return fmt.Sprintf("at /%s: %s (value %s)", strings.Join(err.JSONPointer(), "/"), err.Reason, clip([]byte(fmt.Sprint(err.Value)), 160))
}

func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(strings.ToLower(mt)) == "application/json"
}

func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}
