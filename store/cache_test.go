package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
)

func openCacheTest(t *testing.T, size int) (*DB, *Cache) {
	t.Helper()
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, NewCache(db, PrefixCandidate, size)
}

func put(t *testing.T, db *DB, key, value string) {
	t.Helper()
	if err := db.Update(func(tx *Tx) error { return tx.PutRaw(key, []byte(value)) }); err != nil {
		t.Fatal(err)
	}
}

// cached reads key through the cache in a read transaction of its own.
func cached(t *testing.T, db *DB, c *Cache, key string) string {
	t.Helper()
	var v string
	err := db.View(func(tx *Tx) error {
		var err error
		v, err = c.Get(tx, key)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return "<missing>"
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCacheFollowsWrites(t *testing.T) {
	db, c := openCacheTest(t, 100)
	k := CandidateKey("a")
	if got := cached(t, db, c, k); got != "<missing>" {
		t.Fatalf("missing key: %q", got)
	}
	put(t, db, k, "v1")
	for range 2 {
		if got := cached(t, db, c, k); got != "v1" {
			t.Fatalf("got %q, want v1", got)
		}
	}
	if hits, misses, size := c.Stats(); hits != 1 || misses != 2 || size != 1 {
		t.Errorf("stats: %d hits, %d misses, %d values; want 1, 2, 1", hits, misses, size)
	}
	put(t, db, k, "v2")
	if got := cached(t, db, c, k); got != "v2" {
		t.Errorf("after a write: got %q, want v2", got)
	}
	if err := db.Update(func(tx *Tx) error { return tx.Delete(k) }); err != nil {
		t.Fatal(err)
	}
	if got := cached(t, db, c, k); got != "<missing>" {
		t.Errorf("after a delete: got %q", got)
	}
	// Keys outside the prefix are read, never kept.
	put(t, db, EnterpriseKey("a"), "e")
	if got := cached(t, db, c, EnterpriseKey("a")); got != "e" {
		t.Errorf("other prefix: got %q", got)
	}
	if _, _, size := c.Stats(); size != 0 {
		t.Errorf("%d values cached, want 0", size)
	}
}

// A read transaction older than a write reads the old value; it must not
// leave it in the cache for the transactions that come after the write.
func TestCacheOlderSnapshotDoesNotFill(t *testing.T) {
	db, c := openCacheTest(t, 100)
	k := CandidateKey("a")
	put(t, db, k, "v1")
	err := db.View(func(tx *Tx) error {
		put(t, db, k, "v2") // committed after this transaction began
		v, err := c.Get(tx, k)
		if err == nil && v != "v1" {
			t.Errorf("the older snapshot read %q, want v1", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := cached(t, db, c, k); got != "v2" {
		t.Errorf("after the older read: got %q, want v2", got)
	}
}

// A value cached before a write is dropped by it; while the write commits
// nothing is served from the cache or kept in it.
func TestCacheWhileCommitting(t *testing.T) {
	db, c := openCacheTest(t, 100)
	k := CandidateKey("a")
	put(t, db, k, "v1")
	if got := cached(t, db, c, k); got != "v1" {
		t.Fatalf("got %q", got)
	}
	var during []string
	db.beforeCommit = func() {
		// The write is about to commit: a reader gets the committed value
		// from the store, and the cache keeps nothing.
		during = append(during, cached(t, db, c, k))
		if _, _, size := c.Stats(); size != 0 {
			t.Errorf("%d values cached while committing", size)
		}
	}
	put(t, db, k, "v2")
	db.beforeCommit = nil
	if len(during) != 1 || during[0] != "v1" {
		t.Errorf("read while committing: %v, want [v1]", during)
	}
	if got := cached(t, db, c, k); got != "v2" {
		t.Errorf("after the commit: got %q, want v2", got)
	}
}

func TestCacheWritableAndFailedTransactions(t *testing.T) {
	db, c := openCacheTest(t, 100)
	k := CandidateKey("a")
	put(t, db, k, "v1")
	cached(t, db, c, k)
	// A transaction sees its own write, and keeps nothing in the cache.
	errAbort := errors.New("abort")
	err := db.Update(func(tx *Tx) error {
		if err := tx.PutRaw(k, []byte("v2")); err != nil {
			return err
		}
		if v, err := c.Get(tx, k); err != nil || v != "v2" {
			t.Errorf("own write: %q %v", v, err)
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatal(err)
	}
	// Nothing was committed: the cached value is still the stored one.
	if got := cached(t, db, c, k); got != "v1" {
		t.Errorf("after an aborted write: got %q, want v1", got)
	}
	if hits, _, _ := c.Stats(); hits != 1 {
		t.Errorf("%d hits, want 1 (the value survives an aborted write)", hits)
	}
}

func TestCacheIsBounded(t *testing.T) {
	db, c := openCacheTest(t, 8)
	for i := range 100 {
		put(t, db, CandidateKey(strconv.Itoa(i)), "v"+strconv.Itoa(i))
	}
	for round := range 3 {
		for i := range 100 {
			if got := cached(t, db, c, CandidateKey(strconv.Itoa(i))); got != "v"+strconv.Itoa(i) {
				t.Fatalf("round %d, key %d: got %q", round, i, got)
			}
		}
	}
	if _, _, size := c.Stats(); size != 8 {
		t.Errorf("%d values cached, want 8", size)
	}
}

func TestCacheClearedByLoad(t *testing.T) {
	src, _ := openCacheTest(t, 10)
	put(t, src, CandidateKey("b"), "x")
	var backup bytes.Buffer
	if _, err := src.Backup(&backup, 0); err != nil {
		t.Fatal(err)
	}
	db, c := openCacheTest(t, 10)
	put(t, db, CandidateKey("a"), "v1")
	cached(t, db, c, CandidateKey("a"))
	if err := db.Load(&backup); err != nil {
		t.Fatal(err)
	}
	if _, _, size := c.Stats(); size != 0 {
		t.Errorf("%d values cached after Load, want 0", size)
	}
}

// Writers raise counters while readers read them through the cache: what a
// reader gets from the cache is never older than what its own snapshot
// holds. Run with the race detector (scripts/test does).
func TestCacheNeverOlderThanSnapshot(t *testing.T) {
	db, c := openCacheTest(t, 4) // smaller than the keys: evictions too
	keys := make([]string, 6)
	for i := range keys {
		keys[i] = CandidateKey(fmt.Sprint(i))
		put(t, db, keys[i], "0")
	}
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 1; n <= 150; n++ {
				k := keys[(n+w)%len(keys)]
				err := db.Update(func(tx *Tx) error {
					var cur int
					if err := tx.GetRaw(k, func(b []byte) error {
						var err error
						cur, err = strconv.Atoi(string(b))
						return err
					}); err != nil {
						return err
					}
					return tx.PutRaw(k, []byte(strconv.Itoa(cur+1)))
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 400 {
				k := keys[n%len(keys)]
				err := db.View(func(tx *Tx) error {
					got, err := c.Get(tx, k)
					if err != nil {
						return err
					}
					var own string
					if err := tx.GetRaw(k, func(b []byte) error { own = string(b); return nil }); err != nil {
						return err
					}
					g, _ := strconv.Atoi(got)
					o, _ := strconv.Atoi(own)
					if g < o {
						t.Errorf("%s: the cache gave %d, the snapshot holds %d", k, g, o)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// Once the writers are done, every key reads its final value.
	for _, k := range keys {
		var want string
		db.View(func(tx *Tx) error {
			return tx.GetRaw(k, func(b []byte) error { want = string(b); return nil })
		})
		if got := cached(t, db, c, k); got != want {
			t.Errorf("%s: cache %q, store %q", k, got, want)
		}
	}
}

func TestCacheResize(t *testing.T) {
	db, c := openCacheTest(t, 10)
	for i := range 10 {
		k := CandidateKey(strconv.Itoa(i))
		put(t, db, k, "v")
		cached(t, db, c, k)
	}
	c.Resize(3)
	if _, _, size := c.Stats(); size != 3 {
		t.Errorf("%d values after Resize(3)", size)
	}
	c.Resize(0)
	for i := range 10 {
		if got := cached(t, db, c, CandidateKey(strconv.Itoa(i))); got != "v" {
			t.Fatalf("disabled cache: got %q", got)
		}
	}
	if hits, misses, size := c.Stats(); size != 0 || hits != 0 || misses != 10 {
		t.Errorf("disabled cache: %d hits, %d misses, %d values; want 0, 10 (before), 0", hits, misses, size)
	}
}
