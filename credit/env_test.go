package credit_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
	"namescope/dict"
	"namescope/legal"
	"namescope/lifecycle"
	"namescope/store"
)

var bg = context.Background()

// uscc completes 17 characters with the check character.
func uscc(first17 string) string { return first17 + string(dict.USCCCheckChar(first17)) }

var (
	entA = uscc("91410400MA44CR001") // established 2024-05-20
	entB = uscc("91410400MA44CR002") // established 2026-02-01 (no 2025 report due)
	entC = uscc("91410400MA44CR003") // a designated new-economy enterprise, established 2025-03-01
	entX = uscc("91410400MA44CR009") // unknown to the registry
)

// fakeEnterprises is the registry as credit reads it.
type fakeEnterprises map[string]*credit.Enterprise

func (f fakeEnterprises) EnterpriseTx(_ *store.Tx, u string) (*credit.Enterprise, error) {
	return f[u], nil
}

// clock stands at 10:00 China time on a date.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Set(date string) {
	d, err := time.ParseInLocation("2006-01-02", date, legal.ChinaTime)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = d.Add(10 * time.Hour)
	c.mu.Unlock()
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

type env struct {
	svc *credit.Service
	db  *store.DB
	clk *clock
}

// newEnv opens a credit service on a real badger store in a temporary
// directory, on the shipped holiday calendar, with the clock on date.
func newEnv(t *testing.T, date string, cfg func(*config.Config)) *env {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := config.Default()
	if cfg != nil {
		cfg(c)
	}
	ents := fakeEnterprises{
		entA: {USCC: entA, Name: "平顶山市星河科技有限公司", Status: "active", Established: "2024-05-20"},
		entB: {USCC: entB, Name: "平顶山市青禾农业开发有限公司", Status: "active", Established: "2026-02-01"},
		entC: {USCC: entC, Name: "平顶山市澜岳数联科技有限公司", Status: "active", Established: "2025-03-01", SmallMicro: true},
	}
	svc := credit.New(db, c.Credit, c.Supervision, ents)
	da := c.DefaultAuthority()
	svc.SetIssuer(da.Bureau, da.DocPrefix)
	clk := &clock{}
	clk.Set(date)
	svc.SetClock(clk.Now)
	years, err := lifecycle.BuiltinYears()
	if err != nil {
		t.Fatal(err)
	}
	cal := lifecycle.NewCalendar(years...)
	svc.SetCalendar(func() credit.WorkingDays { return cal })
	return &env{svc: svc, db: db, clk: clk}
}

// staff is an actor of a department ("" for keys without one).
func staff(dept string) credit.Actor { return credit.Actor{Role: "staff", KeyID: "k1", Dept: dept} }

// events is every event of the enterprise (staff view).
func (e *env) events(t *testing.T, u string) []credit.EventView {
	t.Helper()
	f, err := e.svc.File(bg, u, true)
	if err != nil {
		t.Fatal(err)
	}
	return f.Events
}

// public is the public view of the enterprise's events.
func (e *env) public(t *testing.T, u string) []credit.EventView {
	t.Helper()
	f, err := e.svc.File(bg, u, false)
	if err != nil {
		t.Fatal(err)
	}
	return f.Events
}

// storeKeys counts the keys under the credit prefixes and the audit log:
// a refused request must leave them as they were.
func (e *env) storeKeys(t *testing.T) int {
	t.Helper()
	n := 0
	err := e.db.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixCreditEvent, store.PrefixCreditEventID, store.PrefixCreditPenalty,
			store.PrefixCreditListing, store.PrefixCreditListingUSCC, store.PrefixCreditGuidance,
			store.PrefixCreditDesignation, store.PrefixCreditAnnual, store.PrefixCreditObjection,
			store.PrefixCreditSerious, store.PrefixCreditSeriousNotice, store.PrefixCreditRepair, store.PrefixCreditRepairFile,
			store.PrefixCreditDocument, store.PrefixCreditDocCounter, store.PrefixCreditRed, store.PrefixAudit} {
			if err := tx.Keys(p, func(string) error { n++; return nil }); err != nil {
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

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if code != apperr.CodeInternal && !hasHan(apperr.MessageOf(err)) {
		t.Fatalf("message not Chinese: %q", apperr.MessageOf(err))
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// nameChangeListing lists u for a missed name change as the lifecycle
// does (ListTx in the caller's transaction) and returns the listing id.
func nameChangeListing(t *testing.T, e *env, u string) string {
	t.Helper()
	var id string
	err := e.db.Update(func(tx *store.Tx) error {
		l, err := e.svc.ListTx(tx, credit.ActorOf("system:clock"), credit.ListInput{USCC: u, Reason: "name_change", Date: e.svc.Today()},
			&credit.NameChangeGround{Name: "n", NameRecordID: "R1", DisputeID: "D1", OrderedOn: "2025-10-01", ChangeDue: "2025-10-31"})
		if err != nil {
			return err
		}
		id = l.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
