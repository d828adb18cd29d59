package lifecycle

import (
	"strings"
	"testing"
)

// The calendar warns when the current year's notice is missing, and from
// 1 December when next year's is (the built-in calendar holds 2025 and 2026).
func TestCalendarWarnings(t *testing.T) {
	tests := []struct {
		date string
		want []string // years warned about
	}{
		{"2026-11-30", nil},
		{"2026-12-01", []string{"2027"}},
		{"2025-12-15", nil},
		{"2027-01-04", []string{"2027"}},
		{"2027-12-01", []string{"2027", "2028"}},
	}
	for _, tc := range tests {
		t.Run(tc.date, func(t *testing.T) {
			e := openEnv(t, t.TempDir(), newClock(tc.date))
			got := e.svc.CalendarWarnings()
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want years %v", got, tc.want)
			}
			for i, y := range tc.want {
				if !strings.Contains(got[i], y+" 年") {
					t.Errorf("warning %q does not name %s", got[i], y)
				}
			}
		})
	}
}
