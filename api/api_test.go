package api_test

import (
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/auth"
	"namescope/demo"
	"namescope/internal/testenv"
	"namescope/registry"
)

// env is the real application (internal/testenv: badger and bleve in
// t.TempDir(), on real time) with the concrete-case fixture registered and
// two well-known marks; its scope service is loaded by withScope.
type env struct {
	*testenv.Env
	app      *fiber.App
	registry *registry.Service
	tokens   map[string]string // role → token
}

// newEnv builds the real application with the concrete-case fixture. The
// embedded well-known marks are left out: the concrete cases are written
// without them (with them 星河 is close to the well-known 昌河).
func newEnv(t *testing.T) *env {
	t.Helper()
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true})
	te.PutFixture(t, "test")
	te.PutMarks(t, "test",
		registry.MarkInput{RegNo: "WK-1", Mark: "茅台", Classes: []int{33}, Holder: "中国贵州茅台酒厂（集团）有限责任公司", WellKnown: true},
		registry.MarkInput{RegNo: "WK-2", Mark: "华为", Classes: []int{9, 38}, Holder: "华为技术有限公司", WellKnown: true},
	)
	return &env{Env: te, app: te.HTTP, registry: te.App.Registry, tokens: te.Tokens}
}

// withScope loads the business-scope service.
func (e *env) withScope(t *testing.T) *env {
	t.Helper()
	e.LoadScope(t)
	return e
}

func (e *env) do(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	status, out, raw := send(t, e.app, method, path, token, body)
	if len(raw) > 0 && out == nil {
		t.Fatalf("%s %s: answer is not JSON: %s", method, path, raw)
	}
	return status, out
}

// send makes one request through the real app; body is JSON-encoded unless
// it is a string or []byte; header pairs follow. A JSON answer is decoded.
func send(t *testing.T, app *fiber.App, method, path, token string, body any, header ...string) (int, map[string]any, []byte) {
	t.Helper()
	return testenv.Send(t, app, method, path, token, body, header...)
}

type caseRow struct {
	Case           int      `json:"case"`
	Name           string   `json:"name"`
	AuthorityCode  string   `json:"authority_code"`
	IndustryCode   string   `json:"industry_code,omitempty"`
	EntType        string   `json:"ent_type,omitempty"`
	Investors      []string `json:"investors,omitempty"`
	Verdict        string   `json:"verdict"`
	Codes          []string `json:"codes"`
	SimilarReasons []string `json:"similar_reasons"`
}

// The concrete cases of domain-rules.md through HTTP, the real store and the
// real index: the index must supply every candidate the rules need.
func TestConcreteCasesOverHTTP(t *testing.T) {
	e := newEnv(t)
	b, err := os.ReadFile("../name/testdata/concrete_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []caseRow
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		body := map[string]any{"name": c.Name, "authority_code": c.AuthorityCode}
		if c.IndustryCode != "" {
			body["industry_code"] = c.IndustryCode
		}
		if c.EntType != "" {
			body["ent_type"] = c.EntType
		}
		if c.Investors != nil {
			body["investors"] = c.Investors
		}
		status, out := e.do(t, "POST", "/api/v1/names/check", "", body)
		if status != 200 {
			t.Fatalf("case %d: status %d %v", c.Case, status, out)
		}
		if out["verdict"] != c.Verdict {
			t.Errorf("case %d %s: verdict %v, want %s (%v)", c.Case, c.Name, out["verdict"], c.Verdict, out["findings"])
		}
		var codes []string
		for _, f := range out["findings"].([]any) {
			codes = append(codes, f.(map[string]any)["code"].(string))
		}
		for _, want := range c.Codes {
			if !slices.Contains(codes, want) {
				t.Errorf("case %d: findings %v lack %s", c.Case, codes, want)
			}
		}
		var reasons []string
		for _, s := range out["similar"].([]any) {
			for _, r := range s.(map[string]any)["reasons"].([]any) {
				reasons = append(reasons, r.(map[string]any)["code"].(string))
			}
		}
		for _, want := range c.SimilarReasons {
			if !slices.Contains(reasons, want) {
				t.Errorf("case %d: similar reasons %v lack %s", c.Case, reasons, want)
			}
		}
		parts := out["parts"].(map[string]any)
		for _, k := range []string{"region", "trade_name", "industry", "org_form"} {
			if _, ok := parts[k]; !ok {
				t.Errorf("case %d: parts lack %s", c.Case, k)
			}
		}
	}
}

func TestCheckAnswerShape(t *testing.T) {
	e := newEnv(t)
	status, out := e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410422"})
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	f := out["findings"].([]any)[0].(map[string]any)
	if f["code"] != "identical_name" || f["severity"] != "block" || f["rule"] == "" {
		t.Errorf("finding %v", f)
	}
	span := f["span"].([]any)
	if span[0].(float64) != 4 || span[1].(float64) != 6 {
		t.Errorf("span %v, want [4,6] (星河)", span)
	}
	conflicts := f["conflicts"].([]any)
	if len(conflicts) != 1 || conflicts[0].(map[string]any)["name"] != "平顶山市星河科技有限公司" || conflicts[0].(map[string]any)["uscc"] == "" {
		t.Errorf("conflicts %v", conflicts)
	}
	if out["normalized"] != "平顶山市星河科技有限公司" {
		t.Errorf("normalized %v", out["normalized"])
	}
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市星和科技有限公司", "authority_code": "410400"})
	sim := out["similar"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "uscc", "status", "score", "reasons", "highlight"} {
		if _, ok := sim[k]; !ok {
			t.Errorf("similar hit lacks %s: %v", k, sim)
		}
	}
	if !strings.Contains(sim["highlight"].(string), "<mark>星河</mark>") {
		t.Errorf("highlight %v", sim["highlight"])
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	big := `{"name":"` + strings.Repeat("星", 20000) + `","authority_code":"410400"}`
	for _, tc := range []struct {
		body   any
		status int
	}{
		{"", 400},
		{"{", 400},
		{"[]", 400},
		{`{"name":"平顶山市星河科技有限公司"}`, 400},
		{`{"name":"","authority_code":"410400"}`, 400},
		{`{"name":"` + strings.Repeat("星", 61) + `","authority_code":"410400"}`, 400},
		{`{"name":"平顶山市星河科技有限公司","authority_code":"123456"}`, 400},
		{`{"name":"平顶山市星河科技有限公司","authority_code":"410400","industry_code":"Q99"}`, 400},
		{`{"name":"平顶山市星河科技有限公司","authority_code":"410400","ent_type":"llc"}`, 400},
		{`{"name":123,"authority_code":"410400"}`, 400},
		{`{"name":"平顶山市星河科技有限公司","authority_code":"410400","nmae":"x"}`, 400},
		{`{"name":"a","authority_code":"410400"} {"x":1}`, 400},
		{[]byte("{\"name\":\"\xff\xfe\",\"authority_code\":\"410400\"}"), 400},
		{big, 413},
	} {
		status, out := e.do(t, "POST", "/api/v1/names/check", "", tc.body)
		if status != tc.status {
			t.Errorf("%.60v: status %d, want %d (%v)", tc.body, status, tc.status, out)
			continue
		}
		errObj, ok := out["error"].(map[string]any)
		if !ok || errObj["code"] == "" || errObj["message"] == "" {
			t.Errorf("%.60v: error body %v", tc.body, out)
		}
	}
	if status, _ := e.do(t, "GET", "/api/v1/nothing", "", nil); status != 404 {
		t.Errorf("unknown route: %d", status)
	}
}

func TestEnterprisesAuthAndWrite(t *testing.T) {
	e := newEnv(t)
	in := map[string]any{"name": "平顶山市青禾农业开发有限公司", "uscc": "91410400MA44QH0017", "status": "active",
		"industry_code": "A01", "authority_code": "410423"}
	in["uscc"] = in["uscc"].(string)[:17] + string(registry.USCCCheckChar(in["uscc"].(string)[:17]))
	for _, tc := range []struct {
		token  string
		status int
	}{{"", 401}, {"ns_wrong", 401}, {e.tokens[auth.RoleStaff], 403}} {
		status, out := e.do(t, "POST", "/api/v1/enterprises", tc.token, in)
		if status != tc.status {
			t.Errorf("token %q: status %d, want %d", tc.token, status, tc.status)
		}
		if out["error"] == nil {
			t.Errorf("no error body: %v", out)
		}
	}
	// Nothing was written by the refused requests.
	if status, _ := e.do(t, "GET", "/api/v1/enterprises/"+in["uscc"].(string), "", nil); status != 404 {
		t.Fatalf("refused write left a record: %d", status)
	}
	status, out := e.do(t, "POST", "/api/v1/enterprises", e.tokens[auth.RoleRegistrar], in)
	if status != 201 {
		t.Fatalf("create: %d %v", status, out)
	}
	if out["trade_name"] != "青禾" || out["scope"] != "410400" || out["industry_code"] != "A01" {
		t.Errorf("record %v", out)
	}
	status, out = e.do(t, "GET", "/api/v1/enterprises/"+in["uscc"].(string), "", nil)
	if status != 200 || out["name"] != in["name"] {
		t.Errorf("get: %d %v", status, out)
	}
	// The new name takes part in checks at once.
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "叶县青禾农业开发有限公司", "authority_code": "410422"})
	if out["verdict"] != "block" {
		t.Errorf("check after write: %v", out["verdict"])
	}
	for _, bad := range []map[string]any{
		{"name": "平顶山市甲乙科技有限公司", "status": "active", "industry_code": "I65"},
		{"name": "平顶山市甲乙科技有限公司", "status": "sleeping", "industry_code": "I65", "authority_code": "410400"},
		{"name": "平顶山市甲乙科技有限公司", "status": "cancelled", "industry_code": "I65", "authority_code": "410400"},
		{"name": "平顶山市甲乙科技有限公司", "status": "cancelled", "status_date": "2026/01/01", "industry_code": "I65", "authority_code": "410400"},
		{"name": "平顶山市甲乙科技有限公司", "status": "active", "industry_code": "X1", "authority_code": "410400"},
		{"name": "平顶山市甲乙科技有限公司", "uscc": "91410400MA44QH001X", "status": "active", "industry_code": "I65", "authority_code": "410400"},
	} {
		status, out := e.do(t, "POST", "/api/v1/enterprises", e.tokens[auth.RoleRegistrar], bad)
		if status != 400 {
			t.Errorf("%v: status %d, want 400 (%v)", bad, status, out)
		}
	}
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市甲乙科技有限公司", "authority_code": "410400"})
	if out["verdict"] != "pass" {
		t.Errorf("a refused write changed the registry: %v", out)
	}
}

func TestKeysAPI(t *testing.T) {
	e := newEnv(t)
	if status, _ := e.do(t, "POST", "/api/v1/keys", e.tokens[auth.RoleRegistrar], map[string]any{"role": "staff"}); status != 403 {
		t.Errorf("registrar created a key: %d", status)
	}
	status, out := e.do(t, "POST", "/api/v1/keys", e.tokens[auth.RoleAdmin], map[string]any{"role": "registrar", "label": "工商登记系统", "holder": "王五"})
	if status != 201 {
		t.Fatalf("create key: %d %v", status, out)
	}
	token := out["token"].(string)
	id := out["key"].(map[string]any)["id"].(string)
	body := map[string]any{"name": "平顶山市甲乙科技有限公司", "status": "active", "industry_code": "I65", "authority_code": "410400"}
	if status, out := e.do(t, "POST", "/api/v1/enterprises", token, body); status != 201 {
		t.Fatalf("new key refused: %d %v", status, out)
	}
	if status, _ := e.do(t, "DELETE", "/api/v1/keys/"+id, e.tokens[auth.RoleAdmin], nil); status != 200 {
		t.Fatalf("revoke: %d", status)
	}
	if status, _ := e.do(t, "POST", "/api/v1/enterprises", token, body); status != 401 {
		t.Errorf("revoked key accepted: %d", status)
	}
	if status, _ := e.do(t, "GET", "/api/v1/keys", e.tokens[auth.RoleAdmin], nil); status != 200 {
		t.Errorf("list keys: %d", status)
	}
}

// /healthz is liveness; /readyz lists the components, all ready here but
// the scope service, which the env loads on demand.
func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t)
	status, out := e.do(t, "GET", "/healthz", "", nil)
	if status != 200 || out["status"] != "ok" || len(out) != 1 {
		t.Fatalf("healthz: %d %v", status, out)
	}
	status, out = e.do(t, "GET", "/readyz", "", nil)
	if status != 503 || out["status"] != "loading" || get(out, "components", "scope") != "loading" || get(out, "components", "names_index") != "ready" {
		t.Fatalf("readyz before the scope service: %d %v", status, out)
	}
	e.withScope(t)
	status, out = e.do(t, "GET", "/readyz", "", nil)
	want := map[string]any{"store": "ready", "names_index": "ready", "marks_index": "ready", "scope": "ready"}
	if status != 200 || out["status"] != "ready" || !reflect.DeepEqual(out["components"], want) {
		t.Fatalf("readyz: %d %v", status, out)
	}
}

func TestTrademarksAndProtection(t *testing.T) {
	e := newEnv(t)
	marks := map[string]any{"marks": []map[string]any{{"reg_no": "30012345", "mark": "青禾", "classes": []int{43}, "holder": "某餐饮公司"}}}
	if status, _ := e.do(t, "POST", "/api/v1/trademarks", e.tokens[auth.RoleStaff], marks); status != 403 {
		t.Errorf("staff imported marks: %d", status)
	}
	for _, bad := range []any{
		map[string]any{"marks": []map[string]any{}},
		map[string]any{"marks": []map[string]any{{"reg_no": "1", "mark": "青禾", "classes": []int{46}}}},
		map[string]any{"marks": []map[string]any{{"reg_no": "2", "mark": "", "classes": []int{43}}}},
		map[string]any{"marks": []map[string]any{{"reg_no": "3", "mark": "甲乙", "classes": []int{43}}, {"reg_no": "", "mark": "丙丁", "classes": []int{43}}}},
	} {
		if status, out := e.do(t, "POST", "/api/v1/trademarks", e.tokens[auth.RoleRegistrar], bad); status != 400 {
			t.Errorf("%v: %d %v", bad, status, out)
		}
	}
	// The refused batch wrote nothing: 甲乙 (valid, but in a refused batch) is unknown.
	if _, out := e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市甲乙餐饮管理有限公司", "authority_code": "410400"}); out["verdict"] != "pass" {
		t.Errorf("refused batch left a mark: %v", out)
	}
	if status, out := e.do(t, "POST", "/api/v1/trademarks", e.tokens[auth.RoleRegistrar], marks); status != 201 {
		t.Fatalf("import marks: %d %v", status, out)
	}
	_, out := e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市青禾餐饮管理有限公司", "authority_code": "410400"})
	if out["verdict"] != "warn" || len(out["marks"].([]any)) != 1 {
		t.Errorf("mark in related class: %v", out)
	}
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市青禾软件开发有限公司", "authority_code": "410400"})
	if out["verdict"] != "pass" {
		t.Errorf("mark in unrelated class: %v", out)
	}
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市茅台商贸有限公司", "authority_code": "410400"})
	if out["verdict"] != "approval" {
		t.Errorf("well-known mark in another industry: %v", out["verdict"])
	}

	// Protected 字号: 金鼎 (E2, catering) is protected across industries.
	e2 := demo.Fixture(time.Now())[1].USCC
	body := map[string]any{"protected": true, "reason": "新经济企业字号保护"}
	if status, _ := e.do(t, "PUT", "/api/v1/enterprises/"+e2+"/protection", e.tokens[auth.RoleRegistrar], body); status != 403 {
		t.Errorf("registrar set protection: %d", status)
	}
	if status, _ := e.do(t, "PUT", "/api/v1/enterprises/"+e2+"/protection", e.tokens[auth.RoleStaff], map[string]any{"protected": true}); status != 400 {
		t.Errorf("protection without reason: %d", status)
	}
	if status, _ := e.do(t, "PUT", "/api/v1/enterprises/91410400MA0000000X/protection", e.tokens[auth.RoleStaff], body); status != 404 {
		t.Errorf("protection of unknown enterprise: %d", status)
	}
	_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市金顶科技有限公司", "authority_code": "410400"})
	if out["verdict"] != "pass" {
		t.Fatalf("before protection: %v", out)
	}
	if status, out := e.do(t, "PUT", "/api/v1/enterprises/"+e2+"/protection", e.tokens[auth.RoleStaff], body); status != 200 || out["protected"] != true {
		t.Fatalf("set protection: %d %v", status, out)
	}
	for _, n := range []string{"平顶山市金鼎科技有限公司", "平顶山市金顶科技有限公司"} {
		_, out = e.do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": n, "authority_code": "410400"})
		if out["verdict"] != "approval" {
			t.Errorf("%s after protection: %v", n, out["verdict"])
		}
	}
}

func TestEnterpriseSearchAndHistory(t *testing.T) {
	e := newEnv(t)
	for q, want := range map[string]int{"星河": 1, "平顶山市星河科技有限公司": 1, "蓝海商贸": 1, "星": -1, "不存在的名字": 0} {
		status, out := e.do(t, "GET", "/api/v1/enterprises?q="+urlQuery(q), "", nil)
		if want < 0 {
			if status != 400 {
				t.Errorf("q=%s: status %d, want 400", q, status)
			}
			continue
		}
		if status != 200 || int(out["total"].(float64)) != want {
			t.Errorf("q=%s: %d %v, want %d hits", q, status, out, want)
		}
	}
	e1 := demo.Fixture(time.Now())[0].USCC
	if _, out := e.do(t, "GET", "/api/v1/enterprises?q="+e1, "", nil); int(out["total"].(float64)) != 1 {
		t.Errorf("search by USCC: %v", out)
	}
	if status, _ := e.do(t, "GET", "/api/v1/enterprises/"+e1+"/history", "", nil); status != 401 {
		t.Errorf("history without key: %d", status)
	}
	status, out := e.do(t, "GET", "/api/v1/enterprises/"+e1+"/history", e.tokens[auth.RoleStaff], nil)
	if status != 200 || len(out["history"].([]any)) != 1 {
		t.Fatalf("history: %d %v", status, out)
	}
	if a := out["history"].([]any)[0].(map[string]any); a["action"] != "enterprise.create" {
		t.Errorf("history entry %v", a)
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }
