package lifecycle

import (
	"sync"
	"testing"

	"namescope/apperr"
)

func TestHolidayReplacementPersists(t *testing.T) {
	e := newEnv(t, "2026-12-28")
	cal := e.svc.Calendar()
	if got := fmtDate(cal.AddWorkingDays(day("2026-12-31"), 1)); got != "2027-01-01" {
		t.Fatalf("2027 unknown: %s", got) // weekends only
	}
	y, err := ParseHolidayTSV(2027, []byte("# source: 测试通知\n2027-01-01\tholiday\t元旦\n2027-01-09\tworkday\t调休上班\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ReplaceHolidays(bg, "staff:s1", y); err != nil {
		t.Fatal(err)
	}
	check := func(e *env) {
		t.Helper()
		cal := e.svc.Calendar()
		if got := fmtDate(cal.AddWorkingDays(day("2026-12-31"), 1)); got != "2027-01-04" {
			t.Fatalf("after replacement: %s", got)
		}
		if !cal.IsWorkingDay(day("2027-01-09")) || !cal.Known(2027) || !cal.Known(2025) {
			t.Fatal("calendar incomplete")
		}
		got, known := e.svc.Holidays(bg, 2027)
		if !known || got.Builtin || got.UpdatedBy != "staff:s1" || got.Source != "测试通知" {
			t.Fatalf("stored year %+v", got)
		}
	}
	check(e)
	e = e.restart()
	check(e)
	// Replacing a built-in year keeps the others; the audit has before and after.
	y25, _ := ParseHolidayTSV(2025, []byte("# source: 更正\n2025-01-01\tholiday\t元旦\n"))
	if _, err := e.svc.ReplaceHolidays(bg, "staff:s2", y25); err != nil {
		t.Fatal(err)
	}
	if e.svc.Calendar().IsWorkingDay(day("2025-01-01")) || !e.svc.Calendar().IsWorkingDay(day("2025-10-02")) || !e.svc.Calendar().Known(2026) {
		t.Fatal("2025 replacement wrong")
	}
	page, _ := e.svc.Audit(bg, AuditQuery{ObjectPrefix: "holidays/"})
	if len(page.Entries) != 2 {
		t.Fatalf("holiday audit entries: %d", len(page.Entries))
	}
	_, err = e.svc.ReplaceHolidays(bg, "staff:s2", &HolidayYear{Year: 2028, Days: []CalendarDay{}})
	wantCode(t, err, apperr.CodeInvalid, "source")
}

func TestConcurrentReservationsOfOneName(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, _, errs[i] = e.svc.Reserve(bg, "public", reserveIn("平顶山市沃川智联科技有限公司"))
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case apperr.CodeOf(err) != apperr.CodeConflict:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent reservations of one name succeeded, want 1", ok)
	}
}
