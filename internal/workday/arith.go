package workday

import (
	"math"
	"time"
)

// MaxSpan caps the working time AddWorking counts (about 100 years of
// working days); longer durations are treated as MaxSpan.
const MaxSpan = 100 * 250 * 24 * time.Hour

// elapsedInDay is the working time of a working day before offset off.
func (c *Calendar) elapsedInDay(off time.Duration) time.Duration {
	var e time.Duration
	for _, s := range c.cfg.Sessions {
		switch {
		case off >= s.End:
			e += s.End - s.Start
		case off > s.Start:
			e += off - s.Start
		}
	}
	return e
}

// offsetFor is the earliest offset in a working day at which amount
// (0 < amount ≤ day length) of working time has elapsed since 00:00.
func (c *Calendar) offsetFor(amount time.Duration) time.Duration {
	for _, s := range c.cfg.Sessions {
		l := s.End - s.Start
		if amount <= l {
			return s.Start + amount
		}
		amount -= l
	}
	return c.cfg.Sessions[len(c.cfg.Sessions)-1].End
}

// AddWorking returns the earliest instant at which d of working time has
// elapsed since start, counting only office hours of working days. A start
// outside office hours counts from the next working instant; an amount that
// ends exactly at the end of a session ends there (a half day from 08:00 is
// 12:00, not 13:00). A d ≤ 0 returns start unchanged. The result is in Zone.
func (c *Calendar) AddWorking(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start
	}
	if d > MaxSpan {
		d = MaxSpan
	}
	dn := dayNumberOf(start)
	if c.working(dn) {
		el := c.elapsedInDay(sinceMidnight(start))
		if rem := c.dayLen - el; d <= rem {
			return instant(dn, c.offsetFor(el+d))
		} else {
			d -= rem
		}
	}
	// d > 0 is left, counted from the start of the next working day:
	// skip the whole days, finish within the last one.
	full := (d - 1) / c.dayLen
	d -= full * c.dayLen
	target := c.nthWorkingAfter(dn, int(full)+1)
	return instant(target, c.offsetFor(d))
}

// AddDays is AddWorking with a duration in working days (0.5 is half a
// working day). NaN, infinite and non-positive values return start.
func (c *Calendar) AddDays(start time.Time, days float64) time.Time {
	return c.AddWorking(start, c.DaysToDuration(days))
}

// AddDaysFromDate counts days working days from the end of date d (a
// signing date without a time): 1 day from a Monday signing is Tuesday
// 17:00.
func (c *Calendar) AddDaysFromDate(d Date, days float64) time.Time {
	return c.AddDays(EndOf(d), days)
}

// EndOf is the end of day d, i.e. 00:00 of the next day, from which a
// date-only start is counted.
func EndOf(d Date) time.Time { return d.AddDays(1).Start() }

// DaysToDuration converts working days into working time (days × day
// length), rounded to the nanosecond. NaN, infinite and non-positive values
// give 0; values past MaxSpan give MaxSpan.
func (c *Calendar) DaysToDuration(days float64) time.Duration {
	if math.IsNaN(days) || days <= 0 {
		return 0
	}
	v := days * float64(c.dayLen)
	if v >= float64(MaxSpan) {
		return MaxSpan
	}
	return time.Duration(math.Round(v))
}

// nthWorkingAfter returns the day number of the n-th (n ≥ 1) working day
// strictly after day number dn.
func (c *Calendar) nthWorkingAfter(dn, n int) int {
	t, off := c.tableOf(dn)
	pos := int(t.cum[off+1]) // working days up to and including dn
	for {
		if avail := t.total() - pos; n <= avail {
			return t.first + int(t.idx[pos+n-1])
		} else {
			n -= avail
		}
		t = c.table(t.year + 1)
		pos = 0
	}
}

// countWorking counts the working days with day numbers in [from, to].
func (c *Calendar) countWorking(from, to int) int {
	if to < from {
		return 0
	}
	t, off := c.tableOf(from)
	count := 0
	for {
		end := to - t.first // inclusive, in t's days
		if end < t.n {
			return count + int(t.cum[end+1]) - int(t.cum[off])
		}
		count += t.total() - int(t.cum[off])
		t = c.table(t.year + 1)
		off = 0
	}
}

// WorkingBetween is the working time between a and b (negative when b is
// before a).
func (c *Calendar) WorkingBetween(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.WorkingBetween(b, a)
	}
	da, db := dayNumberOf(a), dayNumberOf(b)
	oa, ob := sinceMidnight(a), sinceMidnight(b)
	if da == db {
		if !c.working(da) {
			return 0
		}
		return c.elapsedInDay(ob) - c.elapsedInDay(oa)
	}
	var sum time.Duration
	if c.working(da) {
		sum += c.dayLen - c.elapsedInDay(oa)
	}
	sum += time.Duration(c.countWorking(da+1, db-1)) * c.dayLen
	if c.working(db) {
		sum += c.elapsedInDay(ob)
	}
	return sum
}

// AtFraction is the earliest instant at which fraction f (0–1) of the
// working time between start and due has elapsed (for the 50 % and 80 %
// warnings of a deadline).
func (c *Calendar) AtFraction(start, due time.Time, f float64) time.Time {
	if math.IsNaN(f) || f <= 0 {
		return start
	}
	if f >= 1 {
		return due
	}
	total := c.WorkingBetween(start, due)
	return c.AddWorking(start, time.Duration(math.Round(f*float64(total))))
}

// NextWorkingInstant is the first instant at or after t inside office hours
// of a working day.
func (c *Calendar) NextWorkingInstant(t time.Time) time.Time {
	dn := dayNumberOf(t)
	if c.working(dn) {
		off := sinceMidnight(t)
		for _, s := range c.cfg.Sessions {
			if off < s.End {
				if off < s.Start {
					return instant(dn, s.Start)
				}
				return t.In(Zone)
			}
		}
	}
	return instant(c.nthWorkingAfter(dn, 1), c.cfg.Sessions[0].Start)
}

// InOfficeHours reports whether t is within office hours of a working day,
// session ends included (12:00 and 17:00 count as inside).
func (c *Calendar) InOfficeHours(t time.Time) bool {
	dn := dayNumberOf(t)
	if !c.working(dn) {
		return false
	}
	off := sinceMidnight(t)
	for _, s := range c.cfg.Sessions {
		if off >= s.Start && off <= s.End {
			return true
		}
	}
	return false
}
