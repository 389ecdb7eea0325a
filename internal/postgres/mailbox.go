package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// Mailbox returns the sync state of account/name, creating it at zero.
func (s *Store) Mailbox(ctx context.Context, account, name string) (intake.MailboxState, error) {
	var m intake.MailboxState
	var lastSync *time.Time
	err := s.Pool.QueryRow(ctx, `
		INSERT INTO mailbox (account, name) VALUES ($1, $2)
		ON CONFLICT (account, name) DO UPDATE SET account = EXCLUDED.account
		RETURNING id, account, name, uid_validity, last_uid, last_sync_at, updated_at`,
		account, name).Scan(&m.ID, &m.Account, &m.Name, &m.UIDValidity, &m.LastUID, &lastSync, &m.UpdatedAt)
	if err != nil {
		return m, fmt.Errorf("mailbox %s/%s: %w", account, name, err)
	}
	if lastSync != nil {
		m.LastSyncAt = *lastSync
	}
	return m, nil
}

// ResetUIDValidity records that the server changed UIDVALIDITY (RFC 3501
// §2.3.1.1): the UID bookmark restarts at zero and the next sync refetches
// everything, deduplicated by Message-ID plus content hash.
func (s *Store) ResetUIDValidity(ctx context.Context, mailboxID int64, old, new uint32) error {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `UPDATE mailbox SET uid_validity = $2, last_uid = 0, updated_at = now() WHERE id = $1`, mailboxID, new); err != nil {
		return fmt.Errorf("reset uidvalidity: %w", err)
	}
	detail, _ := json.Marshal(map[string]uint32{"old": old, "new": new})
	if _, err := tx.Exec(ctx, `INSERT INTO mailbox_event (mailbox_id, kind, detail) VALUES ($1, 'uidvalidity_changed', $2)`, mailboxID, detail); err != nil {
		return fmt.Errorf("reset uidvalidity: %w", err)
	}
	return tx.Commit(ctx)
}

// MarkSynced records a successful sync (for the stalled-intake alert).
func (s *Store) MarkSynced(ctx context.Context, mailboxID int64, at time.Time) error {
	_, err := s.Pool.Exec(ctx, `UPDATE mailbox SET last_sync_at = $2, last_error = '', updated_at = now() WHERE id = $1`, mailboxID, at)
	return err
}

// MarkError records the last connection or sync error for operators.
func (s *Store) MarkError(ctx context.Context, mailboxID int64, msg string) error {
	_, err := s.Pool.Exec(ctx, `UPDATE mailbox SET last_error = $2, updated_at = now() WHERE id = $1`, mailboxID, msg)
	return err
}

// MailboxOf returns the mailbox a message came in by as
// "<account>/<folder>" (config.Mailbox.Key), "" for a message that came
// by no mailbox (a paper registration, an import).
func (s *Store) MailboxOf(ctx context.Context, q Querier, messageID int64) (string, error) {
	var key string
	err := q.QueryRow(ctx, `
		SELECT coalesce(mb.account || '/' || mb.name, '') FROM message m LEFT JOIN mailbox mb ON mb.id = m.mailbox_id
		WHERE m.id = $1`, messageID).Scan(&key)
	if err != nil {
		return "", fmt.Errorf("mailbox of message %d: %w", messageID, notFound(err))
	}
	return key, nil
}
