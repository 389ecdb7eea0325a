package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Execer is a pool, a connection or a transaction, for statements.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Alert states.
const (
	AlertPending = "pending" // intent recorded, mail not known to be sent
	AlertSent    = "sent"    // the relay accepted the mail
	AlertSkipped = "skipped" // nothing to send (no recipient configured, superseded)
)

// AlertKey identifies an alert: at most one row exists per key, which is
// what makes an alert "once". DeadlineID is 0 for alerts about no deadline
// (the digest, scoped by day; the stalled-intake alert, scoped by episode).
type AlertKey struct {
	DeadlineID int64
	Kind       string // warning, breach, escalation, digest, intake_stalled
	Step       int    // warning: percent reached; escalation: 1, 2
	Scope      string
}

// Alert is the record of one alert.
type Alert struct {
	ID int64
	AlertKey
	State      string
	Recipients []string
	MessageID  string
	Subject    string
	Note       string
	Attempts   int
	LastError  string
	CreatedAt  time.Time
	SentAt     time.Time
}

// AlertIntent is what RecordAlert writes: the Message-ID is
// MessageIDPrefix + the row id + MessageIDSuffix, so that a resend after a
// crash carries the same Message-ID as the first attempt.
type AlertIntent struct {
	AlertKey
	Recipients      []string
	Subject         string
	Note            string
	MessageIDPrefix string
	MessageIDSuffix string
	// State is AlertPending, or AlertSkipped when nothing is to be sent.
	State string
}

const alertColumns = `id, coalesce(deadline_id, 0), kind, step, scope, state, recipients, message_id, subject, note, attempts, last_error, created_at, sent_at`

// collectAlerts reads every alert of rows and closes them.
func collectAlerts(rows pgx.Rows) ([]Alert, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Alert, error) { return scanAlert(r) })
}

func scanAlert(row pgx.Row) (Alert, error) {
	var a Alert
	var sent *time.Time
	err := row.Scan(&a.ID, &a.DeadlineID, &a.Kind, &a.Step, &a.Scope, &a.State, &a.Recipients, &a.MessageID, &a.Subject,
		&a.Note, &a.Attempts, &a.LastError, &a.CreatedAt, &sent)
	a.SentAt = deref(sent)
	return a, err
}

// RecordAlert records the intent to send an alert, once per key: it returns
// the existing row (created false) when the key is already there, whatever
// its state.
func (s *Store) RecordAlert(ctx context.Context, tx pgx.Tx, in AlertIntent) (Alert, bool, error) {
	state := in.State
	if state == "" {
		state = AlertPending
	}
	var dl any
	if in.DeadlineID != 0 {
		dl = in.DeadlineID
	}
	a, err := scanAlert(tx.QueryRow(ctx, `
		WITH n AS (SELECT nextval('alert_id_seq') AS id)
		INSERT INTO alert (id, deadline_id, kind, step, scope, state, recipients, message_id, subject, note)
		SELECT n.id, $1, $2, $3, $4, $5, $6, $7 || n.id || $8, $9, $10 FROM n
		ON CONFLICT (deadline_id, kind, step, scope) DO NOTHING
		RETURNING `+alertColumns,
		dl, in.Kind, in.Step, in.Scope, state, nonNil(in.Recipients), in.MessageIDPrefix, in.MessageIDSuffix, in.Subject, in.Note))
	if err == nil {
		return a, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return a, false, fmt.Errorf("record %s alert: %w", in.Kind, err)
	}
	a, err = scanAlert(tx.QueryRow(ctx, `SELECT `+alertColumns+` FROM alert
		WHERE deadline_id IS NOT DISTINCT FROM $1 AND kind = $2 AND step = $3 AND scope = $4`, dl, in.Kind, in.Step, in.Scope))
	if err != nil {
		return a, false, fmt.Errorf("find %s alert: %w", in.Kind, err)
	}
	return a, false, nil
}

// LockAlert returns alert id locked for update until tx ends: two attempts
// at sending the same alert (a job rescued while its first run still
// sends) take turns, and the second sees the first one's "sent".
func (s *Store) LockAlert(ctx context.Context, tx pgx.Tx, id int64) (Alert, error) {
	a, err := scanAlert(tx.QueryRow(ctx, `SELECT `+alertColumns+` FROM alert WHERE id = $1 FOR UPDATE`, id))
	return a, notFound(err)
}

// MarkAlertSent records that the relay accepted the alert.
func (s *Store) MarkAlertSent(ctx context.Context, tx pgx.Tx, id int64, at time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE alert SET state = 'sent', sent_at = $2, attempts = attempts + 1, last_error = '' WHERE id = $1`, id, at)
	if err != nil {
		return fmt.Errorf("mark alert %d sent: %w", id, err)
	}
	return nil
}

// MarkAlertFailed records a failed attempt (the job will retry).
func (s *Store) MarkAlertFailed(ctx context.Context, q Execer, id int64, msg string) error {
	_, err := q.Exec(ctx, `UPDATE alert SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND state = 'pending'`, id, msg)
	return err
}

// Alerts returns the alerts of a deadline (0: those about no deadline), oldest first.
func (s *Store) Alerts(ctx context.Context, q Querier, deadlineID int64) ([]Alert, error) {
	var dl any
	if deadlineID != 0 {
		dl = deadlineID
	}
	rows, err := q.Query(ctx, `SELECT `+alertColumns+` FROM alert WHERE deadline_id IS NOT DISTINCT FROM $1 ORDER BY id`, dl)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return collectAlerts(rows)
}

// PendingAlerts returns alerts whose intent was recorded before `before`
// and that are still not sent (their job was lost or gave up).
func (s *Store) PendingAlerts(ctx context.Context, q Querier, before time.Time, limit int) ([]Alert, error) {
	rows, err := q.Query(ctx, `SELECT `+alertColumns+` FROM alert WHERE state = 'pending' AND created_at < $1 ORDER BY id LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("pending alerts: %w", err)
	}
	return collectAlerts(rows)
}

// SkipPendingAlert marks the alert of key skipped, with a note, if it is
// still pending (its reason went away before the mail was sent).
func (s *Store) SkipPendingAlert(ctx context.Context, tx pgx.Tx, key AlertKey, note string) error {
	var dl any
	if key.DeadlineID != 0 {
		dl = key.DeadlineID
	}
	_, err := tx.Exec(ctx, `UPDATE alert SET state = 'skipped', note = $5
		WHERE deadline_id IS NOT DISTINCT FROM $1 AND kind = $2 AND step = $3 AND scope = $4 AND state = 'pending'`,
		dl, key.Kind, key.Step, key.Scope, note)
	if err != nil {
		return fmt.Errorf("skip %s alert: %w", key.Kind, err)
	}
	return nil
}

// LastAlert returns the most recent alert of a kind about no deadline
// (the previous digest, say); found is false when there is none.
func (s *Store) LastAlert(ctx context.Context, q Querier, kind string) (Alert, bool, error) {
	a, err := scanAlert(q.QueryRow(ctx, `SELECT `+alertColumns+` FROM alert WHERE deadline_id IS NULL AND kind = $1 ORDER BY id DESC LIMIT 1`, kind))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("last %s alert: %w", kind, err)
	}
	return a, true, nil
}
