package lifecycle

import (
	"context"
	"fmt"
	"strings"

	"namescope/apperr"
	"namescope/store"
)

// Holidays returns the arrangement of a year; known is false when the
// calendar has none (only weekends are days off then).
func (s *Service) Holidays(ctx context.Context, year int) (*HolidayYear, bool) {
	y, ok := s.Calendar().Year(year)
	if !ok {
		return &HolidayYear{Year: year, Days: []CalendarDay{}}, false
	}
	return y, true
}

// ReplaceHolidays replaces the arrangement of a year (staff): stored, audited
// and used for every deadline computed from now on. Deadlines already
// notified in a case keep their dates.
func (s *Service) ReplaceHolidays(ctx context.Context, actor string, y *HolidayYear) (*HolidayYear, error) {
	if err := y.Validate(); err != nil {
		return nil, err
	}
	y.Source = strings.TrimSpace(y.Source)
	if y.Source == "" {
		return nil, apperr.Invalid("source 不能为空：请注明节假日安排的依据（如国务院办公厅通知的文号）")
	}
	if y.Days == nil {
		y.Days = []CalendarDay{}
	}
	y.Builtin, y.UpdatedAt, y.UpdatedBy = false, s.now().UTC(), actor
	err := s.update(ctx, func(tx *store.Tx) error {
		before, had := s.Calendar().Year(y.Year)
		if err := tx.Put(holidaysKey(y.Year), y); err != nil {
			return err
		}
		entry := store.AuditEntry{At: y.UpdatedAt, Actor: actor, Action: "holidays.replace", Object: auditObjectHol + y.YearString(), After: y}
		if had {
			entry.Before = before
		}
		return tx.Audit(entry)
	})
	if err != nil {
		return nil, err
	}
	s.cal.Store(s.Calendar().with(y))
	return y, nil
}

// YearString is the year as four digits.
func (y *HolidayYear) YearString() string { return fmt.Sprintf("%04d", y.Year) }
