package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// Contents is what a database holds, as a restore check reports it.
type Contents struct {
	Messages, Submissions, Deadlines int64
	// LastReceived is the newest INTERNALDATE; LastStored the newest time
	// a message was stored (zero when there is none).
	LastReceived, LastStored time.Time
}

// Contents counts messages, submissions and deadlines.
func (s *Store) Contents(ctx context.Context) (Contents, error) {
	var c Contents
	var recv, stored *time.Time
	err := s.Pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM message), (SELECT count(*) FROM submission), (SELECT count(*) FROM deadline),
		       (SELECT max(received_at) FROM message), (SELECT max(created_at) FROM message)`).
		Scan(&c.Messages, &c.Submissions, &c.Deadlines, &recv, &stored)
	if err != nil {
		return c, fmt.Errorf("count contents: %w", err)
	}
	if recv != nil {
		c.LastReceived = *recv
	}
	if stored != nil {
		c.LastStored = *stored
	}
	return c, nil
}

// SealedOpen is the outcome of opening one sealed message.
type SealedOpen struct {
	ID        int64
	MessageID string // the stored Message-ID
	Err       error  // nil when the raw bytes opened and carry that Message-ID
}

// OpenSealedSample opens the sealed raw bytes of up to n messages spread
// evenly over the table (the first, the last and those between) with
// s.Keys, and checks that each opens to the message it belongs to: its
// Message-ID header is the one stored beside it (Điều 4 khoản 4: sealed
// mail must stay readable with the key file).
func (s *Store) OpenSealedSample(ctx context.Context, n int) ([]SealedOpen, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT id, message_id FROM (
			SELECT m.id, m.message_id, row_number() OVER (ORDER BY m.id) - 1 AS i, count(*) OVER () AS c
			FROM message m JOIN message_raw r ON r.message_id = m.id WHERE r.key_id <> '') x
		WHERE c <= $1 OR i = c - 1 OR i % (c / $1) = 0
		ORDER BY id LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("sample sealed messages: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SealedOpen, error) {
		var o SealedOpen
		return o, r.Scan(&o.ID, &o.MessageID)
	})
	if err != nil {
		return nil, fmt.Errorf("sample sealed messages: %w", err)
	}
	for i := range out {
		raw, err := s.Raw(ctx, s.Pool, out[i].ID)
		switch {
		case err != nil:
			out[i].Err = err
		case intake.HeaderMessageID(raw) != out[i].MessageID:
			out[i].Err = fmt.Errorf("message %d opened to bytes whose Message-ID is not %q", out[i].ID, out[i].MessageID)
		}
	}
	return out, nil
}

// OtherServiceSessions counts the sessions of tiepnhan processes
// (application_name "tiepnhan", set by Open) on this database other than
// the caller's, which must use a pool of one connection.
func (s *Store) OtherServiceSessions(ctx context.Context) (int, error) {
	var n int
	err := s.Pool.QueryRow(ctx, `
		SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'tiepnhan' AND pid <> pg_backend_pid()`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count service sessions: %w", err)
	}
	return n, nil
}

// ResumeRunningJobs makes every River job left "running" available again.
// Only for a database no process works on (a restored backup): the
// processes that ran them are gone.
func (s *Store) ResumeRunningJobs(ctx context.Context) (int64, error) {
	tag, err := s.Pool.Exec(ctx, `UPDATE river_job SET state = 'available', scheduled_at = now() WHERE state = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("resume running jobs: %w", err)
	}
	return tag.RowsAffected(), nil
}
