package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/auth"
	"namescope/credit"
	"namescope/demo"
	"namescope/internal/testenv"
	"namescope/lifecycle"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// lcEnv is the real application (internal/testenv: badger and bleve in
// t.TempDir()) with the lifecycle routes, on a clock standing at 10:00
// China time on the day set, with the concrete-case fixture registered.
type lcEnv struct {
	cr    *credit.Service
	app   *fiber.App
	db    *store.DB
	reg   *registry.Service
	svc   *lifecycle.Service
	clock *testenv.Clock
	keys  map[string]string // name → API token: registrar, admin, staff1, staff2, staff3
}

func newLifecycleEnv(t *testing.T, date string) *lcEnv {
	t.Helper()
	var keys []testenv.Key
	for _, k := range []struct{ name, role string }{
		{"registrar", auth.RoleRegistrar}, {"admin", auth.RoleAdmin},
		{"staff1", auth.RoleStaff}, {"staff2", auth.RoleStaff}, {"staff3", auth.RoleStaff},
	} {
		keys = append(keys, testenv.Key{Name: k.name, Role: k.role, Label: k.name})
	}
	te := testenv.New(t, testenv.Options{Now: testenv.At(date), Keys: keys, NoWellKnownMarks: true})
	te.PutFixture(t, "test")
	return &lcEnv{cr: te.App.Credit, app: te.HTTP, db: te.App.Store, reg: te.App.Registry, svc: te.App.Lifecycle, clock: te.Clock, keys: te.Tokens}
}

// call sends a request; body is JSON-encoded unless it is a string or
// []byte; header pairs follow.
func (e *lcEnv) call(t *testing.T, method, path, token string, body any, header ...string) (int, map[string]any, []byte) {
	t.Helper()
	return send(t, e.app, method, path, token, body, header...)
}

// must asserts the status and returns the answer.
func (e *lcEnv) must(t *testing.T, want int, method, path, token string, body any, header ...string) map[string]any {
	t.Helper()
	code, out, raw := e.call(t, method, path, token, body, header...)
	if code != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, code, want, raw)
	}
	return out
}

func (e *lcEnv) auditCount(t *testing.T) int {
	t.Helper()
	n := 0
	err := e.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, "", false, func(string, []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// get walks a JSON answer: get(m, "dispute", "deadlines", "next_due").
func get(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func str(m any, path ...string) string {
	s, _ := get(m, path...).(string)
	return s
}

var (
	e1 = demo.Fixture(time.Now())[0] // 平顶山市星河科技有限公司
)

func multipartBody(t *testing.T, data any, files map[string][]byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	j, _ := json.Marshal(data)
	if err := w.WriteField("data", string(j)); err != nil {
		t.Fatal(err)
	}
	for fn, content := range files {
		fw, err := w.CreateFormFile("evidence", fn)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func TestLifecycleStoryOverHTTP(t *testing.T) {
	e := newLifecycleEnv(t, "2025-09-01")
	const respName = "平顶山市星和科技有限公司"
	respUSCC := "91410400MA44XH101" + string(registry.USCCCheckChar("91410400MA44XH101"))

	// 1. Reservation: the similar name needs the commitment.
	resv := map[string]any{"name": respName, "authority_code": "410400", "industry_code": "I65", "applicant": "李四"}
	out := e.must(t, 409, "POST", "/api/v1/names/reservations", "", resv)
	if str(out, "error", "code") != "commitment_required" || str(out, "commitment_text") != name.CommitmentText() || str(out, "check", "verdict") != "warn" {
		t.Fatalf("refusal %v", out)
	}
	out = e.must(t, 409, "POST", "/api/v1/names/reservations", "", map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400", "applicant": "李四"})
	if str(out, "error", "code") != "name_blocked" || len(get(out, "check", "findings").([]any)) == 0 {
		t.Fatalf("block refusal %v", out)
	}
	resv["commitment"], resv["commitment_text"] = true, name.CommitmentText()
	out = e.must(t, 201, "POST", "/api/v1/names/reservations", "", resv)
	resID, resToken := str(out, "id"), str(out, "token")
	if str(out, "expires_on") != "2025-11-01" || resToken == "" || str(out, "reservation", "check", "commitment", "text") != name.CommitmentText() {
		t.Fatalf("reservation %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/names/reservations/"+resID, "", nil, "X-Party-Token", resToken)
	if str(out, "state") != "reserved" {
		t.Fatalf("reservation read %v", out)
	}

	// 2. Registration by the registrar (the applicant's token is no API key).
	e.must(t, 401, "POST", "/api/v1/names/reservations/"+resID+"/registration", resToken, map[string]any{"uscc": respUSCC})
	e.must(t, 403, "POST", "/api/v1/names/reservations/"+resID+"/registration", e.keys["staff1"], map[string]any{"uscc": respUSCC})
	e.clock.SetDate("2025-09-05")
	out = e.must(t, 201, "POST", "/api/v1/names/reservations/"+resID+"/registration", e.keys["registrar"], map[string]any{"uscc": respUSCC, "ent_type": "limited_company"})
	if str(out, "state") != "registered" || str(out, "registered_on") != "2025-09-05" {
		t.Fatalf("registration %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC, "", nil)
	if str(out, "name") != respName || str(out, "status") != "active" {
		t.Fatalf("enterprise %v", out)
	}
	// The registration and the commitment, with its evidence, are in the
	// credit file from the registration's transaction; the public sees
	// the registration only.
	out = e.must(t, 200, "GET", "/api/v1/credit/"+respUSCC, e.keys["staff1"], nil)
	if evs := get(out, "events").([]any); len(evs) != 2 || str(evs[0], "kind") != "commitment" || str(evs[1], "kind") != "registration" ||
		str(evs[0], "details", "commitment_text") != name.CommitmentText() || !strings.Contains(str(evs[0], "details", "similar_names"), "平顶山市星河科技有限公司") ||
		str(evs[0], "date") != "2025-09-05" || str(evs[1], "date") != "2025-09-05" {
		t.Fatalf("credit file after registration %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/credit/"+respUSCC, "", nil)
	if evs := get(out, "events").([]any); len(evs) != 1 || str(evs[0], "kind") != "registration" {
		t.Fatalf("public credit file after registration %v", out)
	}

	// 3. The earlier enterprise files a dispute (multipart, with evidence).
	e.clock.SetDate("2025-09-26") // Friday before National Day: 9-28 (Sunday) is worked, 10-01..08 are off
	filing := map[string]any{
		"applicant":       map[string]any{"name": e1.Name, "uscc": e1.USCC, "contact": "0375-1234567"},
		"respondent_uscc": respUSCC,
		"claims":          "请求责令被申请人停止使用其企业名称",
		"facts":           "申请人字号“星河”登记在先并有一定影响，被申请人字号“星和”与之读音相同，足以使公众误认。",
	}
	body, ct := multipartBody(t, filing, map[string][]byte{"商标注册证.pdf": []byte("%PDF registration certificate")})
	out = e.must(t, 201, "POST", "/api/v1/disputes", "", body, "Content-Type", ct)
	dspID, appToken := str(out, "id"), str(out, "token")
	if str(out, "dispute", "accept_due") != "2025-10-10" || str(out, "dispute", "similarity_report", "applicant_in_check") != "similar" {
		t.Fatalf("filing %v", out)
	}
	if ev := get(out, "dispute", "evidence").([]any); len(ev) != 1 || str(ev[0], "filename") != "商标注册证.pdf" {
		t.Fatalf("evidence %v", ev)
	}
	if rs := get(out, "dispute", "similarity_report", "reasons").([]any); len(rs) == 0 || str(rs[0], "code") != "homophone" {
		t.Fatalf("report reasons %v", rs)
	}
	e.must(t, 403, "GET", "/api/v1/disputes/"+dspID, resToken, nil) // another object's token
	out = e.must(t, 200, "GET", "/api/v1/disputes/"+dspID, appToken, nil)
	if str(out, "deadlines", "next_due") != "2025-10-10" || str(out, "state") != "received" {
		t.Fatalf("case %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/disputes?state=received", e.keys["staff1"], nil)
	if get(out, "total").(float64) != 1 {
		t.Fatalf("queue %v", out)
	}

	// 4. Staff workflow with working-day deadlines.
	e.clock.SetDate("2025-10-09")
	out = e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/accept", e.keys["staff1"], map[string]any{"note": "材料齐全"})
	if str(out, "serve_due") != "2025-10-15" || str(out, "ruling_due") != "2026-01-09" {
		t.Fatalf("accept %v", out)
	}
	e.clock.SetDate("2025-10-10")
	out = e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/serve", e.keys["staff1"], nil)
	respToken := str(out, "respondent_token")
	if str(out, "dispute", "answer_due") != "2025-10-23" || respToken == "" {
		t.Fatalf("serve %v", out)
	}
	e.must(t, 403, "POST", "/api/v1/disputes/"+dspID+"/answer", appToken, map[string]any{"answer": "x"})
	e.must(t, 403, "POST", "/api/v1/disputes/"+dspID+"/material", respToken, map[string]any{"statement": "x"})
	e.clock.SetDate("2025-10-20")
	out = e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/answer", respToken, map[string]any{
		"answer":   "字号“星和”取自创始人姓名，且已作出承诺。",
		"evidence": []map[string]any{{"filename": "说明.txt", "content_type": "text/plain", "data": []byte("founder names")}},
	})
	if str(out, "state") != "answered" || get(out, "answer", "late") != false {
		t.Fatalf("answer %v", out)
	}
	code, _, raw := e.call(t, "GET", "/api/v1/disputes/"+dspID+"/evidence/2", respToken, nil)
	if code != 200 || string(raw) != "founder names" {
		t.Fatalf("evidence download %d %s", code, raw)
	}
	e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/interest", e.keys["staff3"], map[string]any{"reason": "曾为被申请人提供咨询"})
	e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/mediation", e.keys["staff1"], map[string]any{"result": "failure", "text": "双方未达成一致"})
	e.clock.SetDate("2025-10-21")
	e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/ruling", e.keys["staff1"], map[string]any{"outcome": "must_change", "reasons": "两字号读音相同，被申请人名称登记在后，足以使公众误认"})
	e.must(t, 403, "POST", "/api/v1/disputes/"+dspID+"/sign", e.keys["staff3"], nil) // declared an interest
	e.must(t, 409, "POST", "/api/v1/disputes/"+dspID+"/sign", e.keys["staff1"], nil) // drafted it
	out = e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/sign", e.keys["staff2"], nil)
	if str(out, "state") != "ordered_to_change" || str(out, "ruling", "change_due") != "2025-11-20" || len(get(out, "ruling", "signers").([]any)) != 2 {
		t.Fatalf("ruling %v", out)
	}
	out = e.must(t, 409, "POST", "/api/v1/disputes/"+dspID+"/accept", e.keys["staff2"], nil)
	if msg := str(out, "error", "message"); !strings.Contains(msg, "裁决责令停止使用名称") || !strings.Contains(msg, "（accept）") {
		t.Fatalf("refused transition message %q", msg)
	}

	// 5. Meanwhile the public sees the USCC instead of the name.
	out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/name-status", "", nil)
	if get(out, "masked") != true || str(out, "display_name") != respUSCC || str(out, "change_due") != "2025-11-20" {
		t.Fatalf("name status %v", out)
	}

	// 6. Thirty days pass unchanged: abnormal operations list.
	e.clock.SetDate("2025-11-20")
	if out = e.must(t, 200, "POST", "/api/v1/lifecycle/sweep", e.keys["admin"], nil); get(out, "flagged_abnormal").(float64) != 0 {
		t.Fatalf("sweep on the last day %v", out)
	}
	e.clock.SetDate("2025-11-21")
	e.must(t, 403, "POST", "/api/v1/lifecycle/sweep", e.keys["staff1"], nil)
	if out = e.must(t, 200, "POST", "/api/v1/lifecycle/sweep", e.keys["admin"], nil); get(out, "flagged_abnormal").(float64) != 1 {
		t.Fatalf("sweep %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/abnormal", "", nil)
	if str(out, "listed_on") != "2025-11-21" || str(out, "dispute_id") != dspID || str(out, "rule") != "《企业名称登记管理规定》第二十三条" {
		t.Fatalf("abnormal entry %v", out)
	}
	if out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/name-status", "", nil); get(out, "abnormal_listed") != true {
		t.Fatalf("status %v", out)
	}
	// The listing is the credit module's, in the public credit file under
	// the USCC (the name is masked), with the order that caused it.
	out = e.must(t, 200, "GET", "/api/v1/credit/"+respUSCC, "", nil)
	if ab := get(out, "lists", "abnormal").([]any); len(ab) != 1 || str(ab[0], "reason") != "name_change" || str(out, "name") != respUSCC {
		t.Fatalf("credit file %v", out)
	}
	if evs := get(out, "events").([]any); len(evs) < 2 || str(evs[0], "kind") != "abnormal_listed" || str(evs[1], "kind") != "name_change_ordered" {
		t.Fatalf("credit events %v", evs)
	}

	// 7. The forced name change: a new reservation, then the registrar.
	e.clock.SetDate("2025-11-24")
	out = e.must(t, 201, "POST", "/api/v1/names/reservations", "", map[string]any{"name": "平顶山市澜岳数联科技有限公司", "authority_code": "410400", "applicant": "李四"})
	newRes := str(out, "id")
	e.must(t, 403, "POST", "/api/v1/enterprises/"+respUSCC+"/name-change", e.keys["staff1"], map[string]any{"reservation_id": newRes})
	out = e.must(t, 200, "POST", "/api/v1/enterprises/"+respUSCC+"/name-change", e.keys["registrar"], map[string]any{"reservation_id": newRes, "reason": "执行名称争议裁决"})
	if str(out, "old", "state") != "changed" || str(out, "new", "state") != "registered" {
		t.Fatalf("name change %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/name-status", "", nil)
	if get(out, "masked") != false || str(out, "display_name") != "平顶山市澜岳数联科技有限公司" {
		t.Fatalf("status after change %v", out)
	}
	if out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/abnormal", "", nil); str(out, "removed_on") != "2025-11-24" {
		t.Fatalf("abnormal removal %v", out)
	}
	// The old name keeps blocking identical names for a year.
	out = e.must(t, 200, "POST", "/api/v1/names/check", "", map[string]any{"name": respName, "authority_code": "410400"})
	if str(out, "verdict") != "block" {
		t.Fatalf("old name check %v", out)
	}
	out = e.must(t, 200, "GET", "/api/v1/enterprises/"+respUSCC+"/names", e.keys["staff1"], nil)
	if hist := get(out, "names").([]any); len(hist) != 2 || str(hist[1], "name") != respName {
		t.Fatalf("name history %v", out)
	}

	// 8. The audit trail: every step, who and when; admins only.
	e.must(t, 403, "GET", "/api/v1/audit", e.keys["staff1"], nil)
	out = e.must(t, 200, "GET", "/api/v1/audit?limit=1000&object=dispute/"+dspID, e.keys["admin"], nil)
	var actions []string
	for _, x := range get(out, "entries").([]any) {
		actions = append(actions, str(x, "entry", "action")+"@"+str(x, "entry", "actor")[:strings.Index(str(x, "entry", "actor"), ":")])
	}
	want := "dispute.file@applicant dispute.accept@staff dispute.serve@staff dispute.answer@respondent dispute.declare_interest@staff dispute.mediate_failure@staff dispute.draft_ruling@staff dispute.sign_order@staff"
	if strings.Join(actions, " ") != want {
		t.Fatalf("dispute audit\n got %s\nwant %s", strings.Join(actions, " "), want)
	}
	out = e.must(t, 200, "GET", "/api/v1/audit?object=name/"+resID+"&from=2025-09-01&to=2025-12-31", e.keys["admin"], nil)
	var nameActions []string
	for _, x := range get(out, "entries").([]any) {
		nameActions = append(nameActions, str(x, "entry", "action"))
	}
	if strings.Join(nameActions, " ") != "name.reserve name.register name.order_change name.flag_abnormal name.change_name" {
		t.Fatalf("name audit %v", nameActions)
	}
	out = e.must(t, 200, "GET", "/api/v1/audit?object=name/"+resID+"&from=2025-10-01&to=2025-10-31", e.keys["admin"], nil)
	if n := len(get(out, "entries").([]any)); n != 1 { // the order, signed 2025-10-21
		t.Fatalf("time filter: %d entries", n)
	}
	before := e.auditCount(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		if code, _, _ := e.call(t, m, "/api/v1/audit", e.keys["admin"], "{}"); code < 400 {
			t.Fatalf("%s /audit answered %d: the log must not be editable", m, code)
		}
	}
	if e.auditCount(t) != before {
		t.Fatal("audit log changed")
	}
}

// TestLifecycleAuthorization sends every lifecycle endpoint every kind of
// credential: refusals are 401 (no or unknown credential) or 403 (wrong
// role, another object's token, the wrong party); admitted callers get past
// authorization (a deliberately invalid body then answers 400). Nothing is
// written by any of these requests.
func TestLifecycleAuthorization(t *testing.T) {
	e := newLifecycleEnv(t, "2025-09-01")
	respUSCC := "91410400MA44XH101" + string(registry.USCCCheckChar("91410400MA44XH101"))
	if _, err := e.reg.Put(context.Background(), "test", registry.Input{Name: "平顶山市星和科技有限公司", USCC: respUSCC, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	out := e.must(t, 201, "POST", "/api/v1/names/reservations", "", map[string]any{"name": "平顶山市沃川智联科技有限公司", "authority_code": "410400", "applicant": "甲"})
	resID, resTok := str(out, "id"), str(out, "token")
	out = e.must(t, 201, "POST", "/api/v1/names/reservations", "", map[string]any{"name": "平顶山市青禾智联科技有限公司", "authority_code": "410400", "applicant": "乙"})
	otherResTok := str(out, "token")
	filing := map[string]any{"applicant": map[string]any{"name": e1.Name, "uscc": e1.USCC}, "respondent_uscc": respUSCC, "claims": "停止使用", "facts": "读音相同",
		"evidence": []map[string]any{{"filename": "a.txt", "data": []byte("a")}}}
	out = e.must(t, 201, "POST", "/api/v1/disputes", "", filing)
	dspID, appTok := str(out, "id"), str(out, "token")
	out = e.must(t, 201, "POST", "/api/v1/disputes", "", filing)
	otherAppTok := str(out, "token")
	e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/accept", e.keys["staff1"], nil)
	out = e.must(t, 200, "POST", "/api/v1/disputes/"+dspID+"/serve", e.keys["staff1"], nil)
	respTok := str(out, "respondent_token")

	creds := map[string]string{
		"none": "", "unknown": "ns_not_a_token", "registrar": e.keys["registrar"], "staff": e.keys["staff1"], "admin": e.keys["admin"],
		"reservation": resTok, "other_reservation": otherResTok, "applicant": appTok, "other_applicant": otherAppTok, "respondent": respTok,
	}
	keyRoles := map[string]bool{"registrar": true, "staff": true, "admin": true}
	const public, key, party = "public", "key", "party"
	type endpoint struct {
		method, path string
		kind         string   // public, key (API keys only) or party (party token or API key)
		roles        []string // API key roles admitted (admin always)
		parties      []string // party tokens of this object admitted
		okCode       int      // status of an admitted caller (0: 200 for GET, 400 for the invalid body)
	}
	r, d, u := "/api/v1/names/reservations/"+resID, "/api/v1/disputes/"+dspID, "/api/v1/enterprises/"+respUSCC
	eps := []endpoint{
		{"POST", "/api/v1/names/reservations", public, nil, nil, 0},
		{"GET", r, party, []string{"registrar", "staff"}, []string{"reservation"}, 0},
		{"POST", r + "/cancel", party, []string{"staff"}, []string{"reservation"}, 0},
		{"POST", r + "/registration", key, []string{"registrar"}, nil, 0},
		{"GET", u + "/name-status", public, nil, nil, 0},
		{"GET", u + "/abnormal", public, nil, nil, 404},
		{"GET", u + "/names", key, []string{"registrar", "staff"}, nil, 0},
		{"POST", u + "/name-change", key, []string{"registrar"}, nil, 0},
		{"POST", u + "/cancellation", key, []string{"registrar"}, nil, 0},
		{"POST", u + "/revocation", key, []string{"registrar", "staff"}, nil, 0},
		{"POST", "/api/v1/disputes", public, nil, nil, 0},
		{"GET", "/api/v1/disputes", key, []string{"staff"}, nil, 0},
		{"GET", d, party, []string{"staff"}, []string{"applicant", "respondent"}, 0},
		{"GET", d + "/evidence/1", party, []string{"staff"}, []string{"applicant", "respondent"}, 0},
		{"POST", d + "/material", party, nil, []string{"applicant"}, 0},
		{"POST", d + "/answer", party, []string{"staff"}, []string{"respondent"}, 0},
		{"POST", d + "/accept", key, []string{"staff"}, nil, 0},
		{"POST", d + "/reject", key, []string{"staff"}, nil, 0},
		{"POST", d + "/request-material", key, []string{"staff"}, nil, 0},
		{"POST", d + "/serve", key, []string{"staff"}, nil, 0},
		{"POST", d + "/mediation", key, []string{"staff"}, nil, 0},
		{"POST", d + "/extension", key, []string{"staff"}, nil, 0},
		{"POST", d + "/interest", key, []string{"staff"}, nil, 0},
		{"POST", d + "/ruling", key, []string{"staff"}, nil, 0},
		{"POST", d + "/sign", key, []string{"staff"}, nil, 0},
		{"GET", "/api/v1/holidays/2025", public, nil, nil, 0},
		{"PUT", "/api/v1/holidays/2027", key, []string{"staff"}, nil, 0},
		{"GET", "/api/v1/audit", key, nil, nil, 0},
		{"POST", "/api/v1/lifecycle/sweep", key, nil, nil, 200}, // reads no body; nothing is due
	}
	before := e.auditCount(t)
	in := func(ss []string, s string) bool {
		for _, x := range ss {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, ep := range eps {
		for credName, tok := range creds {
			want := 0 // 0: admitted
			switch {
			case ep.kind == public:
			case credName == "none" || credName == "unknown":
				want = 401
			case keyRoles[credName]:
				if credName != "admin" && !in(ep.roles, credName) {
					want = 403
				}
			case ep.kind == key: // a party token is no API key
				want = 401
			case !in(ep.parties, credName): // another object's or the other party's token
				want = 403
			}
			var body any = `{"x":1}`
			if ep.method == "GET" {
				body = nil
			}
			code, out, _ := e.call(t, ep.method, ep.path, tok, body)
			if want != 0 {
				if code != want {
					t.Errorf("%s %s with %s: %d %v, want %d", ep.method, ep.path, credName, code, out, want)
				}
				continue
			}
			okCode := ep.okCode
			if okCode == 0 {
				okCode = 400
				if ep.method == "GET" {
					okCode = 200
				}
			}
			if code != okCode {
				t.Errorf("%s %s with %s: %d %v, want %d (admitted)", ep.method, ep.path, credName, code, out, okCode)
			}
		}
	}
	if after := e.auditCount(t); after != before {
		t.Fatalf("refused or invalid requests wrote %d audit entries", after-before)
	}
	// Nothing changed: the reservation and the case are where they were.
	if out = e.must(t, 200, "GET", r, resTok, nil); str(out, "state") != "reserved" {
		t.Fatalf("reservation %v", out)
	}
	if out = e.must(t, 200, "GET", d, appTok, nil); str(out, "state") != "served" {
		t.Fatalf("case %v", out)
	}
}

func TestHolidaysAndLimitsOverHTTP(t *testing.T) {
	e := newLifecycleEnv(t, "2026-12-28")
	out := e.must(t, 200, "GET", "/api/v1/holidays/2026", "", nil)
	if get(out, "known") != true || len(get(out, "days").([]any)) != 39 {
		t.Fatalf("2026 %v", out)
	}
	if out = e.must(t, 200, "GET", "/api/v1/holidays/2027", "", nil); get(out, "known") != false {
		t.Fatalf("2027 %v", out)
	}
	e.must(t, 400, "GET", "/api/v1/holidays/27", "", nil)
	before := e.auditCount(t)
	e.must(t, 400, "PUT", "/api/v1/holidays/2027", e.keys["staff1"], map[string]any{"source": "x", "days": []map[string]any{{"date": "2027-01-04", "kind": "workday"}}})
	e.must(t, 400, "PUT", "/api/v1/holidays/2027", e.keys["staff1"], map[string]any{"days": []map[string]any{}})
	if e.auditCount(t) != before {
		t.Fatal("invalid calendars were written")
	}
	tsv := "# source: 国务院办公厅关于2027年部分节假日安排的通知（测试）\n2027-01-01\tholiday\t元旦\n2027-01-04\tholiday\t测试假日\n2027-01-09\tworkday\t调休上班\n"
	out = e.must(t, 200, "PUT", "/api/v1/holidays/2027", e.keys["staff1"], tsv, "Content-Type", "text/tab-separated-values; charset=utf-8")
	if str(out, "updated_by") == "" || len(get(out, "days").([]any)) != 3 {
		t.Fatalf("replaced %v", out)
	}
	if out = e.must(t, 200, "GET", "/api/v1/holidays/2027", "", nil); get(out, "known") != true {
		t.Fatalf("2027 after replacement %v", out)
	}
	// The new calendar drives new deadlines: filed Thursday 2026-12-31,
	// 5 working days skip 2027-01-01 and 01-04 and end on the worked Saturday 01-09.
	e.clock.SetDate("2026-12-31")
	respUSCC := "91410400MA44XH101" + string(registry.USCCCheckChar("91410400MA44XH101"))
	if _, err := e.reg.Put(context.Background(), "test", registry.Input{Name: "平顶山市星和科技有限公司", USCC: respUSCC, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	filing := map[string]any{"applicant": map[string]any{"name": e1.Name, "uscc": e1.USCC}, "respondent_uscc": respUSCC, "claims": "停止使用", "facts": "读音相同"}
	out = e.must(t, 201, "POST", "/api/v1/disputes", "", filing)
	if str(out, "dispute", "accept_due") != "2027-01-09" {
		t.Fatalf("accept due with the 2027 calendar: %v", str(out, "dispute", "accept_due"))
	}
	// Evidence limits over HTTP: an oversized file is refused, nothing written.
	before = e.auditCount(t)
	big, ct := multipartBody(t, filing, map[string][]byte{"big.bin": make([]byte, lifecycle.DefaultLimits.FileBytes+1)})
	e.must(t, 400, "POST", "/api/v1/disputes", "", big, "Content-Type", ct)
	bad, ct := multipartBody(t, filing, nil)
	bad = bytes.Replace(bad, []byte(`name="data"`), []byte(`name="other"`), 1)
	e.must(t, 400, "POST", "/api/v1/disputes", "", bad, "Content-Type", ct)
	e.must(t, 400, "POST", "/api/v1/disputes", "", `{"applicant":{},"evidence":"not base64!"}`)
	if e.auditCount(t) != before {
		t.Fatal("refused filings were written")
	}
}
