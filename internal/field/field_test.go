package field

import (
	"errors"
	"strings"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/store"
)

func TestFields(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string // part of the message; "" = no error
	}{
		{"date", func() error { _, err := ParseDate("date", "2026-07-10"); return err }(), ""},
		{"date missing", func() error { _, err := ParseDate("date", " "); return err }(), "缺少 date"},
		{"date malformed", func() error { _, err := ParseDate("date", "2026/07/10"); return err }(), "YYYY-MM-DD"},
		{"date out of range", func() error { _, err := ParseDate("date", "1900-01-01"); return err }(), "年份不合理"},
		{"text", func() error { _, err := Text("reason", " 已改正 ", 10, true); return err }(), ""},
		{"text required", func() error { _, err := Text("reason", "", 10, true); return err }(), "缺少 reason"},
		{"text too long", func() error { _, err := Text("reason", strings.Repeat("字", 11), 10, false); return err }(), "最多 10 个字符"},
		{"text control character", func() error { _, err := Text("reason", "a\x00b", 10, false); return err }(), "控制字符"},
		{"uscc", func() error { _, err := USCC("91410400ma44xh001u"); return err }(), ""},
		{"uscc check digit", func() error { _, err := USCC("91410400MA44XH001X"); return err }(), "校验码"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				if tc.err != nil {
					t.Fatalf("unexpected error %v", tc.err)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(tc.err, &ae) || !strings.Contains(tc.err.Error(), tc.want) {
				t.Fatalf("error %v, want an invalid-input error with %q", tc.err, tc.want)
			}
		})
	}
	if got := FormatDate(time.Time{}); got != "" {
		t.Errorf("FormatDate(zero) = %q, want empty", got)
	}
	if got := Civil(time.Date(2026, 7, 9, 17, 0, 0, 0, time.UTC)); got.Day() != 10 {
		t.Errorf("Civil: 17:00 UTC is the next day in China, got %v", got)
	}
	if err := StoreError(store.ErrContention); !strings.Contains(err.Error(), "稍后重试") {
		t.Errorf("StoreError(contention) = %v", err)
	}
}
