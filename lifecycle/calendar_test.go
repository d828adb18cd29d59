package lifecycle

import (
	"strings"
	"testing"
	"time"

	"namescope/apperr"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func builtinCalendar(t *testing.T) *Calendar {
	t.Helper()
	years, err := BuiltinYears()
	if err != nil {
		t.Fatal(err)
	}
	return NewCalendar(years...)
}

func TestBuiltinCalendars(t *testing.T) {
	c := builtinCalendar(t)
	want := map[int][2]int{2025: {28, 5}, 2026: {33, 6}} // holidays, adjusted working days
	for year, n := range want {
		y, ok := c.Year(year)
		if !ok {
			t.Fatalf("year %d missing", year)
		}
		var h, w int
		for _, d := range y.Days {
			if d.Kind == Holiday {
				h++
			} else {
				w++
			}
		}
		if h != n[0] || w != n[1] {
			t.Errorf("%d: %d holidays, %d working weekend days; want %v", year, h, w, n)
		}
		if !strings.Contains(y.Source, "国务院办公厅") || !y.Builtin {
			t.Errorf("%d: source %q builtin %v", year, y.Source, y.Builtin)
		}
	}
}

func TestWorkingDayArithmetic(t *testing.T) {
	c := builtinCalendar(t)
	cases := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"plain week, weekend skipped", "2025-03-07", 5, "2025-03-14"},
		{"zero days is the day itself", "2025-03-07", 0, "2025-03-07"},
		{"Friday + 1 is Monday", "2025-03-07", 1, "2025-03-10"},
		{"调休 Sunday 9-28 counts, National Day 10-01..08 does not", "2025-09-26", 5, "2025-10-10"},
		{"调休 Saturday 10-11 counts", "2025-10-10", 1, "2025-10-11"},
		{"调休 Sunday 4-27 counts", "2025-04-25", 1, "2025-04-27"},
		{"answer period over Labour Day 2025", "2025-04-30", 10, "2025-05-19"},
		{"Spring Festival 2025 with 1-26 and 2-08 worked", "2025-01-24", 5, "2025-02-07"},
		{"Spring Festival 2026 with 2-14 and 2-28 worked", "2026-02-13", 5, "2026-02-27"},
		{"New Year 2026: 1-01..03 off, Sunday 1-04 worked", "2025-12-31", 2, "2026-01-05"},
		{"across the year end into 2026", "2025-12-29", 5, "2026-01-06"},
		{"unknown year: weekends only", "2027-01-01", 1, "2027-01-04"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.AddWorkingDays(day(tc.from), tc.n)
			if fmtDate(got) != tc.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, fmtDate(got), tc.want)
			}
			if tc.n > 0 {
				if back := c.WorkingDaysBetween(day(tc.from), got); back != tc.n {
					t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from, tc.want, back, tc.n)
				}
				if back := c.WorkingDaysBetween(got, day(tc.from)); back != -tc.n {
					t.Fatalf("reverse WorkingDaysBetween = %d, want %d", back, -tc.n)
				}
			}
		})
	}
	// 2025-01-24 + 5: 1-26 (Sun, worked), 1-27, [1-28..2-04 off], 2-05, 2-06, 2-07.
	if !c.IsWorkingDay(day("2025-01-26")) || c.IsWorkingDay(day("2025-01-28")) || c.IsWorkingDay(day("2025-02-01")) {
		t.Error("Spring Festival 2025 days wrong")
	}
	roll := map[string]string{
		"2025-10-01": "2025-10-09", // holiday → first working day after
		"2025-10-11": "2025-10-11", // a worked Saturday ends a period
		"2025-10-12": "2025-10-13",
		"2025-03-12": "2025-03-12",
		"2026-02-15": "2026-02-24",
	}
	for from, want := range roll {
		if got := fmtDate(c.RollForward(day(from))); got != want {
			t.Errorf("RollForward(%s) = %s, want %s", from, got, want)
		}
	}
}

func TestCivilDateIsChinaTime(t *testing.T) {
	// 2025-09-30 17:00 UTC is 2025-10-01 01:00 in China.
	at := time.Date(2025, 9, 30, 17, 0, 0, 0, time.UTC)
	if got := fmtDate(civil(at)); got != "2025-10-01" {
		t.Fatalf("civil = %s", got)
	}
	if got := fmtDate(civil(day("2025-10-01"))); got != "2025-10-01" {
		t.Fatalf("civil of a date = %s", got)
	}
}

func TestHolidayYearValidation(t *testing.T) {
	bad := map[string]string{
		"workday on a weekday": "2025-01-27\tworkday\tx\n",
		"another year":         "2024-12-31\tholiday\tx\n",
		"duplicate":            "2025-01-01\tholiday\ta\n2025-01-01\tholiday\tb\n",
		"unknown kind":         "2025-01-01\tday_off\tx\n",
		"bad date":             "2025-13-01\tholiday\tx\n",
		"one column":           "2025-01-01\n",
	}
	for name, tsv := range bad {
		_, err := ParseHolidayTSV(2025, []byte(tsv))
		if apperr.CodeOf(err) != apperr.CodeInvalid {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
	y, err := ParseHolidayTSV(2025, []byte("# source: test\n2025-02-08\tworkday\t调休\n2025-01-01\tholiday\t元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	if y.Source != "test" || y.Days[0].Date != "2025-01-01" {
		t.Fatalf("parsed %+v", y)
	}
	again, err := ParseHolidayTSV(2025, y.TSV())
	if err != nil || len(again.Days) != 2 || again.Source != "test" {
		t.Fatalf("round trip: %+v %v", again, err)
	}
}
