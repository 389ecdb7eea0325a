package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// The working calendar as administrators change it: days declared off or
// working over the built-in calendar, each change recomputing every open
// deadline (Điều 10–13 count working days).

var _ view.CalendarAdmin = (*Desk)(nil)

var errCalendarOff = errors.New("the calendar of deadlines is not configured in this process")

// calendar is the deadlines' calendar source, or errCalendarOff.
func (d *Desk) calendar() (*deadlines.Service, error) {
	dd := d.Deps.Deadlines
	if dd == nil || dd.Calendar == nil {
		return nil, errCalendarOff
	}
	return dd, nil
}

// CalendarDays implements view.CalendarAdmin.
func (d *Desk) CalendarDays(ctx context.Context) ([]view.CalendarDay, error) {
	s := d.store()
	ovs, _, err := s.CalendarOverrides(ctx, s.Pool)
	if err != nil {
		return nil, err
	}
	out := make([]view.CalendarDay, len(ovs))
	for i, o := range ovs {
		out[i] = view.CalendarDay{Day: o.Day, Kind: o.Kind, Reason: o.Reason, Actor: o.Actor, UpdatedAt: o.UpdatedAt}
	}
	return out, nil
}

// CalendarYear implements view.CalendarAdmin: the calendar the deadlines
// count with, the administrators' declarations included.
func (d *Desk) CalendarYear(ctx context.Context, y int) (workday.YearReport, error) {
	dd, err := d.calendar()
	if err != nil {
		return workday.YearReport{}, err
	}
	s := d.store()
	cal, err := dd.Calendar.Load(ctx, s, s.Pool)
	if err != nil {
		return workday.YearReport{}, err
	}
	return cal.Year(y), nil
}

// CalendarChanges implements view.CalendarAdmin.
func (d *Desk) CalendarChanges(ctx context.Context, limit int) ([]view.CalendarChange, error) {
	s := d.store()
	chs, err := s.CalendarChanges(ctx, s.Pool, limit)
	if err != nil {
		return nil, err
	}
	out := make([]view.CalendarChange, len(chs))
	for i, c := range chs {
		out[i] = view.CalendarChange{At: c.At, Actor: c.Actor, Day: c.Day, OldKind: c.OldKind, NewKind: c.NewKind, Reason: c.Reason, Moved: c.Moved}
	}
	return out, nil
}

// ChangeCalendar implements view.CalendarAdmin, for the web UI and the
// command alike: o.Day declared off (postgres.OverrideDayOff), working
// (postgres.OverrideWorking) or back to the built-in calendar (kind ""),
// in one transaction as o.Actor; then every open deadline is recomputed
// with the new calendar: each one that moved gets a "recomputed" event
// with its old and new due instants, and its warning and breach jobs are
// inserted anew (the old ones find the due instant changed and do
// nothing). A day that had that setting already changes nothing.
func (d *Desk) ChangeCalendar(ctx context.Context, o view.DayOverride) (view.CalendarOutcome, error) {
	var out view.CalendarOutcome
	dd, err := d.calendar()
	if err != nil {
		return out, err
	}
	o.Reason = strings.TrimSpace(o.Reason)
	switch o.Kind {
	case postgres.OverrideDayOff, postgres.OverrideWorking:
		if o.Reason == "" {
			return out, workflow.Invalidf("ghi rõ lý do (ví dụ: số văn bản thông báo nghỉ, làm bù)")
		}
	case "":
	default:
		return out, workflow.Invalidf("loại ngày %q không hợp lệ: nghỉ (day_off), làm việc (working) hoặc trở về lịch mặc định", o.Kind)
	}
	if o.Day.IsZero() {
		return out, workflow.Invalidf("chọn ngày")
	}
	err = d.store().InTxAs(ctx, o.Actor, func(tx pgx.Tx) error {
		var err error
		out, err = d.changeCalendar(ctx, tx, dd, o)
		if err != nil {
			return fmt.Errorf("calendar %s: %w", o.Day, err)
		}
		return nil
	})
	return out, err
}

// changeCalendar is ChangeCalendar in tx.
func (d *Desk) changeCalendar(ctx context.Context, tx pgx.Tx, dd *deadlines.Service, o view.DayOverride) (view.CalendarOutcome, error) {
	var out view.CalendarOutcome
	s := d.store()
	ch, changed, err := s.SetCalendarOverride(ctx, tx, o.Day, o.Kind, o.Reason, o.Actor)
	if err != nil || !changed {
		return out, err
	}
	out.Changed, out.ChangeID = true, ch.ID
	ovs, _, err := s.CalendarOverrides(ctx, tx)
	if err != nil {
		return out, err
	}
	cal, err := dd.Calendar.Build(ovs)
	if err != nil {
		return out, err
	}
	moved, open, err := dd.Recompute(ctx, tx, cal, postgres.DeadlineChange{
		Kind: "recomputed", Actor: o.Actor, Reason: calendarReason(o),
		Detail: map[string]any{"calendar_change": ch.ID, "day": o.Day.String(), "override": o.Kind},
	})
	if err != nil {
		return out, err
	}
	out.Open = open
	for _, m := range moved {
		sd, n := m.Before, m.After
		sub, err := s.Submission(ctx, tx, sd.SubmissionID)
		if err != nil {
			return out, fmt.Errorf("submission %d of deadline %d: %w", sd.SubmissionID, sd.ID, err)
		}
		out.Moved = append(out.Moved, view.MovedDeadline{ItemID: sd.SubmissionID, Reference: sub.Reference, Rule: sd.Rule.ID,
			OldDue: sd.Due, NewDue: n.Due, OldState: string(sd.State), NewState: string(n.State)})
	}
	if err := s.SetCalendarChangeMoved(ctx, tx, ch.ID, len(out.Moved)); err != nil {
		return out, err
	}
	return out, nil
}

// calendarReason says in Vietnamese what changed in the calendar.
func calendarReason(o view.DayOverride) string {
	var what string
	switch o.Kind {
	case postgres.OverrideDayOff:
		what = "khai báo ngày nghỉ"
	case postgres.OverrideWorking:
		what = "khai báo ngày làm việc"
	default:
		what = "bỏ khai báo riêng, trở về lịch mặc định"
	}
	s := fmt.Sprintf("Lịch làm việc thay đổi: %s %s", what, o.Day.VN())
	if o.Reason != "" {
		s += " (" + o.Reason + ")"
	}
	return s
}
