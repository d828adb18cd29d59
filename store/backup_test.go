package store

import (
	"bytes"
	"errors"
	"testing"
)

// An incremental backup holds the keys changed after the backup before it
// (a key written again included: badger's stream alone drops a key with
// versions on both sides of since), and not the others; the full backup
// and then the incremental one restore the store as it is.
func TestBackupIncrementalAndLoad(t *testing.T) {
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put := func(k, v string) {
		t.Helper()
		if err := db.Update(func(tx *Tx) error { return tx.Put(k, v) }); err != nil {
			t.Fatal(err)
		}
	}
	put("meta/changed", "v1")
	put("meta/same", "v1")
	put("meta/gone", "v1")
	var full, incr bytes.Buffer
	since, err := db.Backup(&full, 0)
	if err != nil || since == 0 {
		t.Fatalf("full backup: %d %v", since, err)
	}
	put("meta/changed", "v2")
	put("meta/new", "v1")
	if err := db.Update(func(tx *Tx) error { return tx.Delete("meta/gone") }); err != nil {
		t.Fatal(err)
	}
	next, err := db.Backup(&incr, since)
	if err != nil || next <= since {
		t.Fatalf("incremental backup: %d after %d, %v", next, since, err)
	}
	if !bytes.Contains(incr.Bytes(), []byte("meta/changed")) || !bytes.Contains(incr.Bytes(), []byte("meta/new")) ||
		bytes.Contains(incr.Bytes(), []byte("meta/same")) {
		t.Errorf("the incremental backup does not hold exactly the changed keys")
	}
	if again, err := db.Backup(&bytes.Buffer{}, next); err != nil || again != next {
		t.Errorf("a backup with nothing new: %d after %d, %v", again, next, err)
	}

	restored, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	for _, b := range []*bytes.Buffer{&full, &incr} {
		if err := restored.Load(b); err != nil {
			t.Fatal(err)
		}
	}
	err = restored.View(func(tx *Tx) error {
		for k, want := range map[string]string{"meta/changed": "v2", "meta/same": "v1", "meta/new": "v1"} {
			var got string
			if err := tx.Get(k, &got); err != nil || got != want {
				t.Errorf("%s: %q %v, want %q", k, got, err, want)
			}
		}
		var v string
		if err := tx.Get("meta/gone", &v); !errors.Is(err, ErrNotFound) {
			t.Errorf("a deleted key restored: %q %v", v, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := restored.Load(bytes.NewReader([]byte("not a backup at all"))); err == nil {
		t.Error("loaded a file that is not a backup")
	}
}
