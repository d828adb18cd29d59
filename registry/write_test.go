package registry_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"namescope/apperr"
	"namescope/dict"
	"namescope/registry"
	"namescope/store"
)

func newRegistry(t *testing.T) (*store.DB, *registry.Service) {
	t.Helper()
	dir := t.TempDir()
	db, _, reg, _ := open(t, dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")})
	t.Cleanup(func() { db.Close() })
	return db, reg
}

func usccOf(first17 string) string { return first17 + string(dict.USCCCheckChar(first17)) }

// Issue 9, defect 4: a CSV import replacing a record keeps its 字号
// protection and creation time, and writes one audit entry per enterprise.
func TestImportKeepsProtectionAndAuditsEachRecord(t *testing.T) {
	ctx := context.Background()
	_, reg := newRegistry(t)
	code := usccOf("91410400MA44XH001")
	in := xinghe
	in.USCC = code
	first, err := reg.Put(ctx, "registrar:k", in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.SetProtected(ctx, "staff:s", code, true, "本市新经济企业"); err != nil {
		t.Fatal(err)
	}
	csv := "name,uscc,status,industry_code,authority_code\n" +
		"平顶山市星河科技有限公司," + code + ",active,I65,410400\n" +
		"平顶山市青禾农业开发有限公司," + usccOf("91410400MA44QH001") + ",active,A01,410400\n"
	rep, err := reg.Import(ctx, strings.NewReader(csv), registry.ImportOptions{Actor: "import:test"})
	if err != nil || rep.Imported != 2 {
		t.Fatalf("import %+v %v", rep, err)
	}
	after, err := reg.Get(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Protected || after.ProtectedReason != "本市新经济企业" {
		t.Errorf("protection lost by the import: %+v", after)
	}
	if !after.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("created_at %v, want the original %v", after.CreatedAt, first.CreatedAt)
	}
	for _, id := range []string{code, usccOf("91410400MA44QH001")} {
		h, err := reg.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var last struct{ Action, Object string }
		if len(h) == 0 || json.Unmarshal(h[len(h)-1], &last) != nil || last.Action != "enterprise.import" || last.Object != "enterprise/"+id {
			t.Errorf("%s: history %s, want its own enterprise.import entry last", id, h)
		}
	}
}

// Issue 9, defect 2: registrar writes of the same USCC at the same moment
// all succeed (the store retries conflicts); none is an internal error.
func TestConcurrentPutsOfOneUSCC(t *testing.T) {
	ctx := context.Background()
	_, reg := newRegistry(t)
	code := usccOf("91410400MA44XH001")
	const writers = 32
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := xinghe
			in.USCC = code
			_, err := reg.Put(ctx, "registrar:k", in)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("put: %v (code %s)", err, apperr.CodeOf(err))
		}
	}
	h, err := reg.History(ctx, code)
	if err != nil || len(h) != writers {
		t.Errorf("history has %d entries, want %d (%v)", len(h), writers, err)
	}
}

// Registrar synchronisation and import record decisions taken elsewhere:
// they accept identical names and report them; the duplicate audit lists
// the pairs in the store.
func TestIdenticalNamesReported(t *testing.T) {
	ctx := context.Background()
	_, reg := newRegistry(t)
	a := xinghe
	a.USCC = usccOf("91410400MA44XH001")
	if _, ids, err := reg.PutReport(ctx, "registrar:k", a); err != nil || len(ids) != 0 {
		t.Fatalf("first: %v %v", ids, err)
	}
	b := registry.Input{Name: "平顶山市星河科技有限责任公司", USCC: usccOf("91410400MA44XH002"), Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}
	_, ids, err := reg.PutReport(ctx, "registrar:k", b)
	if err != nil || len(ids) != 1 || ids[0].USCC != a.USCC {
		t.Fatalf("second: identical %+v, err %v; want the first", ids, err)
	}
	// Another industry is not identical; a name without industry
	// expression is identical to every industry.
	c := registry.Input{Name: "平顶山市星河餐饮有限公司", USCC: usccOf("91410400MA44XH003"), Status: "active", IndustryCode: "H62", AuthorityCode: "410400"}
	if _, ids, err := reg.PutReport(ctx, "registrar:k", c); err != nil || len(ids) != 0 {
		t.Fatalf("other industry: %+v %v", ids, err)
	}
	csv := "name,uscc,status,industry_code,authority_code\n" +
		"平顶山市星河有限公司," + usccOf("91410400MA44XH004") + ",active,I65,410400\n"
	rep, err := reg.Import(ctx, strings.NewReader(csv), registry.ImportOptions{Actor: "import:test"})
	if err != nil || rep.Identical != 1 || len(rep.IdenticalNames) != 1 || !strings.Contains(rep.IdenticalNames[0], "第 2 行") {
		t.Fatalf("import report %+v %v", rep, err)
	}
	pairs, err := reg.Duplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 星河科技(a) ~ 星河科技(b); 星河(no industry) ~ a, b and c.
	if len(pairs) != 4 {
		t.Fatalf("duplicates = %+v, want 4 pairs", pairs)
	}
}

// A store written before the 字号 listing existed gets it at start-up, and
// grants decide on it.
func TestEnsureTradeNameIndex(t *testing.T) {
	ctx := context.Background()
	db, reg := newRegistry(t)
	a := xinghe
	a.USCC = usccOf("91410400MA44XH001")
	if _, err := reg.Put(ctx, "registrar:k", a); err != nil {
		t.Fatal(err)
	}
	// Make it look like an old store: no listing, no guard, no marker.
	err := db.Update(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixTradeName, store.PrefixTradeGuard} {
			var keys []string
			if err := tx.Keys(p, func(k string) error { keys = append(keys, k); return nil }); err != nil {
				return err
			}
			for _, k := range keys {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
		}
		return tx.Delete(store.MetaKey("tradename_index"))
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := reg.EnsureTradeNameIndex(ctx)
	if err != nil || n != 1 {
		t.Fatalf("listed %d, %v; want 1", n, err)
	}
	if n, err := reg.EnsureTradeNameIndex(ctx); err != nil || n != 0 {
		t.Fatalf("second run listed %d, %v; want 0", n, err)
	}
	var got int
	err = db.Update(func(tx *store.Tx) error {
		cands, err := reg.SameTradeNameTx(tx, "410400", "星河")
		got = len(cands)
		return err
	})
	if err != nil || got != 1 {
		t.Fatalf("same 字号 after migration: %d %v", got, err)
	}
}

// A store whose names were parsed by another parser version gets their
// parts derived again: the record, the 字号 listing grants decide on and
// the name index follow the current parser.
func TestReparseMovesChangedNames(t *testing.T) {
	ctx := context.Background()
	db, reg := newRegistry(t)
	a := xinghe
	a.USCC = usccOf("91410400MA44XH001")
	if _, err := reg.Put(ctx, "registrar:k", a); err != nil {
		t.Fatal(err)
	}
	if n, err := reg.Reparse(ctx); err != nil || n != 0 {
		t.Fatalf("first reparse of a current store: %d %v", n, err)
	}
	// As an older parser would have left it: another 字号, listed under it.
	err := db.Update(func(tx *store.Tx) error {
		var e registry.Enterprise
		if err := tx.Get(store.EnterpriseKey(a.USCC), &e); err != nil {
			return err
		}
		if err := tx.Delete(store.TradeNameKey(e.Scope, e.TradeName, e.ID)); err != nil {
			return err
		}
		e.TradeName = "星河科"
		if err := tx.Put(store.EnterpriseKey(e.ID), &e); err != nil {
			return err
		}
		if err := tx.PutRaw(store.TradeNameKey(e.Scope, e.TradeName, e.ID), nil); err != nil {
			return err
		}
		return tx.Put(store.MetaKey("name_parser_version"), 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := reg.Reparse(ctx)
	if err != nil || n != 1 {
		t.Fatalf("reparse: %d %v; want 1", n, err)
	}
	if err := reg.ApplyOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	e, err := reg.Get(ctx, a.USCC)
	if err != nil || e.TradeName != "星河" {
		t.Fatalf("record after reparse: %+v %v", e, err)
	}
	err = db.Update(func(tx *store.Tx) error {
		for tn, want := range map[string]int{"星河": 1, "星河科": 0} {
			cands, err := reg.SameTradeNameTx(tx, "410400", tn)
			if err != nil {
				return err
			}
			if len(cands) != want {
				t.Errorf("listed under %s: %d, want %d", tn, len(cands), want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := candidates(t, reg, "星河"); len(got) != 1 {
		t.Errorf("index candidates for 星河: %v", got)
	}
	if n, err := reg.Reparse(ctx); err != nil || n != 0 {
		t.Fatalf("second reparse: %d %v", n, err)
	}
}
