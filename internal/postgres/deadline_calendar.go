package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Kinds of calendar override.
const (
	OverrideDayOff  = "day_off" // a day off an administrator declared
	OverrideWorking = "working" // a working day an administrator declared
)

// CalendarOverride is a day an administrator declared off or working, over
// the built-in calendar of internal/workday.
type CalendarOverride struct {
	Day       workday.Date
	Kind      string
	Reason    string
	Actor     string
	UpdatedAt time.Time
}

// CalendarChange is one change of the overrides, as recorded.
type CalendarChange struct {
	ID      int64
	At      time.Time
	Actor   string
	Day     workday.Date
	OldKind string // "" = no override
	NewKind string
	Reason  string
	Moved   int // open deadlines whose due instant moved
	// Version is the calendar version after the change.
	Version int64
}

// CalendarVersion returns the version of the calendar overrides; it goes up
// with every change.
func (s *Store) CalendarVersion(ctx context.Context, q Querier) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT version FROM calendar_state WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("calendar version: %w", err)
	}
	return v, nil
}

// CalendarOverrides returns every override by day, with the version they
// make up.
func (s *Store) CalendarOverrides(ctx context.Context, q Querier) ([]CalendarOverride, int64, error) {
	v, err := s.CalendarVersion(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT day, kind, reason, actor, updated_at FROM calendar_override ORDER BY day`)
	if err != nil {
		return nil, 0, fmt.Errorf("calendar overrides: %w", err)
	}
	defer rows.Close()
	var out []CalendarOverride
	for rows.Next() {
		var o CalendarOverride
		var day time.Time
		if err := rows.Scan(&day, &o.Kind, &o.Reason, &o.Actor, &o.UpdatedAt); err != nil {
			return nil, 0, err
		}
		o.Day = dateOf(&day)
		out = append(out, o)
	}
	return out, v, rows.Err()
}

// SetCalendarOverride declares day off (OverrideDayOff), working
// (OverrideWorking), or removes its override (kind ""), records the change
// and bumps the version. Changes are serialised on the calendar_state row.
// changed is false (and nothing is recorded) when the day already had that
// override with that reason.
func (s *Store) SetCalendarOverride(ctx context.Context, tx pgx.Tx, day workday.Date, kind, reason, actor string) (ch CalendarChange, changed bool, err error) {
	switch kind {
	case OverrideDayOff, OverrideWorking, "":
	default:
		return ch, false, fmt.Errorf("calendar override %s: kind %q is not day_off, working or empty", day, kind)
	}
	if _, err := tx.Exec(ctx, `SELECT version FROM calendar_state WHERE id = 1 FOR UPDATE`); err != nil {
		return ch, false, fmt.Errorf("lock calendar: %w", err)
	}
	d := dateArg(day)
	var oldKind, oldReason string
	err = tx.QueryRow(ctx, `SELECT kind, reason FROM calendar_override WHERE day = $1`, d).Scan(&oldKind, &oldReason)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return ch, false, fmt.Errorf("calendar override %s: %w", day, err)
	}
	if oldKind == kind && (kind == "" || oldReason == reason) {
		return ch, false, nil
	}
	if kind == "" {
		_, err = tx.Exec(ctx, `DELETE FROM calendar_override WHERE day = $1`, d)
	} else {
		_, err = tx.Exec(ctx, `INSERT INTO calendar_override (day, kind, reason, actor) VALUES ($1, $2, $3, $4)
			ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, actor = EXCLUDED.actor, updated_at = now()`,
			d, kind, reason, actor)
	}
	if err != nil {
		return ch, false, fmt.Errorf("calendar override %s: %w", day, err)
	}
	ch = CalendarChange{Actor: actor, Day: day, OldKind: oldKind, NewKind: kind, Reason: reason}
	if err := tx.QueryRow(ctx, `INSERT INTO calendar_change (actor, day, old_kind, new_kind, reason) VALUES ($1, $2, $3, $4, $5)
		RETURNING id, at`, actor, d, oldKind, kind, reason).Scan(&ch.ID, &ch.At); err != nil {
		return ch, false, fmt.Errorf("record calendar change %s: %w", day, err)
	}
	if err := tx.QueryRow(ctx, `UPDATE calendar_state SET version = version + 1 WHERE id = 1 RETURNING version`).Scan(&ch.Version); err != nil {
		return ch, false, fmt.Errorf("bump calendar version: %w", err)
	}
	return ch, true, nil
}

// SetCalendarChangeMoved records how many open deadlines a change moved.
func (s *Store) SetCalendarChangeMoved(ctx context.Context, tx pgx.Tx, id int64, moved int) error {
	_, err := tx.Exec(ctx, `UPDATE calendar_change SET moved = $2 WHERE id = $1`, id, moved)
	return err
}

// CalendarChanges returns the most recent changes first.
func (s *Store) CalendarChanges(ctx context.Context, q Querier, limit int) ([]CalendarChange, error) {
	rows, err := q.Query(ctx, `SELECT id, at, actor, day, old_kind, new_kind, reason, moved FROM calendar_change ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("calendar changes: %w", err)
	}
	defer rows.Close()
	var out []CalendarChange
	for rows.Next() {
		var c CalendarChange
		var day time.Time
		if err := rows.Scan(&c.ID, &c.At, &c.Actor, &day, &c.OldKind, &c.NewKind, &c.Reason, &c.Moved); err != nil {
			return nil, err
		}
		c.Day = dateOf(&day)
		out = append(out, c)
	}
	return out, rows.Err()
}
