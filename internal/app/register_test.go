package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
	"namescope/dict"
	"namescope/internal/app"
	"namescope/registry"
	"namescope/store"
	"namescope/supervision"
)

// registerRow is the register row of uscc, nil when it is not listed.
func registerRow(t *testing.T, a *app.App, uscc string) *supervision.RegisterEntry {
	t.Helper()
	q := supervision.RegisterQuery{Limit: supervision.RegisterMaxLimit}
	for {
		page, err := a.Supervision.Register(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Items {
			if page.Items[i].USCC == uscc {
				return &page.Items[i]
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

// keyCounts counts the keys of every prefix of the store but the
// sequence leases (which a transaction rolled back still advances).
func keyCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	n := map[string]int{}
	err := db.View(func(tx *store.Tx) error {
		for _, p := range store.Prefixes {
			if p == store.PrefixSeq {
				continue
			}
			if err := tx.Keys(p, func(string) error { n[p]++; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func openData(t *testing.T) (*app.App, string) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	a, err := app.Open(context.Background(), app.Options{DataDir: data, NoWellKnownMarks: true}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a != nil {
			a.Close()
		}
	})
	return a, data
}

// Every way the registry writes an enterprise keeps its row of the
// new-economy register in the same transaction: a registration, a change
// of the small-and-micro flag, of the establishment date, of the industry
// code, a bulk import; a write that fails changes nothing.
func TestRegisterFollowsRegistryWrites(t *testing.T) {
	a, _ := openData(t)
	ctx := context.Background()
	u := "91410400MA44NR001" + string(dict.USCCCheckChar("91410400MA44NR001"))
	imported := "91410400MA44NR002" + string(dict.USCCCheckChar("91410400MA44NR002"))
	base := registry.Input{Name: "平顶山市星穹软件有限公司", USCC: u, Status: "active", IndustryCode: "I6513",
		AuthorityCode: "410400", Established: "2025-05-20", SmallMicro: true}
	put := func(edit func(*registry.Input)) func() error {
		return func() error {
			in := base
			edit(&in)
			_, err := a.Registry.Put(ctx, "registrar:k", in)
			return err
		}
	}
	steps := []struct {
		name   string
		do     func() error
		uscc   string
		listed bool
		check  func(r *supervision.RegisterEntry) bool
	}{
		{"registration of a software firm", put(func(*registry.Input) {}), u, true, func(r *supervision.RegisterEntry) bool {
			return r.Source == "auto" && strings.Join(r.Categories, "、") == "互联网与现代信息技术服务" && r.SmallMicro &&
				r.Established == "2025-05-20" && r.GraceMonths == 24 && r.Name == "平顶山市星穹软件有限公司" && r.Status == "active"
		}},
		{"no longer small or micro", put(func(in *registry.Input) { in.SmallMicro = false }), u, true, func(r *supervision.RegisterEntry) bool {
			return !r.SmallMicro && r.GraceMonths == 12
		}},
		{"another establishment date", put(func(in *registry.Input) { in.SmallMicro, in.Established = false, "2026-01-05" }), u, true,
			func(r *supervision.RegisterEntry) bool {
				return r.Established == "2026-01-05" && r.GraceUntil == "2027-01-04"
			}},
		{"renamed", put(func(in *registry.Input) {
			in.Name, in.Established = "平顶山市星穹信息技术有限公司", "2026-01-05"
		}), u, true,
			func(r *supervision.RegisterEntry) bool { return r.Name == "平顶山市星穹信息技术有限公司" }},
		{"an industry that is not new-economy", put(func(in *registry.Input) { in.IndustryCode = "H6210" }), u, false, nil},
		{"back to software", put(func(*registry.Input) {}), u, true, func(r *supervision.RegisterEntry) bool { return r.Source == "auto" }},
		{"a failed write changes nothing", func() error {
			in := base
			in.IndustryCode = "H6210"
			_, _, err := a.Registry.PutReport(ctx, "registrar:k", in, func(*store.Tx, string) error {
				return apperr.Invalid("后续步骤失败")
			})
			if apperr.CodeOf(err) != apperr.CodeInvalid {
				return errors.New("the failure of the work in the transaction was not returned")
			}
			return nil
		}, u, true, func(r *supervision.RegisterEntry) bool { return r.Source == "auto" }},
		{"bulk import", func() error {
			_, err := a.Registry.Import(ctx, strings.NewReader("name,uscc,industry_code\n平顶山市云栖软件有限公司,"+imported+",I6513\n"),
				registry.ImportOptions{AuthorityCode: "410400", Actor: "cli"})
			return err
		}, imported, true, func(r *supervision.RegisterEntry) bool {
			return r.Source == "auto" && r.Established == "" && !r.InGrace
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			r := registerRow(t, a, st.uscc)
			switch {
			case !st.listed && r != nil:
				t.Fatalf("listed: %+v", r)
			case st.listed && (r == nil || !st.check(r)):
				t.Fatalf("row %+v", r)
			}
			if st.listed {
				p, err := a.Supervision.Profile(ctx, st.uscc)
				if err != nil || !p.NewEconomy.Flag || p.NewEconomy.Source != r.Source || p.Grace.Until != r.GraceUntil {
					t.Fatalf("profile %+v (%v) disagrees with row %+v", p, err, r)
				}
			}
		})
	}
}

// Work done in the transaction of PutReport that fails leaves nothing of
// the write: no record, scope codes, register row, credit event, audit or
// outbox entry.
func TestPutReportFailureWritesNothing(t *testing.T) {
	a, _ := openData(t)
	ctx := context.Background()
	u := "91410400MA44NR003" + string(dict.USCCCheckChar("91410400MA44NR003"))
	in := registry.Input{Name: "平顶山市星汉软件有限公司", USCC: u, Status: "active", IndustryCode: "I6513",
		AuthorityCode: "410400", Established: "2026-01-05"}
	before := keyCounts(t, a.Store)
	record := a.Supervision.ScopeCodesTx("registrar:k", supervision.ScopeFromEnterprise, []string{"XI0001"})
	_, _, err := a.Registry.PutReport(ctx, "registrar:k", in, record, func(*store.Tx, string) error {
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("the write succeeded")
	}
	if after := keyCounts(t, a.Store); len(after) != len(before) || !sameCounts(before, after) {
		t.Fatalf("keys before %v, after %v", before, after)
	}
	if _, err := a.Registry.Get(ctx, u); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Fatalf("the enterprise: %v", err)
	}
	// The same write without the failing step commits everything at once.
	if _, _, err := a.Registry.PutReport(ctx, "registrar:k", in, record); err != nil {
		t.Fatal(err)
	}
	p, err := a.Supervision.Profile(ctx, u)
	if err != nil || len(p.ScopeCodes) != 1 || p.NewEconomy.Source != "auto" || registerRow(t, a, u) == nil {
		t.Fatalf("profile %+v (%v)", p, err)
	}
}

func sameCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// A directory of data format 3 has no new-economy register: Open builds
// it from the enterprises, their scope codes and manual designations, and
// stamps format 4.
func TestOpenBuildsTheRegister(t *testing.T) {
	a, data := openData(t)
	ctx := context.Background()
	soft := "91410400MA44NR004" + string(dict.USCCCheckChar("91410400MA44NR004"))
	food := "91410400MA44NR005" + string(dict.USCCCheckChar("91410400MA44NR005"))
	shop := "91410400MA44NR006" + string(dict.USCCCheckChar("91410400MA44NR006"))
	for _, in := range []registry.Input{
		{Name: "平顶山市星野软件有限公司", USCC: soft, Status: "active", IndustryCode: "I6513", AuthorityCode: "410400", Established: "2025-05-20", SmallMicro: true},
		{Name: "平顶山市星野餐饮有限公司", USCC: food, Status: "active", IndustryCode: "H6210", AuthorityCode: "410400"},
		{Name: "平顶山市星野百货有限公司", USCC: shop, Status: "active", IndustryCode: "F5211", AuthorityCode: "410400"},
	} {
		if _, err := a.Registry.Put(ctx, "registrar:k", in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Supervision.RecordScopeCodes(ctx, "registrar:k", supervision.ScopeFromRegistration, shop, []string{"XF0115"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a = nil
	// What a binary of format 3 left: no register, no stamp of it.
	editStore(t, data, func(tx *store.Tx) error {
		var keys []string
		if err := tx.Keys(store.PrefixSupNewEconomy, func(k string) error { keys = append(keys, k); return nil }); err != nil {
			return err
		}
		if len(keys) != 2 {
			t.Fatalf("%d rows before the downgrade, want 2", len(keys))
		}
		keys = append(keys, store.MetaKey("supervision-new-economy-register"))
		for _, k := range keys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return tx.Put(store.MetaKey("format_version"), 3)
	})
	b, err := app.Open(ctx, app.Options{DataDir: data, NoWellKnownMarks: true}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if r := registerRow(t, b, soft); r == nil || r.Source != "auto" || !r.SmallMicro {
		t.Errorf("software firm: %+v", r)
	}
	if r := registerRow(t, b, shop); r == nil || strings.Join(r.Categories, "、") != "新型能源活动" {
		t.Errorf("shop with a charging-station scope: %+v", r)
	}
	if r := registerRow(t, b, food); r != nil {
		t.Errorf("restaurant listed: %+v", r)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if v := formatVersion(t, data); v != app.FormatVersion || app.FormatVersion != 4 {
		t.Errorf("stamped %d, want %d", v, app.FormatVersion)
	}
}

// Writers of the three records a row derives from, at the same time: the
// registry (industry code, small and micro), the scope codes and the
// manual designation. Every transaction reads what it derives from, so a
// conflicting one runs again: at the end each row says what the profile
// says.
func TestRegisterAgreesUnderConcurrentWrites(t *testing.T) {
	a, _ := openData(t)
	ctx := context.Background()
	var ents []string
	for i := 0; i < 4; i++ {
		u := fmt.Sprintf("91410400MA44NC%03d", i)
		ents = append(ents, u+string(dict.USCCCheckChar(u)))
	}
	names := []string{"平顶山市澄霁科技有限公司", "平顶山市璟翊科技有限公司", "平顶山市昕棠科技有限公司", "平顶山市筠砚科技有限公司"}
	staff := credit.Actor{KeyID: "k", Role: auth.RoleStaff, Holder: "张三", Dept: "执法稽查科"}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for round := 0; round < 12; round++ {
				i := (round + w) % len(ents)
				var err error
				switch w {
				case 0:
					_, err = a.Registry.Put(ctx, "registrar:k", registry.Input{Name: names[i], USCC: ents[i], Status: "active",
						IndustryCode: []string{"I6513", "H6210"}[round%2], AuthorityCode: "410400", Established: "2026-01-05", SmallMicro: round%3 == 0})
				case 1:
					_, err = a.Supervision.RecordScopeCodes(ctx, "registrar:k", supervision.ScopeFromRegistration, ents[i],
						[][]string{{"XF0115"}, {}, {"XI0001", "XC0010"}}[round%3])
				case 2:
					flag := round%2 == 0
					_, err = a.Credit.SetDesignation(ctx, staff, ents[i], credit.DesignationInput{NewEconomy: &flag, Reason: "复核"})
					if apperr.CodeOf(err) == apperr.CodeNotFound { // not registered yet
						err = nil
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, u := range ents {
		p, err := a.Supervision.Profile(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		r := registerRow(t, a, u)
		switch {
		case p.NewEconomy.Flag != (r != nil):
			t.Errorf("%s: profile flag %v, row %+v", u, p.NewEconomy.Flag, r)
		case r != nil && (r.Source != p.NewEconomy.Source || strings.Join(r.Categories, "、") != strings.Join(p.NewEconomy.Categories, "、") ||
			r.SmallMicro != p.SmallMicro):
			t.Errorf("%s: profile %+v, row %+v", u, p.NewEconomy, r)
		}
	}
}
