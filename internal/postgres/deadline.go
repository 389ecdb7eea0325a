package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// StoredDeadline is a deadline of Regulation 1319/QĐ-BTP as kept in the
// deadline table: the value of internal/deadline with its row identity.
type StoredDeadline struct {
	ID           int64
	SubmissionID int64
	deadline.Deadline
	// Explanation is deadline.Explain at the last change (Vietnamese).
	Explanation string
	// Assignee answers for the deadline (step 0 of the escalation chain);
	// "" means the Standing Board's desk.
	Assignee string
	// Generation goes up every time Due moves.
	Generation int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// DeadlineEvent is one entry of a deadline's history.
type DeadlineEvent struct {
	ID, DeadlineID, SubmissionID int64
	At                           time.Time
	Actor                        string
	// Kind: created, paused, resumed, met, breached, cancelled, recomputed,
	// replaced, decision_needed.
	Kind           string
	OldDue, NewDue time.Time
	OldState       deadline.State
	NewState       deadline.State
	Reason         string
	Detail         map[string]any
}

// DeadlineChange says why a deadline is written: the event recorded with it.
type DeadlineChange struct {
	Kind   string
	Actor  string
	Reason string
	Detail map[string]any
}

// pauseJSON is the stored form of a deadline.Pause.
type pauseJSON struct {
	From time.Time  `json:"from"`
	To   *time.Time `json:"to,omitempty"`
}

// Micro rounds t down to PostgreSQL's precision (microseconds), so that an
// instant read back compares equal to the one written.
func Micro(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Truncate(time.Microsecond)
}

// normalise brings every instant of d to PostgreSQL's precision.
func normalise(d deadline.Deadline) deadline.Deadline {
	d.Start, d.Due = Micro(d.Start), Micro(d.Due)
	d.StoppedAt, d.BreachedAt, d.CancelledAt = Micro(d.StoppedAt), Micro(d.BreachedAt), Micro(d.CancelledAt)
	d.Allowed = d.Allowed.Truncate(time.Microsecond)
	ps := make([]deadline.Pause, len(d.Pauses))
	for i, p := range d.Pauses {
		ps[i] = deadline.Pause{From: Micro(p.From), To: Micro(p.To)}
	}
	d.Pauses = ps
	return d
}

const deadlineColumns = `id, submission_id, rule, start_event, starts_at, start_date, requested_date, allowed, due_at,
	state, pauses, stopped_at, breached_at, cancelled_at, explanation, assignee, generation, created_at, updated_at`

// deadlineScan holds the raw columns of a deadline row.
type deadlineScan struct {
	rule, pauses                 []byte
	startDate, requested         *time.Time
	allowed                      pgtype.Interval
	stopped, breached, cancelled *time.Time
	start, due                   time.Time
	startEvent, state            string
}

func (r *deadlineScan) fields(d *StoredDeadline) []any {
	return []any{&d.ID, &d.SubmissionID, &r.rule, &r.startEvent, &r.start, &r.startDate, &r.requested, &r.allowed, &r.due,
		&r.state, &r.pauses, &r.stopped, &r.breached, &r.cancelled, &d.Explanation, &d.Assignee, &d.Generation, &d.CreatedAt, &d.UpdatedAt}
}

// finish turns the raw columns into d.Deadline.
func (r *deadlineScan) finish(d *StoredDeadline) error {
	if err := json.Unmarshal(r.rule, &d.Rule); err != nil {
		return fmt.Errorf("deadline %d: stored rule: %w", d.ID, err)
	}
	var ps []pauseJSON
	if err := json.Unmarshal(r.pauses, &ps); err != nil {
		return fmt.Errorf("deadline %d: stored pauses: %w", d.ID, err)
	}
	d.Pauses = nil
	for _, p := range ps {
		q := deadline.Pause{From: p.From}
		if p.To != nil {
			q.To = *p.To
		}
		d.Pauses = append(d.Pauses, q)
	}
	d.StartEvent, d.State = deadline.Event(r.startEvent), deadline.State(r.state)
	d.Start, d.Due = r.start, r.due
	d.StartDate, d.RequestedDate = dateOf(r.startDate), dateOf(r.requested)
	d.Allowed = time.Duration(r.allowed.Microseconds)*time.Microsecond +
		time.Duration(r.allowed.Days)*24*time.Hour + time.Duration(r.allowed.Months)*30*24*time.Hour
	d.StoppedAt, d.BreachedAt, d.CancelledAt = deref(r.stopped), deref(r.breached), deref(r.cancelled)
	return nil
}

func scanDeadlines(rows pgx.Rows) ([]StoredDeadline, error) {
	defer rows.Close()
	var out []StoredDeadline
	for rows.Next() {
		var d StoredDeadline
		var r deadlineScan
		if err := rows.Scan(r.fields(&d)...); err != nil {
			return nil, err
		}
		if err := r.finish(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *Store) oneDeadline(ctx context.Context, q Querier, sql string, args ...any) (StoredDeadline, error) {
	var d StoredDeadline
	var r deadlineScan
	if err := q.QueryRow(ctx, sql, args...).Scan(r.fields(&d)...); err != nil {
		return d, notFound(err)
	}
	return d, r.finish(&d)
}

// deadlineArgs are the columns written from a deadline value.
func deadlineArgs(d deadline.Deadline, pausedTotal time.Duration) ([]any, error) {
	rule, err := json.Marshal(d.Rule)
	if err != nil {
		return nil, err
	}
	ps := make([]pauseJSON, len(d.Pauses))
	var pausedAt *time.Time
	for i, p := range d.Pauses {
		ps[i].From = p.From
		if !p.To.IsZero() {
			to := p.To
			ps[i].To = &to
		} else {
			from := p.From
			pausedAt = &from
		}
	}
	pauses, err := json.Marshal(ps)
	if err != nil {
		return nil, err
	}
	return []any{d.Rule.ID, d.Rule.Article, d.Rule.Basis, rule, string(d.StartEvent), d.Start, dateArg(d.StartDate), dateArg(d.RequestedDate),
		interval(d.Allowed), d.Due, string(d.State), pausedAt, interval(pausedTotal), pauses,
		nullTime(d.StoppedAt), nullTime(d.BreachedAt), nullTime(d.CancelledAt)}, nil
}

// InsertDeadline stores a new deadline of submission subID with its
// "created" event. pausedTotal is the working time paused so far (0 for a
// new deadline).
func (s *Store) InsertDeadline(ctx context.Context, tx pgx.Tx, subID int64, d deadline.Deadline, explanation, actor string) (StoredDeadline, error) {
	out, err := s.InsertDeadlines(ctx, tx, []NewDeadline{{SubmissionID: subID, Deadline: d, Explanation: explanation}}, actor)
	if err != nil {
		return StoredDeadline{}, err
	}
	return out[0], nil
}

// NewDeadline is one deadline to store (InsertDeadlines).
type NewDeadline struct {
	SubmissionID int64
	Deadline     deadline.Deadline
	Explanation  string
}

// InsertDeadlines is InsertDeadline for many deadlines (the set_deadlines
// job of a batch): their ids drawn first, the rows in one multi-row INSERT,
// their "created" events in another. The result is in the order of in.
func (s *Store) InsertDeadlines(ctx context.Context, tx pgx.Tx, in []NewDeadline, actor string) ([]StoredDeadline, error) {
	if len(in) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval('deadline_id_seq') FROM generate_series(1, $1)`, len(in))
	if err != nil {
		return nil, fmt.Errorf("draw %d deadline ids: %w", len(in), err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("draw %d deadline ids: %w", len(in), err)
	}
	var cols deadlineRows
	for i, x := range in {
		d := normalise(x.Deadline)
		args, err := deadlineArgs(d, 0)
		if err != nil {
			return nil, fmt.Errorf("deadline %s of submission %d: %w", d.Rule.ID, x.SubmissionID, err)
		}
		cols.add(ids[i], x.SubmissionID, args, x.Explanation)
	}
	rows, err = tx.Query(ctx, `
		INSERT INTO deadline (id, rule_id, article, basis, rule, start_event, starts_at, start_date, requested_date, allowed, due_at,
			state, paused_at, paused_total, pauses, stopped_at, breached_at, cancelled_at, submission_id, explanation)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]::jsonb[], $6::text[], $7::timestamptz[],
			$8::date[], $9::date[], $10::interval[], $11::timestamptz[], $12::text[], $13::timestamptz[], $14::interval[],
			$15::text[]::jsonb[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::bigint[], $20::text[])
		RETURNING `+deadlineColumns,
		cols.id, cols.ruleID, cols.article, cols.basis, cols.rule, cols.startEvent, cols.start, cols.startDate, cols.requested,
		cols.allowed, cols.due, cols.state, cols.pausedAt, cols.pausedTotal, cols.pauses, cols.stopped, cols.breached, cols.cancelled,
		cols.sub, cols.explanation)
	if err != nil {
		return nil, fmt.Errorf("insert %d deadlines: %w", len(in), err)
	}
	byID := make(map[int64]StoredDeadline, len(in))
	for rows.Next() {
		var d StoredDeadline
		var r deadlineScan
		if err := rows.Scan(r.fields(&d)...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("insert %d deadlines: %w", len(in), err)
		}
		if err := r.finish(&d); err != nil {
			rows.Close()
			return nil, err
		}
		byID[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("insert %d deadlines: %w", len(in), err)
	}
	out := make([]StoredDeadline, len(in))
	evs := make([]DeadlineEvent, len(in))
	for i, x := range in {
		row, ok := byID[ids[i]]
		if !ok {
			return nil, fmt.Errorf("insert deadline %s of submission %d: row %d not returned", x.Deadline.Rule.ID, x.SubmissionID, ids[i])
		}
		out[i] = row
		d := x.Deadline
		evs[i] = DeadlineEvent{DeadlineID: row.ID, SubmissionID: x.SubmissionID, Actor: actor, Kind: "created",
			NewDue: row.Due, NewState: row.State, Reason: d.Rule.Article,
			Detail: map[string]any{"rule": d.Rule.ID, "start_event": d.StartEvent, "starts_at": Micro(d.Start)}}
	}
	return out, s.addDeadlineEvents(ctx, tx, evs)
}

// deadlineRows are the columns of deadlineArgs for one multi-row INSERT.
type deadlineRows struct {
	id, sub                                                              []int64
	ruleID, article, basis, rule, startEvent, state, pauses, explanation []string
	start, due                                                           []time.Time
	startDate, requested                                                 []pgtype.Date
	allowed, pausedTotal                                                 []pgtype.Interval
	pausedAt, stopped, breached, cancelled                               []*time.Time
}

// add appends one deadline, given as deadlineArgs returns it.
func (r *deadlineRows) add(id, sub int64, a []any, explanation string) {
	date := func(v any) pgtype.Date { d, _ := v.(pgtype.Date); return d } // nil: NULL
	r.id, r.sub, r.explanation = append(r.id, id), append(r.sub, sub), append(r.explanation, explanation)
	r.ruleID, r.article, r.basis = append(r.ruleID, a[0].(string)), append(r.article, a[1].(string)), append(r.basis, a[2].(string))
	r.rule, r.startEvent, r.start = append(r.rule, string(a[3].([]byte))), append(r.startEvent, a[4].(string)), append(r.start, a[5].(time.Time))
	r.startDate, r.requested, r.allowed = append(r.startDate, date(a[6])), append(r.requested, date(a[7])), append(r.allowed, a[8].(pgtype.Interval))
	r.due, r.state, r.pausedAt = append(r.due, a[9].(time.Time)), append(r.state, a[10].(string)), append(r.pausedAt, a[11].(*time.Time))
	r.pausedTotal, r.pauses = append(r.pausedTotal, a[12].(pgtype.Interval)), append(r.pauses, string(a[13].([]byte)))
	r.stopped, r.breached, r.cancelled = append(r.stopped, a[14].(*time.Time)), append(r.breached, a[15].(*time.Time)), append(r.cancelled, a[16].(*time.Time))
}

// Deadline returns deadline id.
func (s *Store) Deadline(ctx context.Context, q Querier, id int64) (StoredDeadline, error) {
	return s.oneDeadline(ctx, q, `SELECT `+deadlineColumns+` FROM deadline WHERE id = $1`, id)
}

// LockDeadline returns deadline id locked for update until tx ends, so that
// an alert worker and a calendar change never judge it at the same time.
//
// Lock order: a submission's row before its deadlines' rows, everywhere
// (writing a deadline event takes a key-share lock on the submission, which
// a transaction holding the submission FOR UPDATE — triage, read_message —
// would block: taking the submission first rules that deadlock out).
func (s *Store) LockDeadline(ctx context.Context, tx pgx.Tx, id int64) (StoredDeadline, error) {
	var subID int64
	if err := tx.QueryRow(ctx, `SELECT submission_id FROM deadline WHERE id = $1`, id).Scan(&subID); err != nil {
		return StoredDeadline{}, notFound(err)
	}
	if err := s.LockSubmission(ctx, tx, subID); err != nil {
		return StoredDeadline{}, err
	}
	return s.oneDeadline(ctx, tx, `SELECT `+deadlineColumns+` FROM deadline WHERE id = $1 FOR UPDATE`, id)
}

// SubmissionDeadlines returns every deadline of a submission, oldest first.
func (s *Store) SubmissionDeadlines(ctx context.Context, q Querier, subID int64) ([]StoredDeadline, error) {
	rows, err := q.Query(ctx, `SELECT `+deadlineColumns+` FROM deadline WHERE submission_id = $1 ORDER BY id`, subID)
	if err != nil {
		return nil, fmt.Errorf("deadlines of submission %d: %w", subID, err)
	}
	return scanDeadlines(rows)
}

// OpenDeadlines returns, locked for update, every deadline still to watch
// (running, paused, or breached with no stop event yet), by due instant.
func (s *Store) OpenDeadlines(ctx context.Context, tx pgx.Tx) ([]StoredDeadline, error) {
	// Lock order: submissions first (see LockDeadline), in id order.
	rows, err := tx.Query(ctx, `SELECT DISTINCT submission_id FROM deadline
		WHERE state IN ('running', 'paused') OR (state = 'breached' AND stopped_at IS NULL)`)
	if err != nil {
		return nil, fmt.Errorf("submissions of open deadlines: %w", err)
	}
	subs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("submissions of open deadlines: %w", err)
	}
	if err := s.LockSubmissions(ctx, tx, subs); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT `+deadlineColumns+` FROM deadline
		WHERE state IN ('running', 'paused') OR (state = 'breached' AND stopped_at IS NULL)
		ORDER BY id FOR UPDATE`)
	if err != nil {
		return nil, fmt.Errorf("open deadlines: %w", err)
	}
	return scanDeadlines(rows)
}

// OverdueRunning returns the ids and due instants of running deadlines due
// before now (for the sweeper that re-enqueues a lost breach job).
func (s *Store) OverdueRunning(ctx context.Context, q Querier, before time.Time, limit int) ([]StoredDeadline, error) {
	rows, err := q.Query(ctx, `SELECT `+deadlineColumns+` FROM deadline WHERE state = 'running' AND due_at <= $1
		ORDER BY due_at LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("overdue deadlines: %w", err)
	}
	return scanDeadlines(rows)
}

// UpdateDeadline writes the new value n of deadline old and records why
// (ch). Generation goes up when the due instant moved. Nothing is written
// when n equals old's value and ch.Kind is empty.
func (s *Store) UpdateDeadline(ctx context.Context, tx pgx.Tx, old StoredDeadline, n deadline.Deadline, cal *workday.Calendar, explanation string, ch DeadlineChange) (StoredDeadline, error) {
	n = normalise(n)
	var paused time.Duration
	if cal != nil {
		for _, p := range n.Pauses {
			if !p.To.IsZero() {
				paused += cal.WorkingBetween(p.From, p.To)
			}
		}
	}
	args, err := deadlineArgs(n, paused)
	if err != nil {
		return old, fmt.Errorf("deadline %d: %w", old.ID, err)
	}
	bump := 0
	if !n.Due.Equal(old.Due) {
		bump = 1
	}
	row, err := s.oneDeadline(ctx, tx, `
		UPDATE deadline SET rule_id = $1, article = $2, basis = $3, rule = $4, start_event = $5, starts_at = $6, start_date = $7,
			requested_date = $8, allowed = $9, due_at = $10, state = $11, paused_at = $12, paused_total = $13, pauses = $14,
			stopped_at = $15, breached_at = $16, cancelled_at = $17, explanation = $19, generation = generation + $20, updated_at = now()
		WHERE id = $18 RETURNING `+deadlineColumns, append(args, old.ID, explanation, bump)...)
	if err != nil {
		return old, fmt.Errorf("update deadline %d: %w", old.ID, err)
	}
	if ch.Kind == "" {
		return row, nil
	}
	ev := DeadlineEvent{DeadlineID: old.ID, SubmissionID: old.SubmissionID, Actor: ch.Actor, Kind: ch.Kind,
		OldDue: old.Due, NewDue: row.Due, OldState: old.State, NewState: row.State, Reason: ch.Reason, Detail: ch.Detail}
	return row, s.addDeadlineEvent(ctx, tx, ev)
}

// AddDeadlineEvent appends an event to a deadline's history without
// changing the deadline (e.g. "decision_needed").
func (s *Store) AddDeadlineEvent(ctx context.Context, tx pgx.Tx, d StoredDeadline, ch DeadlineChange) error {
	return s.addDeadlineEvent(ctx, tx, DeadlineEvent{DeadlineID: d.ID, SubmissionID: d.SubmissionID, Actor: ch.Actor,
		Kind: ch.Kind, OldDue: d.Due, NewDue: d.Due, OldState: d.State, NewState: d.State, Reason: ch.Reason, Detail: ch.Detail})
}

func (s *Store) addDeadlineEvent(ctx context.Context, tx pgx.Tx, ev DeadlineEvent) error {
	return s.addDeadlineEvents(ctx, tx, []DeadlineEvent{ev})
}

// addDeadlineEvents records events in one statement, in the order given.
func (s *Store) addDeadlineEvents(ctx context.Context, tx pgx.Tx, evs []DeadlineEvent) error {
	if len(evs) == 0 {
		return nil
	}
	n := len(evs)
	dl, sub := make([]int64, n), make([]int64, n)
	actor, kind, oldState, newState, reason, detail := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	oldDue, newDue := make([]*time.Time, n), make([]*time.Time, n)
	for i, ev := range evs {
		if ev.Actor == "" {
			ev.Actor = "system"
		}
		d := ev.Detail
		if d == nil {
			d = map[string]any{}
		}
		b, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("record %s on deadline %d: %w", ev.Kind, ev.DeadlineID, err)
		}
		dl[i], sub[i], actor[i], kind[i], oldDue[i], newDue[i] = ev.DeadlineID, ev.SubmissionID, ev.Actor, ev.Kind, nullTime(ev.OldDue), nullTime(ev.NewDue)
		oldState[i], newState[i], reason[i], detail[i] = string(ev.OldState), string(ev.NewState), ev.Reason, string(b)
	}
	_, err := tx.Exec(ctx, `INSERT INTO deadline_event (deadline_id, submission_id, actor, kind, old_due, new_due, old_state, new_state, reason, detail)
		SELECT u.dl, u.sub, u.actor, u.kind, u.old_due, u.new_due, u.old_state, u.new_state, u.reason, u.detail::jsonb
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[])
		     WITH ORDINALITY AS u(dl, sub, actor, kind, old_due, new_due, old_state, new_state, reason, detail, ord)
		ORDER BY u.ord`, dl, sub, actor, kind, oldDue, newDue, oldState, newState, reason, detail)
	if err != nil {
		if n == 1 {
			return fmt.Errorf("record %s on deadline %d: %w", evs[0].Kind, evs[0].DeadlineID, err)
		}
		return fmt.Errorf("record %d deadline events: %w", n, err)
	}
	return nil
}

// DeadlineEvents returns the history of a deadline, oldest first.
func (s *Store) DeadlineEvents(ctx context.Context, q Querier, deadlineID int64) ([]DeadlineEvent, error) {
	rows, err := q.Query(ctx, `SELECT id, deadline_id, submission_id, at, actor, kind, old_due, new_due, old_state, new_state, reason, detail
		FROM deadline_event WHERE deadline_id = $1 ORDER BY id`, deadlineID)
	if err != nil {
		return nil, fmt.Errorf("events of deadline %d: %w", deadlineID, err)
	}
	defer rows.Close()
	var out []DeadlineEvent
	for rows.Next() {
		var ev DeadlineEvent
		var oldDue, newDue *time.Time
		var oldState, newState string
		if err := rows.Scan(&ev.ID, &ev.DeadlineID, &ev.SubmissionID, &ev.At, &ev.Actor, &ev.Kind, &oldDue, &newDue,
			&oldState, &newState, &ev.Reason, &ev.Detail); err != nil {
			return nil, err
		}
		ev.OldDue, ev.NewDue = deref(oldDue), deref(newDue)
		ev.OldState, ev.NewState = deadline.State(oldState), deadline.State(newState)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// SetDeadlineAssignee names who answers for a deadline (the editor the
// submission was assigned to); "" gives it back to the Standing Board's desk.
func (s *Store) SetDeadlineAssignee(ctx context.Context, tx pgx.Tx, id int64, assignee, actor string) error {
	d, err := s.LockDeadline(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("assign deadline %d: %w", id, err)
	}
	if d.Assignee == assignee {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE deadline SET assignee = $2, updated_at = now() WHERE id = $1`, id, assignee); err != nil {
		return fmt.Errorf("assign deadline %d: %w", id, err)
	}
	return s.AddDeadlineEvent(ctx, tx, d, DeadlineChange{Kind: "assigned", Actor: actor, Detail: map[string]any{"from": d.Assignee, "to": assignee}})
}

func dateOf(t *time.Time) workday.Date {
	if t == nil {
		return workday.Date{}
	}
	return workday.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func dateArg(d workday.Date) any {
	if d.IsZero() {
		return nil
	}
	return pgtype.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Valid: true}
}

func interval(d time.Duration) pgtype.Interval {
	return pgtype.Interval{Microseconds: d.Microseconds(), Valid: true}
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
