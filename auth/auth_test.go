package auth

import (
	"context"
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
