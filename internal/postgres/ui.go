package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// UI implements view.Store: the web UI's reads; the people's actions on
// items and the registration of a paper submission are desk.Desk's (which
// loads and stores them through Store.ActionItem, RecordAction,
// InsertManualTx and SaveSubmitter).
type UI struct {
	*Store
	// Keys seals and opens personal data (Điều 4 khoản 4).
	Keys *crypto.Keyring
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

var _ view.Store = (*UI)(nil)

func (u *UI) now() time.Time {
	if u.Now != nil {
		return u.Now()
	}
	return time.Now()
}

// The inbox: every predicate is written so that an unused filter folds to
// true when the values are inlined (simple protocol, see Inbox), which lets
// the planner use the partial index that matches the filters in use.
const inboxWhere = `
	t.open
	AND ($1::text = '' OR t.state = $1)
	AND ($2::text = '' OR t.kind = $2)
	AND ($3::text = '' OR t.timing = $3)
	AND ($4::text = '' OR t.unit = $4)
	AND ($5::bigint = 0 OR t.assignee_id = $5)
	AND (NOT $6::bool OR t.sort_due < $7::timestamptz)
	AND (NOT $8::bool OR t.quarantined)
	AND ($9::bool OR NOT t.quarantined)
	AND ($10::bool OR t.unit = ANY ($11::text[]))
	AND ($12::text = '' OR t.forwarded_unit = $12)
	AND ($13::text = '' OR EXISTS (SELECT 1 FROM submission fs JOIN message fm ON fm.id = fs.first_message_id
		JOIN mailbox fmb ON fmb.id = fm.mailbox_id WHERE fs.id = t.submission_id AND fmb.account = $13))`

const inboxQuery = `
SELECT t.submission_id, s.reference, s.subject, s.from_name, s.from_addr, t.state, t.kind, t.category, t.timing, t.unit,
	t.forwarded_unit, coalesce(a.display_name, ''), t.next_due_at, t.next_due_rule, t.quarantined, t.received_at, t.grounds, t.sort_due,
	coalesce(mb.account, ''), coalesce(c.needs_confirmation AND t.classified_by IS NULL, false)
FROM triage t
JOIN submission s ON s.id = t.submission_id
LEFT JOIN account a ON a.id = t.assignee_id
LEFT JOIN message m ON m.id = s.first_message_id
LEFT JOIN mailbox mb ON mb.id = m.mailbox_id
LEFT JOIN classification c ON c.submission_id = t.submission_id
WHERE ` + inboxWhere + `
	AND (t.sort_due, t.submission_id) > ($14::timestamptz, $15::bigint)
ORDER BY t.sort_due, t.submission_id
LIMIT $16`

const inboxCount = `SELECT count(*) FROM (SELECT 1 FROM triage t WHERE ` + inboxWhere + ` LIMIT $14) x`

// Inbox implements view.Store with keyset pagination on (sort_due,
// submission_id). The query goes through the simple protocol so that each
// page is planned for its own filter values (a cached generic plan cannot
// use the partial indexes of migration 00033).
func (u *UI) Inbox(ctx context.Context, f view.Filter) (view.Page, error) {
	var page view.Page
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Now.IsZero() {
		f.Now = u.now()
	}
	units := f.Units
	if units == nil {
		units = []string{}
	}
	afterDue := pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
	var afterID int64
	if f.After != nil {
		afterID = f.After.ID
		if f.After.Due == nil {
			afterDue = pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true}
		} else {
			afterDue = pgtype.Timestamptz{Time: *f.After.Due, Valid: true}
		}
	}
	args := []any{f.State, f.Kind, f.Timing, f.Unit, f.AssigneeID, f.Overdue, f.Now, f.Quarantined, f.SeeQuarantined, f.AllUnits, units, f.ForwardedUnit, f.Mailbox}
	rows, err := u.Pool.Query(ctx, inboxQuery, append([]any{pgx.QueryExecModeSimpleProtocol}, append(args, afterDue, afterID, f.Limit+1)...)...)
	if err != nil {
		return page, fmt.Errorf("inbox: %w", err)
	}
	var last pgtype.Timestamptz
	for rows.Next() {
		var r view.Row
		if err := rows.Scan(&r.ID, &r.Reference, &r.Subject, &r.FromName, &r.FromAddr, &r.State, &r.Kind, &r.Category, &r.Timing, &r.Unit,
			&r.ForwardedUnit, &r.Assignee, &r.NextDue, &r.NextRule, &r.Quarantined, &r.ReceivedAt, &r.Grounds, &last, &r.Mailbox, &r.NeedsConfirmation); err != nil {
			rows.Close()
			return page, fmt.Errorf("inbox: %w", err)
		}
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("inbox: %w", err)
	}
	if len(page.Rows) > f.Limit {
		page.Rows = page.Rows[:f.Limit]
		lastRow := page.Rows[f.Limit-1]
		page.Next = &view.Cursor{ID: lastRow.ID, Due: lastRow.NextDue}
	}
	if err := u.laterDeadlines(ctx, page.Rows); err != nil {
		return page, err
	}
	if err := u.markProposed(ctx, page.Rows); err != nil {
		return page, err
	}
	if err := u.Pool.QueryRow(ctx, inboxCount, append([]any{pgx.QueryExecModeSimpleProtocol}, append(args, view.CountCap+1)...)...).Scan(&page.Count); err != nil {
		return page, fmt.Errorf("inbox count: %w", err)
	}
	if page.Count > view.CountCap {
		page.Count, page.Capped = view.CountCap, true
	}
	return page, nil
}

// laterDeadlines fills Row.Later: the deadlines of the page's items that
// still count (as triage_refresh_due counts them: running, or breached and
// not yet met) other than the nearest one the row already shows. One
// query for the page, on deadline_submission_idx.
func (u *UI) laterDeadlines(ctx context.Context, rows []view.Row) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
	}
	q, err := u.Pool.Query(ctx, `SELECT submission_id, rule_id, due_at FROM deadline
		WHERE submission_id = ANY($1) AND (state = 'running' OR (state = 'breached' AND stopped_at IS NULL))
		ORDER BY submission_id, due_at, rule_id`, ids)
	if err != nil {
		return fmt.Errorf("inbox deadlines: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var id int64
		var d view.Due
		if err := q.Scan(&id, &d.Rule, &d.At); err != nil {
			return fmt.Errorf("inbox deadlines: %w", err)
		}
		r := &rows[at[id]]
		if r.NextDue != nil && d.Rule == r.NextRule && d.At.Equal(*r.NextDue) {
			continue // the nearest, shown already
		}
		r.Later = append(r.Later, d)
	}
	return q.Err()
}

// scope loads what decides who may see an item.
func (u *UI) scope(ctx context.Context, q Querier, p auth.Principal, id int64) (unit, fwd, state string, quarantined bool, err error) {
	err = q.QueryRow(ctx, `SELECT unit, forwarded_unit, state, quarantined FROM triage WHERE submission_id = $1`, id).Scan(&unit, &fwd, &state, &quarantined)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && !workflow.CanView(p, unit, fwd, quarantined) {
		return "", "", "", false, workflow.ErrNotFound
	}
	return unit, fwd, state, quarantined, err
}
