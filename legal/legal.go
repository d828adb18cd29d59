// Package legal holds the constants the regulations fix, in one place: the
// bureau's time zone and the periods of 《企业名称登记管理规定》(Reg 734).
// Every package that computes a legal date takes them from here.
package legal

import "time"

// ChinaTime is the bureau's clock for dates (UTC+8, no daylight saving):
// "today", deadlines and periods are counted in it.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Reservation periods (Reg 734 Art 18).
const (
	// ReservationMonths is how long a self-declared name is reserved.
	ReservationMonths = 2
	// ReservationMonthsPreApproval is the period when establishment or a
	// business-scope item needs approval before registration (前置许可).
	ReservationMonthsPreApproval = 12
)

// ChangeDays is how long an enterprise ordered to stop using its name has
// to apply for the change (Reg 734 Art 23), counted in calendar days and
// rolled forward past a holiday.
const ChangeDays = 30

// EndedProtectionYears is how long the name of a cancelled, revoked or
// changed enterprise still blocks identical names (Reg 734 Art 17(2)).
const EndedProtectionYears = 1

// Today is the civil date of t in China time, at midnight UTC, so that
// dates compare and print alike wherever the server runs.
func Today(t time.Time) time.Time {
	y, m, d := t.In(ChinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
