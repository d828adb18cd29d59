package store

import (
	"errors"
	"sync"
	"testing"
)

// counter reads the counter at key and writes it plus one: two of these at
// the same moment conflict, and the loser must be retried, not fail.
func counter(tx *Tx, key string) error {
	var n int
	if err := tx.Get(key, &n); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return tx.Put(key, n+1)
}

func readCounter(t *testing.T, db *DB, key string) int {
	t.Helper()
	var n int
	if err := db.View(func(tx *Tx) error { return tx.Get(key, &n) }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestUpdateRetriesConflict forces the interleaving: the first attempt of a
// transaction reads the counter, another transaction commits an increment,
// then the first one commits. badger refuses that commit (ErrConflict);
// Update runs the transaction again and both increments count.
func TestUpdateRetriesConflict(t *testing.T) {
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const key = "meta/counter"
	attempts := 0
	err = db.Update(func(tx *Tx) error {
		attempts++
		if err := counter(tx, key); err != nil {
			return err
		}
		if attempts == 1 {
			// A concurrent writer commits between our read and our commit.
			if err := db.Update(func(tx *Tx) error { return counter(tx, key) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if attempts != 2 {
		t.Errorf("attempts = %d, want 2 (one conflict, one retry)", attempts)
	}
	if n := readCounter(t, db, key); n != 2 {
		t.Errorf("counter = %d, want 2", n)
	}
}

// TestTouchMakesGuardConflict: two transactions that each scan a prefix,
// find nothing, and add a key under it do not conflict by themselves
// (badger tracks keys read, not ranges); touching a guard key makes the
// second one run again and see the first one's key.
func TestTouchMakesGuardConflict(t *testing.T) {
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const prefix, guard = "tn/410400/星河/", "tg/410400/星河"
	var seen []int
	attempts := 0
	err = db.Update(func(tx *Tx) error {
		attempts++
		if _, err := tx.Touch(guard); err != nil {
			return err
		}
		n := 0
		if err := tx.Keys(prefix, func(string) error { n++; return nil }); err != nil {
			return err
		}
		seen = append(seen, n)
		if attempts == 1 {
			err := db.Update(func(tx *Tx) error {
				if _, err := tx.Touch(guard); err != nil {
					return err
				}
				return tx.PutRaw(prefix+"B", nil)
			})
			if err != nil {
				return err
			}
		}
		return tx.PutRaw(prefix+"A", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("keys seen per attempt = %v, want [0 1]", seen)
	}
}

// TestUpdateContention: a transaction that conflicts on every attempt ends
// with ErrContention, never badger's error.
func TestUpdateContention(t *testing.T) {
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *Tx) error {
		if err := counter(tx, "meta/c"); err != nil {
			return err
		}
		return db.Update(func(tx *Tx) error { return counter(tx, "meta/c") })
	})
	if !errors.Is(err, ErrContention) {
		t.Errorf("err = %v, want ErrContention", err)
	}
}

// TestConcurrentUpdates: many writers incrementing one counter at once all
// succeed and none is lost.
func TestConcurrentUpdates(t *testing.T) {
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				errs <- db.Update(func(tx *Tx) error { return counter(tx, "meta/n") })
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	if n := readCounter(t, db, "meta/n"); n != writers*each {
		t.Errorf("counter = %d, want %d", n, writers*each)
	}
}
