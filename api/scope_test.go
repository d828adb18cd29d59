package api_test

import (
	"net/url"
	"strings"
	"testing"

	"namescope/auth"
	"namescope/registry"
)

func TestScopeOverHTTP(t *testing.T) {
	e := newEnv(t)
	// Before the service is up the endpoints say so.
	if status, out := e.do(t, "GET", "/api/v1/scope/search?q=卖烟", "", nil); status != 503 || out["error"] == nil {
		t.Fatalf("scope while loading: %d %v", status, out)
	}
	e.withScope(t)

	// Colloquial search: 卖烟 → 烟草制品零售 (licensed, tobacco department).
	status, out := e.do(t, "GET", "/api/v1/scope/search?q="+url.QueryEscape("卖烟")+"&limit=5", "", nil)
	if status != 200 {
		t.Fatalf("search: %d %v", status, out)
	}
	found := false
	for _, h := range out["hits"].([]any) {
		hit := h.(map[string]any)
		if hit["wording"] == "烟草制品零售" {
			found = hit["kind"] == "licensed" && len(hit["departments"].([]any)) > 0
		}
	}
	if !found {
		t.Errorf("卖烟 did not find 烟草制品零售 with its department: %v", out["hits"])
	}
	if status, _ := e.do(t, "GET", "/api/v1/scope/search?q=x&kind=nonsense", "", nil); status != 400 {
		t.Errorf("bad kind: %d", status)
	}

	// Compose: the domain-rules mini cases, main business first.
	status, out = e.do(t, "POST", "/api/v1/scope/compose", "", map[string]any{"codes": []string{"XI0001", "XL0001"}})
	want := "一般项目：软件开发；信息咨询服务（不含许可类信息咨询服务）（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
	if status != 200 || out["text"] != want {
		t.Errorf("compose general: %d %v", status, out["text"])
	}
	_, out = e.do(t, "POST", "/api/v1/scope/compose", "", map[string]any{"codes": []string{"XF0038", "XF0009"}})
	text, _ := out["text"].(string)
	if !strings.HasPrefix(text, "许可项目：食品经营（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）一般项目：日用百货销售（") {
		t.Errorf("compose licensed first: %q", text)
	}
	if status, _ := e.do(t, "POST", "/api/v1/scope/compose", "", map[string]any{"codes": []string{"NOPE"}}); status != 400 && status != 404 {
		t.Errorf("unknown code: %d", status)
	}

	// Legacy text normalization.
	status, out = e.do(t, "POST", "/api/v1/scope/normalize", "", map[string]any{"text": "计算机软件开发；日用百货、五金交电销售"})
	if status != 200 || len(out["phrases"].([]any)) == 0 {
		t.Errorf("normalize: %d %v", status, out)
	}

	// 双告知: a registration pushes notices to the departments concerned.
	uscc := "91410400MA44QH001"
	uscc += string(registry.USCCCheckChar(uscc))
	reg := map[string]any{"enterprise": "平顶山市青禾食品有限公司", "uscc": uscc, "codes": []string{"XF0038", "XF0009"}}
	if status, _ := e.do(t, "POST", "/api/v1/scope/registrations", "", reg); status != 401 {
		t.Errorf("registration without key: %d", status)
	}
	status, out = e.do(t, "POST", "/api/v1/scope/registrations", e.tokens[auth.RoleRegistrar], reg)
	if status != 201 || len(out["notices"].([]any)) == 0 {
		t.Fatalf("registration: %d %v", status, out)
	}
	n := out["notices"].([]any)[0].(map[string]any)
	dept, id := n["dept_id"].(string), n["id"].(string)
	// Retrying the push does not duplicate notices.
	e.do(t, "POST", "/api/v1/scope/registrations", e.tokens[auth.RoleRegistrar], reg)
	if status, _ := e.do(t, "GET", "/api/v1/departments/"+dept+"/notices", e.tokens[auth.RoleRegistrar], nil); status != 403 {
		t.Errorf("registrar read a department queue: %d", status)
	}
	status, out = e.do(t, "GET", "/api/v1/departments/"+dept+"/notices?pending=true", e.tokens[auth.RoleStaff], nil)
	if status != 200 || len(out["notices"].([]any)) != 1 {
		t.Fatalf("queue: %d %v", status, out)
	}
	if status, out := e.do(t, "POST", "/api/v1/departments/"+dept+"/notices/"+id+"/ack", e.tokens[auth.RoleStaff], nil); status != 200 || out["acked_at"] == nil {
		t.Errorf("ack: %d %v", status, out)
	}
	_, out = e.do(t, "GET", "/api/v1/departments/"+dept+"/notices?pending=true", e.tokens[auth.RoleStaff], nil)
	if len(out["notices"].([]any)) != 0 {
		t.Errorf("acknowledged notice still pending: %v", out)
	}

	// Import replaces the catalogue (admin only); a bad file changes nothing.
	csv := "code,wording,kind,industries,explanation\nT001,星际旅行服务,general,7291,测试条目\n"
	if status, _ := e.do(t, "POST", "/api/v1/scope/catalog?format=csv", e.tokens[auth.RoleRegistrar], csv); status != 403 {
		t.Errorf("registrar imported a catalogue: %d", status)
	}
	if status, _ := e.do(t, "POST", "/api/v1/scope/catalog?format=csv", e.tokens[auth.RoleAdmin], "code,wording\nT001,\n"); status != 400 {
		t.Errorf("bad catalogue accepted: %d", status)
	}
	if _, out := e.do(t, "GET", "/api/v1/scope/search?q="+url.QueryEscape("软件开发"), "", nil); len(out["hits"].([]any)) == 0 {
		t.Fatalf("a refused import changed the catalogue")
	}
	if status, out := e.do(t, "POST", "/api/v1/scope/catalog?format=csv", e.tokens[auth.RoleAdmin], csv); status != 201 {
		t.Fatalf("import: %d %v", status, out)
	}
	_, out = e.do(t, "GET", "/api/v1/scope/search?q="+url.QueryEscape("星际旅行"), "", nil)
	if hits := out["hits"].([]any); len(hits) != 1 || hits[0].(map[string]any)["code"] != "T001" {
		t.Errorf("search after import: %v", out)
	}
	_, out = e.do(t, "GET", "/api/v1/scope/catalog", "", nil)
	// The embedded default is version 0 and stays listed for audit.
	v := out["versions"].([]any)
	if len(v) != 2 || v[1].(map[string]any)["active"] != true || v[0].(map[string]any)["active"] != false {
		t.Errorf("versions after one import: %v", v)
	}
}
