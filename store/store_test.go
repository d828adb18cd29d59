package store

import (
	"errors"
	"strings"
	"testing"
)

func TestStore(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second open of %s: %v", dir, err)
	}
	type rec struct{ N int }
	err = db.Update(func(tx *Tx) error {
		for i := 1; i <= 3; i++ {
			if err := tx.Put(EnterpriseKey(string(rune('a'+i))), rec{i}); err != nil {
				return err
			}
			if err := tx.Enqueue("names", string(rune('a'+i))); err != nil {
				return err
			}
		}
		return tx.Audit(AuditEntry{Object: "enterprise/b", Action: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	var got rec
	if err := db.View(func(tx *Tx) error { return tx.Get(EnterpriseKey("c"), &got) }); err != nil || got.N != 2 {
		t.Errorf("get: %v %+v", err, got)
	}
	if err := db.View(func(tx *Tx) error { return tx.Get(EnterpriseKey("zz"), &got) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing key: %v", err)
	}
	var order []string
	db.View(func(tx *Tx) error {
		return tx.Scan(PrefixEnterprise, "", true, func(k string, _ []byte) (bool, error) {
			order = append(order, IDOf(k, PrefixEnterprise))
			return true, nil
		})
	})
	if strings.Join(order, "") != "dcb" {
		t.Errorf("reverse scan order %v", order)
	}
	pending, err := db.Pending("names", 10)
	if err != nil || len(pending) != 3 || pending[0].ID != "b" {
		t.Fatalf("pending %v %v", pending, err)
	}
	// Nothing acknowledged is lost across a close.
	db.Close()
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if p, _ := db.Pending("names", 10); len(p) != 3 {
		t.Errorf("outbox after reopen: %v", p)
	}
	if err := db.Ack(pending[:2]); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.Pending("names", 10); len(p) != 1 || p[0].ID != "d" {
		t.Errorf("after ack: %v", p)
	}
	if h, err := db.History("enterprise/b", 10); err != nil || len(h) != 1 {
		t.Errorf("history: %v %v", h, err)
	}
	a, _ := db.Next("x")
	b, _ := db.Next("x")
	if b <= a {
		t.Errorf("sequence not increasing: %d %d", a, b)
	}
}
