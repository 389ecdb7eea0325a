package workday

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

var propCal = func() *Calendar {
	c, err := New(DefaultConfig())
	if err != nil {
		panic(err)
	}
	return c
}()

// genInstant draws an instant between 2023 and 2027, at minute or
// nanosecond resolution, often on a session boundary.
func genInstant(t *rapid.T, label string) time.Time {
	base := Date{2023, 1, 1}.Start()
	day := rapid.IntRange(0, 5*365).Draw(t, label+"_day")
	var off time.Duration
	switch rapid.IntRange(0, 2).Draw(t, label+"_kind") {
	case 0:
		off = []time.Duration{0, 8 * time.Hour, 12 * time.Hour, 13 * time.Hour, 17 * time.Hour, 12*time.Hour + 30*time.Minute}[rapid.IntRange(0, 5).Draw(t, label+"_b")]
	case 1:
		off = time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, label+"_min")) * time.Minute
	default:
		off = time.Duration(rapid.Int64Range(0, int64(24*time.Hour)-1).Draw(t, label+"_ns"))
	}
	return base.AddDate(0, 0, day).Add(off)
}

// genSpan draws a working duration up to about a year of working days.
func genSpan(t *rapid.T, label string) time.Duration {
	if rapid.Bool().Draw(t, label+"_whole") {
		return time.Duration(rapid.IntRange(1, 500).Draw(t, label+"_halfdays")) * 4 * time.Hour
	}
	return time.Duration(rapid.Int64Range(1, int64(250*8*time.Hour)).Draw(t, label+"_ns"))
}

func TestPropertyAdditive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genInstant(t, "a")
		x, y := genSpan(t, "x"), genSpan(t, "y")
		one := propCal.AddWorking(a, x+y)
		two := propCal.AddWorking(propCal.AddWorking(a, x), y)
		if !one.Equal(two) {
			t.Fatalf("add(%v, %v+%v) = %v but add(add(...)) = %v", a, x, y, one, two)
		}
	})
}

func TestPropertyDueIsWorkingInstant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genInstant(t, "a")
		d := genSpan(t, "d")
		due := propCal.AddWorking(a, d)
		if !propCal.InOfficeHours(due) {
			t.Fatalf("add(%v, %v) = %v is outside office hours", a, d, due)
		}
		if !due.After(a) {
			t.Fatalf("add(%v, %v) = %v is not after the start", a, d, due)
		}
		// Exactly d of working time lies between start and due, and not a
		// nanosecond less would do (earliest instant).
		if got := propCal.WorkingBetween(a, due); got != d {
			t.Fatalf("WorkingBetween(%v, %v) = %v, want %v", a, due, got, d)
		}
		if got := propCal.WorkingBetween(a, due.Add(-1)); got >= d {
			t.Fatalf("due %v is not the earliest instant: %v already elapsed 1ns before", due, got)
		}
	})
}

func TestPropertyZeroDuration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genInstant(t, "a")
		if got := propCal.AddWorking(a, 0); !got.Equal(a) {
			t.Fatalf("add(%v, 0) = %v", a, got)
		}
	})
}

func TestPropertyMonotonic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genInstant(t, "a"), genInstant(t, "b")
		if b.Before(a) {
			a, b = b, a
		}
		d := genSpan(t, "d")
		if da, db := propCal.AddWorking(a, d), propCal.AddWorking(b, d); db.Before(da) {
			t.Fatalf("start %v ≤ %v but due %v > %v", a, b, da, db)
		}
		// And in the duration.
		e := d + genSpan(t, "e")
		if da, de := propCal.AddWorking(a, d), propCal.AddWorking(a, e); de.Before(da) {
			t.Fatalf("duration %v ≤ %v but due %v > %v", d, e, da, de)
		}
	})
}

func TestPropertyBetweenInverse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genInstant(t, "a"), genInstant(t, "b")
		w := propCal.WorkingBetween(a, b)
		if back := propCal.WorkingBetween(b, a); back != -w {
			t.Fatalf("WorkingBetween not antisymmetric: %v vs %v", w, back)
		}
		if w <= 0 {
			return
		}
		// The earliest instant with w elapsed is at or before b, and no
		// working time lies between it and b.
		due := propCal.AddWorking(a, w)
		if due.After(b) || propCal.WorkingBetween(due, b) != 0 {
			t.Fatalf("add(%v, WorkingBetween=%v) = %v, b = %v", a, w, due, b)
		}
	})
}

func TestPropertyDateOf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(-200000, 200000).Draw(t, "dn")
		d := fromDayNumber(n)
		if d.dayNumber() != n {
			t.Fatalf("round trip %d → %v → %d", n, d, d.dayNumber())
		}
		if got := DateOf(d.Start().Add(23 * time.Hour)); got != d {
			t.Fatalf("DateOf(%v 23:00) = %v", d, got)
		}
		tt := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, Zone)
		if tt.Weekday() != d.Weekday() {
			t.Fatalf("weekday of %v: %v vs %v", d, d.Weekday(), tt.Weekday())
		}
	})
}
