package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"namescope/auth"
	"namescope/internal/testenv"
	"namescope/registry"
	"namescope/store"
)

// redKeys counts the keys a red-list or document write touches, and the
// audit log.
func redKeys(t *testing.T, env *testenv.Env) int {
	t.Helper()
	n := 0
	err := env.App.Store.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixCreditRed, store.PrefixCreditDocument, store.PrefixCreditDocCounter, store.PrefixCreditEvent,
			store.PrefixCreditRepair, store.PrefixCreditRepairFile, store.PrefixAudit} {
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

// secondEnterprise registers another enterprise and returns its USCC.
func secondEnterprise(t *testing.T, env *testenv.Env, first17, name string) string {
	t.Helper()
	u := first17 + string(registry.USCCCheckChar(first17))
	st, _, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], map[string]any{
		"name": name, "uscc": u, "status": "active", "status_date": "2023-03-01", "industry_code": "I65",
		"authority_code": "410400", "established": "2023-03-01"})
	if st != http.StatusCreated {
		t.Fatalf("register: %d %s", st, raw)
	}
	return u
}

// Every new credit route admits exactly its roles; admin keys read but
// decide nothing (notAdmin); public routes answer without a key.
func TestRedAndDocumentRolesOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "连续三年年报按时公示"})
	if st != http.StatusCreated || str(out, "state") != "announced" || str(out, "announce_until") != "2026-07-21" {
		t.Fatalf("propose: %d %s", st, raw)
	}
	red := str(out, "id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/red/"+red+"/objections", "", map[string]any{"applicant": "李四", "contact": "138", "statement": "不实"})
	if st != http.StatusCreated || str(out, "contact") != "" {
		t.Fatalf("object: %d %s", st, raw)
	}
	u2 := secondEnterprise(t, env, "91410400MA44CR102", "平顶山市青禾农业开发有限公司")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{"uscc": u2, "reason": "unreachable", "date": "2026-07-10"})
	if st != http.StatusCreated || !strings.HasPrefix(str(out, "document_no"), "平市监信列〔2026〕第") {
		t.Fatalf("list: %d %s", st, raw)
	}
	doc := str(out, "document_id")
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/serious/notices", staff, map[string]any{"uscc": u2, "criterion": "other", "facts": "拒不配合调查"})
	if st != http.StatusCreated || str(out, "party_token") == "" || get(out, "token_hash") != nil {
		t.Fatalf("notice: %d %s", st, raw)
	}
	noticeDoc, partyToken := str(out, "document_id"), str(out, "party_token")
	roles := []string{"", "registrar", "staff", "partner", "admin"}
	tests := []struct {
		method, path string
		body         any
		allowed      []string // "" is no key
	}{
		{"GET", "/api/v1/credit/repairs", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/credit/repairs?state=pending", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/credit/serious/notices", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/credit/red/entries", nil, []string{"staff", "admin"}},
		{"GET", "/api/v1/credit/red/announcements", nil, roles},
		{"GET", "/api/v1/credit/lists/red", nil, roles},
		{"POST", "/api/v1/credit/red", map[string]any{"uscc": u2, "grounds": "守信"}, []string{"staff"}},
		{"POST", "/api/v1/credit/red/" + red + "/objections", map[string]any{"applicant": "王五", "contact": "139", "statement": "不实"}, roles},
		{"POST", "/api/v1/credit/red/" + red + "/objections/1/decision", map[string]any{"upheld": false, "reply": "不成立"}, []string{"staff"}},
		{"POST", "/api/v1/credit/red/" + red + "/decision", map[string]any{"include": true, "reasons": "符合条件"}, []string{"staff"}},
		{"POST", "/api/v1/credit/red/" + red + "/removal", map[string]any{"reason": "失信"}, []string{"staff"}},
		{"GET", "/api/v1/credit/documents/" + doc, nil, roles},
		{"GET", "/api/v1/credit/documents/" + noticeDoc, nil, []string{"staff", "partner", "admin"}},
	}
	for _, tc := range tests {
		for _, role := range roles {
			name := role
			if name == "" {
				name = "no key"
			}
			t.Run(tc.method+" "+tc.path+" "+name, func(t *testing.T) {
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
				}
			})
		}
	}
	t.Run("the party reads its notice with its token, not another's", func(t *testing.T) {
		st, out, raw := env.Do(t, "GET", "/api/v1/credit/documents/"+noticeDoc, partyToken, nil)
		if st != http.StatusOK || str(out, "kind") != "serious_notice" || !strings.HasPrefix(str(out, "number"), "平市监信告〔2026〕第") {
			t.Fatalf("%d %s", st, raw)
		}
		st, _, raw = env.Do(t, "GET", "/api/v1/credit/documents/"+noticeDoc, "", nil, "X-Party-Token", partyToken)
		if st != http.StatusOK {
			t.Fatalf("X-Party-Token: %d %s", st, raw)
		}
		st, _, _ = env.Do(t, "POST", "/api/v1/credit/repairs", "", map[string]any{"uscc": u2, "target": "AB99999999",
			"applicant": "甲", "contact": "1", "statement": "申请"})
		if st != http.StatusNotFound {
			t.Fatalf("repair of an unknown listing: %d", st)
		}
		st, out, raw = env.Do(t, "GET", "/api/v1/credit/documents/"+noticeDoc, auth.PrefixPartyToken+strings.Repeat("a", 43), nil)
		if st != http.StatusForbidden || !hasHan(str(out, "error", "message")) {
			t.Fatalf("another token: %d %s", st, raw)
		}
	})
}

// Bad input to the red-list routes answers 4xx in Chinese and writes nothing.
func TestRedBadInputWritesNothing(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "守信"})
	if st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	red := str(out, "id")
	tests := []struct {
		name, method, path, token string
		body                      any
		want                      int
	}{
		{"proposal without grounds", "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u}, 400},
		{"proposal with an unknown field", "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "守信", "score": 5}, 400},
		{"proposal of a bad USCC", "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": "123", "grounds": "守信"}, 400},
		{"second proposal", "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "守信"}, 409},
		{"objection without statement", "POST", "/api/v1/credit/red/" + red + "/objections", "", map[string]any{"applicant": "李四", "contact": "1"}, 400},
		{"objection to an unknown record", "POST", "/api/v1/credit/red/RL99999999/objections", "", map[string]any{"applicant": "李四", "contact": "1", "statement": "不实"}, 404},
		{"objection number not a number", "POST", "/api/v1/credit/red/" + red + "/objections/x/decision", staff, map[string]any{"upheld": true, "reply": "成立"}, 400},
		{"unknown objection", "POST", "/api/v1/credit/red/" + red + "/objections/3/decision", staff, map[string]any{"upheld": true, "reply": "成立"}, 404},
		{"decision without include", "POST", "/api/v1/credit/red/" + red + "/decision", staff, map[string]any{"reasons": "符合"}, 400},
		{"decision during the announcement", "POST", "/api/v1/credit/red/" + red + "/decision", staff, map[string]any{"include": true, "reasons": "符合"}, 409},
		{"removal of a proposal", "POST", "/api/v1/credit/red/" + red + "/removal", staff, map[string]any{"reason": "失信"}, 409},
		{"removal without reason", "POST", "/api/v1/credit/red/" + red + "/removal", staff, map[string]any{}, 400},
		{"repairs of a bad state", "GET", "/api/v1/credit/repairs?state=done", staff, nil, 400},
		{"an unknown document", "GET", "/api/v1/credit/documents/CD99999999", "", nil, 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := redKeys(t, env)
			st, out, raw := env.Do(t, tc.method, tc.path, tc.token, tc.body)
			if st != tc.want || !hasHan(str(out, "error", "message")) {
				t.Fatalf("%d %s, want %d", st, raw, tc.want)
			}
			if after := redKeys(t, env); after != before {
				t.Fatalf("wrote %d keys", after-before)
			}
		})
	}
}

// The red list over HTTP with the clock: proposal, an objection during the
// announcement decided by staff, inclusion after it with its numbered
// decision, the list, the file; the printed document is public.
func TestRedListOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	_, out, _ := env.Do(t, "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "连续三年年报按时公示，获评守合同重信用企业"})
	red := str(out, "id")
	_, out, _ = env.Do(t, "GET", "/api/v1/credit/red/announcements", "", nil)
	if items := get(out, "items").([]any); len(items) != 1 || str(items[0], "id") != red || get(items[0], "proposed_by") != nil {
		t.Fatalf("announcements: %v", out)
	}
	env.Do(t, "POST", "/api/v1/credit/red/"+red+"/objections", "", map[string]any{"applicant": "李四", "contact": "138", "statement": "曾拖欠货款"})
	env.Clock.SetDate("2026-07-22")
	st, _, raw := env.Do(t, "POST", "/api/v1/credit/red/"+red+"/decision", staff, map[string]any{"include": true, "reasons": "符合"})
	if st != http.StatusConflict {
		t.Fatalf("decision with an objection waiting: %d %s", st, raw)
	}
	st, _, raw = env.Do(t, "POST", "/api/v1/credit/red/"+red+"/objections/1/decision", staff, map[string]any{"upheld": false, "reply": "已调解结案"})
	if st != http.StatusOK {
		t.Fatalf("objection decision: %d %s", st, raw)
	}
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/red/"+red+"/decision", staff, map[string]any{"include": true, "reasons": "公示期满，异议不成立"})
	if st != http.StatusOK || str(out, "state") != "listed" || str(out, "until") != "2029-07-21" || str(out, "document_no") != "平市监信红〔2026〕第0001号" {
		t.Fatalf("decision: %d %s", st, raw)
	}
	doc := str(out, "document_id")
	_, out, _ = env.Do(t, "GET", "/api/v1/credit/lists/red?q=星河", "", nil)
	if get(out, "total") != float64(1) {
		t.Fatalf("red list: %v", out)
	}
	_, out, _ = env.Do(t, "GET", "/api/v1/credit/"+u, "", nil)
	reds := get(out, "lists", "red").([]any)
	if len(reds) != 1 || str(reds[0], "state") != "listed" || str(get(out, "events").([]any)[0], "kind") != "red_listed" {
		t.Fatalf("file: %v", out)
	}
	st, out, raw = env.Do(t, "GET", "/api/v1/credit/documents/"+doc, "", nil)
	if st != http.StatusOK || str(out, "title") != "列入守信激励名单决定书" || str(out, "issuer") != "平顶山市市场监督管理局" {
		t.Fatalf("document: %d %s", st, raw)
	}
	t.Run("a published penalty removes it at once", func(t *testing.T) {
		st, _, raw := env.Do(t, "POST", "/api/v1/credit/penalties", staff, map[string]any{"uscc": u, "decision_no": "平市监处罚〔2026〕77号",
			"authority": "平顶山市市场监督管理局", "decided_on": "2026-07-22", "procedure": "ordinary",
			"penalties": []map[string]any{{"kind": "fine", "amount_yuan": 200000}}, "domain": "other", "violation": "虚假宣传", "basis": "《反不正当竞争法》第二十条"})
		if st != http.StatusCreated {
			t.Fatalf("%d %s", st, raw)
		}
		_, out, _ := env.Do(t, "GET", "/api/v1/credit/lists/red", "", nil)
		if get(out, "total") != float64(0) {
			t.Fatalf("still on the red list: %v", out)
		}
	})
}

// Repair evidence as multipart/form-data: the JSON in "data", the files in
// "evidence"; the decision's document goes to the applicant's token.
func TestRepairMultipartOverHTTP(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	_, out, _ := env.Do(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{"uscc": u, "reason": "unreachable", "date": "2026-07-10"})
	listing := str(out, "id")
	form := func(data string, files map[string]string) ([]byte, string) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		if err := w.WriteField("data", data); err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="evidence"; filename="`+name+`"`)
			h.Set("Content-Type", "application/pdf")
			p, err := w.CreatePart(h)
			if err != nil {
				t.Fatal(err)
			}
			p.Write([]byte(body))
		}
		w.Close()
		return b.Bytes(), w.FormDataContentType()
	}
	data := `{"uscc":"` + u + `","target":"` + listing + `","applicant":"平顶山市星河科技有限公司","contact":"0375-1234567","statement":"已恢复联系"}`
	t.Run("bad forms write nothing", func(t *testing.T) {
		for name, body := range map[string]string{
			"data without the statement": `{"uscc":"` + u + `","target":"` + listing + `","applicant":"甲","contact":"1"}`,
			"data not JSON":              `{"uscc":`,
		} {
			before := redKeys(t, env)
			b, ct := form(body, map[string]string{"回执.pdf": "%PDF-1.4"})
			st, out, raw := env.Do(t, "POST", "/api/v1/credit/repairs", "", b, "Content-Type", ct)
			if st != http.StatusBadRequest || !hasHan(str(out, "error", "message")) {
				t.Fatalf("%s: %d %s", name, st, raw)
			}
			if redKeys(t, env) != before {
				t.Fatalf("%s wrote something", name)
			}
		}
	})
	b, ct := form(data, map[string]string{"恢复联系证明.pdf": "%PDF-1.4 proof"})
	st, out, raw := env.Do(t, "POST", "/api/v1/credit/repairs", "", b, "Content-Type", ct)
	if st != http.StatusCreated || str(out, "state") != "pending" {
		t.Fatalf("%d %s", st, raw)
	}
	ev := get(out, "evidence").([]any)
	if len(ev) != 1 || str(ev[0], "filename") != "恢复联系证明.pdf" || get(ev[0], "size") != float64(14) {
		t.Fatalf("evidence: %s", raw)
	}
	id, token := str(out, "id"), str(out, "token")
	_, out, _ = env.Do(t, "GET", "/api/v1/credit/repairs?state=pending", staff, nil)
	if rs := get(out, "repairs").([]any); len(rs) != 1 || str(rs[0], "id") != id || str(rs[0], "decision_due") == "" {
		t.Fatalf("queue: %v", out)
	}
	st, _, raw = env.Do(t, "POST", "/api/v1/credit/repairs/"+id+"/decision", env.Tokens["admin"], map[string]any{"approve": true, "reasons": "已恢复联系"})
	if st != http.StatusForbidden {
		t.Fatalf("admin decided: %d %s", st, raw)
	}
	st, out, raw = env.Do(t, "POST", "/api/v1/credit/repairs/"+id+"/decision", staff, map[string]any{"approve": true, "reasons": "已恢复联系"})
	if st != http.StatusOK || !strings.HasPrefix(str(out, "document_no"), "平市监信修〔2026〕第") {
		t.Fatalf("%d %s", st, raw)
	}
	doc := str(out, "document_id")
	if st, _, raw := env.Do(t, "GET", "/api/v1/credit/documents/"+doc, "", nil); st != http.StatusUnauthorized {
		t.Fatalf("the repair decision without a token: %d %s", st, raw)
	}
	if st, out, raw := env.Do(t, "GET", "/api/v1/credit/documents/"+doc, token, nil); st != http.StatusOK || str(out, "kind") != "repair_decision" {
		t.Fatalf("the applicant: %d %s", st, raw)
	}
	_, out, _ = env.Do(t, "GET", "/api/v1/credit/lists/abnormal", "", nil)
	if get(out, "total") != float64(0) {
		t.Fatalf("the repaired listing is still public: %v", out)
	}
}

// What was acknowledged survives a restart: the red-list proposal and its
// objection, the documents, and the yearly counters, which go on from the
// last number given (none reused, none skipped).
func TestRedAndDocumentsSurviveARestart(t *testing.T) {
	env, u := creditEnv(t)
	staff := env.Tokens["staff"]
	u2 := secondEnterprise(t, env, "91410400MA44CR102", "平顶山市青禾农业开发有限公司")
	u3 := secondEnterprise(t, env, "91410400MA44CR103", "平顶山市澜岳数联科技有限公司")
	_, out, _ := env.Do(t, "POST", "/api/v1/credit/red", staff, map[string]any{"uscc": u, "grounds": "守合同重信用"})
	red := str(out, "id")
	env.Do(t, "POST", "/api/v1/credit/red/"+red+"/objections", "", map[string]any{"applicant": "李四", "contact": "138", "statement": "不实"})
	_, out, _ = env.Do(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{"uscc": u2, "reason": "unreachable", "date": "2026-07-10"})
	first, doc := str(out, "document_no"), str(out, "document_id")
	env.Restart(t)
	_, out, raw := env.Do(t, "GET", "/api/v1/credit/red/entries", staff, nil)
	items := get(out, "items").([]any)
	if len(items) != 1 || str(items[0], "id") != red || len(get(items[0], "objections").([]any)) != 1 {
		t.Fatalf("red list after the restart: %s", raw)
	}
	if st, out, raw := env.Do(t, "GET", "/api/v1/credit/documents/"+doc, "", nil); st != http.StatusOK || str(out, "number") != first {
		t.Fatalf("document after the restart: %d %s", st, raw)
	}
	_, out, _ = env.Do(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{"uscc": u3, "reason": "unreachable", "date": "2026-07-10"})
	if first != "平市监信列〔2026〕第0001号" || str(out, "document_no") != "平市监信列〔2026〕第0002号" {
		t.Fatalf("numbers %s then %s", first, str(out, "document_no"))
	}
}
