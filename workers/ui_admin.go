package workers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// UIAdmin is what the administrators' pages of the web UI change beyond
// accounts: the directory of units and people (Điều 21 khoản 1, 5), the
// people's absences, and the calendar's days off and make-up working days,
// whose changes recompute every open deadline (ChangeCalendar). Each change
// is one transaction attributed to the person in the audit trail (Điều 6
// khoản 2).
type UIAdmin struct {
	Deps *Deps
	// Client inserts the deadline jobs a calendar change reschedules.
	Client *river.Client[pgx.Tx]
}

var (
	_ view.DirectoryAdmin = (*UIAdmin)(nil)
	_ view.CalendarAdmin  = (*UIAdmin)(nil)
)

// DirectoryVersions implements view.DirectoryAdmin.
func (a *UIAdmin) DirectoryVersions(ctx context.Context) ([]view.DirectoryVersion, error) {
	stored, err := a.Deps.Store.StoredDirectoryVersions(ctx, a.Deps.Store.Pool)
	if err != nil {
		return nil, err
	}
	var seed []*directory.Directory
	if c := a.Deps.Classify; c != nil {
		seed = c.Seed
	}
	dirs := make([]*directory.Directory, len(stored))
	byDir := make(map[*directory.Directory]postgres.StoredDirectory, len(stored))
	for i, v := range stored {
		dirs[i], byDir[v.Dir] = v.Dir, v
	}
	var out []view.DirectoryVersion
	for _, d := range directory.Merge(seed, dirs) {
		v, ok := byDir[d]
		out = append(out, view.DirectoryVersion{Dir: d, Stored: ok, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt})
	}
	return out, nil
}

// SaveDirectory implements view.DirectoryAdmin: the version, checked by
// directory.Load, replaces a stored one of the same day. Routing reads the
// stored versions at each job, so it follows at once.
func (a *UIAdmin) SaveDirectory(ctx context.Context, actor string, d *directory.Directory) error {
	if d == nil || d.EffectiveFrom.IsZero() || len(d.Units) == 0 {
		return workflow.Invalidf("phiên bản danh bạ cần ngày có hiệu lực và ít nhất một đơn vị")
	}
	s := a.Deps.Store
	return s.InTxAs(ctx, actor, func(tx pgx.Tx) error { return s.SaveDirectoryVersion(ctx, tx, d, actor) })
}

// Absences implements view.DirectoryAdmin.
func (a *UIAdmin) Absences(ctx context.Context, day workday.Date) ([]view.Absence, error) {
	rows, err := a.Deps.Store.Absences(ctx, a.Deps.Store.Pool, day)
	if err != nil {
		return nil, err
	}
	out := make([]view.Absence, len(rows))
	for i, r := range rows {
		out[i] = view.Absence{PersonID: r.PersonID, From: r.From, To: r.To, Note: r.Note, CreatedBy: r.CreatedBy}
	}
	return out, nil
}

// AddAbsence implements view.DirectoryAdmin: the person must be in the
// directory in force on the absence's first day.
func (a *UIAdmin) AddAbsence(ctx context.Context, actor string, ab view.Absence) error {
	if ab.From.IsZero() || ab.To.IsZero() || ab.To.Before(ab.From) {
		return workflow.Invalidf("khoảng nghỉ không hợp lệ: từ %s đến %s", ab.From, ab.To)
	}
	s := a.Deps.Store
	return s.InTxAs(ctx, actor, func(tx pgx.Tx) error {
		if a.Deps.Classify != nil {
			dir, err := a.Deps.DirectoryAt(ctx, tx, ab.From)
			if err != nil {
				return err
			}
			if dir.Person(ab.PersonID) == nil {
				return workflow.Invalidf("không có người %q trong danh bạ có hiệu lực ngày %s", ab.PersonID, ab.From.VN())
			}
		}
		return s.AddAbsence(ctx, tx, ab.PersonID, ab.From, ab.To, strings.TrimSpace(ab.Note), actor)
	})
}

var errCalendarOff = errors.New("the calendar of deadlines is not configured in this process")

// CalendarDays implements view.CalendarAdmin.
func (a *UIAdmin) CalendarDays(ctx context.Context) ([]view.CalendarDay, error) {
	ovs, _, err := a.Deps.Store.CalendarOverrides(ctx, a.Deps.Store.Pool)
	if err != nil {
		return nil, err
	}
	out := make([]view.CalendarDay, len(ovs))
	for i, o := range ovs {
		out[i] = view.CalendarDay{Day: o.Day, Kind: o.Kind, Reason: o.Reason, Actor: o.Actor, UpdatedAt: o.UpdatedAt}
	}
	return out, nil
}

// CalendarYear implements view.CalendarAdmin: the calendar the
// deadlines count with, the administrators' declarations included.
func (a *UIAdmin) CalendarYear(ctx context.Context, y int) (workday.YearReport, error) {
	dd := a.Deps.Deadlines
	if dd == nil || dd.Calendar == nil {
		return workday.YearReport{}, errCalendarOff
	}
	cal, err := dd.Calendar.Load(ctx, a.Deps.Store, a.Deps.Store.Pool)
	if err != nil {
		return workday.YearReport{}, err
	}
	return cal.Year(y), nil
}

// CalendarChanges implements view.CalendarAdmin.
func (a *UIAdmin) CalendarChanges(ctx context.Context, limit int) ([]view.CalendarChange, error) {
	chs, err := a.Deps.Store.CalendarChanges(ctx, a.Deps.Store.Pool, limit)
	if err != nil {
		return nil, err
	}
	out := make([]view.CalendarChange, len(chs))
	for i, c := range chs {
		out[i] = view.CalendarChange{At: c.At, Actor: c.Actor, Day: c.Day, OldKind: c.OldKind, NewKind: c.NewKind, Reason: c.Reason, Moved: c.Moved}
	}
	return out, nil
}

// ChangeCalendar implements view.CalendarAdmin with the deadlines' own
// ChangeCalendar: the override, then every open deadline recomputed with
// the new calendar, each one moved recorded with its old and new due
// instants and its warning and breach jobs scheduled again.
func (a *UIAdmin) ChangeCalendar(ctx context.Context, actor string, day workday.Date, kind, reason string) (view.CalendarOutcome, error) {
	var out view.CalendarOutcome
	dd := a.Deps.Deadlines
	if dd == nil || dd.Calendar == nil {
		return out, errCalendarOff
	}
	switch kind {
	case "day_off", "working":
		if strings.TrimSpace(reason) == "" {
			return out, workflow.Invalidf("ghi rõ lý do (ví dụ: số văn bản thông báo nghỉ, làm bù)")
		}
	case "":
	default:
		return out, workflow.Invalidf("loại ngày %q không hợp lệ: nghỉ (day_off), làm việc (working) hoặc trở về lịch mặc định", kind)
	}
	if day.IsZero() {
		return out, workflow.Invalidf("chọn ngày")
	}
	s := a.Deps.Store
	err := s.InTxAs(ctx, actor, func(tx pgx.Tx) error {
		res, err := ChangeCalendar(ctx, tx, s, dd.Calendar, a.Client, dd.Fractions, day, kind, strings.TrimSpace(reason), actor)
		if err != nil {
			return fmt.Errorf("calendar %s: %w", day, err)
		}
		out.Changed, out.Open = res.Changed, res.Open
		for _, m := range res.Moved {
			out.Moved = append(out.Moved, view.MovedDeadline{ItemID: m.SubmissionID, Reference: m.Reference, Rule: m.Rule,
				OldDue: m.OldDue, NewDue: m.NewDue, OldState: string(m.OldState), NewState: string(m.NewState)})
		}
		return nil
	})
	return out, err
}
