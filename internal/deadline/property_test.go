package deadline

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestPropertyPauses: after any sequence of pauses (each starting before
// the due instant of its time), the due instant is the start plus the
// allowed working time plus the working time paused, and exactly the
// allowed working time has run on the clock at the due instant.
func TestPropertyPauses(t *testing.T) {
	cal := calendar(t)
	rs := rules(t)
	rapid.Check(t, func(rt *rapid.T) {
		r := rs[rapid.IntRange(0, len(rs)-1).Draw(rt, "rule")]
		start := workday.Date{Year: 2024, Month: 1, Day: 1}.Start().
			Add(time.Duration(rapid.IntRange(0, 3*365*24*60).Draw(rt, "start_min")) * time.Minute)
		d := New(cal, r, r.Start, start)
		var paused time.Duration
		cursor := start
		for i := rapid.IntRange(0, 3).Draw(rt, "pauses"); i > 0; i-- {
			span := d.Due.Sub(cursor)
			if span <= time.Minute {
				break
			}
			from := cursor.Add(time.Duration(rapid.Int64Range(0, int64(span-time.Minute)).Draw(rt, "from")))
			to := from.Add(time.Duration(rapid.IntRange(0, 5*24*60).Draw(rt, "len_min")) * time.Minute)
			p, err := d.Pause(from)
			if err != nil {
				rt.Fatalf("pause at %v (due %v): %v", from, d.Due, err)
			}
			if d, err = p.Resume(cal, to); err != nil {
				rt.Fatalf("resume: %v", err)
			}
			paused += cal.WorkingBetween(from, to)
			cursor = to
		}
		if want := cal.AddWorking(start, d.Allowed+paused); !d.Due.Equal(want) {
			rt.Fatalf("due %v, want start + allowed + paused = %v", d.Due, want)
		}
		if got := Progress(cal, d, d.Due); got != 1 {
			rt.Fatalf("progress at due = %v, want 1", got)
		}
		th := Thresholds(cal, d, []float64{0.5, 0.8, 1})
		if th[0].After(th[1]) || th[1].After(th[2]) || !th[2].Equal(d.Due) {
			rt.Fatalf("thresholds %v not ordered up to the due %v", th, d.Due)
		}
		if !d.Due.After(d.Start) && d.Allowed > 0 {
			rt.Fatalf("due %v not after start %v", d.Due, d.Start)
		}
	})
}
