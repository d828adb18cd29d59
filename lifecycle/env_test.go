package lifecycle

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
	"namescope/demo"
	"namescope/index"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// clock is the injectable test clock: 10:00 China time on the day set.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(date string) *clock {
	c := &clock{}
	c.Set(date)
	return c
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(date string) {
	d, err := time.ParseInLocation(dateLayout, date, chinaTime)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = d.Add(10 * time.Hour)
	c.mu.Unlock()
}

// env is the real service on a badger directory and bleve indexes in a
// temporary directory; close and open again to restart it.
type env struct {
	t     *testing.T
	dir   string
	clk   *clock
	db    *store.DB
	names *index.Names
	marks *index.Names
	reg   *registry.Service
	chk   *name.Checker
	svc   *Service

	closed bool
	cr     *credit.Service
}

// testEnterprises reads enterprise facts for credit from the registry (as
// internal/app does).
type testEnterprises struct{ reg *registry.Service }

func (c testEnterprises) EnterpriseTx(tx *store.Tx, uscc string) (*credit.Enterprise, error) {
	e, err := c.reg.GetTx(tx, uscc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &credit.Enterprise{USCC: e.USCC, Name: registry.Public(e).Name, Status: e.Status, Established: e.Established}, nil
}

func openEnv(t *testing.T, dir string, clk *clock) *env {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	names, fresh, err := index.OpenNames(filepath.Join(dir, "names"))
	if err != nil {
		t.Fatal(err)
	}
	marks, _, err := index.OpenNames(filepath.Join(dir, "marks"))
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(db, names, marks)
	reg.SetClock(clk.Now)
	if fresh {
		if _, err := reg.Reindex(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.ApplyOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	chk := &name.Checker{Registry: reg, Now: clk.Now}
	cr := credit.New(db, config.Default().Credit, config.Default().Supervision, testEnterprises{reg})
	cr.SetClock(clk.Now)
	svc, err := New(db, reg, chk, cr)
	if err != nil {
		t.Fatal(err)
	}
	svc.SetClock(clk.Now)
	e := &env{t: t, dir: dir, clk: clk, db: db, names: names, marks: marks, reg: reg, chk: chk, svc: svc, cr: cr}
	t.Cleanup(e.close)
	return e
}

func (e *env) close() {
	if e.closed {
		return
	}
	e.closed = true
	e.names.Close()
	e.marks.Close()
	e.db.Close()
}

// restart closes everything and opens the same directory again.
func (e *env) restart() *env {
	e.t.Helper()
	e.close()
	return openEnv(e.t, e.dir, e.clk)
}

// newEnv starts on date with the registry fixture of domain-rules.md.
func newEnv(t *testing.T, date string) *env {
	t.Helper()
	e := openEnv(t, t.TempDir(), newClock(date))
	for _, in := range demo.Fixture(e.clk.Now()) {
		if _, err := e.reg.Put(context.Background(), "test", in); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// Fixture enterprises.
var (
	e1USCC = demo.Fixture(time.Now())[0].USCC // 平顶山市星河科技有限公司
	e2USCC = demo.Fixture(time.Now())[1].USCC // 平顶山市金鼎餐饮管理有限公司
)

func uscc(first17 string) string { return first17 + string(registry.USCCCheckChar(first17)) }

func (e *env) check(nm string) *name.Result {
	e.t.Helper()
	res, err := e.chk.Check(context.Background(), name.Request{Name: nm, AuthorityCode: "410400"})
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func wantCode(t *testing.T, err error, code apperr.Code, contains ...string) {
	t.Helper()
	if apperr.CodeOf(err) != code || err == nil {
		t.Fatalf("err = %v, want %s", err, code)
	}
	for _, c := range contains {
		if !strings.Contains(apperr.MessageOf(err), c) {
			t.Fatalf("message %q does not contain %q", apperr.MessageOf(err), c)
		}
	}
}

func wantRefused(t *testing.T, err error, code string) *RefusedError {
	t.Helper()
	var re *RefusedError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("err = %v, want refusal %s", err, code)
	}
	if apperr.CodeOf(err) != apperr.CodeConflict {
		t.Fatalf("refusal code %s, want conflict", apperr.CodeOf(err))
	}
	return re
}
