package lifecycle

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
)

// interleave makes the next grant wait, after its check and before its
// transaction, until other has run to its end: the race in which both
// checks pass and both writes would commit.
func interleave(t *testing.T, other func()) {
	t.Helper()
	var fired atomic.Bool
	testHookBeforeGrant = func(string) {
		if fired.CompareAndSwap(false, true) {
			other() // its own grants pass the hook: fired is set
		}
	}
	t.Cleanup(func() { testHookBeforeGrant = nil })
}

// Every grant of a name is decided in the transaction that writes it: with
// the interleaving forced, the second grant gets the refusal a sequential
// request gets (409 name_blocked with the check), never a second grant.
func TestGrantDecidedInTransaction(t *testing.T) {
	const a, b = "平顶山市沃川智联科技有限公司", "平顶山市沃川智联科技有限责任公司" // same 字号 and industry, other form
	code := uscc("91410400MA44RG001")
	code2 := uscc("91410400MA44RG002")

	tests := []struct {
		name string
		// first is the grant that wins; second is the one started before
		// it and decided after it.
		first  func(t *testing.T, e *env)
		second func(e *env) error
		// holders is how many records bear one of the names afterwards.
		holders int
	}{
		{
			name:    "two reservations, forms differ",
			first:   func(t *testing.T, e *env) { mustReserve(t, e, a) },
			second:  func(e *env) error { _, _, err := e.svc.Reserve(bg, "public", reserveIn(b)); return err },
			holders: 1,
		},
		{
			name: "registrar write, then reservation",
			first: func(t *testing.T, e *env) {
				if _, err := e.reg.Put(bg, "registrar:k", registry.Input{Name: a, USCC: code2, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
					t.Fatal(err)
				}
			},
			second:  func(e *env) error { _, _, err := e.svc.Reserve(bg, "public", reserveIn(b)); return err },
			holders: 1,
		},
		{
			name:  "reservation, then direct name change to the same name",
			first: func(t *testing.T, e *env) { mustReserve(t, e, a) },
			second: func(e *env) error {
				_, err := e.svc.ChangeName(bg, "registrar:k", code, ChangeInput{Name: a})
				return err
			},
			holders: 1,
		},
		{
			name: "direct name change, then reservation",
			first: func(t *testing.T, e *env) {
				if _, err := e.svc.ChangeName(bg, "registrar:k", code, ChangeInput{Name: a}); err != nil {
					t.Fatal(err)
				}
			},
			second:  func(e *env) error { _, _, err := e.svc.Reserve(bg, "public", reserveIn(a)); return err },
			holders: 1,
		},
		{
			name: "registrar write, then registration of a reservation",
			first: func(t *testing.T, e *env) {
				if _, err := e.reg.Put(bg, "registrar:k", registry.Input{Name: b, USCC: code2, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
					t.Fatal(err)
				}
			},
			second: func(e *env) error {
				// Reserved before the registrar's write (no hook), then
				// registered after it (hook).
				hook := testHookBeforeGrant
				testHookBeforeGrant = nil
				r, _, err := e.svc.Reserve(bg, "public", reserveIn(a))
				if err != nil {
					return err
				}
				testHookBeforeGrant = hook
				_, err = e.svc.Register(bg, "registrar:k", r.ID, RegisterInput{USCC: uscc("91410400MA44RG003")})
				return err
			},
			holders: 2, // the registrar's record and the reservation, not registered
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2025-03-10")
			// The enterprise whose name changes in the change cases.
			if _, err := e.reg.Put(bg, "test", registry.Input{Name: "平顶山市青禾数联科技有限公司", USCC: code, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
				t.Fatal(err)
			}
			interleave(t, func() { tc.first(t, e) })
			err := tc.second(e)
			re := wantRefused(t, err, RefusedBlocked)
			if re.Check == nil || re.Check.Verdict != name.Block || !hasFinding(re.Check, "identical_name") {
				t.Fatalf("refusal check = %+v, want the identical_name block", re.Check)
			}
			if n := activeOrReserved(t, e, a, b); n != tc.holders {
				t.Fatalf("%d records hold the name, want %d", n, tc.holders)
			}
		})
	}
}

// A retried reservation with the same Idempotency-Key answers the original
// reservation instead of a refusal against itself; another request with
// the same key is refused.
func TestReserveIdempotencyKey(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const nm = "平顶山市沃川智联科技有限公司"
	r1, tok1, replay, err := e.svc.ReserveOnce(bg, "public", "key-0001", reserveIn(nm))
	if err != nil || replay {
		t.Fatalf("first: replay=%v err=%v", replay, err)
	}
	r2, tok2, replay, err := e.svc.ReserveOnce(bg, "public", "key-0001", reserveIn(nm))
	if err != nil || !replay || r2.ID != r1.ID || tok2 == "" {
		t.Fatalf("retry: %+v replay=%v err=%v", r2, replay, err)
	}
	for _, tok := range []string{tok1, tok2} {
		if ref, ok, _ := e.svc.Token(bg, tok); !ok || ref.ID != r1.ID {
			t.Fatalf("token %q does not open the reservation", tok)
		}
	}
	other := reserveIn("平顶山市澜岳智联科技有限公司")
	_, _, _, err = e.svc.ReserveOnce(bg, "public", "key-0001", other)
	wantCode(t, err, apperr.CodeConflict, "Idempotency-Key")
	// Without the key the same request is refused against the reservation.
	_, _, err = e.svc.Reserve(bg, "public", reserveIn(nm))
	wantRefused(t, err, RefusedBlocked)
}

// The stress variant: 200 pairs of identical names reserved at the same
// moment by real concurrent requests; exactly one of each pair is granted.
func TestConcurrentGrantsStress(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const pairs = 200
	chars := []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")
	type result struct {
		pair int
		err  error
	}
	results := make(chan result, 2*pairs)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i := 0; i < pairs; i++ {
		trade := fmt.Sprintf("%c%c%c", chars[i%len(chars)], chars[(i/len(chars))%len(chars)], []rune("澜岳沃川青禾")[i%6])
		forms := []string{"平顶山市" + trade + "智联科技有限公司", "平顶山市" + trade + "智联科技有限责任公司"}
		for _, nm := range forms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				in := reserveIn(nm)
				in.Commitment, in.CommitmentText = true, name.CommitmentText()
				_, _, err := e.svc.Reserve(bg, "public", in)
				results <- result{i, err}
			}()
		}
	}
	wg.Wait()
	close(results)
	granted := map[int]int{}
	for r := range results {
		switch {
		case r.err == nil:
			granted[r.pair]++
		case apperr.CodeOf(r.err) == apperr.CodeConflict:
		default:
			t.Fatalf("pair %d: %v", r.pair, r.err)
		}
	}
	for i := 0; i < pairs; i++ {
		if granted[i] != 1 {
			t.Errorf("pair %d: %d grants, want exactly 1", i, granted[i])
		}
	}
	dups, err := e.reg.Duplicates(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 0 {
		t.Errorf("duplicate audit finds %d identical pairs, first %+v", len(dups), dups[0])
	}
}

func mustReserve(t *testing.T, e *env, nm string) *NameRecord {
	t.Helper()
	r, _, err := e.svc.Reserve(bg, "public", reserveIn(nm))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func hasFinding(res *name.Result, code string) bool {
	for _, f := range res.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// activeOrReserved counts the registry records that bear one of the names
// and count in checks today.
func activeOrReserved(t *testing.T, e *env, names ...string) int {
	t.Helper()
	n := 0
	for _, nm := range names {
		hits, err := e.reg.Search(bg, "410400", nm, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Name == nm && (h.Status == name.StatusActive || h.Status == name.StatusReserved) {
				n++
			}
		}
	}
	return n
}
