package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// ActionItem locks submission id (LockSubmission) and loads what the
// workflow decides an action c on it with, and the item's subject
// (desk.Desk.Act: load, workflow.Apply, RecordAction). A missing item is
// workflow.ErrNotFound.
func (s *Store) ActionItem(ctx context.Context, tx pgx.Tx, id int64, c workflow.Command) (workflow.Item, string, error) {
	var it workflow.Item
	var subject string
	if err := s.LockSubmission(ctx, tx, id); err != nil {
		if errors.Is(err, intake.ErrNotFound) {
			return it, "", workflow.ErrNotFound
		}
		return it, "", fmt.Errorf("item %d: lock: %w", id, err)
	}
	var editor *int64
	cl := &it.Classification
	err := tx.QueryRow(ctx, `SELECT t.state, t.unit, t.forwarded_unit, t.quarantined, t.editor_id,
			t.kind, t.category, t.timing, t.unit, t.target, t.language, s.subject
		FROM triage t JOIN submission s ON s.id = t.submission_id WHERE t.submission_id = $1 FOR UPDATE OF t`, id).
		Scan(&it.State, &it.Unit, &it.ForwardedUnit, &it.Quarantined, &editor,
			&cl.Kind, &cl.Category, &cl.Timing, &cl.Unit, &cl.Target, &cl.Language, &subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return it, "", workflow.ErrNotFound
	}
	if err != nil {
		return it, "", fmt.Errorf("item %d: %w", id, err)
	}
	if editor != nil {
		it.EditorID = *editor
	}
	if c.Action == workflow.ActAssign {
		// The account and the roles of its grants in force; whether it may
		// be assigned is the workflow's (Assignee.Eligible).
		err := tx.QueryRow(ctx, `SELECT a.display_name, a.state = 'active', array(SELECT g.role FROM account_grant g
			WHERE g.account_id = a.id AND (g.expires_at IS NULL OR g.expires_at > now()))
			FROM account a WHERE a.id = $1`, c.AssigneeID).Scan(&it.Assignee.Name, &it.Assignee.Active, &it.Assignee.Roles)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return it, "", fmt.Errorf("assignee %d: %w", c.AssigneeID, err)
		}
	}
	return it, subject, nil
}

// RecordAction stores what workflow.Apply decided for action c of p on
// item id: the people the step releases and the action's values in the
// inbox row, the submission's new state and the history line.
func (s *Store) RecordAction(ctx context.Context, tx pgx.Tx, id int64, p auth.Principal, c workflow.Command, step workflow.Step) error {
	// Released first: the editor of a submission may be its earlier
	// approver, which the constraint triage_two_people refuses in one row.
	if step.ClearAssignee || step.ClearApproval {
		if _, err := tx.Exec(ctx, `UPDATE triage SET
				assignee_id = CASE WHEN $2 THEN NULL ELSE assignee_id END,
				approver_id = CASE WHEN $3 THEN NULL ELSE approver_id END,
				approved_at = CASE WHEN $3 THEN NULL ELSE approved_at END,
				updated_at = now()
			WHERE submission_id = $1`, id, step.ClearAssignee, step.ClearApproval); err != nil {
			return fmt.Errorf("item %d: %s: release: %w", id, c.Action, err)
		}
	}
	if err := s.recordValues(ctx, tx, id, p, c); err != nil {
		return fmt.Errorf("item %d: %s: %w", id, c.Action, err)
	}
	if step.Moved() {
		if _, err := tx.Exec(ctx, `UPDATE submission SET state = $2, updated_at = now() WHERE id = $1`, id, step.To); err != nil {
			return fmt.Errorf("item %d: set state %s: %w", id, step.To, err)
		}
	}
	return s.AddEvent(ctx, tx, id, p.Actor(), string(c.Action), step.Record)
}

// recordValues writes the values an action's inputs set on the inbox row
// (who classified, edited, approved, the Portal URL, …); the constraint
// triage_two_people backs workflow.CheckApprover (Điều 12 khoản 1).
func (s *Store) recordValues(ctx context.Context, tx pgx.Tx, id int64, p auth.Principal, c workflow.Command) error {
	var sql string
	var args []any
	switch c.Action {
	case workflow.ActClassify:
		cl := c.Classification
		// The person's decision is kept apart from the inbox row, which
		// shows the classification in force (ApplyPersonClassification).
		sql = `WITH d AS (INSERT INTO classification_decision (submission_id, kind, category, timing, unit, target, language, decided_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $9) ON CONFLICT (submission_id) DO UPDATE SET kind = EXCLUDED.kind,
			category = EXCLUDED.category, timing = EXCLUDED.timing, unit = EXCLUDED.unit, target = EXCLUDED.target,
			language = EXCLUDED.language, decided_by = EXCLUDED.decided_by, decided_at = now())
			UPDATE triage SET kind = $2, category = $3, timing = $4, unit = $5, target = $6, language = $7,
			classified_by = $8, classified_at = now(), updated_at = now() WHERE submission_id = $1`
		args = []any{cl.Kind, cl.Category, cl.Timing, cl.Unit, cl.Target, cl.Language, p.AccountID, p.Actor()}
	case workflow.ActQuarantine:
		sql = `UPDATE triage SET quarantined = $2, quarantine_decided_by = $3, updated_at = now() WHERE submission_id = $1`
		args = []any{c.Quarantine, p.AccountID}
	case workflow.ActForward:
		sql, args = `UPDATE triage SET forwarded_unit = $2, forwarded_at = now(), updated_at = now() WHERE submission_id = $1`, []any{c.Unit}
	case workflow.ActAssign:
		sql, args = `UPDATE triage SET assignee_id = $2, updated_at = now() WHERE submission_id = $1`, []any{c.AssigneeID}
	case workflow.ActSubmit:
		sql, args = `UPDATE triage SET editor_id = $2, submitted_at = now(), updated_at = now() WHERE submission_id = $1`, []any{p.AccountID}
	case workflow.ActApprove:
		sql, args = `UPDATE triage SET approver_id = $2, approved_at = now(), updated_at = now() WHERE submission_id = $1`, []any{p.AccountID}
	case workflow.ActPublish:
		sql, args = `UPDATE triage SET published_at = now(), portal_url = $2, updated_at = now() WHERE submission_id = $1`, []any{c.URL}
	case workflow.ActConfirmPublished:
		// Điều 13: published when the Portal published it (the feed's time).
		sql, args = `UPDATE triage SET published_at = $3, portal_url = $2, updated_at = now() WHERE submission_id = $1`, []any{c.URL, c.PublishedAt}
	case workflow.ActRefuse:
		sql = `UPDATE triage SET refusal_ground = $2, refusal_note = $3, updated_at = now() WHERE submission_id = $1`
		args = []any{c.Ground, c.Note}
	case workflow.ActTakedown:
		sql = `UPDATE triage SET takedown = $2, takedown_reason = $3, taken_down_at = now(), updated_at = now() WHERE submission_id = $1`
		args = []any{c.Kind, c.Note}
	case workflow.ActRestore:
		sql = `UPDATE triage SET takedown = '', updated_at = now() WHERE submission_id = $1`
	case workflow.ActAnswer:
		sql = `UPDATE triage SET answer = $2, answered_by = $3, answered_at = now(), updated_at = now() WHERE submission_id = $1`
		args = []any{c.Note, p.AccountID}
	default:
		return nil // the state and the history say it all
	}
	_, err := tx.Exec(ctx, sql, append([]any{id}, args...)...)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.ConstraintName == "triage_two_people" {
		return workflow.CheckApprover(1, 1)
	}
	return err
}

// ItemQuarantined reports whether the inbox row of submission id is under
// quarantine (Điều 14 khoản 2), as the last decision left it.
func (s *Store) ItemQuarantined(ctx context.Context, q Querier, id int64) (bool, error) {
	var v bool
	if err := q.QueryRow(ctx, `SELECT quarantined FROM triage WHERE submission_id = $1`, id).Scan(&v); err != nil {
		return false, fmt.Errorf("item %d: %w", id, err)
	}
	return v, nil
}
