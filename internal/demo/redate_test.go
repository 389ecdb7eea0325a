package demo

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func TestRedateKeepsEachShapeOnTheLastWorkingDays(t *testing.T) {
	cal, err := workday.New(workday.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	vn := func(s string) time.Time {
		t.Helper()
		x, err := time.ParseInLocation("2006-01-02 15:04", s, workday.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	now := vn("2026-12-07 10:30") // a Monday morning
	orig := []time.Time{
		vn("2026-03-02 09:14"), vn("2026-03-04 15:42"), vn("2025-09-10 10:05"), vn("2026-01-12 14:30"), // office hours
		vn("2026-01-13 08:20"), vn("2026-02-03 16:55"), vn("2026-03-05 11:11"), vn("2026-03-06 09:30"),
		vn("2026-03-03 21:40"), vn("2026-02-26 06:50"), // evening, early morning of a working day
		vn("2026-03-07 10:00"), vn("2026-02-17 09:00"), vn("2026-04-27 15:00"), // Saturday, Tết, a compensatory day off
	}
	got := Redate(orig, now, cal)
	lastWorking := map[workday.Date]bool{}
	for _, s := range []string{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07"} {
		d, _ := workday.ParseDate(s)
		lastWorking[d] = true
	}
	var today int
	for i, g := range got {
		if !g.Before(now) {
			t.Errorf("message %d arrives at %s, after now", i, g)
		}
		d := workday.DateOf(g)
		working, _ := cal.IsWorkingDay(d)
		switch {
		case i < 8: // office hours of one of the last five working days
			if !lastWorking[d] || !inSessions(g, cal) {
				t.Errorf("office message %d moved to %s", i, g.In(workday.Zone))
			}
			if d == workday.DateOf(now) {
				today++
			} else if timeOfDay(g) != timeOfDay(orig[i]) {
				t.Errorf("office message %d lost its time of day: %s → %s", i, orig[i], g)
			}
		case i < 10: // outside office hours of a working day, same time of day
			if !lastWorking[d] || inSessions(g, cal) || timeOfDay(g) != timeOfDay(orig[i]) {
				t.Errorf("evening message %d moved to %s", i, g.In(workday.Zone))
			}
		default: // a day off: the last weekend
			if working || now.Sub(g) > 4*24*time.Hour {
				t.Errorf("day-off message %d moved to %s", i, g.In(workday.Zone))
			}
		}
	}
	if today == 0 {
		t.Error("no message arrives this morning: nothing would be due within the hours")
	}
	// The days keep the order of the originals within a shape (the time
	// of day is kept rather than the order within one day).
	office := slices.Clone(got[:8])
	byOrig := []int{2, 3, 4, 5, 0, 1, 6, 7} // indexes in the order of their original instants
	for k := 1; k < len(byOrig); k++ {
		if workday.DateOf(office[byOrig[k]]).Before(workday.DateOf(office[byOrig[k-1]])) {
			t.Errorf("office order lost: %d (%s) before %d (%s)", byOrig[k], office[byOrig[k]], byOrig[k-1], office[byOrig[k-1]])
		}
	}
}

// Before office hours on a day off, nothing is delivered into the future
// and nothing is placed on today.
func TestRedateOnASundayMorning(t *testing.T) {
	cal, _ := workday.New(workday.DefaultConfig())
	now := time.Date(2026, 12, 6, 7, 0, 0, 0, workday.Zone)
	orig := []time.Time{time.Date(2026, 3, 2, 16, 59, 0, 0, workday.Zone), time.Date(2026, 3, 8, 23, 0, 0, 0, workday.Zone)}
	for i, g := range Redate(orig, now, cal) {
		if !g.Before(now) {
			t.Errorf("message %d at %s, not before %s", i, g, now)
		}
	}
}

func TestShiftHeaders(t *testing.T) {
	raw := []byte("Received: from mx.moj.gov.vn (mx [203.0.113.5])\r\n\tby mail.moj.gov.vn; Mon, 2 Mar 2026 09:14:05 +0700\r\n" +
		"Received: from relay.example (relay [198.51.100.7]); Mon, 2 Mar 2026 02:14:01 +0000\r\n" +
		"Date: Tue, 3 Mar 2026 09:13:00 +0700\r\nSubject: Tin\r\n\r\nNgày 02/3/2026, Bộ Tư pháp …\r\n")
	from := time.Date(2026, 3, 2, 9, 14, 5, 0, workday.Zone)
	to := time.Date(2026, 12, 4, 10, 0, 0, 0, workday.Zone)
	out := ShiftHeaders(raw, from, to)
	if got := ReceivedTime(out, time.Time{}); !got.Equal(to) {
		t.Errorf("receipt after the shift %s, want %s", got, to)
	}
	s := string(out)
	if !strings.Contains(s, DemoShiftHeader+": 277\r\n") {
		t.Errorf("no shift header of 277 days:\n%s", s)
	}
	if !strings.Contains(s, "Date: Sat, 05 Dec 2026 09:58:55 +0700") { // the sender's clock stays a day ahead
		t.Errorf("Date not moved with the receipt:\n%s", s)
	}
	if !strings.Contains(s, "; Fri, 04 Dec 2026 02:59:56 +0000\r\n") { // the relay's line moves too, in its own zone
		t.Errorf("second Received not moved:\n%s", s)
	}
	if !bytes.HasSuffix(out, []byte("\r\n\r\nNgày 02/3/2026, Bộ Tư pháp …\r\n")) {
		t.Errorf("body changed:\n%s", s)
	}
	// A second shift replaces the header instead of adding one.
	if n := strings.Count(string(ShiftHeaders(out, to, to.Add(24*time.Hour))), DemoShiftHeader); n != 1 {
		t.Errorf("%d shift headers after two shifts", n)
	}
}
