package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/triage"
)

// Apply implements triage.Store: one action, one transaction. The item row
// is locked, the principal's right checked for the item's unit, the state
// checked against the workflow (internal/triage), then the item, the
// submission's state and its history change together; the audit trigger
// records every row with the principal as actor (Điều 6 khoản 2).
func (u *UI) Apply(ctx context.Context, p auth.Principal, id int64, c triage.Command) error {
	return u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		// Lock order: the submission's row before its triage row, as every
		// worker does (LockSubmission), or an action and a job deadlock.
		if _, err := tx.Exec(ctx, `SELECT id FROM submission WHERE id = $1 FOR UPDATE`, id); err != nil {
			return fmt.Errorf("item %d: lock: %w", id, err)
		}
		unit, fwd, state, quarantined, err := u.scope(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		var before triage.Classification
		var subject string
		if err := tx.QueryRow(ctx, `SELECT t.kind, t.category, t.timing, t.unit, t.target, t.language, s.subject
			FROM triage t JOIN submission s ON s.id = t.submission_id WHERE t.submission_id = $1`, id).
			Scan(&before.Kind, &before.Category, &before.Timing, &before.Unit, &before.Target, &before.Language, &subject); err != nil {
			return fmt.Errorf("item %d: %w", id, err)
		}
		scopeUnit := unit
		if c.Action == triage.ActAnswer {
			scopeUnit = fwd
		}
		if !p.Can(triage.Perm(c.Action), scopeUnit) {
			return triage.ErrForbidden
		}
		if err := triage.Allowed(c.Action, state); err != nil {
			return err
		}
		to, detail, err := u.apply(ctx, tx, p, id, c, state, quarantined)
		if err != nil {
			return err
		}
		if to != "" && to != state {
			if _, err := tx.Exec(ctx, `UPDATE submission SET state = $2, updated_at = now() WHERE id = $1`, id, to); err != nil {
				return fmt.Errorf("item %d: set state %s: %w", id, to, err)
			}
			detail["from"], detail["to"] = state, to
		}
		if c.Note != "" {
			detail["note"] = c.Note
		}
		if err := u.AddEvent(ctx, tx, id, p.Actor(), string(c.Action), detail); err != nil {
			return err
		}
		if u.OnAction != nil {
			if to == "" {
				to = state
			}
			return u.OnAction(ctx, tx, triage.Done{ItemID: id, Actor: p.Actor(), AccountID: p.AccountID, Command: c,
				From: state, To: to, Before: before, Subject: subject, At: u.now()})
		}
		return nil
	})
}

func (u *UI) apply(ctx context.Context, tx pgx.Tx, p auth.Principal, id int64, c triage.Command, state string, quarantined bool) (to string, detail map[string]any, err error) {
	detail = map[string]any{}
	exec := func(sql string, args ...any) error {
		_, err := tx.Exec(ctx, sql, append([]any{id}, args...)...)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.ConstraintName == "triage_two_people" {
			return triage.CheckApprover(1, 1)
		}
		return err
	}
	switch c.Action {
	case triage.ActClassify:
		cl := c.Classification
		if err := cl.Validate(); err != nil {
			return "", nil, err
		}
		var old triage.Classification
		if err := tx.QueryRow(ctx, `SELECT kind, category, timing, unit, target, language FROM triage WHERE submission_id = $1`, id).
			Scan(&old.Kind, &old.Category, &old.Timing, &old.Unit, &old.Target, &old.Language); err != nil {
			return "", nil, err
		}
		detail["before"], detail["after"] = old, cl
		if old == cl {
			detail["confirmed"] = true
		}
		err = exec(`UPDATE triage SET kind = $2, category = $3, timing = $4, unit = $5, target = $6, language = $7,
			classified_by = $8, classified_at = now(), updated_at = now() WHERE submission_id = $1`,
			cl.Kind, cl.Category, cl.Timing, cl.Unit, cl.Target, cl.Language, p.AccountID)
		if state == "received" || state == triage.StateAwaitingTriage {
			to = state // classification alone does not move the item
		}
	case triage.ActQuarantine:
		// Điều 14 khoản 2: a person confirms or lifts the quarantine.
		detail["quarantined"] = c.Quarantine
		err = exec(`UPDATE triage SET quarantined = $2, quarantine_decided_by = $3, updated_at = now() WHERE submission_id = $1`, c.Quarantine, p.AccountID)
	case triage.ActRequestSupp:
		if c.Note == "" {
			return "", nil, triage.Invalidf("ghi rõ thông tin cần bổ sung (Điều 9 khoản 3, Điều 11 khoản 2)")
		}
		to = triage.StateAwaitingAuthor
	case triage.ActForward:
		if quarantined {
			return "", nil, triage.Invalidf("Điều 14 khoản 2: hồ sơ có dấu mật hoặc lưu hành nội bộ không được chuyển ra ngoài Thường trực Ban Biên tập")
		}
		if c.Unit == "" {
			return "", nil, triage.Invalidf("chọn đơn vị nhận")
		}
		detail["unit"] = c.Unit
		err = exec(`UPDATE triage SET forwarded_unit = $2, forwarded_at = now(), updated_at = now() WHERE submission_id = $1`, c.Unit)
		to = triage.StateForwarded
	case triage.ActAssign:
		var name string
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT a.display_name, EXISTS (SELECT 1 FROM account_grant g WHERE g.account_id = a.id
			AND g.role IN ('editor', 'board_member', 'standing_board') AND (g.expires_at IS NULL OR g.expires_at > now()))
			FROM account a WHERE a.id = $1 AND a.state = 'active'`, c.AssigneeID).Scan(&name, &ok); err != nil || !ok {
			return "", nil, triage.Invalidf("người được phân công (tài khoản %d) không phải biên tập viên, thành viên hay Thường trực Ban Biên tập đang hoạt động", c.AssigneeID)
		}
		detail["assignee"], detail["assignee_id"] = name, c.AssigneeID
		err = exec(`UPDATE triage SET assignee_id = $2, updated_at = now() WHERE submission_id = $1`, c.AssigneeID)
		switch {
		case c.Review:
			to = triage.StateInReview // Điều 12 khoản 3
		case state == "received" || state == triage.StateAwaitingTriage:
			to = triage.StateInEdit
		}
	case triage.ActSubmit:
		// Điều 12 khoản 1 bước 1: the editor puts it in "pending approval".
		err = exec(`UPDATE triage SET editor_id = $2, submitted_at = now(), approver_id = NULL, approved_at = NULL, updated_at = now() WHERE submission_id = $1`, p.AccountID)
		to = triage.StatePendingApproval
	case triage.ActApprove:
		var editor *int64
		if err := tx.QueryRow(ctx, `SELECT editor_id FROM triage WHERE submission_id = $1`, id).Scan(&editor); err != nil {
			return "", nil, err
		}
		if editor != nil {
			if err := triage.CheckApprover(*editor, p.AccountID); err != nil {
				return "", nil, err
			}
		}
		err = exec(`UPDATE triage SET approver_id = $2, approved_at = now(), updated_at = now() WHERE submission_id = $1`, p.AccountID)
		to = triage.StateApproved
	case triage.ActReturn:
		err = exec(`UPDATE triage SET approver_id = NULL, approved_at = NULL, updated_at = now() WHERE submission_id = $1`)
		to = triage.StateInEdit
	case triage.ActReviewed:
		// Điều 12 khoản 3: the board member sends the item back to the
		// Standing Board, which assigns an editor (the assignee is cleared
		// so that the inbox shows it waiting for one).
		err = exec(`UPDATE triage SET assignee_id = NULL, updated_at = now() WHERE submission_id = $1`)
		to = triage.StateInEdit
	case triage.ActPublish:
		if err := triage.CheckPortalURL(c.URL); err != nil {
			return "", nil, err
		}
		detail["url"] = c.URL
		err = exec(`UPDATE triage SET published_at = now(), portal_url = $2, updated_at = now() WHERE submission_id = $1`, c.URL)
		to = triage.StatePublished
	case triage.ActRefuse:
		if err := triage.CheckRefusal(c.Ground, c.Note); err != nil {
			return "", nil, err
		}
		detail["ground"] = c.Ground
		err = exec(`UPDATE triage SET refusal_ground = $2, refusal_note = $3, updated_at = now() WHERE submission_id = $1`, c.Ground, c.Note)
		to = triage.StateRefused
	case triage.ActTakedown:
		if err := triage.CheckTakedown(c.Kind, c.Note); err != nil {
			return "", nil, err
		}
		detail["kind"] = c.Kind
		err = exec(`UPDATE triage SET takedown = $2, takedown_reason = $3, taken_down_at = now(), updated_at = now() WHERE submission_id = $1`, c.Kind, c.Note)
		to = triage.StateTakenDownTemp
		if c.Kind == "permanent" {
			to = triage.StateTakenDownPerm
		}
	case triage.ActRestore:
		err = exec(`UPDATE triage SET takedown = '', updated_at = now() WHERE submission_id = $1`)
		to = triage.StatePublished
	case triage.ActAnswer:
		if c.Note == "" {
			return "", nil, triage.Invalidf("nhập nội dung trả lời")
		}
		err = exec(`UPDATE triage SET answer = $2, answered_by = $3, answered_at = now(), updated_at = now() WHERE submission_id = $1`, c.Note, p.AccountID)
		to = triage.StateAnswered
	case triage.ActClose:
		if c.Note == "" {
			return "", nil, triage.Invalidf("ghi rõ lý do đóng hồ sơ")
		}
		to = triage.StateClosed
	default:
		return "", nil, triage.Invalidf("thao tác %q không tồn tại", c.Action)
	}
	return to, detail, err
}
