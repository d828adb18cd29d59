package testenv

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The contract check passes answers the document allows and catches the
// rest: an undocumented status, a body off its schema, an undocumented
// Content-Type, a route that is not documented.
func TestContractCheck(t *testing.T) {
	c, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name    string
		method  string
		path    string
		status  int
		header  http.Header
		body    string
		wantErr string // "" when the answer is in the contract
	}{
		{"health", "GET", "/healthz", 200, jsonHeader, `{"status":"ok"}`, ""},
		{"health, body off its schema", "GET", "/healthz", 200, jsonHeader, `{"status":"fine"}`, "status"},
		{"ready, a rebuild's progress", "GET", "/readyz", 503, jsonHeader,
			`{"status":"loading","components":{"store":"ready","names_index":{"state":"rebuilding","done":1,"total":2}}}`, ""},
		{"error body", "GET", "/api/v1/enterprises/91410400MA44XH001U", 404, jsonHeader,
			`{"error":{"code":"not_found","message":"未找到该企业"}}`, ""},
		{"error body with an unknown code", "GET", "/api/v1/enterprises/91410400MA44XH001U", 404, jsonHeader,
			`{"error":{"code":"missing","message":"未找到该企业"}}`, "code"},
		{"undocumented status", "GET", "/api/v1/departments", 409, jsonHeader,
			`{"error":{"code":"conflict","message":"冲突"}}`, "status is not supported"},
		{"a required field missing", "POST", "/api/v1/trademarks", 201, jsonHeader, `{}`, "imported"},
		{"a field of the wrong type", "POST", "/api/v1/trademarks", 201, jsonHeader, `{"imported":"3"}`, "imported"},
		{"a file of a documented type", "GET", "/api/v1/enterprises?format=csv", 200,
			http.Header{"Content-Type": {"text/csv; charset=utf-8"}}, "企业名称\n", ""},
		{"a file of an undocumented type", "GET", "/api/v1/enterprises?format=csv", 200,
			http.Header{"Content-Type": {"text/html"}}, "<p>", "text/html"},
		{"no route, the error body", "GET", "/api/v1/nowhere", 404, jsonHeader,
			`{"error":{"code":"no_route","message":"没有这个接口，请检查请求路径和方法"}}`, ""},
		{"no route, another body", "GET", "/api/v1/nowhere", 404, http.Header{"Content-Type": {"text/plain"}}, "Not Found", "must be JSON"},
		{"no route, yet 200", "GET", "/api/v1/nowhere", 200, jsonHeader, `{}`, "not 404 or 405"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			err := c.check(req, tc.status, tc.header, []byte(tc.body))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("in the contract, yet: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("off the contract (%s), yet it passed", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error %q does not mention %q", err, tc.wantErr)
			}
		})
	}
}

func TestInContract(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/healthz", true},
		{"/readyz", true},
		{"/api/v1/names/check", true},
		{"/api/docs", true},
		{"/", false},
		{"/staff/disputes", false},
		{"/assets/app.js", false},
		{"/apix", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			if got := inContract(tc.path); got != tc.want {
				t.Errorf("inContract(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}
