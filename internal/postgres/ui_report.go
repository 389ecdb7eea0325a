package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/triage"
)

// timelinessQuery groups items by $1 ("month", "timing", "unit", "person"):
// finished on time (done before their nearest deadline, Điều 13), finished
// late, and still open past their deadline. $2..$3 bound the finishing
// instant, $4 is now, $5/$6 the unit scope.
const timelinessQuery = `
SELECT k, count(*) FILTER (WHERE NOT open AND (next_due_at IS NULL OR done_at <= next_due_at)),
	count(*) FILTER (WHERE NOT open AND done_at > next_due_at),
	count(*) FILTER (WHERE open AND sort_due < $4)
FROM (
	SELECT t.open, t.done_at, t.next_due_at, t.sort_due, CASE $1::text
		WHEN 'month' THEN to_char(coalesce(t.done_at, t.next_due_at) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')
		WHEN 'timing' THEN t.timing
		WHEN 'unit' THEN t.unit
		ELSE coalesce(a.display_name, '') END AS k
	FROM triage t LEFT JOIN account a ON a.id = t.assignee_id
	WHERE ((NOT t.open AND t.done_at >= $2 AND t.done_at < $3) OR (t.open AND t.sort_due < $4))
	  AND ($5::bool OR t.unit = ANY ($6::text[]))
) x GROUP BY k ORDER BY k`

func (u *UI) timeliness(ctx context.Context, by string, from, to, now time.Time, all bool, units []string) ([]triage.Timeliness, error) {
	rows, err := u.Pool.Query(ctx, timelinessQuery, by, from, to, now, all, nonNil(units))
	if err != nil {
		return nil, fmt.Errorf("timeliness by %s: %w", by, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (triage.Timeliness, error) {
		var t triage.Timeliness
		err := r.Scan(&t.Key, &t.OnTime, &t.Late, &t.Open)
		return t, err
	})
}

// Dashboard implements triage.Store for the managers (scoped to their units).
func (u *UI) Dashboard(ctx context.Context, p auth.Principal, from, to time.Time) (triage.Dashboard, error) {
	d := triage.Dashboard{From: from, To: to}
	all, units := p.Scope(auth.PermDashboard)
	if !all && len(units) == 0 {
		return d, triage.ErrForbidden
	}
	now := u.now()
	var err error
	for _, g := range []struct {
		by  string
		dst *[]triage.Timeliness
	}{{"month", &d.ByMonth}, {"timing", &d.ByTiming}, {"unit", &d.ByUnit}, {"person", &d.ByPerson}} {
		if *g.dst, err = u.timeliness(ctx, g.by, from, to, now, all, units); err != nil {
			return d, err
		}
	}
	// Điều 10: did the providing unit send in time? Screening ground 14.6
	// marks an item received after its Điều 10 deadline.
	rows, err := u.Pool.Query(ctx, `SELECT unit, count(*) FILTER (WHERE NOT '14.6' = ANY (grounds)), count(*) FILTER (WHERE '14.6' = ANY (grounds)), 0
		FROM triage WHERE kind = 'publish' AND received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[]))
		GROUP BY unit ORDER BY unit`, from, to, all, nonNil(units))
	if err != nil {
		return d, fmt.Errorf("provider timeliness: %w", err)
	}
	if d.Provider, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (triage.Timeliness, error) {
		var t triage.Timeliness
		err := r.Scan(&t.Key, &t.OnTime, &t.Late, &t.Open)
		return t, err
	}); err != nil {
		return d, err
	}
	page, err := u.Inbox(ctx, triage.Filter{Overdue: true, AllUnits: all, Units: units, SeeQuarantined: p.Has(auth.PermViewQuarantined), Limit: 100, Now: now})
	if err != nil {
		return d, err
	}
	d.Overdue = page.Rows
	err = u.Pool.QueryRow(ctx, `SELECT count(*) FROM triage WHERE open AND ($1::bool OR unit = ANY ($2::text[]))`, all, nonNil(units)).Scan(&d.OpenCount)
	return d, err
}

var vietnamZone = time.FixedZone("ICT", 7*3600)

// YearReport implements triage.Store: the yearly summary of Điều 22.
func (u *UI) YearReport(ctx context.Context, year int) (triage.YearReport, error) {
	r := triage.YearReport{Year: year}
	if year < 2000 || year > 2200 {
		return r, triage.Invalidf("năm %d không hợp lệ", year)
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, vietnamZone)
	to := from.AddDate(1, 0, 0)
	if err := u.Pool.QueryRow(ctx, `SELECT count(*) FROM triage WHERE received_at >= $1 AND received_at < $2`, from, to).Scan(&r.Received); err != nil {
		return r, err
	}
	counts := func(sql string) ([]triage.Count, error) {
		rows, err := u.Pool.Query(ctx, sql, from, to)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(row pgx.CollectableRow) (triage.Count, error) {
			var c triage.Count
			err := row.Scan(&c.Key, &c.N)
			return c, err
		})
	}
	var err error
	if r.ByCategory, err = counts(`SELECT category, count(*) FROM triage WHERE kind = 'publish' AND received_at >= $1 AND received_at < $2 GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.ByKind, err = counts(`SELECT kind, count(*) FROM triage WHERE received_at >= $1 AND received_at < $2 GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.Refusals, err = counts(`SELECT refusal_ground, count(*) FROM triage WHERE state = 'refused' AND received_at >= $1 AND received_at < $2 GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.Takedowns, err = counts(`SELECT takedown, count(*) FROM triage WHERE takedown <> '' AND received_at >= $1 AND received_at < $2 GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	r.ByUnit, err = u.timeliness(ctx, "unit", from, to, u.now(), true, nil)
	return r, err
}
