package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DirectoryVersions returns the versions of the directory administrators
// stored, oldest first (the seed versions ship with the program).
func (s *Store) DirectoryVersions(ctx context.Context, q Querier) ([]*directory.Directory, error) {
	rows, err := q.Query(ctx, `SELECT data FROM directory_version ORDER BY effective_from`)
	if err != nil {
		return nil, fmt.Errorf("directory versions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*directory.Directory, error) {
		var b []byte
		if err := r.Scan(&b); err != nil {
			return nil, err
		}
		d := &directory.Directory{}
		if err := json.Unmarshal(b, d); err != nil {
			return nil, fmt.Errorf("directory version: %w", err)
		}
		return d, nil
	})
}

// DirectoryAt is the version of the directory in force on day: the seed
// versions shipped with the program with those administrators stored laid
// over them (directory.Merge: a stored version replaces a seed version of
// the same date).
func (s *Store) DirectoryAt(ctx context.Context, q Querier, seed []*directory.Directory, day workday.Date) (*directory.Directory, error) {
	stored, err := s.DirectoryVersions(ctx, q)
	if err != nil {
		return nil, err
	}
	dir := directory.At(directory.Merge(seed, stored), day)
	if dir == nil {
		return nil, fmt.Errorf("no directory of units in force on %s", day)
	}
	return dir, nil
}

// SaveDirectoryVersion stores a version of the directory (replacing one
// with the same effective date).
func (s *Store) SaveDirectoryVersion(ctx context.Context, tx pgx.Tx, d *directory.Directory, actor string) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO directory_version (effective_from, source, data, created_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (effective_from) DO UPDATE SET source = EXCLUDED.source, data = EXCLUDED.data, created_by = EXCLUDED.created_by, created_at = now()`,
		d.EffectiveFrom.String(), d.Source, b, actor)
	if err != nil {
		return fmt.Errorf("save directory version %s: %w", d.EffectiveFrom, err)
	}
	return nil
}

// AddAbsence makes a person unavailable for routing from one day to another.
func (s *Store) AddAbsence(ctx context.Context, tx pgx.Tx, personID string, from, to workday.Date, note, actor string) error {
	_, err := tx.Exec(ctx, `INSERT INTO person_absence (person_id, from_day, to_day, note, created_by) VALUES ($1, $2, $3, $4, $5)`,
		personID, from.String(), to.String(), note, actor)
	if err != nil {
		return fmt.Errorf("absence of %s: %w", personID, err)
	}
	return nil
}

// Away returns the people absent on day.
func (s *Store) Away(ctx context.Context, q Querier, day workday.Date) (map[string]bool, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT person_id FROM person_absence WHERE $1::date BETWEEN from_day AND to_day`, day.String())
	if err != nil {
		return nil, fmt.Errorf("absences: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// Loads counts the open assignments of each person.
func (s *Store) Loads(ctx context.Context, q Querier) (directory.Loads, error) {
	rows, err := q.Query(ctx, `SELECT person_id, count(*) FROM assignment WHERE open AND person_id <> '' GROUP BY person_id`)
	if err != nil {
		return nil, fmt.Errorf("loads: %w", err)
	}
	defer rows.Close()
	out := directory.Loads{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// Assignment is who a submission is assigned to.
type Assignment struct {
	ID           int64
	SubmissionID int64
	Target       string
	PersonID     string
	PersonEmail  string
	Site         string
	Reason       string
	Open         bool
	CreatedAt    time.Time
}

// OpenAssignment returns the open assignment of a submission.
func (s *Store) OpenAssignment(ctx context.Context, q Querier, subID int64) (Assignment, error) {
	var a Assignment
	err := q.QueryRow(ctx, `SELECT id, submission_id, target, person_id, person_email, site, reason, open, created_at
		FROM assignment WHERE submission_id = $1 AND open`, subID).Scan(&a.ID, &a.SubmissionID, &a.Target, &a.PersonID, &a.PersonEmail, &a.Site, &a.Reason, &a.Open, &a.CreatedAt)
	return a, notFound(err)
}

// Assign gives a submission to a person (or, with an empty person, to the
// target's queue); created is false when it already had an open
// assignment (a retried job). The triage read model's assignee is set when
// the person has an account with the same e-mail address.
func (s *Store) Assign(ctx context.Context, tx pgx.Tx, a Assignment) (created bool, err error) {
	tag, err := tx.Exec(ctx, `INSERT INTO assignment (submission_id, target, person_id, person_email, site, reason)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id) WHERE open DO NOTHING`,
		a.SubmissionID, a.Target, a.PersonID, strings.ToLower(a.PersonEmail), a.Site, a.Reason)
	if err != nil {
		return false, fmt.Errorf("assign submission %d: %w", a.SubmissionID, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if a.PersonEmail != "" {
		if _, err := tx.Exec(ctx, `UPDATE triage t SET assignee_id = a.id, updated_at = now()
			FROM (SELECT id FROM account WHERE lower(email) = lower($2) AND state = 'active' ORDER BY id LIMIT 1) a
			WHERE t.submission_id = $1 AND t.assignee_id IS NULL`, a.SubmissionID, a.PersonEmail); err != nil {
			return false, fmt.Errorf("set assignee of submission %d: %w", a.SubmissionID, err)
		}
	}
	return true, s.AddEvent(ctx, tx, a.SubmissionID, "system", "assigned", map[string]any{
		"target": a.Target, "person": a.PersonID, "site": a.Site, "reason": a.Reason})
}

// Forward is a query forwarded to its unit (Điều 11 khoản 1, bước 2).
type Forward struct {
	ID             int64
	SubmissionID   int64
	Unit           string
	To             string
	MessageID      string
	TrackingRef    string
	SentAt         *time.Time
	AcknowledgedAt *time.Time
}

// CreateForward records the forward about to be sent, or returns the one
// recorded by an earlier run.
func (s *Store) CreateForward(ctx context.Context, tx pgx.Tx, f Forward) (Forward, error) {
	err := tx.QueryRow(ctx, `INSERT INTO forward (submission_id, unit, to_addr, message_id, tracking_ref) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (submission_id) DO UPDATE SET submission_id = EXCLUDED.submission_id
		RETURNING id, submission_id, unit, to_addr, message_id, tracking_ref, sent_at, acknowledged_at`,
		f.SubmissionID, f.Unit, strings.ToLower(f.To), f.MessageID, f.TrackingRef).Scan(
		&f.ID, &f.SubmissionID, &f.Unit, &f.To, &f.MessageID, &f.TrackingRef, &f.SentAt, &f.AcknowledgedAt)
	if err != nil {
		return f, fmt.Errorf("record forward of submission %d: %w", f.SubmissionID, err)
	}
	return f, nil
}

// MarkForwardSent records that the forward left, with its Message-ID as an
// outbound message of the submission (the unit's answer threads back), and
// notes it in the triage read model.
func (s *Store) MarkForwardSent(ctx context.Context, tx pgx.Tx, f Forward, at time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE forward SET sent_at = coalesce(sent_at, $2) WHERE id = $1`, f.ID, at); err != nil {
		return fmt.Errorf("mark forward %d sent: %w", f.ID, err)
	}
	if err := s.RecordOutbound(ctx, tx, f.SubmissionID, f.MessageID, "forward", f.To); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE triage SET forwarded_unit = $2, forwarded_at = coalesce(forwarded_at, $3), updated_at = now()
		WHERE submission_id = $1`, f.SubmissionID, f.Unit, at); err != nil {
		return fmt.Errorf("note forward in triage: %w", err)
	}
	// The item is now with the unit (Điều 11 khoản 1, bước 2): its liaison
	// answers and closes it in the UI, which needs the forwarded state.
	if _, err := s.SetState(ctx, tx, f.SubmissionID, []intake.SubmissionState{intake.StateReceived, intake.StateAwaitingTriage}, "forwarded", "system"); err != nil {
		return err
	}
	return s.AddEvent(ctx, tx, f.SubmissionID, "system", "forwarded", map[string]any{"unit": f.Unit, "to": f.To, "tracking_ref": f.TrackingRef, "message_id": f.MessageID})
}

// SupplementRequest is a request to the author to supplement sender data
// or the Nơi nhận line (Điều 9 khoản 2, 3; Điều 11 khoản 2).
type SupplementRequest struct {
	ID           int64
	SubmissionID int64
	To           string
	MessageID    string
	Missing      []string
	Invalid      []string
	PortalLine   bool
	RequestedAt  *time.Time
	AnsweredAt   *time.Time
	Supplied     []string
	StillMissing []string
}

const supplementColumns = `id, submission_id, to_addr, message_id, missing, invalid, portal_line, requested_at, answered_at, supplied, still_missing`

func (r *SupplementRequest) fields() []any {
	return []any{&r.ID, &r.SubmissionID, &r.To, &r.MessageID, &r.Missing, &r.Invalid, &r.PortalLine, &r.RequestedAt, &r.AnsweredAt, &r.Supplied, &r.StillMissing}
}

// CreateSupplementRequest records the request about to be sent, or returns
// the one recorded by an earlier run (one per submission).
func (s *Store) CreateSupplementRequest(ctx context.Context, tx pgx.Tx, r SupplementRequest) (SupplementRequest, error) {
	err := tx.QueryRow(ctx, `INSERT INTO supplement_request (submission_id, to_addr, message_id, missing, invalid, portal_line)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id) DO UPDATE SET submission_id = EXCLUDED.submission_id
		RETURNING `+supplementColumns, r.SubmissionID, strings.ToLower(r.To), r.MessageID, nonNil(r.Missing), nonNil(r.Invalid), r.PortalLine).Scan(r.fields()...)
	if err != nil {
		return r, fmt.Errorf("record supplement request of submission %d: %w", r.SubmissionID, err)
	}
	return r, nil
}

// MarkSupplementSent records that the request left (the 1-working-day
// wait of Điều 11 khoản 2 starts at at) and its Message-ID as outbound.
func (s *Store) MarkSupplementSent(ctx context.Context, tx pgx.Tx, r SupplementRequest, at time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE supplement_request SET requested_at = coalesce(requested_at, $2) WHERE id = $1`, r.ID, at); err != nil {
		return fmt.Errorf("mark supplement request %d sent: %w", r.ID, err)
	}
	if err := s.RecordOutbound(ctx, tx, r.SubmissionID, r.MessageID, "supplement_request", r.To); err != nil {
		return err
	}
	return s.AddEvent(ctx, tx, r.SubmissionID, "system", "supplement_requested", map[string]any{
		"to": r.To, "missing": r.Missing, "invalid": r.Invalid, "portal_line": r.PortalLine, "message_id": r.MessageID, "rule": "11.2"})
}

// Outbound is one of our messages a reply refers to.
type Outbound struct {
	SubmissionID int64
	MessageID    string
	Kind         string
	// To are the addresses it was sent to (comma-separated as stored).
	To string
}

// OutboundFor finds which of our messages (latest first) a reply refers to.
func (s *Store) OutboundFor(ctx context.Context, q Querier, subID int64, refs []string) (Outbound, error) {
	var o Outbound
	err := q.QueryRow(ctx, `SELECT submission_id, message_id, kind, to_addr FROM outbound_message
		WHERE submission_id = $1 AND message_id = ANY($2) ORDER BY created_at DESC, id DESC LIMIT 1`, subID, refs).Scan(&o.SubmissionID, &o.MessageID, &o.Kind, &o.To)
	return o, notFound(err)
}

// SupplementRequestOf returns the supplement request of a submission.
func (s *Store) SupplementRequestOf(ctx context.Context, q Querier, subID int64) (SupplementRequest, error) {
	var r SupplementRequest
	err := q.QueryRow(ctx, `SELECT `+supplementColumns+` FROM supplement_request WHERE submission_id = $1`, subID).Scan(r.fields()...)
	return r, notFound(err)
}

// AnswerSupplement records the author's answer: which fields it supplied
// and which are still missing (names only; the values are personal data).
// answered is false when the answer was recorded already.
func (s *Store) AnswerSupplement(ctx context.Context, tx pgx.Tx, subID, messageID int64, at time.Time, supplied, still []string) (answered bool, err error) {
	tag, err := tx.Exec(ctx, `UPDATE supplement_request SET answered_at = $3, answer_message_id = $2, supplied = $4, still_missing = $5
		WHERE submission_id = $1 AND answered_at IS NULL`, subID, messageID, at, nonNil(supplied), nonNil(still))
	if err != nil {
		return false, fmt.Errorf("record answer to supplement request of submission %d: %w", subID, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, s.AddEvent(ctx, tx, subID, "system", "supplement_answered", map[string]any{
		"message_id": messageID, "supplied": supplied, "still_missing": still, "rule": "11.2"})
}

// AcknowledgeForward records the unit's answer to a forward.
func (s *Store) AcknowledgeForward(ctx context.Context, tx pgx.Tx, subID, messageID int64, at time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE forward SET acknowledged_at = $3, ack_message_id = $2 WHERE submission_id = $1 AND acknowledged_at IS NULL`, subID, messageID, at)
	if err != nil {
		return false, fmt.Errorf("acknowledge forward of submission %d: %w", subID, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, s.AddEvent(ctx, tx, subID, "system", "forward_acknowledged", map[string]any{"message_id": messageID})
}

// ForwardOf returns the forward of a submission.
func (s *Store) ForwardOf(ctx context.Context, q Querier, subID int64) (Forward, error) {
	var f Forward
	err := q.QueryRow(ctx, `SELECT id, submission_id, unit, to_addr, message_id, tracking_ref, sent_at, acknowledged_at FROM forward WHERE submission_id = $1`, subID).Scan(
		&f.ID, &f.SubmissionID, &f.Unit, &f.To, &f.MessageID, &f.TrackingRef, &f.SentAt, &f.AcknowledgedAt)
	return f, notFound(err)
}

// MailCapError refuses an automatic message: Recipient already had Max
// messages since the start of the window; Oldest is the first of them.
type MailCapError struct {
	Recipient string
	Max       int
	Oldest    time.Time
}

func (e *MailCapError) Error() string {
	return fmt.Sprintf("%s already had %d automatic messages in the cap's window", e.Recipient, e.Max)
}

// ReserveMail counts one automatic message to each of rcpts, sent at at,
// against the per-recipient cap of max messages since since (max ≤ 0: no
// cap, counted all the same). It first takes each recipient's transaction
// lock (in address order), so that every process sending to an address
// queues on it; over the cap it counts nothing and returns a
// *MailCapError. It runs in the sending job's transaction: a job that
// fails rolls its count back with it.
func (s *Store) ReserveMail(ctx context.Context, tx pgx.Tx, rcpts []string, max int, since, at time.Time) error {
	keys := make([]string, 0, len(rcpts))
	for _, r := range rcpts {
		if k := strings.ToLower(strings.TrimSpace(r)); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('mail_send'), hashtext(r)) FROM unnest($1::text[]) r`, keys); err != nil {
		return fmt.Errorf("lock the mail cap of %s: %w", strings.Join(keys, ", "), err)
	}
	if max > 0 {
		rows, err := tx.Query(ctx, `SELECT recipient, count(*), min(sent_at) FROM mail_send
			WHERE recipient = ANY($1) AND sent_at > $2 GROUP BY recipient HAVING count(*) >= $3 ORDER BY recipient`, keys, since, max)
		if err != nil {
			return fmt.Errorf("count mail to %s: %w", strings.Join(keys, ", "), err)
		}
		over, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MailCapError, error) {
			var e MailCapError
			var n int
			err := r.Scan(&e.Recipient, &n, &e.Oldest)
			e.Max = max
			return e, err
		})
		if err != nil {
			return fmt.Errorf("count mail to %s: %w", strings.Join(keys, ", "), err)
		}
		if len(over) > 0 {
			return &over[0]
		}
	}
	// Rows older than two days count in no window (an hour, a day).
	if _, err := tx.Exec(ctx, `DELETE FROM mail_send WHERE recipient = ANY($1) AND sent_at < $2::timestamptz - interval '2 days'`, keys, at); err != nil {
		return fmt.Errorf("prune mail counts of %s: %w", strings.Join(keys, ", "), err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO mail_send (recipient, sent_at) SELECT r, $2 FROM unnest($1::text[]) r`, keys, at); err != nil {
		return fmt.Errorf("count mail to %s: %w", strings.Join(keys, ", "), err)
	}
	return nil
}

// SubmissionAuto reports whether the first message of a submission was an
// automatic message (an auto-reply, a bounce, a bulk mailing: RFC 3834),
// which is never answered.
func (s *Store) SubmissionAuto(ctx context.Context, q Querier, subID int64) (bool, error) {
	var kind, reason string
	err := q.QueryRow(ctx, `SELECT m.kind, coalesce(p.auto_reason, '') FROM submission s JOIN message m ON m.id = s.first_message_id
		LEFT JOIN message_parsed p ON p.message_id = m.id WHERE s.id = $1`, subID).Scan(&kind, &reason)
	if err != nil {
		return false, notFound(err)
	}
	return kind == string(intake.MessageKindAutoReply) || reason != "", nil
}
