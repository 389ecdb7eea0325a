package workers

import (
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestDigestScheduleSkipsDaysOff: the digest fires at 07:30 on working days
// only — Friday 27/02/2026 after 07:30 gives Monday 02/03.
func TestDigestScheduleSkipsDaysOff(t *testing.T) {
	src, err := deadlines.NewCalendarSource(workday.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	s := &workdaySchedule{cal: src, at: 7*time.Hour + 30*time.Minute}
	ict := workday.Zone
	for _, c := range []struct{ now, want time.Time }{
		{time.Date(2026, 2, 27, 7, 0, 0, 0, ict), time.Date(2026, 2, 27, 7, 30, 0, 0, ict)},
		{time.Date(2026, 2, 27, 7, 30, 0, 0, ict), time.Date(2026, 3, 2, 7, 30, 0, 0, ict)},
		{time.Date(2026, 2, 13, 9, 0, 0, 0, ict), time.Date(2026, 2, 23, 7, 30, 0, 0, ict)}, // Tết 2026: 14–22/02 off
	} {
		if got := s.Next(c.now); !got.Equal(c.want) {
			t.Errorf("Next(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}
