package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DeadlineWithSubmission is a deadline with what identifies its submission
// to a person.
type DeadlineWithSubmission struct {
	StoredDeadline
	Reference string
	Subject   string
}

const deadlineSubColumns = `d.id, d.submission_id, d.rule, d.start_event, d.starts_at, d.start_date, d.requested_date, d.allowed, d.due_at,
	d.state, d.pauses, d.stopped_at, d.breached_at, d.cancelled_at, d.explanation, d.assignee, d.generation, d.created_at, d.updated_at,
	s.reference, s.subject`

func scanDeadlinesWithSubmission(rows pgx.Rows) ([]DeadlineWithSubmission, error) {
	defer rows.Close()
	var out []DeadlineWithSubmission
	for rows.Next() {
		var d DeadlineWithSubmission
		var r deadlineScan
		if err := rows.Scan(append(r.fields(&d.StoredDeadline), &d.Reference, &d.Subject)...); err != nil {
			return nil, err
		}
		if err := r.finish(&d.StoredDeadline); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeadlineWithSubmission returns deadline id with its submission's
// reference and subject.
func (s *Store) DeadlineWithSubmission(ctx context.Context, q Querier, id int64) (DeadlineWithSubmission, error) {
	rows, err := q.Query(ctx, `SELECT `+deadlineSubColumns+` FROM deadline d JOIN submission s ON s.id = d.submission_id WHERE d.id = $1`, id)
	if err != nil {
		return DeadlineWithSubmission{}, fmt.Errorf("deadline %d: %w", id, err)
	}
	ds, err := scanDeadlinesWithSubmission(rows)
	if err != nil {
		return DeadlineWithSubmission{}, err
	}
	if len(ds) == 0 {
		return DeadlineWithSubmission{}, notFound(pgx.ErrNoRows)
	}
	return ds[0], nil
}

// DigestDeadlines returns the open deadlines (by due instant) and those
// settled (met, breached with a stop, cancelled) since `since`, for the
// daily digest to managers.
func (s *Store) DigestDeadlines(ctx context.Context, q Querier, since time.Time) (open, settled []DeadlineWithSubmission, err error) {
	rows, err := q.Query(ctx, `SELECT `+deadlineSubColumns+` FROM deadline d JOIN submission s ON s.id = d.submission_id
		WHERE d.state IN ('running', 'paused') OR (d.state = 'breached' AND d.stopped_at IS NULL)
		ORDER BY d.due_at, d.id`)
	if err != nil {
		return nil, nil, fmt.Errorf("digest: open deadlines: %w", err)
	}
	if open, err = scanDeadlinesWithSubmission(rows); err != nil {
		return nil, nil, fmt.Errorf("digest: open deadlines: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT `+deadlineSubColumns+` FROM deadline d JOIN submission s ON s.id = d.submission_id
		WHERE coalesce(d.stopped_at, d.cancelled_at) >= $1 ORDER BY d.rule_id, d.due_at, d.id`, since)
	if err != nil {
		return nil, nil, fmt.Errorf("digest: settled deadlines: %w", err)
	}
	if settled, err = scanDeadlinesWithSubmission(rows); err != nil {
		return nil, nil, fmt.Errorf("digest: settled deadlines: %w", err)
	}
	return open, settled, nil
}

// SubmissionsReceivedSince counts the submissions received since `since`.
func (s *Store) SubmissionsReceivedSince(ctx context.Context, q Querier, since time.Time) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM submission WHERE received_at >= $1`, since).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("submissions received since %s: %w", since.Format(time.RFC3339), err)
	}
	return n, nil
}

// MailboxSync is how recent a watched mailbox's last successful sync is.
type MailboxSync struct {
	ID            int64
	Account, Name string
	// LastSyncAt is zero when the mailbox never synced; Since is then
	// when its row was last touched.
	LastSyncAt time.Time
	Since      time.Time
	LastError  string
}

// MailboxSyncs returns every mailbox the watcher has registered.
func (s *Store) MailboxSyncs(ctx context.Context, q Querier) ([]MailboxSync, error) {
	rows, err := q.Query(ctx, `SELECT id, account, name, last_sync_at, coalesce(last_sync_at, updated_at), last_error FROM mailbox ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("mailbox syncs: %w", err)
	}
	defer rows.Close()
	var out []MailboxSync
	for rows.Next() {
		var m MailboxSync
		var last *time.Time
		if err := rows.Scan(&m.ID, &m.Account, &m.Name, &last, &m.Since, &m.LastError); err != nil {
			return nil, err
		}
		m.LastSyncAt = deref(last)
		out = append(out, m)
	}
	return out, rows.Err()
}
