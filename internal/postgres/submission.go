package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

const submissionColumns = `id, reference, state, subject, from_addr, from_name, received_at, first_message_id, flags, created_at, updated_at`

// collectSubmissions reads rows of submissionColumns.
func collectSubmissions(rows pgx.Rows) ([]intake.Submission, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (intake.Submission, error) {
		var sub intake.Submission
		return sub, r.Scan(submissionFields(&sub)...)
	})
}

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
	return s.AddEvents(ctx, tx, []Event{{SubmissionID: subID, Actor: actor, Kind: kind, Detail: detail}})
}

// FlagMessage adds flag to a message's flags (once), for a person to see.
func (s *Store) FlagMessage(ctx context.Context, tx pgx.Tx, messageID int64, flag string) error {
	_, err := tx.Exec(ctx, `UPDATE message SET flags = array_append(flags, $2) WHERE id = $1 AND NOT ($2 = ANY (flags))`, messageID, flag)
	if err != nil {
		return fmt.Errorf("flag message %d: %w", messageID, err)
	}
	return nil
}

// RecordOutbound remembers a Message-ID we sent about a submission.
func (s *Store) RecordOutbound(ctx context.Context, tx pgx.Tx, subID int64, msgID, kind, to string) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbound_message (submission_id, message_id, kind, to_addr) VALUES ($1, $2, $3, $4)
		ON CONFLICT (message_id) DO NOTHING`, subID, msgID, kind, to)
	return err
}

// NewSubmission is one message to make a submission of (CreateSubmissions).
type NewSubmission struct {
	Message intake.StoredMessage
	Parsed  intake.ParsedMessage // subject and sender (Headers)
}

// MadeSubmission is the submission of one NewSubmission; Created says
// whether this call made it (false: an earlier run of the job did).
type MadeSubmission struct {
	MessageID  int64
	Submission intake.Submission
	Created    bool
}

// CreateSubmissions is CreateSubmission for a batch of messages in a few
// set-based statements: the submissions (one per first message, unique, so
// a retried job makes none twice), their "received" events and the links
// from the messages. The result is in the order of in.
func (s *Store) CreateSubmissions(ctx context.Context, tx pgx.Tx, prefix string, in []NewSubmission) ([]MadeSubmission, error) {
	if len(in) == 0 {
		return nil, nil
	}
	n := len(in)
	mids := make([]int64, n)
	years, subjects, addrs, names, flags := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	recv := make([]time.Time, n)
	for i, x := range in {
		m, p := x.Message, x.Parsed
		mids[i], years[i], subjects[i], addrs[i], names[i], recv[i], flags[i] =
			m.ID, m.ReceivedAt.In(workday.Zone).Format("2006"), p.Subject, p.FromAddr, p.FromName, m.ReceivedAt, jsonList(m.Flags)
	}
	// The reference carries the year of receipt in Vietnam and the id
	// ("TN-2026-000123"); nextval is taken per row in the order of in.
	rows, err := tx.Query(ctx, `
		INSERT INTO submission (id, reference, subject, from_addr, from_name, received_at, first_message_id, flags)
		SELECT n.id, $1 || '-' || n.year || '-' || lpad(n.id::text, 6, '0'), n.subject, n.addr, n.name, n.recv, n.mid,
			json_list(n.flags)
		FROM (SELECT nextval('submission_id_seq') AS id, u.*
		      FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
		           AS u(mid, year, subject, addr, name, recv, flags)) n
		ON CONFLICT (first_message_id) DO NOTHING
		RETURNING `+submissionColumns,
		prefix, mids, years, subjects, addrs, names, recv, flags)
	if err != nil {
		return nil, fmt.Errorf("create submissions: %w", err)
	}
	created, err := collectSubmissions(rows)
	if err != nil {
		return nil, fmt.Errorf("create submissions: %w", err)
	}
	made := make(map[int64]MadeSubmission, n)
	for _, sub := range created {
		made[sub.FirstMessageID] = MadeSubmission{MessageID: sub.FirstMessageID, Submission: sub, Created: true}
	}
	if len(made) < n { // made by an earlier run of the job
		rows, err := tx.Query(ctx, `SELECT `+submissionColumns+` FROM submission WHERE first_message_id = ANY($1)`, mids)
		if err != nil {
			return nil, fmt.Errorf("find submissions: %w", err)
		}
		found, err := collectSubmissions(rows)
		if err != nil {
			return nil, fmt.Errorf("find submissions: %w", err)
		}
		for _, sub := range found {
			if _, ok := made[sub.FirstMessageID]; !ok {
				made[sub.FirstMessageID] = MadeSubmission{MessageID: sub.FirstMessageID, Submission: sub}
			}
		}
	}
	out := make([]MadeSubmission, n)
	var events []Event
	subIDs := make([]int64, n)
	for i, x := range in {
		ms, ok := made[x.Message.ID]
		if !ok {
			return nil, fmt.Errorf("create submission of message %d: neither made nor found", x.Message.ID)
		}
		out[i], subIDs[i] = ms, ms.Submission.ID
		if ms.Created {
			events = append(events, Event{SubmissionID: ms.Submission.ID, Actor: "system", Kind: "received",
				Detail: map[string]any{"message_id": x.Message.ID, "received_at": x.Message.ReceivedAt}})
		}
	}
	if err := s.AddEvents(ctx, tx, events); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `
		UPDATE message m SET submission_id = u.sid FROM unnest($1::bigint[], $2::bigint[]) AS u(mid, sid)
		WHERE m.id = u.mid AND m.submission_id IS DISTINCT FROM u.sid`, mids, subIDs); err != nil {
		return nil, fmt.Errorf("link messages to their submissions: %w", err)
	}
	return out, nil
}

// Event is one entry of a submission's history (AddEvents).
type Event struct {
	SubmissionID int64
	Actor, Kind  string
	Detail       map[string]any
}

// AddEvents appends entries to the histories of submissions in one
// statement, in the order given.
func (s *Store) AddEvents(ctx context.Context, tx pgx.Tx, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	ids := make([]int64, len(evs))
	actors, kinds, details := make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs))
	for i, e := range evs {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("record %s on submission %d: %w", e.Kind, e.SubmissionID, err)
		}
		ids[i], actors[i], kinds[i], details[i] = e.SubmissionID, e.Actor, e.Kind, string(b)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO submission_event (submission_id, actor, kind, detail)
		SELECT u.sid, u.actor, u.kind, u.detail::jsonb
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(sid, actor, kind, detail, ord)
		ORDER BY u.ord`, ids, actors, kinds, details); err != nil {
		if len(evs) == 1 {
			return fmt.Errorf("record %s on submission %d: %w", evs[0].Kind, evs[0].SubmissionID, err)
		}
		return fmt.Errorf("record %d events: %w", len(evs), err)
	}
	return nil
}

// SetStates is SetState for many submissions in one statement: those in
// one of the states from move to state to, each with its state_changed
// event; the ids that moved are returned (a retried job finds them done).
// The rows are locked in id order, the lock order of every batch job.
func (s *Store) SetStates(ctx context.Context, tx pgx.Tx, ids []int64, from []intake.SubmissionState, to intake.SubmissionState, actor string) ([]int64, error) {
	fromS := make([]string, len(from))
	for i, f := range from {
		fromS[i] = string(f)
	}
	rows, err := tx.Query(ctx, `
		WITH o AS (SELECT id, state FROM submission WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE)
		UPDATE submission s SET state = $3, updated_at = now()
		FROM o WHERE s.id = o.id AND o.state = ANY($2) RETURNING s.id, o.state`, ids, fromS, string(to))
	if err != nil {
		return nil, fmt.Errorf("set state of %d submissions: %w", len(ids), err)
	}
	var moved []int64
	var evs []Event
	for rows.Next() {
		var id int64
		var old string
		if err := rows.Scan(&id, &old); err != nil {
			rows.Close()
			return nil, fmt.Errorf("set state of %d submissions: %w", len(ids), err)
		}
		moved = append(moved, id)
		evs = append(evs, Event{SubmissionID: id, Actor: actor, Kind: "state_changed", Detail: map[string]any{"from": old, "to": to}})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("set state of %d submissions: %w", len(ids), err)
	}
	return moved, s.AddEvents(ctx, tx, evs)
}

// Headers returns, for the messages of ids that were parsed, their kind,
// flags, subject, sender and threading headers, without opening the
// bodies (create_submission needs no more).
func (s *Store) Headers(ctx context.Context, q Querier, ids []int64) (map[int64]intake.ParsedMessage, error) {
	rows, err := q.Query(ctx, `
		SELECT m.id, m.kind, m.flags, p.subject, p.from_addr, p.from_name, p.in_reply_to, p.refs
		FROM message m JOIN message_parsed p ON p.message_id = m.id WHERE m.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("load parsed headers: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]intake.ParsedMessage, len(ids))
	for rows.Next() {
		var p intake.ParsedMessage
		if err := rows.Scan(&p.MessageID, &p.Kind, &p.Flags, &p.Subject, &p.FromAddr, &p.FromName, &p.InReplyTo, &p.References); err != nil {
			return nil, fmt.Errorf("load parsed headers: %w", err)
		}
		out[p.MessageID] = p
	}
	return out, rows.Err()
}
