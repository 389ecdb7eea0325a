package deadlines

import (
	"context"
	"fmt"
	"sync"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// CalendarSource is the service's working calendar: a base configuration
// (office hours, the official schedules, the 24/11 switch) with the days
// administrators declared off or working in the database on top. Load
// compares the database's calendar version with the one it built from and
// rebuilds on change, so every process follows a change at its next job.
type CalendarSource struct {
	base workday.Config

	mu      sync.Mutex
	cal     *workday.Calendar
	version int64
}

// NewCalendarSource checks base and returns a source whose calendar is base
// until Load reads the overrides.
func NewCalendarSource(base workday.Config) (*CalendarSource, error) {
	cal, err := workday.New(base)
	if err != nil {
		return nil, err
	}
	return &CalendarSource{base: base, cal: cal, version: -1}, nil
}

// Current is the calendar last loaded (never nil); it does not touch the
// database (for River's periodic schedules, which must not block).
func (c *CalendarSource) Current() *workday.Calendar {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cal
}

// Load returns the calendar with the overrides q sees, rebuilding it when
// the version changed since the last Load.
func (c *CalendarSource) Load(ctx context.Context, s *postgres.Store, q postgres.Querier) (*workday.Calendar, error) {
	v, err := s.CalendarVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if v == c.version {
		cal := c.cal
		c.mu.Unlock()
		return cal, nil
	}
	c.mu.Unlock()
	ovs, v, err := s.CalendarOverrides(ctx, q)
	if err != nil {
		return nil, err
	}
	cal, err := c.Build(ovs)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if v >= c.version {
		c.cal, c.version = cal, v
	}
	c.mu.Unlock()
	return cal, nil
}

// Build is the calendar of the base configuration with the overrides ovs
// (CalendarConfig), without touching the source: a calendar change
// recomputes the open deadlines with it before it commits.
func (c *CalendarSource) Build(ovs []postgres.CalendarOverride) (*workday.Calendar, error) {
	cfg, err := CalendarConfig(c.base, ovs)
	if err != nil {
		return nil, err
	}
	cal, err := workday.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("calendar with %d overrides: %w", len(ovs), err)
	}
	return cal, nil
}

// CalendarConfig lays the administrators' overrides over base: a day off
// becomes an official day off tied to no holiday (so the computed holidays
// of its year stay), a working day becomes a make-up working day, which
// wins over any day off of the schedule or of the computed holidays. An
// override of a day replaces a make-up day of the schedule on that day.
func CalendarConfig(base workday.Config, ovs []postgres.CalendarOverride) (workday.Config, error) {
	if len(ovs) == 0 {
		return base, nil
	}
	sched := base.Schedule
	if sched == nil {
		var err error
		if sched, err = workday.EmbeddedSchedule(); err != nil {
			return base, err
		}
	}
	over := map[workday.Date]bool{}
	for _, o := range ovs {
		over[o.Day] = true
	}
	out := &workday.Schedule{File: sched.File + " + calendar_override"}
	out.DaysOff = append(out.DaysOff, sched.DaysOff...)
	for _, m := range sched.MakeUps {
		if !over[m.Date] {
			out.MakeUps = append(out.MakeUps, m)
		}
	}
	for _, o := range ovs {
		note := "khai báo của quản trị viên " + o.Actor
		switch o.Kind {
		case postgres.OverrideDayOff:
			out.DaysOff = append(out.DaysOff, workday.DayOff{From: o.Day, To: o.Day, Name: o.Reason, Note: note})
		case postgres.OverrideWorking:
			out.MakeUps = append(out.MakeUps, workday.MakeUp{Date: o.Day, Note: "làm việc: " + o.Reason + "; " + note})
		default:
			return base, fmt.Errorf("calendar override %s: unknown kind %q", o.Day, o.Kind)
		}
	}
	base.Schedule = out
	return base, nil
}
