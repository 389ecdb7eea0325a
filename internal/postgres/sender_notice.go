package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Notice states (sender_notice.state, migration 00051).
const (
	NoticePending = "pending"
	NoticeSent    = "sent"
	NoticeSkipped = "skipped"
)

// SenderNotice is one notice to the sender of a submission: one row per
// (submission, kind), so that a notice is sent at most once.
type SenderNotice struct {
	ID           int64
	SubmissionID int64
	Kind         string
	State        string
	Note         string
	To           string
	MessageID    string
	SentAt       *time.Time
}

// ClaimNotice returns the notice (subID, kind), recorded as pending with
// messageID and to when it is new, locked FOR UPDATE until tx ends: two
// runs of the same job take turns, and the second finds it sent.
func (s *Store) ClaimNotice(ctx context.Context, tx pgx.Tx, subID int64, kind, to, messageID string) (SenderNotice, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO sender_notice (submission_id, kind, to_addr, message_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (submission_id, kind) DO NOTHING`, subID, kind, to, messageID); err != nil {
		return SenderNotice{}, fmt.Errorf("record notice %s of submission %d: %w", kind, subID, err)
	}
	var n SenderNotice
	err := tx.QueryRow(ctx, `SELECT id, submission_id, kind, state, note, to_addr, message_id, sent_at FROM sender_notice
		WHERE submission_id = $1 AND kind = $2 FOR UPDATE`, subID, kind).
		Scan(&n.ID, &n.SubmissionID, &n.Kind, &n.State, &n.Note, &n.To, &n.MessageID, &n.SentAt)
	if err != nil {
		return n, fmt.Errorf("load notice %s of submission %d: %w", kind, subID, err)
	}
	return n, nil
}

// SkipNotice records that notice n is never to be sent, and why (in
// Vietnamese, for the item's page).
func (s *Store) SkipNotice(ctx context.Context, tx pgx.Tx, n SenderNotice, note string) error {
	_, err := tx.Exec(ctx, `UPDATE sender_notice SET state = 'skipped', note = $2 WHERE id = $1`, n.ID, note)
	if err != nil {
		return fmt.Errorf("skip notice %d: %w", n.ID, err)
	}
	return nil
}

// MarkNoticeSent records that notice n left at at, and its Message-ID as
// ours, so that the sender's reply attaches to the submission.
func (s *Store) MarkNoticeSent(ctx context.Context, tx pgx.Tx, n SenderNotice, at time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE sender_notice SET state = 'sent', sent_at = $2 WHERE id = $1`, n.ID, at); err != nil {
		return fmt.Errorf("mark notice %d sent: %w", n.ID, err)
	}
	return s.RecordOutbound(ctx, tx, n.SubmissionID, n.MessageID, "notice_"+n.Kind, n.To)
}

// SenderNotices returns the notices of a submission, in the order recorded.
func (s *Store) SenderNotices(ctx context.Context, q Querier, subID int64) ([]SenderNotice, error) {
	rows, err := q.Query(ctx, `SELECT id, submission_id, kind, state, note, to_addr, message_id, sent_at FROM sender_notice
		WHERE submission_id = $1 ORDER BY id`, subID)
	if err != nil {
		return nil, fmt.Errorf("notices of submission %d: %w", subID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SenderNotice, error) {
		var n SenderNotice
		err := r.Scan(&n.ID, &n.SubmissionID, &n.Kind, &n.State, &n.Note, &n.To, &n.MessageID, &n.SentAt)
		return n, err
	})
}
