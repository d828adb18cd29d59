package scope

import (
	"context"
	"path/filepath"
	"testing"

	"namescope/apperr"
	"namescope/store"
)

// TestNotifyAlsoInOneTransaction: the work a caller adds to Notify (the
// enterprise's scope codes) commits with the notices, and when it fails
// nothing is stored and its coded error comes back as it was.
func TestNotifyAlsoInOneTransaction(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := NewService(ctx, nil, WithNoticeStore(NewDBStores(db)))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	tobacco := byWording(t, svc.Catalogue(), "烟草制品零售").Code
	reg := Registration{Enterprise: "烟酒店", USCC: testUSCC, Codes: []string{tobacco}}
	pending := func(t *testing.T) int {
		t.Helper()
		page, err := svc.DepartmentNotices(ctx, "tobacco", NoticePage{})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Notices)
	}
	const key = "test/also"
	for _, tc := range []struct {
		name    string
		also    Also
		code    apperr.Code
		notices int
		written bool
	}{
		{"failing work stores nothing", func(tx *store.Tx) error {
			if err := tx.Put(key, "half"); err != nil {
				return err
			}
			return apperr.Invalid("经营范围条目代码有误")
		}, apperr.CodeInvalid, 0, false},
		{"work that succeeds commits with the notices", func(tx *store.Tx) error { return tx.Put(key, "whole") }, "", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Notify(ctx, reg, tc.also)
			if tc.code == "" && err != nil || tc.code != "" && apperr.CodeOf(err) != tc.code {
				t.Fatalf("Notify: %v, want code %q", err, tc.code)
			}
			if n := pending(t); n != tc.notices {
				t.Errorf("%d notices stored, want %d", n, tc.notices)
			}
			var v string
			err = db.View(func(tx *store.Tx) error { return tx.Get(key, &v) })
			if written := err == nil; written != tc.written {
				t.Errorf("also work written = %v (%q), want %v", written, v, tc.written)
			}
		})
	}
}
