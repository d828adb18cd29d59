package lifecycle

import "fmt"

// CalendarWarnings says which holiday arrangements the working-day
// deadlines are missing today: the current year's State Council notice,
// and, from 1 December, next year's (it is usually published in November,
// and deadlines set in December reach into January). Without a year's
// notice only weekends count as days off, and deadlines come out short.
func (s *Service) CalendarWarnings() []string {
	today := s.today()
	cal := s.Calendar()
	var out []string
	missing := func(year int) {
		out = append(out, fmt.Sprintf("未载入 %d 年国务院办公厅节假日安排通知：该年的法定期限只按周末计算休息日，请通过 PUT /api/v1/holidays/%d 导入", year, year))
	}
	if !cal.Known(today.Year()) {
		missing(today.Year())
	}
	if today.Month() == 12 && !cal.Known(today.Year()+1) {
		missing(today.Year() + 1)
	}
	return out
}
