package registry_test

import (
	"context"
	"path/filepath"
	"testing"

	"namescope/name"
	"namescope/store"
)

// The candidate records a check reads come from the cache once read, and
// every kind of write to an enterprise shows in the next check.
func TestCandidateCacheFollowsWrites(t *testing.T) {
	dir := t.TempDir()
	db, idx, reg, _ := open(t, dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")})
	defer db.Close()
	defer idx.Close()
	ctx := context.Background()
	in := xinghe
	in.USCC = "91410400MA44XH001U"
	if _, err := reg.Put(ctx, "test", in); err != nil {
		t.Fatal(err)
	}
	read := func() name.Existing {
		t.Helper()
		cs, err := reg.Candidates(ctx, name.CandidateQuery{Scope: "410400", TradeName: "星河", Limit: 10})
		if err != nil || len(cs) != 1 {
			t.Fatalf("candidates: %v %v", cs, err)
		}
		return cs[0]
	}
	if got := read(); got.Status != name.StatusActive || got.Protected || got.Masked {
		t.Fatalf("first read: %+v", got)
	}
	read()
	if hits, _, size := reg.CandidateCacheStats(); hits != 1 || size != 1 {
		t.Errorf("cache: %d hits, %d records; want 1, 1", hits, size)
	}

	in.Status, in.StatusDate = name.StatusCancelled, "2026-11-01"
	if _, err := reg.Put(ctx, "test", in); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.Status != name.StatusCancelled || got.StatusDate.Format("2006-01-02") != "2026-11-01" {
		t.Errorf("after cancellation: %s %s", got.Status, got.StatusDate)
	}
	if _, err := reg.SetProtected(ctx, "test", in.USCC, true, "新经济企业"); err != nil {
		t.Fatal(err)
	}
	if got := read(); !got.Protected {
		t.Error("protection not seen")
	}
	// A write inside another service's transaction (the lifecycle's).
	if err := db.Update(func(tx *store.Tx) error { return reg.SetMaskedTx(tx, "test", in.USCC, true) }); err != nil {
		t.Fatal(err)
	}
	if got := read(); !got.Masked {
		t.Error("masking not seen")
	}
	read()
	if hits, _, _ := reg.CandidateCacheStats(); hits < 2 {
		t.Errorf("%d hits: the cache was not used after the writes", hits)
	}

	// Disabled, the records are read from the store.
	reg.SetCandidateCache(0)
	if got := read(); !got.Masked || !got.Protected || got.Status != name.StatusCancelled {
		t.Errorf("without the cache: %+v", got)
	}
	if _, _, size := reg.CandidateCacheStats(); size != 0 {
		t.Errorf("%d records cached with the cache disabled", size)
	}
}
