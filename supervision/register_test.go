package supervision_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/credit"
	"namescope/store"
	"namescope/supervision"
)

// staffActor is 张三 as the credit module records him.
var staffActor = credit.Actor{KeyID: zhang1.KeyID, Role: zhang1.Role, Holder: zhang1.Holder, Dept: zhang1.Dept}

// registered lists the USCCs of the register, every page, with the query's
// filters.
func registered(t *testing.T, e *env, q supervision.RegisterQuery) []string {
	t.Helper()
	var out []string
	for {
		page, err := e.sup.Register(bg, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, it.USCC)
		}
		if page.Next == "" {
			return out
		}
		q.After = page.Next
	}
}

// registerRows counts the rows under svne/.
func registerRows(t *testing.T, e *env) int {
	t.Helper()
	n := 0
	if err := e.db.View(func(tx *store.Tx) error {
		return tx.Keys(store.PrefixSupNewEconomy, func(string) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// The register of a store that has none is built at start from every
// enterprise; once stamped it is not built again, and a rebuild (another
// stamp) drops the rows of enterprises no longer designated or known.
func TestEnsureRegister(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	n, err := e.sup.EnsureRegister(bg)
	if err != nil {
		t.Fatal(err)
	}
	// The four software firms (I6513 → 互联网与现代信息技术服务), not the restaurant.
	want := []string{entSmall, entOther, entOld, entNoEst}
	slices.Sort(want)
	if got := registered(t, e, supervision.RegisterQuery{}); n != 4 || !slices.Equal(got, want) {
		t.Fatalf("built %d rows %v, want %v", n, got, want)
	}
	if n, err := e.sup.EnsureRegister(bg); err != nil || n != 0 {
		t.Fatalf("second start rebuilt %d rows (%v)", n, err)
	}
	// A stale row and another stamp: the rebuild removes the row.
	if err := e.db.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.PrefixSupNewEconomy+entX, map[string]any{"uscc": entX, "name": "已不存在", "source": "auto", "categories": []string{}}); err != nil {
			return err
		}
		return tx.Put(store.MetaKey("supervision-new-economy-register"), "another map")
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := e.sup.EnsureRegister(bg); err != nil || n != 4 || registerRows(t, e) != 4 {
		t.Fatalf("rebuild: %d listed, %d rows (%v)", n, registerRows(t, e), err)
	}
}

// The register follows the writes that change a designation, in their
// own transactions: scope codes that designate (or no longer), a manual
// designation either way and its withdrawal of the automatic one.
func TestRegisterFollowsDesignation(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	if _, err := e.sup.EnsureRegister(bg); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	row := func(u string) *supervision.RegisterEntry {
		t.Helper()
		page, err := e.sup.Register(bg, supervision.RegisterQuery{Limit: supervision.RegisterMaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Items {
			if page.Items[i].USCC == u {
				return &page.Items[i]
			}
		}
		return nil
	}
	steps := []struct {
		name string
		do   func() error
		uscc string
		// want: nil when not listed, else source and categories.
		listed     bool
		source     string
		categories string
	}{
		{"a restaurant is not listed", func() error { return nil }, entTrad, false, "", ""},
		{"scope codes that designate", func() error {
			_, err := e.sup.RecordScopeCodes(bg, "registrar:k", supervision.ScopeFromRegistration, entTrad, []string{"XI0001", "XF0115"})
			return err
		}, entTrad, true, "auto", "新型能源活动、互联网与现代信息技术服务"},
		{"scope codes that no longer designate", func() error {
			_, err := e.sup.RecordScopeCodes(bg, "registrar:k", supervision.ScopeFromRegistration, entTrad, []string{"XM0001"})
			return err
		}, entTrad, false, "", ""},
		{"manual designation", func() error {
			_, err := e.cr.SetDesignation(bg, staffActor, entTrad, credit.DesignationInput{NewEconomy: &yes, Reason: "新业态，经认定纳入"})
			return err
		}, entTrad, true, "manual", ""},
		{"manual withdrawal of an automatic designation", func() error {
			_, err := e.cr.SetDesignation(bg, staffActor, entSmall, credit.DesignationInput{NewEconomy: &no, Reason: "经复核不属于新经济"})
			return err
		}, entSmall, false, "", ""},
		{"scope codes do not override the manual decision", func() error {
			_, err := e.sup.RecordScopeCodes(bg, "registrar:k", supervision.ScopeFromRegistration, entSmall, []string{"XI0001"})
			return err
		}, entSmall, false, "", ""},
		{"manual designation keeps the automatic categories", func() error {
			_, err := e.cr.SetDesignation(bg, staffActor, entSmall, credit.DesignationInput{NewEconomy: &yes, Reason: "复核后恢复"})
			return err
		}, entSmall, true, "manual", "互联网与现代信息技术服务"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			r := row(st.uscc)
			if !st.listed {
				if r != nil {
					t.Fatalf("listed: %+v", r)
				}
				return
			}
			if r == nil || r.Source != st.source || strings.Join(r.Categories, "、") != st.categories {
				t.Fatalf("row %+v, want source %s and categories %q", r, st.source, st.categories)
			}
			// The register says what the profile says.
			p, err := e.sup.Profile(bg, st.uscc)
			if err != nil || p.NewEconomy.Source != r.Source || p.Grace.Until != r.GraceUntil || p.InGrace != r.InGrace {
				t.Fatalf("profile %+v (%v) disagrees with row %+v", p, err, r)
			}
		})
	}
}

// Every filter, alone and together, on 2026-07-10: the small firm is in
// its 24-month grace period, the other firm's 12 months ended on
// 2026-05-19, the old firm's long ago, and the firm without an
// establishment date has none.
func TestRegisterFilters(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	if _, err := e.sup.EnsureRegister(bg); err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := e.cr.SetDesignation(bg, staffActor, entTrad, credit.DesignationInput{NewEconomy: &yes, Reason: "新业态"}); err != nil {
		t.Fatal(err)
	}
	tr, fa := true, false
	tests := []struct {
		name string
		q    supervision.RegisterQuery
		want []string
	}{
		{"all", supervision.RegisterQuery{}, []string{entSmall, entOther, entOld, entTrad, entNoEst}},
		{"in grace", supervision.RegisterQuery{InGrace: &tr}, []string{entSmall, entTrad}},
		{"not in grace", supervision.RegisterQuery{InGrace: &fa}, []string{entOther, entOld, entNoEst}},
		{"automatic", supervision.RegisterQuery{Source: "auto"}, []string{entSmall, entOther, entOld, entNoEst}},
		{"manual", supervision.RegisterQuery{Source: "manual"}, []string{entTrad}},
		{"small and micro", supervision.RegisterQuery{SmallMicro: &tr}, []string{entSmall, entOld, entTrad}},
		{"not small and micro", supervision.RegisterQuery{SmallMicro: &fa}, []string{entOther, entNoEst}},
		{"category", supervision.RegisterQuery{Category: "互联网与现代信息技术服务"}, []string{entSmall, entOther, entOld, entNoEst}},
		{"another category", supervision.RegisterQuery{Category: "先进制造业"}, nil},
		{"small, automatic, in grace", supervision.RegisterQuery{SmallMicro: &tr, Source: "auto", InGrace: &tr}, []string{entSmall}},
		{"one a page", supervision.RegisterQuery{Limit: 1}, []string{entSmall, entOther, entOld, entTrad, entNoEst}},
		{"two a page, filtered", supervision.RegisterQuery{Limit: 2, SmallMicro: &tr}, []string{entSmall, entOld, entTrad}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if got := registered(t, e, tc.q); !slices.Equal(got, want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
	t.Run("grace period of a row", func(t *testing.T) {
		page, err := e.sup.Register(bg, supervision.RegisterQuery{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if it.USCC == entSmall && (it.GraceMonths != 24 || it.GraceUntil != "2027-05-19" || !it.InGrace || it.Established != "2025-05-20" || !it.SmallMicro) {
				t.Errorf("small firm %+v", it)
			}
			if it.USCC == entOther && (it.GraceMonths != 12 || it.GraceUntil != "2026-05-19" || it.InGrace) {
				t.Errorf("other firm %+v", it)
			}
			if it.USCC == entNoEst && (it.GraceUntil != "" || it.InGrace) {
				t.Errorf("firm without a date %+v", it)
			}
		}
	})
	t.Run("the grace period moves with the clock", func(t *testing.T) {
		e.clk.Set("2027-05-20")
		defer e.clk.Set("2026-07-10")
		if got := registered(t, e, supervision.RegisterQuery{InGrace: &tr}); len(got) != 0 {
			t.Fatalf("in grace on 2027-05-20: %v", got)
		}
	})
}

// Bad filters and cursors are refused in Chinese.
func TestRegisterBadQuery(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	tests := []struct {
		name string
		q    supervision.RegisterQuery
		want string
	}{
		{"limit too large", supervision.RegisterQuery{Limit: 201}, "limit"},
		{"negative limit", supervision.RegisterQuery{Limit: -1}, "limit"},
		{"unknown source", supervision.RegisterQuery{Source: "both"}, "source"},
		{"unknown category", supervision.RegisterQuery{Category: "新零售"}, "category"},
		{"cursor not a USCC", supervision.RegisterQuery{After: "SB00000001"}, "after"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.sup.Register(bg, tc.q)
			if msg := apperr.MessageOf(err); code(err) != apperr.CodeInvalid || !strings.Contains(msg, tc.want) || !han.MatchString(msg) {
				t.Fatalf("%v, want an invalid-input error naming %s in Chinese", err, tc.want)
			}
		})
	}
}

var han = regexp.MustCompile(`\p{Han}`)
