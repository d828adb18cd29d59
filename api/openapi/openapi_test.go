package openapi

import (
	"slices"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	b, err := JSON()
	if err != nil || len(b) == 0 {
		t.Fatalf("JSON: %d bytes, %v", len(b), err)
	}
}

// knownRoles are the values of x-roles: the API key roles, the party
// tokens and public.
var knownRoles = []string{"public", "registrar", "staff", "admin", "partner", "party:applicant", "party:respondent"}

// Every operation says who may call it (x-roles and its description), and
// documents the statuses its access implies: the rate limit, the readiness
// gate (but for the document) and internal errors for every /api/v1 operation, 401 and 403 for
// every operation that takes a key or a party token.
func TestOperationsDocumentAccess(t *testing.T) {
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			t.Run(name, func(t *testing.T) {
				if op.OperationID == "" {
					t.Error("no operationId")
				} else if other, dup := ids[op.OperationID]; dup {
					t.Errorf("operationId %s is also %s", op.OperationID, other)
				}
				ids[op.OperationID] = name
				if op.Summary == "" {
					t.Error("no summary")
				}
				raw, ok := op.Extensions["x-roles"].([]any)
				if !ok || len(raw) == 0 {
					t.Fatalf("no x-roles (%T)", op.Extensions["x-roles"])
				}
				var roles []string
				for _, r := range raw {
					s, _ := r.(string)
					if !slices.Contains(knownRoles, s) {
						t.Errorf("x-roles has %v, not one of %v", r, knownRoles)
					}
					roles = append(roles, s)
				}
				if !strings.Contains(op.Description, "Roles: ") {
					t.Errorf("the description does not name the roles: %q", op.Description)
				}
				want := []string{}
				if strings.HasPrefix(path, "/api/v1/") {
					want = append(want, "429", "500")
					// The document itself passes the readiness gate.
					if path != "/api/v1/openapi.json" {
						want = append(want, "503")
					}
				}
				if !slices.Contains(roles, "public") {
					want = append(want, "401", "403")
					if op.Security == nil || len(*op.Security) == 0 {
						t.Error("a role is needed, yet no security requirement")
					}
				}
				for _, status := range want {
					if op.Responses.Value(status) == nil {
						t.Errorf("status %s is not documented", status)
					}
				}
			})
		}
	}
}

// The reference page's files: the page with its Chinese title, its script
// and style, the renderer and its licence; VERSION is not served.
func TestAssets(t *testing.T) {
	assets, err := Assets()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		contentType string
		contains    string
	}{
		{"index.html", "text/html; charset=utf-8", "<title>namescope 接口文档</title>"},
		{"init.js", "text/javascript; charset=utf-8", "/api/v1/openapi.json"},
		{"page.css", "text/css; charset=utf-8", ".ns-header"},
		{"swagger-ui-bundle.js", "text/javascript; charset=utf-8", "SwaggerUIBundle"},
		{"swagger-ui.css", "text/css; charset=utf-8", ".swagger-ui"},
		{"LICENSE", "text/plain; charset=utf-8", "Apache License"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, ok := assets[tc.name]
			if !ok {
				t.Fatalf("no %s", tc.name)
			}
			if a.ContentType != tc.contentType {
				t.Errorf("Content-Type %q, want %q", a.ContentType, tc.contentType)
			}
			if !strings.Contains(string(a.Body), tc.contains) {
				t.Errorf("%s does not contain %q", tc.name, tc.contains)
			}
			if a.ETag == "" {
				t.Error("no ETag")
			}
		})
	}
	if _, ok := assets["VERSION"]; ok {
		t.Error("VERSION is served")
	}
}
