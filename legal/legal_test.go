package legal

import (
	"testing"
	"time"
)

func TestToday(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"UTC evening is the next day in China", time.Date(2025, 3, 9, 16, 0, 0, 0, time.UTC), "2025-03-10"},
		{"UTC morning is the same day", time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC), "2025-03-10"},
		{"China midnight", time.Date(2025, 3, 10, 0, 0, 0, 0, ChinaTime), "2025-03-10"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Today(tc.at).Format("2006-01-02"); got != tc.want {
				t.Errorf("Today(%v) = %s, want %s", tc.at, got, tc.want)
			}
		})
	}
}
