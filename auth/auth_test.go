package auth

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/store"
)

func TestKeys(t *testing.T) {
	db, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys := NewKeys(db)
	ctx := context.Background()
	key, token, err := keys.Create(ctx, "test", NewKey{Role: RoleStaff, Label: "窗口一", Holder: "张三", Dept: "登记注册科"})
	if err != nil || !strings.HasPrefix(token, "ns_") {
		t.Fatalf("create: %v %q", err, token)
	}
	got, err := keys.Verify(ctx, token)
	if err != nil || got.Role != RoleStaff || got.ID != key.ID {
		t.Fatalf("verify: %v %+v", err, got)
	}
	// Only the hash is stored: the token appears nowhere in the store.
	db.View(func(tx *store.Tx) error {
		return tx.Scan("", "", false, func(k string, v []byte) (bool, error) {
			if strings.Contains(k, token) || strings.Contains(string(v), token) {
				t.Errorf("token stored in clear at %s", k)
			}
			return true, nil
		})
	})
	for _, bad := range []string{"", "ns_x", token + "x"} {
		if _, err := keys.Verify(ctx, bad); apperr.CodeOf(err) != apperr.CodeUnauthorized {
			t.Errorf("verify %q: %v", bad, err)
		}
	}
	if _, _, err := keys.Create(ctx, "test", NewKey{Role: "root"}); apperr.CodeOf(err) != apperr.CodeInvalid {
		t.Errorf("unknown role: %v", err)
	}
	if _, err := keys.Revoke(ctx, "test", key.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Verify(ctx, token); apperr.CodeOf(err) != apperr.CodeUnauthorized {
		t.Errorf("revoked key verified: %v", err)
	}
	if _, err := keys.Revoke(ctx, "test", "nope"); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Errorf("revoke unknown: %v", err)
	}
	if h, _ := db.History("key/"+key.ID, 10); len(h) != 2 {
		t.Errorf("audit history of the key: %d entries, want 2", len(h))
	}
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countPrefix(t *testing.T, db *store.DB, prefix string) int {
	t.Helper()
	n := 0
	err := db.View(func(tx *store.Tx) error {
		return tx.Scan(prefix, "", false, func(string, []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateHolderAndDept(t *testing.T) {
	db := openDB(t)
	keys := NewKeys(db)
	ctx := context.Background()
	cases := []struct {
		name               string
		in                 NewKey
		wantHolder, wantDp string
		err                string // part of the refusal; "" accepts
	}{
		{"staff named", NewKey{Role: RoleStaff, Holder: "张三", Dept: "市场监管局登记注册科"}, "张三", "市场监管局登记注册科", ""},
		{"staff trimmed", NewKey{Role: RoleStaff, Holder: "\u3000张三 ", Dept: " 登记注册科\t"}, "张三", "登记注册科", ""},
		{"staff Latin name", NewKey{Role: RoleStaff, Holder: "J. Smith-Brown", Dept: "外资登记科"}, "J. Smith-Brown", "外资登记科", ""},
		{"staff transcribed name", NewKey{Role: RoleStaff, Holder: "阿依古丽·买买提", Dept: "信用监督管理科"}, "阿依古丽·买买提", "信用监督管理科", ""},
		{"staff 32 characters", NewKey{Role: RoleStaff, Holder: strings.Repeat("张", 32), Dept: strings.Repeat("科", 64)}, strings.Repeat("张", 32), strings.Repeat("科", 64), ""},
		{"registrar without dept", NewKey{Role: RoleRegistrar, Holder: "王五"}, "王五", "", ""},
		{"registrar with dept", NewKey{Role: RoleRegistrar, Holder: "王五", Dept: "政务服务中心"}, "王五", "政务服务中心", ""},
		{"admin with neither", NewKey{Role: RoleAdmin}, "", "", ""},
		{"admin named", NewKey{Role: RoleAdmin, Holder: "赵六"}, "赵六", "", ""},
		{"staff without holder", NewKey{Role: RoleStaff, Dept: "登记注册科"}, "", "", "holder"},
		{"staff blank holder", NewKey{Role: RoleStaff, Holder: "  ", Dept: "登记注册科"}, "", "", "holder"},
		{"staff without dept", NewKey{Role: RoleStaff, Holder: "张三"}, "", "", "dept"},
		{"registrar without holder", NewKey{Role: RoleRegistrar}, "", "", "holder"},
		{"holder 33 characters", NewKey{Role: RoleStaff, Holder: strings.Repeat("张", 33), Dept: "科"}, "", "", "最多 32"},
		{"holder with digit", NewKey{Role: RoleStaff, Holder: "张三1", Dept: "科"}, "", "", "不能包含"},
		{"holder with bracket", NewKey{Role: RoleStaff, Holder: "张三（登记）", Dept: "科"}, "", "", "不能包含"},
		{"holder with Cyrillic", NewKey{Role: RoleStaff, Holder: "Иван", Dept: "科"}, "", "", "不能包含"},
		{"holder with tab inside", NewKey{Role: RoleStaff, Holder: "张\t三", Dept: "科"}, "", "", "控制字符"},
		{"holder with zero width joiner", NewKey{Role: RoleStaff, Holder: "张\u200d三", Dept: "科"}, "", "", "控制字符"},
		{"holder double space", NewKey{Role: RoleStaff, Holder: "John  Smith", Dept: "科"}, "", "", "分隔符"},
		{"holder starts with a dot", NewKey{Role: RoleStaff, Holder: "·张三", Dept: "科"}, "", "", "分隔符"},
		{"holder ends with a hyphen", NewKey{Role: RoleStaff, Holder: "张三-", Dept: "科"}, "", "", "结尾"},
		{"holder of separators", NewKey{Role: RoleStaff, Holder: "-", Dept: "科"}, "", "", "分隔符"},
		{"holder invalid UTF-8", NewKey{Role: RoleStaff, Holder: "张\xff", Dept: "科"}, "", "", "UTF-8"},
		{"dept 65 characters", NewKey{Role: RoleStaff, Holder: "张三", Dept: strings.Repeat("科", 65)}, "", "", "最多 64"},
		{"dept with newline", NewKey{Role: RoleStaff, Holder: "张三", Dept: "登记\n注册科"}, "", "", "控制字符"},
		{"dept with direction mark", NewKey{Role: RoleStaff, Holder: "张三", Dept: "登记\u202e注册科"}, "", "", "控制字符"},
		{"dept with line separator", NewKey{Role: RoleStaff, Holder: "张三", Dept: "登记\u2028注册科"}, "", "", "控制字符"},
		{"admin bad holder", NewKey{Role: RoleAdmin, Holder: "root#1"}, "", "", "不能包含"},
		{"unknown role", NewKey{Role: "root", Holder: "张三"}, "", "", "role"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keysBefore, auditBefore := countPrefix(t, db, store.PrefixAPIKey), countPrefix(t, db, store.PrefixAudit)
			key, token, err := keys.Create(ctx, "admin:a", tc.in)
			if tc.err != "" {
				if apperr.CodeOf(err) != apperr.CodeInvalid || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want invalid naming %q", err, tc.err)
				}
				if countPrefix(t, db, store.PrefixAPIKey) != keysBefore || countPrefix(t, db, store.PrefixAudit) != auditBefore {
					t.Fatal("a refused key wrote to the store")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if key.Holder != tc.wantHolder || key.Dept != tc.wantDp {
				t.Errorf("created %+v, want holder %q dept %q", key, tc.wantHolder, tc.wantDp)
			}
			got, err := keys.Verify(ctx, token)
			if err != nil || got.Signer() != (Signer{KeyID: key.ID, Role: tc.in.Role, Holder: tc.wantHolder, Dept: tc.wantDp}) {
				t.Errorf("verify: %+v %v", got, err)
			}
		})
	}
}

// A key record written before keys named holders verifies, lists and
// revokes as before, with an empty signer holder.
func TestLegacyKeyRecord(t *testing.T) {
	db := openDB(t)
	keys := NewKeys(db)
	ctx := context.Background()
	token, hash, err := NewToken(PrefixKeyToken)
	if err != nil {
		t.Fatal(err)
	}
	const old = `{"id":"0123456789ab","role":"staff","label":"窗口二","created_at":"2025-03-04T05:06:07Z","revoked":false}`
	if err := db.Update(func(tx *store.Tx) error { return tx.PutRaw(store.APIKeyKey(hash), []byte(old)) }); err != nil {
		t.Fatal(err)
	}
	got, err := keys.Verify(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Signer(); s != (Signer{KeyID: "0123456789ab", Role: RoleStaff}) || s.Name() != "staff:0123456789ab" {
		t.Errorf("signer of a legacy key %+v %q", s, s.Name())
	}
	list, err := keys.List(ctx)
	if err != nil || len(list) != 1 || list[0].Holder != "" || list[0].Label != "窗口二" {
		t.Fatalf("list %+v %v", list, err)
	}
	b, _ := json.Marshal(list[0])
	if strings.Contains(string(b), "holder") || strings.Contains(string(b), "dept") {
		t.Errorf("a legacy key lists empty holder fields: %s", b)
	}
	if _, err := keys.Revoke(ctx, "admin:a", "0123456789ab"); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Verify(ctx, token); apperr.CodeOf(err) != apperr.CodeUnauthorized {
		t.Errorf("revoked legacy key verified: %v", err)
	}
}

func TestSamePerson(t *testing.T) {
	zhang1 := Signer{KeyID: "k1", Role: RoleStaff, Holder: "张三", Dept: "登记注册科"}
	zhang2 := Signer{KeyID: "k2", Role: RoleStaff, Holder: "张三", Dept: "信用监督管理科"}
	li := Signer{KeyID: "k3", Role: RoleStaff, Holder: "李四", Dept: "登记注册科"}
	old1 := Signer{KeyID: "o1", Role: RoleStaff}
	old2 := Signer{KeyID: "o2", Role: RoleStaff}
	for _, tc := range []struct {
		name string
		a, b Signer
		want bool
	}{
		{"same key", zhang1, zhang1, true},
		{"same holder, other key and department", zhang1, zhang2, true},
		{"two holders", zhang1, li, false},
		{"legacy key with itself", old1, old1, true},
		{"two legacy keys", old1, old2, false},
		{"legacy and named", old1, zhang1, false},
		{"named and legacy", li, old2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SamePerson(tc.a, tc.b); got != tc.want {
				t.Errorf("SamePerson = %v, want %v", got, tc.want)
			}
			if got := SamePerson(tc.b, tc.a); got != tc.want {
				t.Errorf("SamePerson reversed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSameDept(t *testing.T) {
	reg := Signer{KeyID: "k1", Role: RoleStaff, Holder: "张三", Dept: "登记注册科"}
	reg2 := Signer{KeyID: "k2", Role: RoleStaff, Holder: "李四", Dept: "登记注册科"}
	credit := Signer{KeyID: "k3", Role: RoleStaff, Holder: "王五", Dept: "信用监督管理科"}
	none := Signer{KeyID: "o1", Role: RoleStaff}
	for _, tc := range []struct {
		name         string
		maker, actor Signer
		want         bool
	}{
		{"the maker itself", reg, reg, true},
		{"a colleague of the department", reg, reg2, true},
		{"another department", reg, credit, false},
		{"another department, reversed", credit, reg, false},
		{"maker without department", none, credit, true},
		{"actor without department", credit, none, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SameDept(tc.maker, tc.actor); got != tc.want {
				t.Errorf("SameDept = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSignerName(t *testing.T) {
	for _, tc := range []struct {
		s    Signer
		want string
	}{
		{Signer{KeyID: "k1", Role: RoleStaff, Holder: "张三", Dept: "登记注册科"}, "张三（登记注册科）"},
		{Signer{KeyID: "k1", Role: RoleRegistrar, Holder: "王五"}, "王五"},
		{Signer{KeyID: "k1", Role: RoleStaff}, "staff:k1"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.s.Name(); got != tc.want {
				t.Errorf("Name = %q", got)
			}
			if got := tc.s.Actor(); got != tc.s.Role+":k1" {
				t.Errorf("Actor = %q", got)
			}
		})
	}
}

// The audit entries a signer's actor writes in a transaction run under
// the signer's context record its holder and department; entries of other
// actors, and those that name a holder already, are left as they are.
func TestWithSignerStampsAudit(t *testing.T) {
	db := openDB(t)
	zhang := Signer{KeyID: "k1", Role: RoleStaff, Holder: "张三", Dept: "登记注册科"}
	ctx := WithSigner(context.Background(), zhang)
	if s, ok := SignerFrom(ctx); !ok || s != zhang {
		t.Fatalf("SignerFrom %+v %v", s, ok)
	}
	if _, ok := SignerFrom(context.Background()); ok {
		t.Fatal("a signer in an empty context")
	}
	err := db.UpdateContext(ctx, func(tx *store.Tx) error {
		for _, e := range []store.AuditEntry{
			{Actor: "staff:k1", Action: "a", Object: "x/1"},
			{Actor: "applicant:D1", Action: "b", Object: "x/1"},
			{Actor: "staff:k1", Holder: "李四", Action: "c", Object: "x/1"},
		} {
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same write outside the signer's context is not stamped.
	if err := db.UpdateContext(context.Background(), func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{Actor: "staff:k1", Action: "d", Object: "x/1"})
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "张三|登记注册科", "b": "|", "c": "李四|", "d": "|"}
	got := map[string]string{}
	err = db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, "", false, func(_ string, v []byte) (bool, error) {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return false, err
			}
			got[e.Action] = e.Holder + "|" + e.Dept
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for action, w := range want {
		if got[action] != w {
			t.Errorf("entry %s: %q, want %q", action, got[action], w)
		}
	}
	// A legacy signer is carried too (handlers read it), with nothing to stamp.
	if _, ok := SignerFrom(WithSigner(context.Background(), Signer{KeyID: "o1", Role: RoleStaff})); !ok {
		t.Error("a legacy signer is not carried")
	}
}
