package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// vietnam is UTC+7 (no DST), the zone of the year in a reference.
var vietnam = time.FixedZone("ICT", 7*3600)

// CreateSubmission makes the submission of message m, or returns the one it
// already made (the first message is unique per submission, so a retried job
// never makes two). created says whether this call made it.
func (s *Store) CreateSubmission(ctx context.Context, tx pgx.Tx, prefix string, m intake.StoredMessage, p intake.ParsedMessage, flags []string) (sub intake.Submission, created bool, err error) {
	err = tx.QueryRow(ctx, `
		WITH n AS (SELECT nextval('submission_id_seq') AS id)
		INSERT INTO submission (id, reference, subject, from_addr, from_name, received_at, first_message_id, flags)
		SELECT n.id, $1 || '-' || $2 || '-' || lpad(n.id::text, 6, '0'), $3, $4, $5, $6, $7, $8 FROM n
		ON CONFLICT (first_message_id) DO NOTHING
		RETURNING `+submissionColumns,
		prefix, m.ReceivedAt.In(vietnam).Format("2006"), p.Subject, p.FromAddr, p.FromName, m.ReceivedAt, m.ID, nonNil(flags)).Scan(submissionFields(&sub)...)
	if errors.Is(err, pgx.ErrNoRows) {
		err = tx.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submission WHERE first_message_id = $1`, m.ID).Scan(submissionFields(&sub)...)
		if err != nil {
			return sub, false, fmt.Errorf("find submission of message %d: %w", m.ID, err)
		}
	} else if err != nil {
		return sub, false, fmt.Errorf("create submission of message %d: %w", m.ID, err)
	} else {
		created = true
		if err := s.AddEvent(ctx, tx, sub.ID, "system", "received", map[string]any{"message_id": m.ID, "received_at": m.ReceivedAt}); err != nil {
			return sub, false, err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, m.ID, sub.ID); err != nil {
		return sub, false, fmt.Errorf("link message %d: %w", m.ID, err)
	}
	return sub, created, nil
}

const submissionColumns = `id, reference, state, subject, from_addr, from_name, received_at, first_message_id, flags, created_at, updated_at`

func submissionFields(s *intake.Submission) []any {
	return []any{&s.ID, &s.Reference, &s.State, &s.Subject, &s.FromAddr, &s.FromName, &s.ReceivedAt, &s.FirstMessageID, &s.Flags, &s.CreatedAt, &s.UpdatedAt}
}

// Submission returns submission id.
func (s *Store) Submission(ctx context.Context, q Querier, id int64) (intake.Submission, error) {
	var sub intake.Submission
	err := q.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submission WHERE id = $1`, id).Scan(submissionFields(&sub)...)
	return sub, notFound(err)
}

// SubmissionByOutbound finds the submission one of our own messages belongs
// to, given the Message-IDs a reply refers to (In-Reply-To, References).
func (s *Store) SubmissionByOutbound(ctx context.Context, q Querier, msgIDs []string) (intake.Submission, error) {
	var sub intake.Submission
	if len(msgIDs) == 0 {
		return sub, intake.ErrNotFound
	}
	err := q.QueryRow(ctx, `
		SELECT s.id, s.reference, s.state, s.subject, s.from_addr, s.from_name, s.received_at, s.first_message_id,
			s.flags, s.created_at, s.updated_at FROM outbound_message o JOIN submission s ON s.id = o.submission_id
		WHERE o.message_id = ANY($1) ORDER BY o.created_at DESC LIMIT 1`, msgIDs).Scan(submissionFields(&sub)...)
	return sub, notFound(err)
}

// SubmissionByReference finds a submission by its human reference.
func (s *Store) SubmissionByReference(ctx context.Context, q Querier, ref string) (intake.Submission, error) {
	var sub intake.Submission
	err := q.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submission WHERE reference = $1`, ref).Scan(submissionFields(&sub)...)
	return sub, notFound(err)
}

// AttachMessage links message m to an existing submission (a reply).
func (s *Store) AttachMessage(ctx context.Context, tx pgx.Tx, subID int64, m intake.StoredMessage, reason string) error {
	tag, err := tx.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1 AND submission_id IS DISTINCT FROM $2`, m.ID, subID)
	if err != nil {
		return fmt.Errorf("attach message %d to submission %d: %w", m.ID, subID, err)
	}
	if tag.RowsAffected() == 0 {
		return nil // already attached: a retried job
	}
	if _, err := tx.Exec(ctx, `UPDATE submission SET updated_at = now() WHERE id = $1`, subID); err != nil {
		return err
	}
	return s.AddEvent(ctx, tx, subID, "system", "reply_attached", map[string]any{"message_id": m.ID, "received_at": m.ReceivedAt, "reason": reason})
}

// SetState moves a submission from one of the states in from to state to;
// it reports whether it moved (false when a retried job finds it done).
func (s *Store) SetState(ctx context.Context, tx pgx.Tx, id int64, from []intake.SubmissionState, to intake.SubmissionState, actor string) (bool, error) {
	fromS := make([]string, len(from))
	for i, f := range from {
		fromS[i] = string(f)
	}
	var old string
	// FOR NO KEY UPDATE: it does not conflict with the KEY SHARE locks that
	// foreign-key checks of concurrent jobs take on this row (FOR UPDATE did,
	// and deadlocked with read_message).
	err := tx.QueryRow(ctx, `
		WITH o AS (SELECT id, state FROM submission WHERE id = $1 FOR NO KEY UPDATE)
		UPDATE submission s SET state = $3, updated_at = now()
		FROM o WHERE s.id = o.id AND o.state = ANY($2) RETURNING o.state`, id, fromS, string(to)).Scan(&old)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("set state of submission %d: %w", id, err)
	}
	return true, s.AddEvent(ctx, tx, id, actor, "state_changed", map[string]any{"from": old, "to": to})
}

// AddEvent appends to a submission's history.
func (s *Store) AddEvent(ctx context.Context, tx pgx.Tx, subID int64, actor, kind string, detail map[string]any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO submission_event (submission_id, actor, kind, detail) VALUES ($1, $2, $3, $4)`, subID, actor, kind, b); err != nil {
		return fmt.Errorf("record %s on submission %d: %w", kind, subID, err)
	}
	return nil
}

// RecordOutbound remembers a Message-ID we sent about a submission.
func (s *Store) RecordOutbound(ctx context.Context, tx pgx.Tx, subID int64, msgID, kind, to string) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbound_message (submission_id, message_id, kind, to_addr) VALUES ($1, $2, $3, $4)
		ON CONFLICT (message_id) DO NOTHING`, subID, msgID, kind, to)
	return err
}

// LockSubmissionOf takes the row lock (FOR NO KEY UPDATE) of the submission
// message messageID belongs to, if any. Jobs that change a submission and
// its message take this lock first, so that they queue instead of
// deadlocking through the triggers that keep the inbox row up to date.
func (s *Store) LockSubmissionOf(ctx context.Context, tx pgx.Tx, messageID int64) error {
	_, err := tx.Exec(ctx, `SELECT 1 FROM submission WHERE id = (SELECT submission_id FROM message WHERE id = $1) FOR NO KEY UPDATE`, messageID)
	if err != nil {
		return fmt.Errorf("lock submission of message %d: %w", messageID, err)
	}
	return nil
}
