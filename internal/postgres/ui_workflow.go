package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
)

// This file joins the people's actions of the web UI (triage table) to the
// classification and routing records (migrations 00020–00022): a person's
// classification becomes the stored one with its corrections recorded, a
// forward or a supplement request a person asks for again reuses the one
// row its table keeps per submission, and the Standing Board's re-routing
// closes the open assignment.

// InTxAs runs fn in a transaction whose changes the audit trail attributes
// to actor (Điều 6 khoản 2), for callers outside this package (the
// administrators' calendar and directory pages).
func (s *Store) InTxAs(ctx context.Context, actor string, fn func(tx pgx.Tx) error) error {
	return s.inTxAs(ctx, actor, fn)
}

// applyCorrection writes value into field of the stored classification,
// its column: Classification returns the columns in the result too, so
// that routing, forwarding and supplement requests follow the correction.
const applyCorrection = `
UPDATE classification SET
	kind     = CASE WHEN $2 = 'kind'     THEN $3 ELSE kind END,
	category = CASE WHEN $2 = 'category' THEN $3 ELSE category END,
	timing   = CASE WHEN $2 = 'timing'   THEN $3 ELSE timing END,
	unit     = CASE WHEN $2 = 'unit'     THEN $3 ELSE unit END,
	target   = CASE WHEN $2 = 'target'   THEN $3 ELSE target END,
	language = CASE WHEN $2 = 'language' THEN $3 ELSE language END,
	complex  = CASE WHEN $2 = 'complex'  THEN $3 = 'true' ELSE complex END
WHERE submission_id = $1`

// ApplyPersonClassification makes the classification a person confirmed or
// corrected in the UI (classification_decision) the stored classification of
// a submission: each field where the stored one differs is recorded in
// classification_correction (what the rules said, what the person decided,
// under which rules version: `tiepnhan eval --corrections` reads them) and
// applied. A correction already recorded with the same values is applied
// without being recorded twice (a reclassification by the machine). It
// returns the fields changed; nothing when no person decided or the
// machine has not classified yet (SaveClassification calls it then).
func (s *Store) ApplyPersonClassification(ctx context.Context, tx pgx.Tx, subID int64) ([]string, error) {
	changed, err := s.applyPersonClassification(ctx, tx, subID)
	if err != nil {
		return nil, err
	}
	// The inbox row shows the classification in force, whoever decided.
	return changed, s.ProjectClassification(ctx, tx, []int64{subID})
}

func (s *Store) applyPersonClassification(ctx context.Context, tx pgx.Tx, subID int64) ([]string, error) {
	var person, stored finding.Classification
	var actor string
	err := tx.QueryRow(ctx, `SELECT kind, category, timing, unit, target, language, decided_by
		FROM classification_decision WHERE submission_id = $1`, subID).
		Scan(&person.Kind, &person.Category, &person.Timing, &person.Unit, &person.Target, &person.Language, &actor)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("person's classification of submission %d: %w", subID, err)
	}
	var version string
	err = tx.QueryRow(ctx, `SELECT kind, category, timing, unit, target, language, rules_version FROM classification
		WHERE submission_id = $1 FOR UPDATE`, subID).Scan(&stored.Kind, &stored.Category, &stored.Timing, &stored.Unit,
		&stored.Target, &stored.Language, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("stored classification of submission %d: %w", subID, err)
	}
	// The person's decision wins, field by field (finding.Effective).
	changed := finding.Corrected(stored, &person)
	for _, f := range changed {
		var seen bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM classification_correction WHERE submission_id = $1 AND field = $2
			AND machine_value = $3 AND corrected_value = $4 AND rules_version = $5)`, subID, f, stored.Field(f), person.Field(f), version).Scan(&seen); err != nil {
			return nil, err
		}
		if seen {
			if _, err := tx.Exec(ctx, applyCorrection, subID, f, person.Field(f)); err != nil {
				return nil, fmt.Errorf("apply correction of submission %d: %w", subID, err)
			}
		} else if err := s.RecordCorrection(ctx, tx, subID, f, person.Field(f), actor, ""); err != nil {
			return nil, err
		}
	}
	// Điều 14 khoản 2: a quarantine a person decided in the UI before the
	// machine's classification existed is kept as the decision.
	var decided bool
	var quarantined, machineQ bool
	var decider, decision string
	err = tx.QueryRow(ctx, `SELECT t.quarantine_decided_by IS NOT NULL, t.quarantined, coalesce('user:' || a.username, ''), c.quarantine_decision, c.quarantined
		FROM triage t JOIN classification c ON c.submission_id = t.submission_id LEFT JOIN account a ON a.id = t.quarantine_decided_by
		WHERE t.submission_id = $1`, subID).Scan(&decided, &quarantined, &decider, &decision, &machineQ)
	if err != nil {
		return nil, fmt.Errorf("quarantine decision of submission %d: %w", subID, err)
	}
	if decided && decision == "" && (quarantined || machineQ) {
		d := "lifted"
		if quarantined {
			d = "confirmed"
		}
		if err := s.DecideQuarantine(ctx, tx, subID, d, decider); err != nil {
			return nil, err
		}
		changed = append(changed, "quarantine")
	}
	return changed, nil
}

// Reforward points the forward of a submission at a unit again (Điều 11
// khoản 1, bước 2), when staff forward an item that a forward left for
// already (to another unit, or again): the one row per submission takes the
// new unit, address and Message-ID and is unsent and unacknowledged again.
// The earlier forward stays in the item's history, in outbound_message (so
// a late answer to it still threads back) and in the audit trail.
func (s *Store) Reforward(ctx context.Context, tx pgx.Tx, f Forward) (Forward, error) {
	err := tx.QueryRow(ctx, `UPDATE forward SET unit = $2, to_addr = $3, message_id = $4, sent_at = NULL, acknowledged_at = NULL,
		ack_message_id = NULL WHERE submission_id = $1
		RETURNING id, submission_id, unit, to_addr, message_id, tracking_ref, sent_at, acknowledged_at`,
		f.SubmissionID, f.Unit, strings.ToLower(f.To), f.MessageID).Scan(
		&f.ID, &f.SubmissionID, &f.Unit, &f.To, &f.MessageID, &f.TrackingRef, &f.SentAt, &f.AcknowledgedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return s.CreateForward(ctx, tx, f)
	}
	if err != nil {
		return f, fmt.Errorf("forward submission %d again: %w", f.SubmissionID, err)
	}
	return f, nil
}

// AcknowledgeForwardInUI records that the unit answered a forward through
// the UI (Điều 11 khoản 1, bước 2: the unit handles it by its own process)
// instead of by e-mail; acknowledged is false when the forward was
// acknowledged already or there is none.
func (s *Store) AcknowledgeForwardInUI(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor string) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE forward SET acknowledged_at = $2 WHERE submission_id = $1 AND acknowledged_at IS NULL AND sent_at IS NOT NULL`, subID, at)
	if err != nil {
		return false, fmt.Errorf("acknowledge forward of submission %d: %w", subID, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, s.AddEvent(ctx, tx, subID, actor, "forward_acknowledged", map[string]any{"via": "ui"})
}

// RenewSupplementRequest makes the supplement request of a submission a new
// one (the table keeps one row per submission): a person asked the author
// again (Điều 11 khoản 2), after an earlier request was sent. The row takes
// the new Message-ID and lists and is unsent and unanswered again; the
// earlier request stays in the history, in outbound_message (a late answer
// to it still threads back) and in the audit trail.
func (s *Store) RenewSupplementRequest(ctx context.Context, tx pgx.Tx, r SupplementRequest) (SupplementRequest, error) {
	err := tx.QueryRow(ctx, `UPDATE supplement_request SET to_addr = $2, message_id = $3, missing = $4, invalid = $5, portal_line = $6,
		requested_at = NULL, answered_at = NULL, answer_message_id = NULL, supplied = '{}', still_missing = '{}'
		WHERE submission_id = $1 RETURNING `+supplementColumns,
		r.SubmissionID, strings.ToLower(r.To), r.MessageID, nonNil(r.Missing), nonNil(r.Invalid), r.PortalLine).Scan(r.fields()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return s.CreateSupplementRequest(ctx, tx, r)
	}
	if err != nil {
		return r, fmt.Errorf("renew supplement request of submission %d: %w", r.SubmissionID, err)
	}
	return r, nil
}

// ResumeAfterSupplement moves a submission that waited for its author
// (awaiting_author, set when a person asked for a supplement) back to the
// state it had before the request, once the author answered ("an answer
// resumes the item", Điều 11 khoản 2). It returns the state restored and
// false when the submission was not waiting.
func (s *Store) ResumeAfterSupplement(ctx context.Context, tx pgx.Tx, subID int64, actor string) (string, bool, error) {
	prev := "awaiting_triage"
	var from string
	err := tx.QueryRow(ctx, `SELECT coalesce(detail ->> 'from', '') FROM submission_event WHERE submission_id = $1 AND kind = 'request_supplement'
		ORDER BY at DESC, id DESC LIMIT 1`, subID).Scan(&from)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", false, fmt.Errorf("state of submission %d before its supplement request: %w", subID, err)
	}
	if from != "" && from != "awaiting_author" {
		prev = from
	}
	ok, err := s.SetState(ctx, tx, subID, []intake.SubmissionState{"awaiting_author"}, intake.SubmissionState(prev), actor)
	return prev, ok, err
}

// CloseAssignment closes the open assignment of a submission so that it
// can be routed again (a person corrected its class or unit, or decided its
// quarantine); closed is false when none was open.
func (s *Store) CloseAssignment(ctx context.Context, tx pgx.Tx, subID int64, actor, reason string) (bool, error) {
	var target, person string
	err := tx.QueryRow(ctx, `UPDATE assignment SET open = false, closed_at = now() WHERE submission_id = $1 AND open RETURNING target, person_id`, subID).Scan(&target, &person)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("close assignment of submission %d: %w", subID, err)
	}
	return true, s.AddEvent(ctx, tx, subID, actor, "assignment_closed", map[string]any{"target": target, "person": person, "reason": reason})
}

// AccountEmail returns the e-mail address of account id ("" when it has
// none).
func (s *Store) AccountEmail(ctx context.Context, q Querier, id int64) (string, error) {
	var email string
	err := q.QueryRow(ctx, `SELECT email FROM account WHERE id = $1`, id).Scan(&email)
	return email, notFound(err)
}
