package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"namescope/auth"
	"namescope/internal/testenv"
	"namescope/registry"
	"namescope/store"
)

// supEnv is the whole application on 2026-07-10 with one key per role,
// a second staff member (李四) and a second key of the staff member
// (张三), and a small new-economy enterprise established 2025-05-20
// (in its grace period until 2027-05-19) registered with its scope codes.
func supEnv(t *testing.T, opt testenv.Options) (*testenv.Env, string) {
	t.Helper()
	opt.Now, opt.NoWellKnownMarks = testenv.At("2026-07-10"), true
	opt.Keys = []testenv.Key{
		{Name: "registrar", Role: auth.RoleRegistrar, Holder: "王五"},
		{Name: "staff", Role: auth.RoleStaff, Holder: "张三", Dept: "执法稽查科"},
		{Name: "zhang2", Role: auth.RoleStaff, Holder: "张三", Dept: "法制科"},
		{Name: "li", Role: auth.RoleStaff, Holder: "李四", Dept: "法制科"},
		{Name: "partner", Role: auth.RolePartner},
		{Name: "admin", Role: auth.RoleAdmin},
	}
	env := testenv.New(t, opt)
	u := "91410400MA44NE101" + string(registry.USCCCheckChar("91410400MA44NE101"))
	st, _, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], map[string]any{
		"name": "平顶山市云帆科技有限公司", "uscc": u, "status": "active", "status_date": "2025-05-20", "industry_code": "I65",
		"authority_code": "410400", "established": "2025-05-20", "small_micro": true, "scope_codes": []string{"XI0001", "XM0001"},
	})
	if st != http.StatusCreated {
		t.Fatalf("register: %d %s", st, raw)
	}
	return env, u
}

// supKeys counts the supervision and credit keys and the audit log.
func supKeys(t *testing.T, env *testenv.Env) int {
	t.Helper()
	n := 0
	err := env.App.Store.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixSupScope, store.PrefixSupMeasure, store.PrefixSupMeasureUSCC, store.PrefixSupBasis,
			store.PrefixSupCheck, store.PrefixSupCase, store.PrefixSupCaseUSCC, store.PrefixSupBasisUSCC, store.PrefixSupCheckUSCC, store.PrefixCreditEvent, store.PrefixCreditPenalty,
			store.PrefixEnterprise, store.PrefixAudit} {
			if err := tx.Keys(p, func(string) error { n++; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// must sends and fails the test unless the status is want.
func supMust(t *testing.T, env *testenv.Env, want int, method, path, token string, body any) map[string]any {
	t.Helper()
	st, out, raw := env.Do(t, method, path, env.Tokens[token], body)
	if st != want {
		t.Fatalf("%s %s as %s: %d %s, want %d", method, path, token, st, raw, want)
	}
	return out
}

// Every supervision route admits exactly its roles: staff, and admin for
// reads only (admin keys never record nor sign).
func TestSupervisionRolesOverHTTP(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-1", "summary": "投诉", "received_on": "2026-07-01"}), "id")
	measure := str(supMust(t, env, 201, "POST", "/api/v1/supervision/measures", "staff",
		map[string]any{"uscc": u, "kind": "reminder", "text": "提示", "deadline": "2026-08-01"}), "id")
	caseBody := map[string]any{"uscc": u, "violation": "ECO-002", "facts": "未公示", "circumstances": map[string]any{"harm": "serious"}, "basis": basis}
	caseID := str(supMust(t, env, 201, "POST", "/api/v1/cases", "staff", caseBody), "id")
	supMust(t, env, 200, "POST", "/api/v1/cases/"+caseID+"/decision", "staff",
		map[string]any{"level": "heavier", "measures": []string{"order_correction", "fine"}, "fine_yuan": 80000, "reasons": "严重"})
	roles := []string{"", "registrar", "staff", "partner", "admin"}
	tests := []struct {
		method, path string
		body         any
		allowed      []string
	}{
		{"GET", "/api/v1/violations", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/violations?all=1", nil, []string{"admin"}},
		{"GET", "/api/v1/supervision/new-economy", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/supervision/new-economy?in_grace=true&source=auto&small_micro=1&category=" + url.QueryEscape("互联网与现代信息技术服务"), nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/supervision/measures?uscc=" + u, nil, []string{"staff", "admin"}},
		{"POST", "/api/v1/supervision/measures", map[string]any{"uscc": u, "kind": "interview", "text": "约谈", "deadline": "2026-08-01"}, []string{"staff"}},
		{"POST", "/api/v1/supervision/measures/" + measure + "/follow-up", map[string]any{"visited_on": "2026-07-10", "outcome": "corrected", "notes": "已整改"}, []string{"staff"}},
		{"POST", "/api/v1/supervision/bases", map[string]any{"uscc": u, "kind": "referral", "ref": "转-1", "summary": "转办", "received_on": "2026-07-01"}, []string{"staff"}},
		{"POST", "/api/v1/supervision/bases/" + basis + "/verification", map[string]any{"verified_on": "2026-07-05", "finding": "经核查属实"}, []string{"staff"}},
		{"POST", "/api/v1/supervision/checks", map[string]any{"uscc": u, "kind": "random", "date": "2026-07-10", "findings": "无", "result": "no_problem"}, []string{"staff"}},
		{"GET", "/api/v1/supervision/bases?uscc=" + u, nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/supervision/checks?uscc=" + u, nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/cases?uscc=" + u, nil, []string{"staff", "admin"}},
		{"POST", "/api/v1/cases/preview", caseBody, []string{"staff", "admin"}},
		{"POST", "/api/v1/cases", caseBody, []string{"staff"}},
		{"GET", "/api/v1/cases/" + caseID, nil, []string{"staff", "admin"}},
		{"POST", "/api/v1/cases/" + caseID + "/decision", map[string]any{"level": "heavier", "measures": []string{"fine"}, "fine_yuan": 80000, "reasons": "严重"}, []string{"staff"}},
		{"POST", "/api/v1/cases/" + caseID + "/review", map[string]any{"approve": false, "opinion": "退回"}, []string{"staff"}},
		{"GET", "/api/v1/enterprises/" + u + "/supervision", nil, roles},
	}
	for _, tc := range tests {
		for _, role := range roles {
			name := role
			if name == "" {
				name = "no key"
			}
			t.Run(tc.method+" "+tc.path+" "+name, func(t *testing.T) {
				before := supKeys(t, env)
				st, out, raw := env.Do(t, tc.method, tc.path, env.Tokens[role], tc.body)
				allowed := false
				for _, a := range tc.allowed {
					allowed = allowed || a == role
				}
				switch {
				case allowed && (st == http.StatusUnauthorized || st == http.StatusForbidden):
					t.Fatalf("admitted role refused: %d %s", st, raw)
				case !allowed && role == "" && st != http.StatusUnauthorized:
					t.Fatalf("no key: %d %s, want 401", st, raw)
				case !allowed && role != "" && st != http.StatusForbidden:
					t.Fatalf("role %s: %d %s, want 403", role, st, raw)
				case !allowed && !hasHan(str(out, "error", "message")):
					t.Fatalf("refusal not in Chinese: %s", raw)
				case !allowed && supKeys(t, env) != before:
					t.Fatal("refused, yet written")
				}
			})
		}
	}
}

// The story over HTTP: designation from the registration's scope codes
// and industry code, grace period, a guidance measure with its follow-up,
// the directed-check rule, a case whose recommendation is explained, a
// decision signed by two people that reaches the credit file.
func TestSupervisionStoryOverHTTP(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	p := supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil)
	if get(p, "new_economy", "flag") != true || str(p, "new_economy", "source") != "auto" || str(p, "grace", "until") != "2027-05-19" ||
		get(p, "grace", "months") != float64(24) || p["in_grace"] != true || len(get(p, "scope_codes").([]any)) != 2 {
		t.Fatalf("profile %v", p)
	}
	m := supMust(t, env, 201, "POST", "/api/v1/supervision/measures", "staff",
		map[string]any{"uscc": u, "kind": "commitment", "text": "签署信用承诺书，规范经营", "deadline": "2026-08-01"})
	f := supMust(t, env, 200, "POST", "/api/v1/supervision/measures/"+str(m, "id")+"/follow-up", "li",
		map[string]any{"visited_on": "2026-07-10", "outcome": "corrected", "notes": "已履行承诺"})
	if str(f, "follow_up", "outcome") != "corrected" || f["grace_applies"] != true {
		t.Fatalf("follow-up %v", f)
	}

	// Directed check without a basis: 409 basis_required, nothing written.
	before := supKeys(t, env)
	st, out, raw := env.Do(t, "POST", "/api/v1/supervision/checks", env.Tokens["staff"],
		map[string]any{"uscc": u, "kind": "directed", "date": "2026-07-10", "findings": "检查", "result": "no_problem"})
	if st != http.StatusConflict || str(out, "error", "code") != "basis_required" || !strings.Contains(str(out, "error", "message"), "无事不扰") || supKeys(t, env) != before {
		t.Fatalf("directed check without basis: %d %s", st, raw)
	}
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "big_data_clue", "ref": "DS-2026-7", "summary": "网络监测发现未公示证照", "received_on": "2026-07-05"}), "id")
	supMust(t, env, 201, "POST", "/api/v1/supervision/checks", "staff",
		map[string]any{"uscc": u, "kind": "directed", "basis": basis, "date": "2026-07-10", "findings": "未公示营业执照", "result": "problem_found"})

	// A case without basis: 409; with it, a recommendation.
	caseBody := map[string]any{"uscc": u, "violation": "ECO-002", "facts": "网店首页未公示营业执照信息", "circumstances": map[string]any{"harm": "minor"}}
	if st, out, raw := env.Do(t, "POST", "/api/v1/cases", env.Tokens["staff"], caseBody); st != http.StatusConflict || str(out, "error", "code") != "basis_required" {
		t.Fatalf("case without basis: %d %s", st, raw)
	}
	caseBody["basis"] = basis
	c := supMust(t, env, 201, "POST", "/api/v1/cases", "staff", caseBody)
	if str(c, "recommendation", "level") != "no_penalty" || str(c, "grace", "until") != "2027-05-19" || c["first_violation"] != true {
		t.Fatalf("case %v", c)
	}
	// First, minor harm, not corrected: the grace period's guidance first.
	if !strings.Contains(strings.Join(strs(get(c, "recommendation", "reasons")), "；"), "指导优先") {
		t.Fatalf("reasons %v", get(c, "recommendation", "reasons"))
	}
	id := str(c, "id")
	// The handler decides a fine against the recommendation: why is needed.
	decision := map[string]any{"level": "lighter", "measures": []string{"order_correction", "fine"}, "fine_yuan": 20000, "reasons": "经告诫仍未改正"}
	if st, out, raw := env.Do(t, "POST", "/api/v1/cases/"+id+"/decision", env.Tokens["staff"], decision); st != 400 || !strings.Contains(str(out, "error", "message"), "deviation_reason") {
		t.Fatalf("deviation without why: %d %s", st, raw)
	}
	decision["deviation_reason"] = "包容期内已两次行政提示仍拒不改正"
	d := supMust(t, env, 200, "POST", "/api/v1/cases/"+id+"/decision", "staff", decision)
	if str(d, "state") != "pending_review" || get(d, "draft", "deviation") != true {
		t.Fatalf("draft %v", d)
	}
	review := map[string]any{"approve": true, "opinion": "同意", "decision_no": "平市监处罚〔2026〕88号"}
	for _, same := range []string{"staff", "zhang2"} {
		if st, _, raw := env.Do(t, "POST", "/api/v1/cases/"+id+"/review", env.Tokens[same], review); st != 409 {
			t.Fatalf("review by the drafter (%s): %d %s", same, st, raw)
		}
	}
	r := supMust(t, env, 200, "POST", "/api/v1/cases/"+id+"/review", "li", review)
	if str(r, "state") != "effective" || len(get(r, "decision", "signatures").([]any)) != 2 {
		t.Fatalf("review %v", r)
	}
	file := supMust(t, env, 200, "GET", "/api/v1/credit/"+u, "staff", nil)
	kinds := map[string]int{}
	for _, ev := range get(file, "events").([]any) {
		kinds[str(ev, "kind")]++
	}
	if kinds["penalty"] != 1 || kinds["guidance"] != 2 || kinds["inspection"] != 1 {
		t.Fatalf("credit file kinds %v", kinds)
	}
	// The next case is not a first violation.
	c2 := supMust(t, env, 200, "POST", "/api/v1/cases/preview", "staff", caseBody)
	if c2["first_violation"] != false {
		t.Fatalf("second case %v", c2)
	}
	// The catalogue: active items for staff, all for admin.
	staffList := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
	adminList := supMust(t, env, 200, "GET", "/api/v1/violations?all=1", "admin", nil)
	if n := len(get(staffList, "violations").([]any)); n != int(get(staffList, "active").(float64)) || n < 60 {
		t.Fatalf("staff list %d", n)
	}
	if len(get(adminList, "violations").([]any)) <= len(get(staffList, "violations").([]any)) {
		t.Fatal("admin sees no inactive item")
	}
}

// The registration system's scope registration records the codes; the
// profile then designates from them.
func TestScopeRegistrationRecordsCodes(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{Scope: true})
	u := "91410400MA44NE102" + string(registry.USCCCheckChar("91410400MA44NE102"))
	supMust(t, env, 201, "POST", "/api/v1/enterprises", "registrar", map[string]any{
		"name": "平顶山市老街餐饮有限公司", "uscc": u, "status": "active", "status_date": "2026-01-05", "industry_code": "H62",
		"authority_code": "410400", "established": "2026-01-05"})
	p := supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil)
	if get(p, "new_economy", "flag") != false || str(p, "new_economy", "source") != "none" {
		t.Fatalf("before %v", p)
	}
	before := supKeys(t, env)
	if st, out, raw := env.Do(t, "POST", "/api/v1/scope/registrations", env.Tokens["registrar"],
		map[string]any{"enterprise": "平顶山市老街餐饮有限公司", "uscc": u, "codes": []string{"XI0001", "bad code"}}); st != 400 || !hasHan(str(out, "error", "message")) || supKeys(t, env) != before {
		t.Fatalf("bad code: %d %s", st, raw)
	}
	supMust(t, env, 201, "POST", "/api/v1/scope/registrations", "registrar",
		map[string]any{"enterprise": "平顶山市老街餐饮有限公司", "uscc": u, "codes": []string{"XI0001"}})
	p = supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil)
	if get(p, "new_economy", "flag") != true || str(p, "new_economy", "source") != "auto" || get(p, "grace", "months") != float64(12) ||
		str(p, "grace", "until") != "2027-01-04" {
		t.Fatalf("after %v", p)
	}
}

// Bad input answers 4xx JSON in Chinese and writes nothing.
func TestSupervisionBadInputOverHTTP(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-1", "summary": "投诉", "received_on": "2026-07-01"}), "id")
	tests := []struct {
		name, method, path, token string
		body                      any
		status                    int
	}{
		{"enterprise with a bad scope code", "POST", "/api/v1/enterprises", "registrar", map[string]any{"name": "平顶山市新禾科技有限公司",
			"uscc": "91410400MA44NE103" + string(registry.USCCCheckChar("91410400MA44NE103")), "status": "active", "industry_code": "I65",
			"authority_code": "410400", "scope_codes": []string{"含 空格"}}, 400},
		{"enterprise with scope codes, no uscc", "POST", "/api/v1/enterprises", "registrar", map[string]any{"name": "平顶山市新苗科技有限公司",
			"status": "active", "industry_code": "I65", "authority_code": "410400", "scope_codes": []string{"XI0001"}}, 400},
		{"measure: unknown field", "POST", "/api/v1/supervision/measures", "staff", map[string]any{"uscc": u, "kind": "reminder", "text": "t", "deadline": "2026-08-01", "x": 1}, 400},
		{"measure: bad kind", "POST", "/api/v1/supervision/measures", "staff", map[string]any{"uscc": u, "kind": "fine", "text": "t", "deadline": "2026-08-01"}, 400},
		{"measure: bad date", "POST", "/api/v1/supervision/measures", "staff", map[string]any{"uscc": u, "kind": "reminder", "text": "t", "deadline": "8月1日"}, 400},
		{"measure: unknown enterprise", "POST", "/api/v1/supervision/measures", "staff", map[string]any{"uscc": "91410400MA44NE199" + string(registry.USCCCheckChar("91410400MA44NE199")), "kind": "reminder", "text": "t", "deadline": "2026-08-01"}, 404},
		{"follow-up: unknown measure", "POST", "/api/v1/supervision/measures/GM99/follow-up", "staff", map[string]any{"visited_on": "2026-07-10", "outcome": "corrected", "notes": "n"}, 404},
		{"follow-up: bad outcome", "POST", "/api/v1/supervision/measures/GM99/follow-up", "staff", map[string]any{"visited_on": "2026-07-10", "outcome": "ok", "notes": "n"}, 400},
		{"basis: future date", "POST", "/api/v1/supervision/bases", "staff", map[string]any{"uscc": u, "kind": "complaint", "ref": "r", "summary": "s", "received_on": "2026-08-01"}, 400},
		{"basis: bad kind", "POST", "/api/v1/supervision/bases", "staff", map[string]any{"uscc": u, "kind": "rumour", "ref": "r", "summary": "s", "received_on": "2026-07-01"}, 400},
		{"check: bad kind", "POST", "/api/v1/supervision/checks", "staff", map[string]any{"uscc": u, "kind": "surprise", "date": "2026-07-10", "findings": "f", "result": "no_problem"}, 400},
		{"check: random with basis", "POST", "/api/v1/supervision/checks", "staff", map[string]any{"uscc": u, "kind": "random", "basis": basis, "date": "2026-07-10", "findings": "f", "result": "no_problem"}, 400},
		{"case: not JSON", "POST", "/api/v1/cases", "staff", "{", 400},
		{"case: bad harm", "POST", "/api/v1/cases", "staff", map[string]any{"uscc": u, "violation": "ECO-002", "facts": "f", "circumstances": map[string]any{"harm": "huge"}, "basis": basis}, 400},
		{"case: unknown circumstance key", "POST", "/api/v1/cases", "staff", map[string]any{"uscc": u, "violation": "ECO-002", "facts": "f", "circumstances": map[string]any{"harm": "none", "first": true}, "basis": basis}, 400},
		{"case: inactive item", "POST", "/api/v1/cases", "staff", map[string]any{"uscc": u, "violation": "ECO-101", "facts": "f", "circumstances": map[string]any{"harm": "none"}, "basis": basis}, 400},
		{"case: unknown", "GET", "/api/v1/cases/SC99", "staff", nil, 404},
		{"decision: unknown case", "POST", "/api/v1/cases/SC99/decision", "staff", map[string]any{"level": "ordinary", "measures": []string{"warning"}, "reasons": "r"}, 404},
		{"review: no approve", "POST", "/api/v1/cases/SC99/review", "li", map[string]any{"opinion": "o"}, 400},
		{"review: approve without number", "POST", "/api/v1/cases/SC99/review", "li", map[string]any{"approve": true, "opinion": "o"}, 400},
		{"measures: no uscc", "GET", "/api/v1/supervision/measures", "staff", nil, 400},
		{"violations: bad all", "GET", "/api/v1/violations?all=yes", "staff", nil, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := supKeys(t, env)
			st, out, raw := env.Do(t, tc.method, tc.path, env.Tokens[tc.token], tc.body)
			if st != tc.status || !hasHan(str(out, "error", "message")) {
				t.Fatalf("%d %s, want %d with a Chinese message", st, raw, tc.status)
			}
			if supKeys(t, env) != before {
				t.Fatal("written")
			}
		})
	}
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// The credit module's "guidance first" follows the automatic designation:
// an enterprise designated from its industry code is listed on a reporting
// ground only after a guidance notice; once staff withdraw the designation
// by hand, it is listed at once.
func TestGuidanceFirstFollowsAutomaticDesignation(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	listing := map[string]any{"uscc": u, "reason": "instant_info", "date": "2026-07-10"}
	before := supKeys(t, env)
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["staff"], listing)
	if st != http.StatusConflict || str(out, "error", "code") != "guidance_required" || supKeys(t, env) != before {
		t.Fatalf("auto-designated enterprise listed without guidance: %d %s", st, raw)
	}
	supMust(t, env, 200, "PUT", "/api/v1/enterprises/"+u+"/supervision", "staff", map[string]any{"new_economy": false, "reason": "经复核不属于新经济"})
	p := supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil)
	if str(p, "new_economy", "source") != "manual" || get(p, "new_economy", "flag") != false || len(get(p, "new_economy", "auto").([]any)) == 0 {
		t.Fatalf("profile %v", p)
	}
	supMust(t, env, 201, "POST", "/api/v1/credit/abnormal", "staff", listing)
}

// The records of an enterprise: its bases, checks and cases, oldest first,
// none of another enterprise's; a missing or bad uscc answers 400 in
// Chinese.
func TestSupervisionListsOverHTTP(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-1", "summary": "投诉", "received_on": "2026-07-01"}), "id")
	supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "referral", "ref": "转-2", "summary": "转办", "received_on": "2026-07-02"})
	check := str(supMust(t, env, 201, "POST", "/api/v1/supervision/checks", "staff",
		map[string]any{"uscc": u, "kind": "directed", "basis": basis, "date": "2026-07-10", "findings": "未公示", "result": "problem_found"}), "id")
	caseID := str(supMust(t, env, 201, "POST", "/api/v1/cases", "staff",
		map[string]any{"uscc": u, "violation": "ECO-002", "facts": "未公示", "circumstances": map[string]any{"harm": "minor"}, "basis": basis}), "id")
	other := "91410400MA44NE102" + string(registry.USCCCheckChar("91410400MA44NE102"))

	ids := func(out map[string]any, field string) []string {
		var s []string
		for _, v := range out[field].([]any) {
			s = append(s, v.(map[string]any)["id"].(string))
		}
		return s
	}
	for _, tc := range []struct {
		path, field string
		want        int
		first       string
	}{
		{"/api/v1/supervision/bases", "bases", 2, basis},
		{"/api/v1/supervision/checks", "checks", 1, check},
		{"/api/v1/cases", "cases", 1, caseID},
	} {
		t.Run(tc.field, func(t *testing.T) {
			got := ids(supMust(t, env, 200, "GET", tc.path+"?uscc="+strings.ToLower(u), "staff", nil), tc.field)
			if len(got) != tc.want || got[0] != tc.first {
				t.Fatalf("%s of %s: %v, want %d starting with %s", tc.field, u, got, tc.want, tc.first)
			}
			if got := ids(supMust(t, env, 200, "GET", tc.path+"?uscc="+other, "admin", nil), tc.field); len(got) != 0 {
				t.Fatalf("%s of another enterprise: %v", tc.field, got)
			}
			for _, q := range []string{"", "?uscc=", "?uscc=91410400MA44NE1010", "?uscc=" + u[:17] + "X"} {
				st, out, raw := env.Do(t, "GET", tc.path+q, env.Tokens["staff"], nil)
				if st != http.StatusBadRequest || !strings.Contains(str(out, "error", "message"), "uscc") || !hasHan(str(out, "error", "message")) {
					t.Fatalf("GET %s%s: %d %s, want 400 in Chinese", tc.path, q, st, raw)
				}
			}
		})
	}
}

// The scope codes of POST /api/v1/enterprises are recorded in the
// transaction that writes the record: a bad code leaves nothing of the
// request written (a new enterprise stays unknown, a changed one keeps its
// record and codes), and the automatic designation answers from the codes
// of the very request that wrote them.
func TestEnterpriseScopeCodesInOneTransaction(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{})
	u := "91410400MA44NE104" + string(registry.USCCCheckChar("91410400MA44NE104"))
	restaurant := func(name string, codes any) map[string]any {
		b := map[string]any{"name": name, "uscc": u, "status": "active", "status_date": "2026-01-05", "industry_code": "H62",
			"authority_code": "410400", "established": "2026-01-05"}
		if codes != nil {
			b["scope_codes"] = codes
		}
		return b
	}
	profile := func(t *testing.T) map[string]any {
		t.Helper()
		return supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil)
	}
	steps := []struct {
		name   string
		body   map[string]any
		status int
		check  func(t *testing.T)
	}{
		{"a new enterprise with a bad code is not written", restaurant("平顶山市星灿餐饮有限公司", []string{"XF0115", "含 空格"}), 400, func(t *testing.T) {
			if st, _, raw := env.Do(t, "GET", "/api/v1/enterprises/"+u, "", nil); st != 404 {
				t.Fatalf("the enterprise: %d %s", st, raw)
			}
		}},
		{"codes that designate, in the same request", restaurant("平顶山市星灿餐饮有限公司", []string{"XF0115"}), 201, func(t *testing.T) {
			p := profile(t)
			if get(p, "new_economy", "flag") != true || str(p, "new_economy", "source") != "auto" ||
				strings.Join(strs(get(p, "new_economy", "categories")), "、") != "新型能源活动" || str(p, "grace", "until") != "2027-01-04" {
				t.Fatalf("profile %v", p)
			}
			if !slices.Contains(registerUSCCs(t, env, "category="+url.QueryEscape("新型能源活动")), u) {
				t.Fatal("not in the new-economy register")
			}
		}},
		{"a change with a bad code keeps the record and its codes", restaurant("平顶山市星灿能源有限公司", []string{"bad code!"}), 400, func(t *testing.T) {
			e := supMust(t, env, 200, "GET", "/api/v1/enterprises/"+u, "", nil)
			if str(e, "name") != "平顶山市星灿餐饮有限公司" || strings.Join(strs(get(profile(t), "scope_codes")), ",") != "XF0115" {
				t.Fatalf("after the refused change: %v", e)
			}
		}},
		{"a record without scope_codes keeps the codes", restaurant("平顶山市星灿餐饮有限公司", nil), 201, func(t *testing.T) {
			if p := profile(t); str(p, "new_economy", "source") != "auto" {
				t.Fatalf("profile %v", p)
			}
		}},
		{"codes that no longer designate, in the same request", restaurant("平顶山市星灿餐饮有限公司", []string{}), 201, func(t *testing.T) {
			if p := profile(t); get(p, "new_economy", "flag") != false || str(p, "new_economy", "source") != "none" {
				t.Fatalf("profile %v", p)
			}
			if slices.Contains(registerUSCCs(t, env, ""), u) {
				t.Fatal("still in the new-economy register")
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := supKeys(t, env)
			status, out, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], st.body)
			if status != st.status {
				t.Fatalf("%d %s, want %d", status, raw, st.status)
			}
			if status >= 400 && (!hasHan(str(out, "error", "message")) || supKeys(t, env) != before) {
				t.Fatalf("refused %s, or written", raw)
			}
			st.check(t)
		})
	}
}

// registerUSCCs lists the USCCs of the new-economy register with the query
// (filters, without after and limit), every page of two.
func registerUSCCs(t *testing.T, env *testenv.Env, query string) []string {
	t.Helper()
	var out []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("the pages do not end")
		}
		path := "/api/v1/supervision/new-economy?limit=2&after=" + after
		if query != "" {
			path += "&" + query
		}
		page := supMust(t, env, 200, "GET", path, "staff", nil)
		for _, it := range page["items"].([]any) {
			out = append(out, str(it, "uscc"))
		}
		if after = str(page, "next"); after == "" {
			return out
		}
	}
}

// The new-economy register over HTTP on 2026-07-10: the small software
// firm of supEnv (automatic, in its grace period), an older software firm
// (automatic, grace over), a restaurant designated by hand (in its
// 12-month grace period), a shop nobody designated; every filter alone
// and together, pages of two, and a manual withdrawal that takes a firm
// off the register at once.
func TestNewEconomyRegisterOverHTTP(t *testing.T) {
	env, soft := supEnv(t, testenv.Options{})
	old := "91410400MA44NE105" + string(registry.USCCCheckChar("91410400MA44NE105"))
	food := "91410400MA44NE106" + string(registry.USCCCheckChar("91410400MA44NE106"))
	shop := "91410400MA44NE107" + string(registry.USCCCheckChar("91410400MA44NE107"))
	for _, e := range []map[string]any{
		{"name": "平顶山市老码软件有限公司", "uscc": old, "industry_code": "I6513", "established": "2020-01-01", "small_micro": true},
		{"name": "平顶山市新味餐饮有限公司", "uscc": food, "industry_code": "H62", "established": "2026-01-05"},
		{"name": "平顶山市好邻百货有限公司", "uscc": shop, "industry_code": "F5211", "established": "2026-01-05", "small_micro": true},
	} {
		e["status"], e["authority_code"] = "active", "410400"
		supMust(t, env, 201, "POST", "/api/v1/enterprises", "registrar", e)
	}
	supMust(t, env, 200, "PUT", "/api/v1/enterprises/"+food+"/supervision", "staff", map[string]any{"new_economy": true, "reason": "预制菜中央厨房新业态，经认定纳入"})

	sorted := func(us ...string) []string { slices.Sort(us); return us }
	tests := []struct {
		name, query string
		want        []string
	}{
		{"all", "", sorted(soft, old, food)},
		{"in grace", "in_grace=true", sorted(soft, food)},
		{"grace over", "in_grace=0", []string{old}},
		{"automatic", "source=auto", sorted(soft, old)},
		{"by hand", "source=manual", []string{food}},
		{"small and micro", "small_micro=true", sorted(soft, old)},
		{"not small or micro", "small_micro=false", []string{food}},
		{"category", "category=" + url.QueryEscape("互联网与现代信息技术服务"), sorted(soft, old)},
		{"a category nobody is in", "category=" + url.QueryEscape("先进制造业"), nil},
		{"together", "in_grace=1&source=auto&small_micro=true&category=" + url.QueryEscape("互联网与现代信息技术服务"), []string{soft}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := registerUSCCs(t, env, tc.query); !slices.Equal(got, tc.want) {
				t.Fatalf("%v, want %v", got, tc.want)
			}
		})
	}
	t.Run("a row", func(t *testing.T) {
		page := supMust(t, env, 200, "GET", "/api/v1/supervision/new-economy?source=manual", "admin", nil)
		items := page["items"].([]any)
		if len(items) != 1 || str(page, "next") != "" {
			t.Fatalf("page %v", page)
		}
		r := items[0]
		if str(r, "uscc") != food || str(r, "name") != "平顶山市新味餐饮有限公司" || str(r, "status") != "active" || get(r, "small_micro") != false ||
			str(r, "established") != "2026-01-05" || get(r, "grace_months") != float64(12) || str(r, "grace_until") != "2027-01-04" ||
			get(r, "in_grace") != true || len(get(r, "categories").([]any)) != 0 {
			t.Fatalf("row %v", r)
		}
	})
	t.Run("a manual withdrawal takes a firm off at once", func(t *testing.T) {
		supMust(t, env, 200, "PUT", "/api/v1/enterprises/"+soft+"/supervision", "staff", map[string]any{"new_economy": false, "reason": "经复核不属于新经济"})
		if got := registerUSCCs(t, env, ""); !slices.Equal(got, sorted(old, food)) {
			t.Fatalf("%v", got)
		}
	})
}

// Bad filters and cursors answer 400 in Chinese naming the parameter.
func TestNewEconomyRegisterBadQuery(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{})
	for _, tc := range []struct{ name, query, param string }{
		{"in_grace not a yes or no", "in_grace=maybe", "in_grace"},
		{"small_micro not a yes or no", "small_micro=是", "small_micro"},
		{"unknown source", "source=import", "source"},
		{"unknown category", "category=" + url.QueryEscape("新零售"), "category"},
		{"limit zero", "limit=0", "limit"},
		{"limit too large", "limit=500", "limit"},
		{"limit not a number", "limit=ten", "limit"},
		{"cursor not a USCC", "after=SB00000001", "after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, out, raw := env.Do(t, "GET", "/api/v1/supervision/new-economy?"+tc.query, env.Tokens["staff"], nil)
			if msg := str(out, "error", "message"); st != http.StatusBadRequest || !hasHan(msg) || !strings.Contains(msg, tc.param) {
				t.Fatalf("%d %s, want 400 in Chinese naming %s", st, raw, tc.param)
			}
		})
	}
}

// A complaint reaches the credit file when it is verified, and only then:
// recorded verified, or verified later, once; the event (经核实的投诉举报)
// is for staff, not published; other bases never write one.
func TestComplaintVerificationOverHTTP(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	complaintKinds := func(token string) int {
		t.Helper()
		n := 0
		for _, ev := range get(supMust(t, env, 200, "GET", "/api/v1/credit/"+u, token, nil), "events").([]any) {
			if str(ev, "kind") == "complaint" {
				n++
			}
		}
		return n
	}
	verified := supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff", map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-2026-0701",
		"summary": "消费者投诉网店未公示营业执照", "received_on": "2026-07-01",
		"verification": map[string]any{"verified_on": "2026-07-03", "finding": "经网络核查，网店首页确未公示营业执照信息"}})
	if str(verified, "verification", "event_id") == "" || str(verified, "verification", "verified_on") != "2026-07-03" {
		t.Fatalf("verified complaint %v", verified)
	}
	if n := complaintKinds("staff"); n != 1 {
		t.Fatalf("%d complaint events, want 1", n)
	}
	if n := complaintKinds(""); n != 0 {
		t.Fatalf("the public sees %d complaint events", n)
	}
	pending := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff", map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-2026-0702",
		"summary": "投诉虚假宣传", "received_on": "2026-07-02"}), "id")
	clue := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff", map[string]any{"uscc": u, "kind": "big_data_clue", "ref": "DS-7",
		"summary": "监测线索", "received_on": "2026-07-02"}), "id")
	if n := complaintKinds("staff"); n != 1 {
		t.Fatalf("an unverified complaint and a clue wrote %d complaint events in all", n)
	}
	refusals := []struct {
		name, path string
		body       any
		status     int
	}{
		{"verification of a clue", "/api/v1/supervision/bases", map[string]any{"uscc": u, "kind": "big_data_clue", "ref": "DS-8", "summary": "线索",
			"received_on": "2026-07-02", "verification": map[string]any{"verified_on": "2026-07-03", "finding": "属实"}}, 400},
		{"verifying a clue", "/api/v1/supervision/bases/" + clue + "/verification", map[string]any{"verified_on": "2026-07-03", "finding": "属实"}, 409},
		{"verifying an unknown basis", "/api/v1/supervision/bases/SB99999999/verification", map[string]any{"verified_on": "2026-07-03", "finding": "属实"}, 404},
		{"an unknown field", "/api/v1/supervision/bases/" + pending + "/verification", map[string]any{"verified_on": "2026-07-03", "finding": "属实", "public": true}, 400},
		{"verified in the future", "/api/v1/supervision/bases/" + pending + "/verification", map[string]any{"verified_on": "2026-07-11", "finding": "属实"}, 400},
		{"no finding", "/api/v1/supervision/bases/" + pending + "/verification", map[string]any{"verified_on": "2026-07-03"}, 400},
		{"verified once", "/api/v1/supervision/bases/" + str(verified, "id") + "/verification", map[string]any{"verified_on": "2026-07-04", "finding": "再次核实"}, 409},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := supKeys(t, env)
			st, out, raw := env.Do(t, "POST", tc.path, env.Tokens["staff"], tc.body)
			if st != tc.status || !hasHan(str(out, "error", "message")) || supKeys(t, env) != before {
				t.Fatalf("%d %s, want %d in Chinese with nothing written", st, raw, tc.status)
			}
		})
	}
	b := supMust(t, env, 200, "POST", "/api/v1/supervision/bases/"+pending+"/verification", "li",
		map[string]any{"verified_on": "2026-07-09", "finding": "经调取宣传资料核实，宣传内容与实际不符"})
	if str(b, "verification", "by", "holder") != "李四" || complaintKinds("staff") != 2 {
		t.Fatalf("verified later: %v", b)
	}
	bases := supMust(t, env, 200, "GET", "/api/v1/supervision/bases?uscc="+u, "staff", nil)
	for _, x := range get(bases, "bases").([]any) {
		want := str(x, "id") == pending || str(x, "id") == str(verified, "id")
		if got := str(x, "verification", "event_id") != ""; got != want {
			t.Fatalf("basis %v: verified %v, want %v", x, got, want)
		}
	}
}
