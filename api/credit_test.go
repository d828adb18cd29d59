package api_test

import (
	"net/http"
	"strings"
	"testing"

	"namescope/internal/testenv"
	"namescope/registry"
	"namescope/store"
)

// creditEnv is the whole application on 2026-07-10 with one key per role
// (registrar, staff, admin, partner) and one enterprise registered by the
// registrar with its establishment date and legal representative.
func creditEnv(t *testing.T) (*testenv.Env, string) {
	t.Helper()
	env := testenv.New(t, testenv.Options{Now: testenv.At("2026-07-10"), NoWellKnownMarks: true})
	u := "91410400MA44CR101" + string(registry.USCCCheckChar("91410400MA44CR101"))
	st, out, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], map[string]any{
		"name": "平顶山市星河科技有限公司", "uscc": u, "status": "active", "status_date": "2024-05-20", "industry_code": "I65",
		"authority_code": "410400", "established": "2024-05-20", "legal_representative": "张三", "small_micro": true,
	})
	if st != http.StatusCreated || out["legal_representative"] != "张三" {
		t.Fatalf("register: %d %s", st, raw)
	}
	return env, u
}

// creditKeys counts the credit module's keys and the audit log.
func creditKeys(t *testing.T, env *testenv.Env) int {
	t.Helper()
	n := 0
	err := env.App.Store.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixCreditEvent, store.PrefixCreditPenalty, store.PrefixCreditListing,
			store.PrefixCreditGuidance, store.PrefixCreditDesignation, store.PrefixCreditAnnual, store.PrefixAudit} {
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

// Every credit route admits exactly its roles (admin for reads only: an
// admin key makes or records no credit decision in anyone's place); public
// routes answer without a key.
func TestCreditRolesOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	penalty := func(no string) map[string]any {
		return map[string]any{"uscc": u, "decision_no": no, "authority": "平顶山市市场监督管理局", "decided_on": "2026-07-01",
			"procedure": "ordinary", "penalties": []map[string]any{{"kind": "criticism"}}, "domain": "other",
			"violation": "未按规定公示", "basis": "《企业信息公示暂行条例》第十八条"}
	}
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["staff"], map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"})
	if st != http.StatusCreated {
		t.Fatalf("list: %d %s", st, raw)
	}
	listing := str(out, "id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/penalties", env.Tokens["staff"], penalty("平市监处罚〔2026〕1号"))
	if st != http.StatusCreated {
		t.Fatalf("penalty: %d %s", st, raw)
	}
	event := str(out, "event", "id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/abnormal/"+listing+"/objections", "",
		map[string]any{"applicant": "平顶山市星河科技有限公司", "contact": "0375-1234567", "statement": "住所可以联系"})
	if st != http.StatusCreated {
		t.Fatalf("object: %d %s", st, raw)
	}
	objection := str(out, "id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs", "", map[string]any{"uscc": u, "target": listing,
		"applicant": "平顶山市星河科技有限公司", "contact": "0375-1234567", "statement": "已恢复联系"})
	if st != http.StatusCreated || str(out, "state") != "pending" {
		t.Fatalf("repair: %d %s", st, raw)
	}
	repair := str(out, "id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/serious/notices", env.Tokens["staff"], map[string]any{"uscc": u, "criterion": "other", "facts": "拒不配合调查"})
	if st != http.StatusCreated {
		t.Fatalf("notice: %d %s", st, raw)
	}
	notice := str(out, "id")
	roles := []string{"", "registrar", "staff", "partner", "admin"}
	tests := []struct {
		method, path string
		body         func(role string) any
		allowed      []string // "" is no key
	}{
		{"GET", "/api/v1/credit/" + u, nil, roles},
		{"GET", "/api/v1/credit/lists/abnormal", nil, roles},
		{"GET", "/api/v1/enterprises/" + u + "/supervision", nil, roles},
		{"PUT", "/api/v1/enterprises/" + u + "/supervision", func(string) any { return map[string]any{"new_economy": false, "reason": "复核"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/abnormal", func(string) any { return map[string]any{"uscc": u, "reason": "false_info", "date": "2026-07-10"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/abnormal/" + listing + "/removal", func(string) any { return map[string]any{"reason": "已恢复联系", "date": "2026-07-10"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/abnormal/" + listing + "/objections", func(string) any {
			return map[string]any{"applicant": "平顶山市星河科技有限公司", "contact": "0375-1234567", "statement": "住所可以联系"}
		}, roles},
		{"POST", "/api/v1/credit/objections/" + objection + "/decision", func(string) any { return map[string]any{"upheld": false, "reply": "不成立"} },
			[]string{"staff"}},
		{"GET", "/api/v1/credit/serious/candidates", nil, []string{"staff", "admin"}},
		{"POST", "/api/v1/credit/serious/notices", func(string) any {
			return map[string]any{"uscc": u, "criterion": "other", "facts": "拒不配合调查"}
		},
			[]string{"staff"}},
		{"POST", "/api/v1/credit/serious/notices/" + notice + "/statements", func(string) any { return map[string]any{"text": "申辩", "received_on": "2026-07-10"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/serious/notices/" + notice + "/decision", func(string) any { return map[string]any{"list": false, "reasons": "不予列入"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/repairs", func(string) any {
			return map[string]any{"uscc": u, "target": listing, "applicant": "平顶山市星河科技有限公司", "contact": "0375-1234567", "statement": "已恢复联系"}
		}, roles},
		{"GET", "/api/v1/credit/repairs/" + repair, nil, []string{"staff", "partner", "admin"}},
		{"POST", "/api/v1/credit/repairs/" + repair + "/decision", func(string) any { return map[string]any{"approve": false, "reasons": "不予修复"} },
			[]string{"staff"}},
		{"POST", "/api/v1/credit/penalties", func(role string) any { return penalty("平市监处罚〔2026〕" + role + "号") },
			[]string{"staff", "partner"}},
		{"POST", "/api/v1/credit/annual-reports", func(string) any { return map[string]any{"uscc": u, "year": 2025, "filed_on": "2026-06-01"} },
			[]string{"registrar", "partner", "admin"}},
		{"POST", "/api/v1/credit/guidance", func(string) any {
			return map[string]any{"uscc": u, "ground": "annual_report", "text": "请补报年度报告", "deadline": "2026-07-31"}
		}, []string{"staff"}},
		{"POST", "/api/v1/credit/events/" + event + "/correction", func(string) any {
			return map[string]any{"reason": "更正", "date": "2026-07-10", "summary": "平顶山市市场监督管理局（平市监处罚〔2026〕1号）：未按规定公示；处罚内容：通报批评"}
		}, []string{"staff", "partner"}},
		{"POST", "/api/v1/credit/events/" + event + "/withdrawal", func(string) any { return map[string]any{"reason": "撤回", "date": "2026-07-10"} },
			[]string{"staff", "partner"}},
	}
	for _, tc := range tests {
		for _, role := range roles {
			name := role
			if name == "" {
				name = "no key"
			}
			t.Run(tc.method+" "+tc.path+" "+name, func(t *testing.T) {
				var body any
				if tc.body != nil {
					body = tc.body(role)
				}
				st, out, raw := env.Do(t, tc.method, tc.path, env.Tokens[role], body)
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
				}
			})
		}
	}
}

// The credit file over HTTP: the registry's write records the
// registration; penalties are idempotent and published by their period;
// the public never sees the legal representative nor unpublished events;
// guidance first; the list and the removal.
func TestCreditStoryOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	staff, partner := env.Tokens["staff"], env.Tokens["partner"]

	t.Run("the legal representative is never public", func(t *testing.T) {
		for _, p := range []string{"/api/v1/enterprises/" + u, "/api/v1/enterprises?q=星河"} {
			_, _, raw := env.Do(t, "GET", p, "", nil)
			if strings.Contains(string(raw), "张三") || strings.Contains(string(raw), "legal_representative") {
				t.Errorf("GET %s shows the legal representative: %s", p, raw)
			}
		}
		_, _, raw := env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
		if strings.Contains(string(raw), "张三") {
			t.Errorf("the credit file shows the legal representative: %s", raw)
		}
	})
	t.Run("the registration is in the credit file", func(t *testing.T) {
		_, out, raw := env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
		evs := get(out, "events").([]any)
		if str(out, "name") != "平顶山市星河科技有限公司" || len(evs) != 1 || str(evs[0], "kind") != "registration" || str(evs[0], "date") != "2024-05-20" {
			t.Fatalf("%s", raw)
		}
		if get(evs[0], "actor") != nil {
			t.Errorf("the public sees who acted: %s", raw)
		}
	})
	pen := map[string]any{"uscc": u, "decision_no": "平市监处罚〔2026〕12号", "authority": "平顶山市市场监督管理局", "decided_on": "2026-07-01",
		"procedure": "ordinary", "penalties": []map[string]any{{"kind": "fine", "amount_yuan": 200000}}, "domain": "food",
		"violation": "经营超过保质期的食品", "basis": "《中华人民共和国食品安全法》第一百二十四条"}
	t.Run("a penalty, then its replay", func(t *testing.T) {
		st, out, raw := env.Do(t, "POST", "/api/v1/credit/penalties", partner, pen)
		if st != http.StatusCreated || get(out, "replayed") != false || str(out, "event", "public_until") != "2029-07-09" {
			t.Fatalf("%d %s", st, raw)
		}
		keys := creditKeys(t, env)
		st, out, raw = env.Do(t, "POST", "/api/v1/credit/penalties", partner, pen)
		if st != http.StatusOK || get(out, "replayed") != true || creditKeys(t, env) != keys {
			t.Fatalf("replay %d %s", st, raw)
		}
	})
	t.Run("a simple-procedure penalty is seen by staff and partners only", func(t *testing.T) {
		simple := map[string]any{"uscc": u, "decision_no": "平市监简易〔2026〕3号", "authority": "平顶山市市场监督管理局", "decided_on": "2026-07-02",
			"procedure": "simple", "penalties": []map[string]any{{"kind": "fine", "amount_yuan": 200}}, "domain": "other",
			"violation": "未亮照经营", "basis": "《中华人民共和国市场主体登记管理条例》第四十七条"}
		if st, _, raw := env.Do(t, "POST", "/api/v1/credit/penalties", staff, simple); st != http.StatusCreated {
			t.Fatalf("%d %s", st, raw)
		}
		count := map[string]int{}
		for _, who := range []string{"", "registrar", "staff", "partner", "admin"} {
			_, out, _ := env.Do(t, "GET", "/api/v1/credit/"+u, env.Tokens[who], nil)
			count[who] = len(get(out, "events").([]any))
		}
		if count[""] != 2 || count["registrar"] != 2 || count["staff"] != 3 || count["partner"] != 3 || count["admin"] != 3 {
			t.Fatalf("events seen %v", count)
		}
		_, out, _ := env.Do(t, "GET", "/api/v1/credit/"+u, "Bearer-not-a-key", nil)
		if len(get(out, "events").([]any)) != 2 {
			t.Error("an invalid key sees more than the public")
		}
	})
	t.Run("the penalty leaves public view after 3 years", func(t *testing.T) {
		env.Clock.SetDate("2029-07-10")
		_, out, _ := env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
		for _, ev := range get(out, "events").([]any) {
			if str(ev, "kind") == "penalty" {
				t.Fatalf("still public: %v", ev)
			}
		}
		env.Clock.SetDate("2026-07-10")
	})
	t.Run("guidance first", func(t *testing.T) {
		st, out, raw := env.Do(t, "PUT", "/api/v1/enterprises/"+u+"/supervision", staff, map[string]any{"new_economy": true, "reason": "数字经济新业态"})
		if st != http.StatusOK || get(out, "new_economy", "flag") != true || str(out, "grace_until") != "2026-05-19" || get(out, "in_grace") != false {
			t.Fatalf("designate %d %s", st, raw)
		}
		if _, out, _ = env.Do(t, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil); get(out, "small_micro") != true || str(out, "established") != "2024-05-20" {
			t.Fatalf("supervision %v", out)
		}
		listing := map[string]any{"uscc": u, "reason": "annual_report", "date": "2026-07-10"}
		keys := creditKeys(t, env)
		st, out, raw = env.Do(t, "POST", "/api/v1/credit/abnormal", staff, listing)
		if st != http.StatusConflict || str(out, "error", "code") != "guidance_required" || creditKeys(t, env) != keys {
			t.Fatalf("without guidance %d %s", st, raw)
		}
		st, out, raw = env.Do(t, "POST", "/api/v1/credit/guidance", staff, map[string]any{"uscc": u, "ground": "annual_report", "text": "请于 7 月 20 日前补报 2025 年度报告", "deadline": "2026-07-20"})
		if st != http.StatusCreated || str(out, "deadline") != "2026-07-20" {
			t.Fatalf("guidance %d %s", st, raw)
		}
		env.Clock.SetDate("2026-07-21")
		listing["date"] = "2026-07-21"
		st, out, raw = env.Do(t, "POST", "/api/v1/credit/abnormal", staff, listing)
		if st != http.StatusCreated || str(out, "guidance_id") == "" || str(out, "decision_due") != "2026-07-14" || get(out, "decision_late") != true {
			t.Fatalf("after the deadline %d %s", st, raw)
		}
		id := str(out, "id")
		_, page, raw := env.Do(t, "GET", "/api/v1/credit/lists/abnormal?q=星河&page=1&page_size=10", "", nil)
		if get(page, "total").(float64) != 1 || str(get(page, "items").([]any)[0], "id") != id {
			t.Fatalf("list %s", raw)
		}
		st, out, raw = env.Do(t, "POST", "/api/v1/credit/abnormal/"+id+"/removal", staff, map[string]any{"reason": "已补报 2025 年度报告并公示", "date": "2026-07-21", "applied_on": "2026-07-21"})
		if st != http.StatusOK || str(out, "removed_on") != "2026-07-21" || str(out, "removal_due") != "2026-07-28" {
			t.Fatalf("removal %d %s", st, raw)
		}
		if _, page, _ = env.Do(t, "GET", "/api/v1/credit/lists/abnormal", "", nil); get(page, "total").(float64) != 0 {
			t.Fatalf("after removal %v", page)
		}
	})
	t.Run("not found", func(t *testing.T) {
		other := "91410400MA44CR102" + string(registry.USCCCheckChar("91410400MA44CR102"))
		for _, p := range []string{"/api/v1/credit/" + other, "/api/v1/credit/lists/black", "/api/v1/enterprises/" + other + "/supervision"} {
			if st, out, raw := env.Do(t, "GET", p, "", nil); st != http.StatusNotFound || !hasHan(str(out, "error", "message")) {
				t.Errorf("GET %s: %d %s", p, st, raw)
			}
		}
		if st, out, _ := env.Do(t, "GET", "/api/v1/credit/lists/serious", "", nil); st != http.StatusOK || len(get(out, "items").([]any)) != 0 {
			t.Errorf("serious list %d %v", st, out)
		}
	})
}

// Bad input answers 4xx in Chinese and writes nothing.
func TestCreditBadInputOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	_, out, _ := env.Do(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"})
	listing, event := str(out, "id"), str(out, "event_id")
	keys := creditKeys(t, env)
	tests := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"listing: not JSON", "POST", "/api/v1/credit/abnormal", "{", 400},
		{"listing: unknown field", "POST", "/api/v1/credit/abnormal", map[string]any{"uscc": u, "reason": "false_info", "date": "2026-07-10", "x": 1}, 400},
		{"listing: a number for the date", "POST", "/api/v1/credit/abnormal", map[string]any{"uscc": u, "reason": "false_info", "date": 20260710}, 400},
		{"listing: unknown reason", "POST", "/api/v1/credit/abnormal", map[string]any{"uscc": u, "reason": "late", "date": "2026-07-10"}, 400},
		{"listing: twice on one ground", "POST", "/api/v1/credit/abnormal", map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"}, 409},
		{"removal: unknown listing", "POST", "/api/v1/credit/abnormal/AB99999999/removal", map[string]any{"reason": "r", "date": "2026-07-10"}, 404},
		{"removal: no reason", "POST", "/api/v1/credit/abnormal/" + listing + "/removal", map[string]any{"date": "2026-07-10"}, 400},
		{"penalty: no penalties", "POST", "/api/v1/credit/penalties", map[string]any{"uscc": u, "decision_no": "1", "authority": "a", "decided_on": "2026-07-01",
			"procedure": "ordinary", "domain": "other", "violation": "v", "basis": "b"}, 400},
		{"penalty: a string amount", "POST", "/api/v1/credit/penalties", map[string]any{"uscc": u, "decision_no": "1", "authority": "a", "decided_on": "2026-07-01",
			"procedure": "ordinary", "penalties": []map[string]any{{"kind": "fine", "amount_yuan": "一万"}}, "domain": "other", "violation": "v", "basis": "b"}, 400},
		{"annual report: a year as text", "POST", "/api/v1/credit/annual-reports", map[string]any{"uscc": u, "year": "2025", "filed_on": "2026-06-01"}, 400},
		{"annual report: the current year", "POST", "/api/v1/credit/annual-reports", map[string]any{"uscc": u, "year": 2026, "filed_on": "2026-06-01"}, 400},
		{"guidance: deadline passed", "POST", "/api/v1/credit/guidance", map[string]any{"uscc": u, "ground": "annual_report", "text": "t", "deadline": "2026-07-01"}, 400},
		{"correction: no summary", "POST", "/api/v1/credit/events/" + event + "/correction", map[string]any{"reason": "r", "date": "2026-07-10"}, 400},
		{"withdrawal: unknown event", "POST", "/api/v1/credit/events/CE99999999/withdrawal", map[string]any{"reason": "r", "date": "2026-07-10"}, 404},
		{"designation: no flag", "PUT", "/api/v1/enterprises/" + u + "/supervision", map[string]any{"reason": "r"}, 400},
		{"designation: bad USCC", "PUT", "/api/v1/enterprises/123/supervision", map[string]any{"new_economy": true, "reason": "r"}, 400},
		{"list: page 0", "GET", "/api/v1/credit/lists/abnormal?page=0", nil, 400},
		{"list: page size as text", "GET", "/api/v1/credit/lists/abnormal?page_size=ten", nil, 400},
		{"list: page size too large", "GET", "/api/v1/credit/lists/abnormal?page_size=1000", nil, 400},
		{"file: bad USCC", "GET", "/api/v1/credit/91410400", nil, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token := env.Tokens["staff"]
			if strings.Contains(tc.path, "/annual-reports") {
				token = env.Tokens["partner"]
			}
			st, out, raw := env.Do(t, tc.method, tc.path, token, tc.body)
			if st != tc.status || !hasHan(str(out, "error", "message")) {
				t.Fatalf("%d %s, want %d with a Chinese message", st, raw, tc.status)
			}
			if creditKeys(t, env) != keys {
				t.Error("a refused request wrote something")
			}
		})
	}
}

// Cancellation and revocation through the lifecycle, and a registrar's
// change, are recorded by the registry's write path in its transaction.
func TestCreditEventsOfRegistryWrites(t *testing.T) {
	for _, tc := range []struct {
		name, path, kind string
	}{
		{"cancellation", "/cancellation", "cancellation"},
		{"revocation", "/revocation", "revocation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, u := creditEnv(t)
			if st, _, raw := env.Do(t, "POST", "/api/v1/enterprises/"+u+tc.path, env.Tokens["registrar"], map[string]any{"reason": "股东会决议解散"}); st != http.StatusOK {
				t.Fatalf("%d %s", st, raw)
			}
			_, out, raw := env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
			evs := get(out, "events").([]any)
			if len(evs) != 2 || str(evs[0], "kind") != tc.kind || str(evs[0], "date") != "2026-07-10" {
				t.Fatalf("%s", raw)
			}
		})
	}
	t.Run("a registrar's change of legal representative", func(t *testing.T) {
		env, u := creditEnv(t)
		st, _, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], map[string]any{
			"name": "平顶山市星河科技有限公司", "uscc": u, "status": "active", "status_date": "2024-05-20", "industry_code": "I65",
			"authority_code": "410400", "legal_representative": "李四",
		})
		if st != http.StatusCreated {
			t.Fatalf("%d %s", st, raw)
		}
		_, out, raw := env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
		evs := get(out, "events").([]any)
		if len(evs) != 2 || str(evs[0], "kind") != "change" || !strings.Contains(str(evs[0], "summary"), "法定代表人") || strings.Contains(string(raw), "李四") {
			t.Fatalf("%s", raw)
		}
		// The establishment date the registrar did not send again is kept.
		if _, out, _ := env.Do(t, "GET", "/api/v1/enterprises/"+u+"/supervision", "", nil); str(out, "established") != "2024-05-20" {
			t.Errorf("established %v", out)
		}
	})
}

// A repair application over HTTP: the party's token opens its own
// application only; a refused application answers 201 with the reasons.
func TestCreditRepairOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	_, out, _ := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["staff"], map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"})
	listing := str(out, "id")
	apply := map[string]any{"uscc": u, "target": listing, "applicant": "平顶山市星河科技有限公司", "contact": "0375-1234567",
		"statement": "已办理住所变更登记", "evidence": []map[string]any{{"filename": "变更登记通知书.pdf", "content_type": "application/pdf", "data": []byte("%PDF-1.4")}}}
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/repairs", "", apply)
	if st != http.StatusCreated || str(out, "state") != "pending" || get(out, "eligibility", "eligible") != true || str(out, "token") == "" ||
		strings.Contains(string(raw), "token_hash") || str(out, "accept_due") != "2026-07-15" {
		t.Fatalf("apply %d %s", st, raw)
	}
	id, token := str(out, "id"), str(out, "token")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs", "", apply)
	if st != http.StatusCreated {
		t.Fatalf("second application %d %s", st, raw)
	}
	other, otherToken := str(out, "id"), str(out, "token")
	for _, tc := range []struct {
		name, token string
		header      []string
		status      int
	}{
		{"its token", token, nil, 200},
		{"its token in X-Party-Token", "", []string{"X-Party-Token", token}, 200},
		{"another application's token", otherToken, nil, 403},
		{"a staff key", env.Tokens["staff"], nil, 200},
		{"a registrar key", env.Tokens["registrar"], nil, 403},
		{"nothing", "", nil, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, out, raw := env.Do(t, "GET", "/api/v1/credit/repairs/"+id, tc.token, nil, tc.header...)
			if st != tc.status || (st == 200 && str(out, "id") != id) {
				t.Fatalf("%d %s", st, raw)
			}
		})
	}
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs/"+id+"/decision", env.Tokens["staff"], map[string]any{"approve": true, "reasons": "住所已变更，准予修复"})
	if st != http.StatusOK || str(out, "state") != "approved" {
		t.Fatalf("decision %d %s", st, raw)
	}
	// The listing is gone: the second application no longer qualifies.
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs/"+other+"/decision", env.Tokens["staff"], map[string]any{"approve": true, "reasons": "准予"})
	if st != http.StatusConflict || !hasHan(str(out, "error", "message")) {
		t.Fatalf("stale decision %d %s", st, raw)
	}
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs", "", apply)
	if st != http.StatusCreated || str(out, "state") != "refused" || len(get(out, "eligibility", "reasons").([]any)) == 0 {
		t.Fatalf("refused application %d %s", st, raw)
	}
}

// What was acknowledged survives a restart: the events, the listing and
// the idempotency of a penalty.
func TestCreditSurvivesRestart(t *testing.T) {
	env, u := creditEnv(t)
	pen := map[string]any{"uscc": u, "decision_no": "平市监处罚〔2026〕40号", "authority": "平顶山市市场监督管理局", "decided_on": "2026-07-01",
		"procedure": "ordinary", "penalties": []map[string]any{{"kind": "fine", "amount_yuan": 150000}}, "domain": "other",
		"violation": "虚假宣传", "basis": "《中华人民共和国反不正当竞争法》第二十条"}
	if st, _, raw := env.Do(t, "POST", "/api/v1/credit/penalties", env.Tokens["partner"], pen); st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	if st, _, raw := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["staff"], map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"}); st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	_, before, _ := env.Do(t, "GET", "/api/v1/credit/"+u, env.Tokens["staff"], nil)
	env.Restart(t)
	_, after, _ := env.Do(t, "GET", "/api/v1/credit/"+u, env.Tokens["staff"], nil)
	if len(get(after, "events").([]any)) != 3 || len(get(after, "events").([]any)) != len(get(before, "events").([]any)) ||
		len(get(after, "lists", "abnormal").([]any)) != 1 {
		t.Fatalf("after the restart %v", after)
	}
	if st, out, raw := env.Do(t, "POST", "/api/v1/credit/penalties", env.Tokens["partner"], pen); st != http.StatusOK || get(out, "replayed") != true {
		t.Fatalf("replay after the restart %d %s", st, raw)
	}
}

// 谁列入、谁修复: a listing is removed only by staff of the department that
// made it; the listing records the person and department, and an admin key
// makes no listing in anyone's place.
func TestCreditListingDepartmentOverHTTP(t *testing.T) {
	env := testenv.New(t, testenv.Options{Now: testenv.At("2026-07-10"), NoWellKnownMarks: true, Keys: []testenv.Key{
		{Name: "registrar", Role: "registrar", Holder: "王五"},
		{Name: "reg", Role: "staff", Holder: "张三", Dept: "登记注册科"},
		{Name: "credit", Role: "staff", Holder: "李四", Dept: "信用监管科"},
		{Name: "admin", Role: "admin"},
	}})
	u := "91410400MA44CR101" + string(registry.USCCCheckChar("91410400MA44CR101"))
	if st, _, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], map[string]any{
		"name": "平顶山市星河科技有限公司", "uscc": u, "status": "active", "industry_code": "I65", "authority_code": "410400",
	}); st != http.StatusCreated {
		t.Fatalf("register: %d %s", st, raw)
	}
	body := map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"}
	if st, _, raw := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["admin"], body); st != http.StatusForbidden {
		t.Fatalf("admin listing: %d %s, want 403", st, raw)
	}
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/abnormal", env.Tokens["credit"], body)
	if st != http.StatusCreated {
		t.Fatalf("listing: %d %s", st, raw)
	}
	if !strings.Contains(string(raw), "信用监管科") {
		t.Errorf("the listing does not record its department: %s", raw)
	}
	id := str(out, "id")
	removal := map[string]any{"reason": "已恢复联系", "date": "2026-07-10"}
	for _, tc := range []struct {
		name, key string
		want      int
	}{
		{"another department", "reg", http.StatusForbidden},
		{"an admin key", "admin", http.StatusForbidden},
		{"the listing department", "credit", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, out, raw := env.Do(t, "POST", "/api/v1/credit/abnormal/"+id+"/removal", env.Tokens[tc.key], removal)
			if st != tc.want {
				t.Fatalf("%d %s, want %d", st, raw, tc.want)
			}
			if st >= 400 && !hasHan(str(out, "error", "message")) {
				t.Errorf("refusal without a Chinese message: %s", raw)
			}
		})
	}
	// The audit entries of the listing and the removal name the person.
	n := 0
	if err := env.App.Store.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, "", false, func(_ string, v []byte) (bool, error) {
			if strings.Contains(string(v), "abnormal") && strings.Contains(string(v), "李四") {
				n++
			}
			return true, nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if n < 2 {
		t.Errorf("%d audit entries of the listing and removal name 李四, want 2", n)
	}
}
