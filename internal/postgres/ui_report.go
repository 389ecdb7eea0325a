package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// timelinessQuery measures timeliness from the deadline table (migration
// 00010): the Board's own deadlines — posting (Điều 13, started by the
// receipt) and the board member's review (Điều 12 khoản 3) — grouped by $1
// ("month", "timing", "unit", "person"). A deadline stopped in [$2, $3) is
// on time when met, late when breached; one still running is counted when
// overdue at $4 (breached, or past its due instant; a paused one waits for
// the author, Điều 11 khoản 2). Cancelled deadlines (a refused or closed
// item, a class corrected) do not count. The person is whoever answered for
// the deadline (its assignee, named by their account), else the item's
// assignee. $5/$6 scope the units.
const timelinessRows = `
	SELECT d.submission_id, d.rule_id, d.state, d.due_at, d.stopped_at, d.stopped_at IS NOT NULL AS stopped,
		t.unit, t.timing, t.state AS item_state, t.quarantined, w.person,
		CASE $1::text
		WHEN 'month' THEN to_char(coalesce(d.stopped_at, d.due_at) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')
		WHEN 'timing' THEN t.timing
		WHEN 'unit' THEN t.unit
		ELSE w.person END AS k
	FROM deadline d
	JOIN triage t ON t.submission_id = d.submission_id
	LEFT JOIN LATERAL (SELECT display_name FROM account WHERE d.assignee <> '' AND lower(email) = lower(d.assignee) ORDER BY id LIMIT 1) da ON true
	LEFT JOIN account ta ON ta.id = t.assignee_id
	CROSS JOIN LATERAL (SELECT coalesce(da.display_name, nullif(d.assignee, ''), ta.display_name, '') AS person) w
	WHERE d.start_event IN ('received', 'assigned_board_member')
	  AND ((d.state IN ('met', 'breached') AND d.stopped_at >= $2 AND d.stopped_at < $3)
		OR (d.stopped_at IS NULL AND (d.state = 'breached' OR (d.state = 'running' AND d.due_at < $4))))
	  AND ($5::bool OR t.unit = ANY ($6::text[]))`

const timelinessQuery = `
SELECT k, count(*) FILTER (WHERE stopped AND state = 'met'),
	count(*) FILTER (WHERE stopped AND state = 'breached'),
	count(*) FILTER (WHERE NOT stopped)
FROM (` + timelinessRows + `
) x GROUP BY k ORDER BY k`

// dashboardItemsQuery lists the deadlines behind one figure of
// timelinessQuery: group $7 with outcome $8; quarantined items only for
// those who may see them ($9, Điều 14 khoản 2).
const dashboardItemsQuery = `
SELECT x.submission_id, s.reference, s.subject, x.unit, x.timing, x.item_state, x.rule_id, x.state, x.due_at, x.stopped_at, x.person
FROM (` + timelinessRows + `
) x JOIN submission s ON s.id = x.submission_id
WHERE x.k = $7
  AND CASE $8::text WHEN 'on_time' THEN x.stopped AND x.state = 'met'
	WHEN 'late' THEN x.stopped AND x.state = 'breached'
	ELSE NOT x.stopped END
  AND ($9::bool OR NOT x.quarantined)
ORDER BY x.due_at, x.submission_id
LIMIT 500`

// providerQuery is the providers' timeliness of Điều 10 per unit, from the
// sending deadlines (started by the signing or the event, stopped by the
// receipt): met is sent in time, breached is late (the 14.6 ground).
const providerQuery = `
SELECT t.unit, count(*) FILTER (WHERE d.state = 'met'), count(*) FILTER (WHERE d.breached_at IS NOT NULL), 0
FROM deadline d JOIN triage t ON t.submission_id = d.submission_id
WHERE d.start_event IN ('signed', 'event') AND d.state IN ('met', 'breached')
  AND t.received_at >= $1 AND t.received_at < $2 AND ($3::bool OR t.unit = ANY ($4::text[]))
GROUP BY t.unit ORDER BY t.unit`

func (u *UI) timeliness(ctx context.Context, by string, from, to, now time.Time, all bool, units []string) ([]view.Timeliness, error) {
	rows, err := u.Pool.Query(ctx, timelinessQuery, by, from, to, now, all, nonNil(units))
	if err != nil {
		return nil, fmt.Errorf("timeliness by %s: %w", by, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Timeliness, error) {
		var t view.Timeliness
		err := r.Scan(&t.Key, &t.OnTime, &t.Late, &t.Open)
		return t, err
	})
}

// Dashboard implements view.Store for the managers (scoped to their units).
func (u *UI) Dashboard(ctx context.Context, p auth.Principal, from, to time.Time) (view.Dashboard, error) {
	d := view.Dashboard{From: from, To: to}
	all, units := p.Scope(auth.PermDashboard)
	if !all && len(units) == 0 {
		return d, workflow.ErrForbidden
	}
	now := u.now()
	var err error
	for _, g := range []struct {
		by  string
		dst *[]view.Timeliness
	}{{view.ByMonth, &d.ByMonth}, {view.ByTiming, &d.ByTiming}, {view.ByUnit, &d.ByUnit}, {view.ByPerson, &d.ByPerson}} {
		if *g.dst, err = u.timeliness(ctx, g.by, from, to, now, all, units); err != nil {
			return d, err
		}
	}
	// Điều 10: did the providing unit send in time?
	rows, err := u.Pool.Query(ctx, providerQuery, from, to, all, nonNil(units))
	if err != nil {
		return d, fmt.Errorf("provider timeliness: %w", err)
	}
	if d.Provider, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Timeliness, error) {
		var t view.Timeliness
		err := r.Scan(&t.Key, &t.OnTime, &t.Late, &t.Open)
		return t, err
	}); err != nil {
		return d, err
	}
	page, err := u.Inbox(ctx, view.Filter{Overdue: true, AllUnits: all, Units: units, SeeQuarantined: p.Has(auth.PermViewQuarantined), Limit: 100, Now: now})
	if err != nil {
		return d, err
	}
	d.Overdue = page.Rows
	if d.FeedConfirmed, err = u.feedConfirmed(ctx, p, from, to, all, units); err != nil {
		return d, err
	}
	err = u.Pool.QueryRow(ctx, `SELECT count(*) FROM triage WHERE open AND ($1::bool OR unit = ANY ($2::text[]))`, all, nonNil(units)).Scan(&d.OpenCount)
	return d, err
}

// DashboardItems implements view.Store: the deadlines behind one figure
// of the dashboard (a manager clicks a bar or a number), scoped to the
// manager's units like Dashboard.
func (u *UI) DashboardItems(ctx context.Context, p auth.Principal, q view.DashboardQuery) ([]view.DashboardItem, error) {
	all, units := p.Scope(auth.PermDashboard)
	if !all && len(units) == 0 {
		return nil, workflow.ErrForbidden
	}
	switch q.By {
	case view.ByFeed:
		return u.feedConfirmedItems(ctx, p, q, all, units)
	case view.ByMonth, view.ByTiming, view.ByUnit, view.ByPerson:
	default:
		return nil, workflow.Invalidf("cách nhóm %q không hợp lệ", q.By)
	}
	switch q.Outcome {
	case view.OutcomeOnTime, view.OutcomeLate, view.OutcomeOpen:
	default:
		return nil, workflow.Invalidf("kết quả %q không hợp lệ", q.Outcome)
	}
	rows, err := u.Pool.Query(ctx, dashboardItemsQuery, q.By, q.From, q.To, u.now(), all, nonNil(units), q.Key, q.Outcome, p.Has(auth.PermViewQuarantined))
	if err != nil {
		return nil, fmt.Errorf("dashboard items by %s: %w", q.By, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.DashboardItem, error) {
		var it view.DashboardItem
		err := r.Scan(&it.ID, &it.Reference, &it.Subject, &it.Unit, &it.Timing, &it.State, &it.Rule, &it.Deadline, &it.Due, &it.Stopped, &it.Person)
		return it, err
	})
}

// YearReport implements view.Store: the yearly summary of Điều 22, over
// the units p holds the report permission for (a manager limited to units
// sees those units only, as on the dashboard; issue 12, finding 9).
func (u *UI) YearReport(ctx context.Context, p auth.Principal, year int) (view.YearReport, error) {
	r := view.YearReport{Year: year}
	if year < 2000 || year > 2200 {
		return r, workflow.Invalidf("năm %d không hợp lệ", year)
	}
	all, units := p.Scope(auth.PermReport)
	if !all && len(units) == 0 {
		return r, workflow.ErrForbidden
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, workday.Zone)
	to := from.AddDate(1, 0, 0)
	if err := u.Pool.QueryRow(ctx, `SELECT count(*) FROM triage WHERE received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[]))`,
		from, to, all, nonNil(units)).Scan(&r.Received); err != nil {
		return r, err
	}
	counts := func(sql string) ([]view.Count, error) {
		rows, err := u.Pool.Query(ctx, sql, from, to, all, nonNil(units))
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(row pgx.CollectableRow) (view.Count, error) {
			var c view.Count
			err := row.Scan(&c.Key, &c.N)
			return c, err
		})
	}
	var err error
	if r.ByCategory, err = counts(`SELECT category, count(*) FROM triage WHERE kind = 'publish' AND received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[])) GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.ByKind, err = counts(`SELECT kind, count(*) FROM triage WHERE received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[])) GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.Refusals, err = counts(`SELECT refusal_ground, count(*) FROM triage WHERE state = 'refused' AND received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[])) GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	if r.Takedowns, err = counts(`SELECT takedown, count(*) FROM triage WHERE takedown <> '' AND received_at >= $1 AND received_at < $2 AND ($3::bool OR unit = ANY ($4::text[])) GROUP BY 1 ORDER BY 1`); err != nil {
		return r, err
	}
	r.ByUnit, err = u.timeliness(ctx, "unit", from, to, u.now(), all, units)
	return r, err
}
