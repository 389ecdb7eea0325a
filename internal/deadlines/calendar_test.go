package deadlines

import (
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

func date(y int, m time.Month, d int) workday.Date { return workday.Date{Year: y, Month: m, Day: d} }

// TestCalendarConfigOverrides: a day off on an ordinary Tuesday, a working
// day on a weekday of the official Tết block and on a Sunday, and a day off
// on a make-up Saturday of the official 2025 schedule.
func TestCalendarConfigOverrides(t *testing.T) {
	ovs := []postgres.CalendarOverride{
		{Day: date(2026, 3, 3), Kind: postgres.OverrideDayOff, Reason: "nghỉ đột xuất", Actor: "admin"},
		{Day: date(2026, 2, 20), Kind: postgres.OverrideWorking, Reason: "trực Tết", Actor: "admin"},
		{Day: date(2026, 3, 8), Kind: postgres.OverrideWorking, Reason: "làm bù", Actor: "admin"},
		{Day: date(2025, 4, 26), Kind: postgres.OverrideDayOff, Reason: "hủy làm bù", Actor: "admin"},
	}
	base := workday.DefaultConfig()
	plain, _ := workday.New(base)
	cfg, err := CalendarConfig(base, ovs)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := workday.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		day           workday.Date
		before, after bool
		reason        string
	}{
		{date(2026, 3, 3), true, false, "nghỉ đột xuất"},
		{date(2026, 2, 20), false, true, "trực Tết"},
		{date(2026, 3, 8), false, true, "làm bù"},
		{date(2026, 3, 4), true, true, ""},
		{date(2026, 1, 1), false, false, ""}, // the computed holiday of the year stays
	} {
		wb, _ := plain.IsWorkingDay(c.day)
		wa, r := cal.IsWorkingDay(c.day)
		if wb != c.before || wa != c.after || (c.reason != "" && !strings.Contains(r.String(), c.reason)) {
			t.Errorf("%s: working %v → %v (%s), want %v → %v naming %q", c.day, wb, wa, r, c.before, c.after, c.reason)
		}
	}
	// Saturday 26/04/2025 is a make-up working day of the official schedule.
	if w, _ := plain.IsWorkingDay(date(2025, 4, 26)); !w {
		t.Fatal("test setup: 26/04/2025 should be a make-up working day")
	}
	if w, r := cal.IsWorkingDay(date(2025, 4, 26)); w || !strings.Contains(r.String(), "hủy làm bù") {
		t.Errorf("a day off declared on a make-up Saturday must win over it: working=%v (%s)", w, r)
	}
	if same, err := CalendarConfig(base, nil); err != nil || same.Schedule != base.Schedule {
		t.Errorf("no overrides must leave the config as it is: %v", err)
	}
	if _, err := CalendarConfig(base, []postgres.CalendarOverride{{Day: date(2026, 1, 5), Kind: "holiday"}}); err == nil {
		t.Error("an unknown override kind was accepted")
	}
}
