package workday

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Zone is the time zone of every calendar computation: Vietnam's UTC+7
// (Asia/Ho_Chi_Minh has had no daylight saving time since 1975). A fixed
// zone keeps the package free of the system's tz database and makes day
// boundaries a division.
var Zone = time.FixedZone("ICT", zoneOffset)

const (
	zoneOffset = 7 * 3600
	secondsDay = 86400
)

// Date is a calendar day in the Gregorian calendar, without a time of day.
// The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the Date y-m-d, or an error naming the bad part when the
// day does not exist (30/02, month 13, …).
func NewDate(y int, m time.Month, d int) (Date, error) {
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("tháng %d không hợp lệ (1–12)", int(m))
	}
	if d < 1 || d > daysIn(y, m) {
		return Date{}, fmt.Errorf("ngày %d không có trong tháng %d/%d", d, int(m), y)
	}
	return Date{y, m, d}, nil
}

// ParseDate reads a date written YYYY-MM-DD (ISO 8601) or DD/MM/YYYY (the
// Vietnamese way, also D/M/YYYY). The error names the text that is wrong.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var parts []string
	var y, m, d string
	switch {
	case strings.Count(s, "-") == 2:
		parts = strings.Split(s, "-")
		y, m, d = parts[0], parts[1], parts[2]
		if len(y) != 4 || len(m) != 2 || len(d) != 2 {
			return Date{}, fmt.Errorf("ngày %q không đúng dạng YYYY-MM-DD", s)
		}
	case strings.Count(s, "/") == 2:
		parts = strings.Split(s, "/")
		d, m, y = parts[0], parts[1], parts[2]
		if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 {
			return Date{}, fmt.Errorf("ngày %q không đúng dạng DD/MM/YYYY", s)
		}
	default:
		return Date{}, fmt.Errorf("ngày %q không đúng dạng YYYY-MM-DD hoặc DD/MM/YYYY", s)
	}
	yi, err1 := atoiDigits(y)
	mi, err2 := atoiDigits(m)
	di, err3 := atoiDigits(d)
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, fmt.Errorf("ngày %q chứa ký tự không phải chữ số", s)
	}
	dt, err := NewDate(yi, time.Month(mi), di)
	if err != nil {
		return Date{}, fmt.Errorf("ngày %q: %w", s, err)
	}
	return dt, nil
}

func atoiDigits(s string) (int, error) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// DateOf returns the calendar day of t in Vietnam (UTC+7).
func DateOf(t time.Time) Date {
	return fromDayNumber(dayNumberOf(t))
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// VN formats d the Vietnamese way, DD/MM/YYYY.
func (d Date) VN() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Day number 0 is 1970-01-01, a Thursday.
	return time.Weekday(mod(d.dayNumber()+4, 7))
}

// AddDays returns the date n calendar days after d (n may be negative).
func (d Date) AddDays(n int) Date { return fromDayNumber(d.dayNumber() + n) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.dayNumber() < e.dayNumber() }

// Start is 00:00 of d in Vietnam.
func (d Date) Start() time.Time {
	return time.Unix(int64(d.dayNumber())*secondsDay-zoneOffset, 0).In(Zone)
}

// MarshalText writes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD or DD/MM/YYYY.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// dayNumber counts days since 1970-01-01 (proleptic Gregorian calendar),
// after Howard Hinnant's days_from_civil.
func (d Date) dayNumber() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDayNumber is the inverse of dayNumber (Hinnant's civil_from_days).
func fromDayNumber(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), day}
}

// dayNumberOf is the Vietnamese day number of an instant.
func dayNumberOf(t time.Time) int {
	return int(floorDiv64(t.Unix()+zoneOffset, secondsDay))
}

// sinceMidnight is the time elapsed since 00:00 (UTC+7) of t's day.
func sinceMidnight(t time.Time) time.Duration {
	s := mod64(t.Unix()+zoneOffset, secondsDay)
	return time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

// instant is the time at offset off after 00:00 of day number dn.
func instant(dn int, off time.Duration) time.Time {
	return time.Unix(int64(dn)*secondsDay-zoneOffset, int64(off)).In(Zone)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - floorDiv(a, b)*b }

func floorDiv64(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod64(a, b int64) int64 { return a - floorDiv64(a, b)*b }

// WeekdayName names a weekday in Vietnamese ("Thứ Hai" … "Chủ nhật").
func WeekdayName(w time.Weekday) string { return weekdayVN(w) }

// weekdayVN names a weekday in Vietnamese.
func weekdayVN(w time.Weekday) string {
	if w == time.Sunday {
		return "Chủ nhật"
	}
	return "Thứ " + [...]string{"", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy"}[w]
}
