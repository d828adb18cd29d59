package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gofiber/fiber/v2"

	"namescope/api"
	"namescope/internal/health"
	"namescope/internal/testenv"
)

// TestMain reports how many answers of the HTTP tests were checked against
// the API document (internal/testenv checks every answer Send gets).
func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Printf("api contract: %d HTTP answers validated against api/openapi/openapi.yaml\n", testenv.ValidatedResponses())
	os.Exit(code)
}

// fiberParam is a path parameter of a fiber route (:id, :id?, :id+).
var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)[?+*]?`)

// inDocument reports whether a route belongs in the API document: /healthz,
// /readyz, /metrics and everything under /api/. Every other route is a page
// or an asset of package web (web.Mount), which the document leaves out.
func inDocument(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics" || strings.HasPrefix(path, "/api/")
}

// The document names every route the app registers (but the pages of
// package web) and nothing else: operation for operation, method and path,
// parameters by name.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	doc := loadServedDocument(t, env)

	registered := map[string]bool{}
	var pages []string
	for _, r := range env.HTTP.GetRoutes(true) {
		// HEAD is added by fiber to every GET; OPTIONS is not routed.
		if r.Method == fiber.MethodHead || r.Method == fiber.MethodOptions {
			continue
		}
		if !inDocument(r.Path) {
			pages = append(pages, r.Method+" "+r.Path)
			continue
		}
		registered[r.Method+" "+fiberParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}

	t.Run("every route is documented", func(t *testing.T) {
		for op := range registered {
			if !documented[op] {
				t.Errorf("%s is registered but not in api/openapi/openapi.yaml", op)
			}
		}
	})
	t.Run("every operation is registered", func(t *testing.T) {
		for op := range documented {
			if !registered[op] {
				t.Errorf("%s is documented but the app does not register it", op)
			}
		}
	})
	t.Run("the routes left out are pages", func(t *testing.T) {
		// The pages are served with GET only; anything else outside
		// /api/ would be an API route the document misses.
		if len(pages) == 0 {
			t.Fatal("no page routes: has web.Mount moved?")
		}
		for _, p := range pages {
			if !strings.HasPrefix(p, fiber.MethodGet+" ") {
				t.Errorf("%s: outside /api/ and not a page (GET)", p)
			}
		}
	})
	if len(registered) < 50 {
		t.Errorf("only %d API routes registered: are some dependencies missing from testenv?", len(registered))
	}
}

// loadServedDocument gets GET /api/v1/openapi.json and loads and validates it.
func loadServedDocument(t *testing.T, env *testenv.Env) *openapi3.T {
	t.Helper()
	st, _, raw := env.Do(t, "GET", "/api/v1/openapi.json", "", nil)
	if st != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", st, raw)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("the served document does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the served document is not valid OpenAPI: %v", err)
	}
	return doc
}

// The document is served as valid OpenAPI 3.0.3, also while the components
// are loading (the readiness gate answers 503 for the rest of /api/v1).
func TestOpenAPIServed(t *testing.T) {
	loading := func() health.Report {
		return health.Report{health.Store: {State: health.Ready}, health.NamesIndex: {State: health.Loading}}
	}
	tests := []struct {
		name      string
		readiness func() health.Report
	}{
		{"ready", nil},
		{"names index loading", loading},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.New(t, testenv.Options{API: func(d *api.Deps) {
				if tc.readiness != nil {
					d.Readiness = tc.readiness
				}
			}})
			doc := loadServedDocument(t, env)
			if doc.OpenAPI != "3.0.3" {
				t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
			}
			if tc.readiness != nil {
				// The gate is on: the registry routes wait.
				if st, _, raw := env.Do(t, "GET", "/api/v1/enterprises?q=星河", "", nil); st != http.StatusServiceUnavailable {
					t.Errorf("search while the index loads: %d %s", st, raw)
				}
			}
		})
	}
}

// attrURL finds the src and href attributes of a page.
var attrURL = regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*"([^"]*)"`)

// The reference page is served from the binary: a Chinese title, and every
// script, style sheet and link on it is local and answers.
func TestDocsPage(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	st, _, raw := env.Do(t, "GET", "/api/docs", "", nil)
	if st != http.StatusOK {
		t.Fatalf("GET /api/docs: %d %s", st, raw)
	}
	page := string(raw)
	if !strings.Contains(page, "<title>namescope 接口文档</title>") {
		t.Errorf("the page has no Chinese title: %.300s", page)
	}
	urls := attrURL.FindAllStringSubmatch(page, -1)
	if len(urls) < 3 {
		t.Fatalf("the page references %d files, want its script, style sheet and the document", len(urls))
	}
	var refs []string
	for _, m := range urls {
		refs = append(refs, m[1])
	}
	for _, want := range []string{"/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css", "/api/docs/init.js", "/api/v1/openapi.json"} {
		if !slices.Contains(refs, want) {
			t.Errorf("the page does not reference %s (it references %v)", want, refs)
		}
	}
	for _, u := range refs {
		t.Run(u, func(t *testing.T) {
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				t.Fatalf("%q is not a path on this server", u)
			}
			if st, _, raw := env.Do(t, "GET", u, "", nil); st != http.StatusOK || len(raw) == 0 {
				t.Errorf("GET %s: %d, %d bytes", u, st, len(raw))
			}
		})
	}
	t.Run("the script asks for the local document", func(t *testing.T) {
		_, _, js := env.Do(t, "GET", "/api/docs/init.js", "", nil)
		if !strings.Contains(string(js), `url: "/api/v1/openapi.json"`) || !strings.Contains(string(js), "validatorUrl: null") {
			t.Errorf("init.js does not load /api/v1/openapi.json with the outside validator off:\n%s", js)
		}
	})
	t.Run("unknown file", func(t *testing.T) {
		for _, p := range []string{"/api/docs/nothing.js", "/api/docs/index.html", "/api/docs/VERSION"} {
			if st, out, raw := env.Do(t, "GET", p, "", nil); st != http.StatusNotFound || out == nil {
				t.Errorf("GET %s: %d %s", p, st, raw)
			}
		}
	})
}
