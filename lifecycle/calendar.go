package lifecycle

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/legal"
)

// chinaTime is the bureau's clock for dates.
var chinaTime = legal.ChinaTime

const dateLayout = "2006-01-02"

// DayKind says how a calendar day differs from the Monday–Friday week.
type DayKind string

// Day kinds.
const (
	Holiday DayKind = "holiday" // a day off (放假), whatever the weekday
	Workday DayKind = "workday" // a weekend day worked instead (调休上班)
)

// CalendarDay is one exceptional day of the calendar.
type CalendarDay struct {
	Date string  `json:"date"` // YYYY-MM-DD
	Kind DayKind `json:"kind"`
	Name string  `json:"name,omitempty"` // 春节, 春节调休上班 …
}

// HolidayYear is the official arrangement of one year: its holidays and its
// adjusted working days, with where it comes from.
type HolidayYear struct {
	Year      int           `json:"year"`
	Source    string        `json:"source"`
	Days      []CalendarDay `json:"days"`
	Builtin   bool          `json:"builtin"`
	UpdatedAt time.Time     `json:"updated_at,omitzero"`
	UpdatedBy string        `json:"updated_by,omitempty"`
}

//go:embed data/holidays_*.tsv
var holidayFiles embed.FS

// BuiltinYears returns the holiday calendars shipped in the binary
// (data/holidays_<year>.tsv, as published by the State Council General
// Office).
func BuiltinYears() ([]*HolidayYear, error) {
	entries, err := holidayFiles.ReadDir("data")
	if err != nil {
		return nil, err
	}
	var out []*HolidayYear
	for _, e := range entries {
		var year int
		if _, err := fmt.Sscanf(e.Name(), "holidays_%d.tsv", &year); err != nil {
			continue
		}
		b, err := holidayFiles.ReadFile("data/" + e.Name())
		if err != nil {
			return nil, err
		}
		y, err := ParseHolidayTSV(year, b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		y.Builtin = true
		out = append(out, y)
	}
	return out, nil
}

// ParseHolidayTSV reads a year's calendar: lines "date<TAB>kind<TAB>name",
// '#' comments, and an optional "# source: …" line naming the notice.
func ParseHolidayTSV(year int, b []byte) (*HolidayYear, error) {
	y := &HolidayYear{Year: year}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if c, ok := strings.CutPrefix(text, "#"); ok {
			if src, ok := strings.CutPrefix(strings.TrimSpace(c), "source:"); ok {
				y.Source = strings.TrimSpace(src)
			}
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, apperr.Invalid("节假日数据第 %d 行应为“日期<TAB>类型<TAB>名称”", line)
		}
		d := CalendarDay{Date: strings.TrimSpace(f[0]), Kind: DayKind(strings.TrimSpace(f[1]))}
		if len(f) == 3 {
			d.Name = strings.TrimSpace(f[2])
		}
		y.Days = append(y.Days, d)
	}
	if err := sc.Err(); err != nil {
		return nil, apperr.Invalid("节假日数据无法读取：%v", err)
	}
	return y, y.Validate()
}

// TSV writes the year in the format ParseHolidayTSV reads.
func (y *HolidayYear) TSV() []byte {
	var b bytes.Buffer
	if y.Source != "" {
		fmt.Fprintf(&b, "# source: %s\n", y.Source)
	}
	b.WriteString("# date\tkind\tname\n")
	for _, d := range y.Days {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", d.Date, d.Kind, d.Name)
	}
	return b.Bytes()
}

// Validate checks the year's days and sorts them: dates of that year, each
// once, kinds holiday or workday, and adjusted working days on weekends.
func (y *HolidayYear) Validate() error {
	if y.Year < 2000 || y.Year > 2100 {
		return apperr.Invalid("年份 %d 超出范围（2000–2100）", y.Year)
	}
	if len(y.Days) > 366 {
		return apperr.Invalid("一年最多 366 天")
	}
	if utf8.RuneCountInString(y.Source) > 200 {
		return apperr.Invalid("source 最多 200 个字符")
	}
	seen := map[string]bool{}
	for i := range y.Days {
		d := &y.Days[i]
		t, err := time.Parse(dateLayout, d.Date)
		if err != nil {
			return apperr.Invalid("日期 %q 应为 YYYY-MM-DD 格式", d.Date)
		}
		if t.Year() != y.Year {
			return apperr.Invalid("日期 %s 不属于 %d 年", d.Date, y.Year)
		}
		d.Date = t.Format(dateLayout)
		if seen[d.Date] {
			return apperr.Invalid("日期 %s 重复", d.Date)
		}
		seen[d.Date] = true
		switch d.Kind {
		case Holiday:
		case Workday:
			if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return apperr.Invalid("%s 是%s，本来就是工作日；调休上班日（workday）应为周六或周日", d.Date, weekdayName(wd))
			}
		default:
			return apperr.Invalid("日期 %s 的类型 %q 无效，应为 holiday（放假）或 workday（调休上班）", d.Date, d.Kind)
		}
		if utf8.RuneCountInString(d.Name) > 40 {
			return apperr.Invalid("日期 %s 的名称过长（最多 40 个字符）", d.Date)
		}
	}
	sort.Slice(y.Days, func(i, j int) bool { return y.Days[i].Date < y.Days[j].Date })
	return nil
}

func weekdayName(wd time.Weekday) string {
	return "周" + []string{"日", "一", "二", "三", "四", "五", "六"}[wd]
}

// Calendar answers working-day questions. It is immutable; a new calendar
// replaces it when staff change a year.
type Calendar struct {
	years map[int]*HolidayYear
	days  map[string]DayKind
}

// NewCalendar builds a calendar of the given years; a later year of the same
// number replaces an earlier one.
func NewCalendar(years ...*HolidayYear) *Calendar {
	c := &Calendar{years: map[int]*HolidayYear{}, days: map[string]DayKind{}}
	for _, y := range years {
		c.years[y.Year] = y
	}
	for _, y := range c.years {
		for _, d := range y.Days {
			c.days[d.Date] = d.Kind
		}
	}
	return c
}

// with returns a calendar with y replacing its year.
func (c *Calendar) with(y *HolidayYear) *Calendar {
	years := make([]*HolidayYear, 0, len(c.years)+1)
	for _, old := range c.years {
		if old.Year != y.Year {
			years = append(years, old)
		}
	}
	return NewCalendar(append(years, y)...)
}

// Year returns the arrangement of year, if the calendar has it.
func (c *Calendar) Year(year int) (*HolidayYear, bool) {
	y, ok := c.years[year]
	return y, ok
}

// Years lists the years the calendar knows.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Known reports whether the official arrangement of year is in the
// calendar; for other years only weekends are days off.
func (c *Calendar) Known(year int) bool {
	_, ok := c.years[year]
	return ok
}

// IsWorkingDay reports whether d (a date) is a working day: Monday to Friday
// unless a holiday, and weekend days worked instead (调休上班).
func (c *Calendar) IsWorkingDay(d time.Time) bool {
	switch c.days[d.Format(dateLayout)] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the n-th working day after from ("within n working
// days of from": the day of from itself is not counted). n must be ≥ 0; for
// n = 0 it is from.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	d := civil(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// RollForward returns d, or the first working day after it when d is not a
// working day: a period counted in days or months that ends on a holiday
// ends on the next working day.
func (c *Calendar) RollForward(d time.Time) time.Time {
	d = civil(d)
	for !c.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// WorkingDaysBetween counts the working days in (from, to]; it is negative,
// counting (to, from], when to is before from.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	from, to = civil(from), civil(to)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// civil is the calendar date of t in China time, as midnight UTC. A date
// (midnight UTC) is its own date, since midnight UTC is 08:00 in China.
func civil(t time.Time) time.Time {
	y, m, d := t.In(chinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseDate reads a YYYY-MM-DD date; the zero time for "".
func parseDate(s string) time.Time {
	t, _ := time.Parse(dateLayout, s)
	return t
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// ParseYear reads a four-digit year.
func ParseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < 2000 || y > 2100 {
		return 0, apperr.Invalid("年份 %q 无效，应为 2000–2100 之间的四位数字", s)
	}
	return y, nil
}
