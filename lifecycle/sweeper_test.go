package lifecycle_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"namescope/internal/testenv"
	"namescope/lifecycle"
)

// The sweeper goroutine of `namescope serve`, on the real application with
// an injected clock: once the clock passes a reservation's last day the
// sweeper releases it (not a read), leaves the reservations still in their
// period alone, and returns when its context ends.
func TestRunSweeper(t *testing.T) {
	env := testenv.New(t, testenv.Options{Now: testenv.At("2025-03-10")})
	svc := env.App.Lifecycle
	ctx := context.Background()
	reservations := []struct {
		name, date string
		until      string
		want       lifecycle.NameState
	}{
		{"平顶山市沃川智联科技有限公司", "2025-03-10", "2025-05-10", lifecycle.NameReleased},
		{"平顶山市澜岳数据科技有限公司", "2025-04-01", "2025-06-01", lifecycle.NameReserved},
	}
	ids := make([]string, len(reservations))
	for i, r := range reservations {
		env.Clock.SetDate(r.date)
		rec, _, err := svc.Reserve(ctx, "public", lifecycle.ReserveInput{Name: r.name, AuthorityCode: "410400", Applicant: "张三"})
		if err != nil {
			t.Fatalf("reserve %s: %v", r.name, err)
		}
		if rec.ReservedUntil != r.until {
			t.Fatalf("%s reserved until %s, want %s", r.name, rec.ReservedUntil, r.until)
		}
		ids[i] = rec.ID
	}

	sweepCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		svc.RunSweeper(sweepCtx, 5*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	// The day after the first reservation's last day.
	env.Clock.SetDate("2025-05-11")

	// Wait for the sweeper's audit entry (reading the record would settle it
	// itself, as the clock's actor).
	deadline := time.Now().Add(time.Minute)
	for {
		page, err := svc.Audit(ctx, lifecycle.AuditQuery{Actor: "system:sweep", ObjectPrefix: "name/" + ids[0]})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the sweeper did not release the expired reservation within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}

	for i, r := range reservations {
		t.Run(r.name, func(t *testing.T) {
			rec, err := svc.GetName(ctx, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if rec.State != r.want {
				t.Fatalf("state %s, want %s", rec.State, r.want)
			}
			if r.want == lifecycle.NameReleased {
				if last := rec.History[len(rec.History)-1]; last.Actor != "system:sweep" || rec.EndedOn != "2025-05-11" {
					t.Errorf("released by %s, ended on %s; want system:sweep on 2025-05-11", last.Actor, rec.EndedOn)
				}
				// The released name is free again.
				_, out, _ := env.Do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": r.name, "authority_code": "410400"})
				if out["verdict"] != "pass" {
					t.Errorf("check of the released name: %v", out)
				}
			}
		})
	}

	t.Run("stops when its context ends", func(t *testing.T) {
		stop()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatal("the sweeper still runs a minute after its context ended")
		}
	})
}
