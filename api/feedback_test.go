package api_test

import (
	"fmt"
	"strings"
	"testing"

	"namescope/api"
	"namescope/internal/testenv"
	"namescope/name"
)

// report is a report of the similar-name warning of 星和 (E1 is 星河).
func report() map[string]any {
	return map[string]any{
		"name": "平顶山市星和科技有限公司", "authority_code": "410400", "finding_code": "similar_name",
		"note": "星和是申请人的名字", "rules_version": name.RulesVersion(),
	}
}

func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// errorOf returns the code and message of an error answer, failing the
// test when the answer is not {"error":{"code","message"}} in Chinese.
func errorOf(t *testing.T, out map[string]any) (code, msg string) {
	t.Helper()
	e, _ := out["error"].(map[string]any)
	code, _ = e["code"].(string)
	msg, _ = e["message"].(string)
	if code == "" || msg == "" {
		t.Fatalf("not an error answer: %v", out)
	}
	return code, msg
}

func TestCheckCarriesRulesVersion(t *testing.T) {
	e := newEnv(t)
	_, out := e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市星和科技有限公司", "authority_code": "410400"})
	if out["rules_version"] != name.RulesVersion() || !strings.HasPrefix(name.RulesVersion(), fmt.Sprintf("p%d-", name.ParserVersion)) {
		t.Errorf("rules_version %v, want %s", out["rules_version"], name.RulesVersion())
	}
}

func TestReportsOverHTTP(t *testing.T) {
	e := newEnv(t)
	staff, registrar, admin := e.tokens["staff"], e.tokens["registrar"], e.tokens["admin"]

	// The applicant reports; the answer is the open report.
	status, out := e.do(t, "POST", "/api/v1/names/reports", "", report())
	if status != 201 || out["id"] != "1" || out["state"] != "open" || out["finding_code"] != "similar_name" ||
		out["rules_version"] != name.RulesVersion() || out["check_verdict"] != "warn" {
		t.Fatalf("report: %d %v", status, out)
	}

	// Bad input: 4xx naming the field, nothing kept.
	for _, tc := range []struct {
		what   string
		body   any
		status int
		field  string
	}{
		{"not JSON", "{", 400, "JSON"},
		{"empty body", "", 400, "请求体"},
		{"unknown field", with(report(), "extra", 1), 400, "extra"},
		{"name a number", with(report(), "name", 1), 400, "name"},
		{"no name", with(report(), "name", nil), 400, "name"},
		{"zero-width space in the name", with(report(), "name", "平顶山市星\u200b和科技有限公司"), 400, "name"},
		{"authority code of 4 digits", with(report(), "authority_code", "4104"), 400, "authority_code"},
		{"unknown authority", with(report(), "authority_code", "999999"), 400, "authority_code"},
		{"no finding code", with(report(), "finding_code", nil), 400, "finding_code"},
		{"finding code with spaces", with(report(), "finding_code", "similar name"), 400, "finding_code"},
		{"finding not given", with(report(), "finding_code", "identical_name"), 409, "finding_code"},
		{"no rules version", with(report(), "rules_version", nil), 400, "rules_version"},
		{"note too long", with(report(), "note", strings.Repeat("好", 501)), 400, "note"},
		{"bidi control in the note", with(report(), "note", "好\u202e坏"), 400, "note"},
		{"a decision field in a report", with(report(), "confirmed", true), 400, "confirmed"},
		{"body too large", `{"note":"` + strings.Repeat("a", 17<<10) + `"}`, 413, ""},
	} {
		status, out := e.do(t, "POST", "/api/v1/names/reports", "", tc.body)
		if status != tc.status {
			t.Errorf("%s: status %d %v, want %d", tc.what, status, out, tc.status)
			continue
		}
		if _, msg := errorOf(t, out); !strings.Contains(msg, tc.field) {
			t.Errorf("%s: message %q does not name %s", tc.what, msg, tc.field)
		}
	}

	// Staff list the queue; the public and a registrar cannot.
	for _, tc := range []struct {
		token  string
		status int
	}{{"", 401}, {"not-a-key", 401}, {registrar, 403}, {staff, 200}, {admin, 200}} {
		status, out := e.do(t, "GET", "/api/v1/names/reports?state=open", tc.token, nil)
		if status != tc.status {
			t.Errorf("list with %q: %d %v, want %d", tc.token, status, out, tc.status)
		}
		if status >= 400 {
			errorOf(t, out)
		}
	}
	_, out = e.do(t, "GET", "/api/v1/names/reports?state=open", staff, nil)
	list, _ := out["reports"].([]any)
	if len(list) != 1 || out["next"] != "" {
		t.Fatalf("the queue after refusals: %v", out)
	}
	if r := list[0].(map[string]any); r["name"] != "平顶山市星和科技有限公司" || r["note"] != "星和是申请人的名字" {
		t.Errorf("queued report %v", r)
	}
	for _, q := range []string{"state=closed", "limit=0", "limit=201", "limit=x", "after=x"} {
		status, out := e.do(t, "GET", "/api/v1/names/reports?"+q, staff, nil)
		field, _, _ := strings.Cut(q, "=")
		if status != 400 {
			t.Errorf("list ?%s: %d, want 400", q, status)
		} else if _, msg := errorOf(t, out); !strings.Contains(msg, field) {
			t.Errorf("list ?%s: message %q does not name %s", q, msg, field)
		}
	}
	// Pages follow each other through next.
	e.do(t, "POST", "/api/v1/names/reports", "", report())
	_, out = e.do(t, "GET", "/api/v1/names/reports?state=open&limit=1", staff, nil)
	if out["next"] != "1" || len(out["reports"].([]any)) != 1 {
		t.Fatalf("first page %v", out)
	}
	_, out = e.do(t, "GET", "/api/v1/names/reports?state=open&limit=1&after=1", staff, nil)
	if out["next"] != "" || out["reports"].([]any)[0].(map[string]any)["id"] != "2" {
		t.Fatalf("second page %v", out)
	}

	// Resolve: staff only, confirmed required, once.
	resolve := "/api/v1/names/reports/1/resolve"
	decision := map[string]any{"confirmed": true, "note": "字号为申请人姓名"}
	for _, tc := range []struct {
		token  string
		status int
	}{{"", 401}, {registrar, 403}} {
		if status, out := e.do(t, "POST", resolve, tc.token, decision); status != tc.status {
			t.Errorf("resolve with %q: %d %v, want %d", tc.token, status, out, tc.status)
		}
	}
	for _, tc := range []struct {
		what   string
		path   string
		body   any
		status int
		field  string
	}{
		{"no confirmed", resolve, map[string]any{"note": "x"}, 400, "confirmed"},
		{"confirmed a string", resolve, map[string]any{"confirmed": "yes"}, 400, "confirmed"},
		{"note too long", resolve, map[string]any{"confirmed": false, "note": strings.Repeat("驳", 501)}, 400, "note"},
		{"unknown report", "/api/v1/names/reports/99/resolve", decision, 404, "99"},
		{"not an id", "/api/v1/names/reports/abc/resolve", decision, 404, "abc"},
	} {
		status, out := e.do(t, "POST", tc.path, staff, tc.body)
		if status != tc.status {
			t.Errorf("%s: %d %v, want %d", tc.what, status, out, tc.status)
		} else if _, msg := errorOf(t, out); !strings.Contains(msg, tc.field) {
			t.Errorf("%s: message %q does not name %s", tc.what, msg, tc.field)
		}
	}
	status, out = e.do(t, "POST", resolve, staff, decision)
	if status != 200 || out["state"] != "confirmed" || out["resolution"] != "字号为申请人姓名" || !strings.HasPrefix(out["resolved_by"].(string), "staff:") {
		t.Fatalf("resolve: %d %v", status, out)
	}
	status, out = e.do(t, "POST", resolve, staff, map[string]any{"confirmed": false})
	if status != 409 {
		t.Errorf("second decision: %d %v, want 409", status, out)
	} else if _, msg := errorOf(t, out); !strings.Contains(msg, "已确认误判") {
		t.Errorf("second decision message %q", msg)
	}
	_, out = e.do(t, "GET", "/api/v1/names/reports?state=confirmed", staff, nil)
	if list := out["reports"].([]any); len(list) != 1 || list[0].(map[string]any)["id"] != "1" {
		t.Errorf("confirmed reports %v", out)
	}
	_, out = e.do(t, "GET", "/api/v1/names/reports?state=open", staff, nil)
	if list := out["reports"].([]any); len(list) != 1 || list[0].(map[string]any)["id"] != "2" {
		t.Errorf("open reports after the decision %v", out)
	}
}

// The public report route is rate-limited like the check; keys are not.
func TestReportsRateLimited(t *testing.T) {
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true, API: func(d *api.Deps) { d.PublicRatePerMinute = 2 }})
	te.PutFixture(t, "test")
	for i := 0; i < 2; i++ {
		if status, out, _ := te.Do(t, "POST", "/api/v1/names/reports", "", report()); status != 201 {
			t.Fatalf("report %d: %d %v", i+1, status, out)
		}
	}
	status, out, _ := te.Do(t, "POST", "/api/v1/names/reports", "", report())
	if status != 429 {
		t.Fatalf("third report in a minute: %d %v, want 429", status, out)
	}
	errorOf(t, out)
	if status, _, _ := te.Do(t, "GET", "/api/v1/names/reports", te.Tokens["staff"], nil); status != 200 {
		t.Errorf("staff list after the public limit: %d", status)
	}
}
