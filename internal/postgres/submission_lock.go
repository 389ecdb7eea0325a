package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The submission lock. A transaction that changes a submission or what
// hangs from it (its state, messages, classification, deadlines, routing,
// inbox row) first takes the submission's row lock, and holds it until it
// ends; several submissions are locked in id order. Jobs and people's
// actions on one submission then queue instead of deadlocking through the
// triggers that keep the inbox row (triage) up to date, which lock that
// row after the submission's.
//
// The strength is FOR NO KEY UPDATE, everywhere: it excludes every other
// holder of the lock (and any UPDATE of the row), but not the KEY SHARE
// locks that foreign-key checks take when another transaction inserts a
// row that references the submission (an event, a deadline, an alert).
// FOR UPDATE would block those, and deadlocked read_message with a job
// writing such a row. The statements that lock and change the state in
// one go (SetState, SetStates) use the same strength.
const lockSubmissions = `SELECT id FROM submission WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`

// LockSubmission takes the submission lock of submission id; a missing
// submission is intake.ErrNotFound.
func (s *Store) LockSubmission(ctx context.Context, tx pgx.Tx, id int64) error {
	var got int64
	if err := tx.QueryRow(ctx, lockSubmissions, []int64{id}).Scan(&got); err != nil {
		return fmt.Errorf("lock submission %d: %w", id, notFound(err))
	}
	return nil
}

// LockSubmissions takes the submission lock of each of ids, in id order
// (missing ones are skipped).
func (s *Store) LockSubmissions(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if _, err := tx.Exec(ctx, lockSubmissions, ids); err != nil {
		return fmt.Errorf("lock %d submissions: %w", len(ids), err)
	}
	return nil
}

// LockSubmissionOf takes the submission lock of the submission message
// messageID belongs to and returns its id (0 when the message belongs to
// none, e.g. an auto-reply) and whether the message is its first.
func (s *Store) LockSubmissionOf(ctx context.Context, tx pgx.Tx, messageID int64) (subID int64, first bool, err error) {
	err = tx.QueryRow(ctx, `SELECT m.submission_id, s.first_message_id = m.id
		FROM message m JOIN submission s ON s.id = m.submission_id WHERE m.id = $1`, messageID).Scan(&subID, &first)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err == nil {
		err = s.LockSubmission(ctx, tx, subID)
	}
	if err != nil {
		return 0, false, fmt.Errorf("lock submission of message %d: %w", messageID, err)
	}
	return subID, first, nil
}
