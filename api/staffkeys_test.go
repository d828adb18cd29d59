package api_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"namescope/auth"
	"namescope/internal/testenv"
	"namescope/registry"
	"namescope/store"
)

var han = regexp.MustCompile(`\p{Han}`)

// staffEnv is the application with named staff keys: 张三 holds two keys
// (in two departments), 李四 one, two keys in the format of before
// holders (old1, old2), a registrar and an admin key.
func staffEnv(t *testing.T) (*lcEnv, *testenv.Env) {
	t.Helper()
	te := testenv.New(t, testenv.Options{Now: testenv.At("2025-09-01"), NoWellKnownMarks: true, Keys: []testenv.Key{
		{Name: "registrar", Role: auth.RoleRegistrar, Holder: "王五"},
		{Name: "admin", Role: auth.RoleAdmin},
		{Name: "zhang1", Role: auth.RoleStaff, Holder: "张三", Dept: "市场监管局登记注册科"},
		{Name: "zhang2", Role: auth.RoleStaff, Holder: "张三", Dept: "市场监管局信用监督管理科"},
		{Name: "li", Role: auth.RoleStaff, Holder: "李四", Dept: "市场监管局登记注册科"},
	}})
	te.LegacyKey(t, "old1", auth.RoleStaff)
	te.LegacyKey(t, "old2", auth.RoleStaff)
	te.PutFixture(t, "test")
	return &lcEnv{app: te.HTTP, db: te.App.Store, reg: te.App.Registry, svc: te.App.Lifecycle, clock: te.Clock, keys: te.Tokens}, te
}

// keyIDs are the IDs of the keys, by token name.
func keyIDs(t *testing.T, e *lcEnv) map[string]string {
	t.Helper()
	out := e.must(t, 200, "GET", "/api/v1/keys", e.keys["admin"], nil)
	byHolderDept := map[string]string{}
	for _, k := range get(out, "keys").([]any) {
		byHolderDept[str(k, "holder")+"|"+str(k, "dept")+"|"+str(k, "label")+"|"+str(k, "role")] = str(k, "id")
	}
	ids := map[string]string{
		"zhang1": byHolderDept["张三|市场监管局登记注册科||staff"],
		"zhang2": byHolderDept["张三|市场监管局信用监督管理科||staff"],
		"li":     byHolderDept["李四|市场监管局登记注册科||staff"],
		"old1":   byHolderDept["||legacy old1|staff"],
		"old2":   byHolderDept["||legacy old2|staff"],
	}
	for name, id := range ids {
		if id == "" {
			t.Fatalf("key %s not listed: %v", name, out)
		}
	}
	return ids
}

func TestCreateKeyHolderAndDept(t *testing.T) {
	e, _ := staffEnv(t)
	long := strings.Repeat("张", auth.MaxHolderRunes+1)
	cases := []struct {
		name       string
		body       map[string]any
		want       int
		msg        string // part of the refusal
		holder     string // the stored holder of an accepted key
		dept       string
		verifyRole string
	}{
		{"staff with holder and dept", map[string]any{"role": "staff", "holder": "  张三 ", "dept": "市场监管局登记注册科"}, 201, "", "张三", "市场监管局登记注册科", "staff"},
		{"staff with a transcribed name", map[string]any{"role": "staff", "holder": "阿依古丽·买买提", "dept": "信用监督管理科"}, 201, "", "阿依古丽·买买提", "信用监督管理科", "staff"},
		{"registrar without dept", map[string]any{"role": "registrar", "holder": "John O'Neil"}, 201, "", "John O'Neil", "", "registrar"},
		{"admin without holder", map[string]any{"role": "admin", "label": "运维"}, 201, "", "", "", "admin"},
		{"staff without holder", map[string]any{"role": "staff", "dept": "登记注册科"}, 400, "holder", "", "", ""},
		{"staff without dept", map[string]any{"role": "staff", "holder": "张三"}, 400, "dept", "", "", ""},
		{"registrar without holder", map[string]any{"role": "registrar", "label": "登记系统"}, 400, "holder", "", "", ""},
		{"holder with digits", map[string]any{"role": "staff", "holder": "张三2", "dept": "登记注册科"}, 400, "不能包含", "", "", ""},
		{"holder too long", map[string]any{"role": "staff", "holder": long, "dept": "登记注册科"}, 400, "最多 32", "", "", ""},
		{"holder with a newline", map[string]any{"role": "staff", "holder": "张\n三", "dept": "登记注册科"}, 400, "控制字符", "", "", ""},
		{"holder of separators only", map[string]any{"role": "staff", "holder": "·", "dept": "登记注册科"}, 400, "分隔符", "", "", ""},
		{"dept too long", map[string]any{"role": "staff", "holder": "张三", "dept": strings.Repeat("科", auth.MaxDeptRunes+1)}, 400, "最多 64", "", "", ""},
		{"dept with a zero-width space", map[string]any{"role": "staff", "holder": "张三", "dept": "登记\u200b注册科"}, 400, "控制字符", "", "", ""},
		{"holder not a string", map[string]any{"role": "staff", "holder": 3, "dept": "登记注册科"}, 400, "", "", "", ""},
		{"unknown field", map[string]any{"role": "staff", "holder": "张三", "dept": "科", "phone": "1"}, 400, "phone", "", "", ""},
		{"unknown role", map[string]any{"role": "root", "holder": "张三"}, 400, "role", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := e.auditCount(t)
			beforeKeys := len(get(e.must(t, 200, "GET", "/api/v1/keys", e.keys["admin"], nil), "keys").([]any))
			code, out, raw := e.call(t, "POST", "/api/v1/keys", e.keys["admin"], tc.body)
			if code != tc.want {
				t.Fatalf("status %d, want %d: %s", code, tc.want, raw)
			}
			if tc.want != 201 {
				msg := str(out, "error", "message")
				if !han.MatchString(msg) || !strings.Contains(msg, tc.msg) {
					t.Errorf("message %q, want Chinese naming %q", msg, tc.msg)
				}
				if after := e.auditCount(t); after != before {
					t.Errorf("a refused key wrote %d audit entries", after-before)
				}
				if n := len(get(e.must(t, 200, "GET", "/api/v1/keys", e.keys["admin"], nil), "keys").([]any)); n != beforeKeys {
					t.Errorf("a refused key was stored: %d keys, had %d", n, beforeKeys)
				}
				return
			}
			if str(out, "key", "holder") != tc.holder || str(out, "key", "dept") != tc.dept {
				t.Errorf("created %v, want holder %q dept %q", out["key"], tc.holder, tc.dept)
			}
			// The new key works, with its role.
			k, err := auth.NewKeys(e.db).Verify(context.Background(), str(out, "token"))
			if err != nil || k.Role != tc.verifyRole || k.Holder != tc.holder || k.Dept != tc.dept {
				t.Errorf("verify the new key: %+v %v", k, err)
			}
		})
	}
}

// Only admin keys create and list keys; the listing shows holders and
// departments, never a token, and keys stored before holders are listed
// as they are.
func TestKeysAuthorizationAndListing(t *testing.T) {
	e, _ := staffEnv(t)
	body := map[string]any{"role": "staff", "holder": "赵六", "dept": "登记注册科"}
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"no key", "", 401},
		{"unknown key", "ns_not_a_token", 401},
		{"registrar", e.keys["registrar"], 403},
		{"named staff", e.keys["zhang1"], 403},
		{"legacy staff", e.keys["old1"], 403},
		{"admin", e.keys["admin"], 201},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.auditCount(t)
			code, out, _ := e.call(t, "POST", "/api/v1/keys", tc.token, body)
			if code != tc.want {
				t.Fatalf("create: %d %v, want %d", code, out, tc.want)
			}
			listWant := tc.want
			if listWant == 201 {
				listWant = 200
			}
			if code, _, _ := e.call(t, "GET", "/api/v1/keys", tc.token, nil); code != listWant {
				t.Errorf("list: %d, want %d", code, listWant)
			}
			if tc.want != 201 {
				if !han.MatchString(str(out, "error", "message")) {
					t.Errorf("refusal not in Chinese: %v", out)
				}
				if after := e.auditCount(t); after != before {
					t.Errorf("a refused request wrote %d audit entries", after-before)
				}
			}
		})
	}
	_, _, raw := e.call(t, "GET", "/api/v1/keys", e.keys["admin"], nil)
	for name, tok := range e.keys {
		if strings.Contains(string(raw), tok) {
			t.Errorf("the listing shows the token of %s", name)
		}
	}
	ids := keyIDs(t, e)
	var list struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	for _, k := range list.Keys {
		if k["id"] == ids["old1"] {
			if _, has := k["holder"]; has {
				t.Errorf("a legacy key lists a holder: %v", k)
			}
		}
	}
}

// A key stored in the format of before holders keeps working for every
// route of its role.
func TestLegacyKeyKeepsWorking(t *testing.T) {
	e, te := staffEnv(t)
	te.LegacyKey(t, "oldreg", auth.RoleRegistrar)
	body := map[string]any{"name": "平顶山市甲乙科技有限公司", "status": "active", "industry_code": "I65", "authority_code": "410400"}
	e.must(t, 201, "POST", "/api/v1/enterprises", e.keys["oldreg"], body)
	e.must(t, 200, "GET", "/api/v1/disputes", e.keys["old1"], nil)
	e.must(t, 403, "POST", "/api/v1/enterprises", e.keys["old1"], body)
}

// draftedCase files a case, takes it to the end of the answer period and
// has drafter draft a ruling; it returns the case's ID.
func draftedCase(t *testing.T, e *lcEnv, respUSCC, drafter string) string {
	t.Helper()
	e.clock.SetDate("2025-09-01")
	filing := map[string]any{"applicant": map[string]any{"name": e1.Name, "uscc": e1.USCC}, "respondent_uscc": respUSCC, "claims": "停止使用", "facts": "读音相同",
		"evidence": []map[string]any{{"filename": "a.txt", "data": []byte("a")}}}
	id := str(e.must(t, 201, "POST", "/api/v1/disputes", "", filing), "id")
	e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/accept", e.keys["li"], nil)
	respTok := str(e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/serve", e.keys["li"], nil), "respondent_token")
	e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/answer", respTok, map[string]any{"answer": "不同意"})
	e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/ruling", e.keys[drafter], map[string]any{"outcome": "dismissed", "reasons": "两名称行业不同，不足以引人误认"})
	return id
}

// The two signatures of a ruling are two different holders; an admin key
// signs in nobody's place; keys made before holders are told apart by
// their IDs.
func TestRulingTwoSignatures(t *testing.T) {
	e, _ := staffEnv(t)
	respUSCC := "91410400MA44XH101" + string(registry.USCCCheckChar("91410400MA44XH101"))
	if _, err := e.reg.Put(context.Background(), "test", registry.Input{Name: "平顶山市星和科技有限公司", USCC: respUSCC, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	ids := keyIDs(t, e)
	type try struct {
		key  string
		want int
		msg  string
	}
	cases := []struct {
		name    string
		drafter string
		refused []try    // signatures refused, in order, before the one that takes effect
		signer  string   // the second signature that takes effect
		holders []string // the holders of the effective ruling's two signatures
	}{
		{"same holder with another key", "zhang1", []try{
			{"zhang1", 409, "拟稿人"},
			{"zhang2", 409, "同一持有人"},
		}, "li", []string{"张三", "李四"}},
		{"admin does not sign", "li", []try{
			{"admin", 403, "管理员"},
			{"registrar", 403, "staff"},
		}, "zhang2", []string{"李四", "张三"}},
		{"legacy keys by key ID", "old1", []try{
			{"old1", 409, "拟稿人"},
		}, "old2", []string{"", ""}},
		{"legacy drafter, named signer", "old2", nil, "zhang1", []string{"", "张三"}},
		{"named drafter, legacy signer", "zhang2", nil, "old1", []string{"张三", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := draftedCase(t, e, respUSCC, tc.drafter)
			path := "/api/v1/disputes/" + id + "/sign"
			for _, r := range tc.refused {
				before := e.auditCount(t)
				code, out, raw := e.call(t, "POST", path, e.keys[r.key], nil)
				if code != r.want || !strings.Contains(str(out, "error", "message"), r.msg) || !han.MatchString(str(out, "error", "message")) {
					t.Fatalf("sign with %s: %d %s, want %d naming %q", r.key, code, raw, r.want, r.msg)
				}
				if after := e.auditCount(t); after != before {
					t.Fatalf("a refused signature wrote %d audit entries", after-before)
				}
			}
			out := e.must(t, 200, "POST", path, e.keys[tc.signer], nil)
			if str(out, "state") != "dismissed" {
				t.Fatalf("ruling not effective: %v", out)
			}
			sigs, _ := get(out, "ruling", "signatures").([]any)
			if len(sigs) != 2 {
				t.Fatalf("signatures %v", get(out, "ruling"))
			}
			for i, want := range tc.holders {
				if str(sigs[i], "holder") != want {
					t.Errorf("signature %d: holder %q, want %q", i, str(sigs[i], "holder"), want)
				}
			}
			if str(sigs[0], "key_id") != ids[tc.drafter] || str(sigs[1], "key_id") != ids[tc.signer] {
				t.Errorf("signature keys %v, want %s then %s", sigs, ids[tc.drafter], ids[tc.signer])
			}
		})
	}

	t.Run("admin does not draft", func(t *testing.T) {
		id := draftedCase(t, e, respUSCC, "li")
		before := e.auditCount(t)
		out := e.must(t, 403, "POST", "/api/v1/disputes/"+id+"/ruling", e.keys["admin"], map[string]any{"outcome": "dismissed", "reasons": "理由"})
		if !strings.Contains(str(out, "error", "message"), "管理员") {
			t.Errorf("message %v", out)
		}
		if after := e.auditCount(t); after != before {
			t.Errorf("a refused draft wrote %d audit entries", after-before)
		}
	})

	// A holder who declared an interest is out of the case with every key.
	t.Run("recusal covers the holder's other keys", func(t *testing.T) {
		id := draftedCase(t, e, respUSCC, "li")
		e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/interest", e.keys["zhang1"], map[string]any{"reason": "曾为被申请人提供咨询"})
		out := e.must(t, 403, "POST", "/api/v1/disputes/"+id+"/sign", e.keys["zhang2"], nil)
		if !strings.Contains(str(out, "error", "message"), "回避") {
			t.Errorf("message %v", out)
		}
		e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/sign", e.keys["old1"], nil)
	})
}

// The audit entries and the timeline of a case record who acted: the
// holder and department of named keys, nothing more for legacy keys and
// parties; the actor string keeps its role:keyID format.
func TestDecisionsRecordThePerson(t *testing.T) {
	e, _ := staffEnv(t)
	respUSCC := "91410400MA44XH101" + string(registry.USCCCheckChar("91410400MA44XH101"))
	if _, err := e.reg.Put(context.Background(), "test", registry.Input{Name: "平顶山市星和科技有限公司", USCC: respUSCC, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	ids := keyIDs(t, e)
	id := draftedCase(t, e, respUSCC, "zhang1")
	e.must(t, 200, "POST", "/api/v1/disputes/"+id+"/sign", e.keys["old1"], nil)

	out := e.must(t, 200, "GET", "/api/v1/audit?object=dispute/"+id, e.keys["admin"], nil)
	want := map[string][2]string{ // action → holder, dept
		"dispute.accept":         {"李四", "市场监管局登记注册科"},
		"dispute.serve":          {"李四", "市场监管局登记注册科"},
		"dispute.answer":         {"", ""},
		"dispute.draft_ruling":   {"张三", "市场监管局登记注册科"},
		"dispute.sign_dismissal": {"", ""},
	}
	actors := map[string]string{"dispute.accept": "staff:" + ids["li"], "dispute.draft_ruling": "staff:" + ids["zhang1"], "dispute.sign_dismissal": "staff:" + ids["old1"]}
	seen := 0
	for _, rec := range get(out, "entries").([]any) {
		entry := get(rec, "entry")
		action := str(entry, "action")
		w, ok := want[action]
		if !ok {
			continue
		}
		seen++
		if str(entry, "holder") != w[0] || str(entry, "dept") != w[1] {
			t.Errorf("%s: holder %q dept %q, want %q %q", action, str(entry, "holder"), str(entry, "dept"), w[0], w[1])
		}
		if a, ok := actors[action]; ok && str(entry, "actor") != a {
			t.Errorf("%s: actor %q, want %q", action, str(entry, "actor"), a)
		}
	}
	if seen != len(want) {
		t.Fatalf("audit entries %v", out)
	}
	// The actor filter still takes role:keyID.
	out = e.must(t, 200, "GET", "/api/v1/audit?actor=staff:"+ids["zhang1"], e.keys["admin"], nil)
	if n := len(get(out, "entries").([]any)); n != 1 {
		t.Errorf("entries of zhang1: %d, want 1", n)
	}

	out = e.must(t, 200, "GET", "/api/v1/disputes/"+id, e.keys["li"], nil)
	holders := map[string]string{}
	for _, ev := range get(out, "timeline").([]any) {
		holders[str(ev, "action")] = str(ev, "holder") + "|" + str(ev, "dept")
	}
	if holders["accept"] != "李四|市场监管局登记注册科" || holders["draft_ruling"] != "张三|市场监管局登记注册科" || holders["answer"] != "|" || holders["sign_dismissal"] != "|" {
		t.Errorf("timeline holders %v", holders)
	}

	// The key's own creation is audited with the admin's actor.
	var entry store.AuditEntry
	err := e.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, "", false, func(_ string, v []byte) (bool, error) {
			var x store.AuditEntry
			if err := json.Unmarshal(v, &x); err != nil {
				return false, err
			}
			if x.Action == "key.create" && x.Object == "key/"+ids["zhang1"] {
				entry = x
				return false, nil
			}
			return true, nil
		})
	})
	if err != nil || entry.Actor != "test" || entry.Holder != "" {
		t.Errorf("key.create entry %+v %v", entry, err)
	}
}
