package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Item implements view.Store: the whole item page in a few queries.
func (u *UI) Item(ctx context.Context, p auth.Principal, id int64) (view.Detail, error) {
	var d view.Detail
	if _, _, _, _, err := u.scope(ctx, u.Pool, p, id); err != nil {
		return d, err
	}
	var firstMsg int64
	var classifiedBy, editor, approver, answeredBy, quarantineBy *string
	var assignee, editorID *int64
	err := u.Pool.QueryRow(ctx, `
		SELECT t.submission_id, s.reference, s.subject, s.from_name, s.from_addr, t.state, t.kind, t.category, t.timing, t.unit,
			t.forwarded_unit, coalesce(a.display_name, ''), t.next_due_at, t.next_due_rule, t.quarantined, t.received_at, t.grounds,
			s.first_message_id, c.display_name, t.classified_at, t.assignee_id, t.editor_id, e.display_name, t.submitted_at,
			ap.display_name, t.approved_at, t.published_at, t.portal_url, t.refusal_ground, t.refusal_note, t.takedown,
			t.takedown_reason, t.answer, an.display_name, t.answered_at, q.display_name, t.target, t.language
		FROM triage t JOIN submission s ON s.id = t.submission_id
		LEFT JOIN account a ON a.id = t.assignee_id
		LEFT JOIN account c ON c.id = t.classified_by
		LEFT JOIN account e ON e.id = t.editor_id
		LEFT JOIN account ap ON ap.id = t.approver_id
		LEFT JOIN account an ON an.id = t.answered_by
		LEFT JOIN account q ON q.id = t.quarantine_decided_by
		WHERE t.submission_id = $1`, id).Scan(
		&d.ID, &d.Reference, &d.Subject, &d.FromName, &d.FromAddr, &d.State, &d.Kind, &d.Category, &d.Timing, &d.Unit,
		&d.ForwardedUnit, &d.Assignee, &d.NextDue, &d.NextRule, &d.Quarantined, &d.ReceivedAt, &d.Grounds,
		&firstMsg, &classifiedBy, &d.ClassifiedAt, &assignee, &editorID, &editor, &d.SubmittedAt,
		&approver, &d.ApprovedAt, &d.PublishedAt, &d.PortalURL, &d.RefusalGround, &d.RefusalNote, &d.Takedown,
		&d.TakedownReason, &d.Answer, &answeredBy, &d.AnsweredAt, &quarantineBy, &d.Target, &d.Language)
	if err != nil {
		return d, fmt.Errorf("item %d: %w", id, notFoundTriage(err))
	}
	d.ClassifiedBy, d.Editor, d.Approver, d.AnsweredBy, d.QuarantineDecidedBy = str(classifiedBy), str(editor), str(approver), str(answeredBy), str(quarantineBy)
	if assignee != nil {
		d.AssigneeID = *assignee
	}
	if editorID != nil {
		d.EditorID = *editorID
	}
	if d.Messages, err = u.itemMessages(ctx, id); err != nil {
		return d, err
	}
	var answerMsg int64
	var answeredAt time.Time
	switch err := u.Pool.QueryRow(ctx, `SELECT answered_at, answer_message_id FROM supplement_request
		WHERE submission_id = $1 AND answered_at IS NOT NULL AND answer_message_id IS NOT NULL`, id).Scan(&answeredAt, &answerMsg); {
	case err == nil:
		d.AnsweredSupplementAt = &answeredAt
	case err != pgx.ErrNoRows:
		return d, err
	}
	read, err := u.Readings(ctx, u.Pool, []int64{firstMsg, answerMsg})
	if err != nil {
		return d, err
	}
	if r, ok := read[firstMsg]; ok {
		d.Reading = &r
	}
	if r, ok := read[answerMsg]; ok && answerMsg != 0 {
		d.AnswerReading = &r
	}
	if c, err := u.Classification(ctx, u.Pool, id); err == nil {
		d.Classification, d.Screening = c.Classification, c.Screening
	} else if !errors.Is(err, intake.ErrNotFound) {
		return d, err
	}
	if d.Deadlines, err = u.itemDeadlines(ctx, id); err != nil {
		return d, err
	}
	if d.Events, err = u.itemEvents(ctx, id); err != nil {
		return d, err
	}
	sub, err := u.submitter(ctx, u.Pool, firstMsg)
	if err != nil {
		return d, err
	}
	d.Submitter = sub
	if workflow.Open(d.State) {
		if d.Proposals, err = u.itemProposals(ctx, id); err != nil {
			return d, err
		}
	}
	return d, nil
}

func notFoundTriage(err error) error {
	if err == pgx.ErrNoRows {
		return workflow.ErrNotFound
	}
	return err
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (u *UI) itemMessages(ctx context.Context, id int64) ([]view.Message, error) {
	rows, err := u.Pool.Query(ctx, `
		SELECT m.id, m.received_at, m.source, m.kind, m.header_only, m.flags, coalesce(p.subject, ''), coalesce(p.from_name || ' <' || p.from_addr || '>', ''),
			coalesce(p.to_addrs, '{}'), coalesce(p.cc_addrs, '{}'), coalesce(p.text_body, ''), coalesce(p.html_body, '') <> '', coalesce(p.key_id, '')
		FROM message m LEFT JOIN message_parsed p ON p.message_id = m.id
		WHERE m.submission_id = $1 ORDER BY m.received_at, m.id`, id)
	if err != nil {
		return nil, fmt.Errorf("messages of item %d: %w", id, err)
	}
	// The bodies and texts are opened here and masked on screen by the
	// handler (Điều 4 khoản 4); they leave the store in clear only to it.
	msgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Message, error) {
		var m view.Message
		var keyID string
		err := r.Scan(&m.ID, &m.ReceivedAt, &m.Source, &m.Kind, &m.HeaderOnly, &m.Flags, &m.Subject, &m.From, &m.To, &m.Cc, &m.Text, &m.HasHTML, &keyID)
		if err == nil {
			m.Text, err = u.openText(m.Text, keyID, bodyContext("text_body", m.ID))
		}
		return m, err
	})
	if err != nil {
		return nil, err
	}
	byID := map[int64]int{}
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		byID[m.ID], ids[i] = i, m.ID
	}
	arows, err := u.Pool.Query(ctx, `SELECT message_id, idx, filename, content_type, size, text, method, error, needs_human, key_id
		FROM attachment WHERE message_id = ANY($1) ORDER BY message_id, idx`, ids)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var mid int64
		var a view.Attachment
		var keyID string
		if err := arows.Scan(&mid, &a.Idx, &a.Filename, &a.ContentType, &a.Size, &a.Text, &a.Method, &a.Error, &a.NeedsHuman, &keyID); err != nil {
			return nil, err
		}
		if a.Text, err = u.openText(a.Text, keyID, attachmentContext(mid, a.Idx)); err != nil {
			return nil, err
		}
		msgs[byID[mid]].Attachments = append(msgs[byID[mid]].Attachments, a)
	}
	return msgs, arows.Err()
}

func (u *UI) itemDeadlines(ctx context.Context, id int64) ([]view.Deadline, error) {
	rows, err := u.Pool.Query(ctx, `SELECT rule_id, article, basis, state, explanation, starts_at, due_at FROM deadline
		WHERE submission_id = $1 ORDER BY due_at`, id)
	if err != nil {
		return nil, fmt.Errorf("deadlines of item %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Deadline, error) {
		var d view.Deadline
		err := r.Scan(&d.Rule, &d.Article, &d.Basis, &d.State, &d.Explanation, &d.StartsAt, &d.DueAt)
		return d, err
	})
}

func (u *UI) itemEvents(ctx context.Context, id int64) ([]view.Event, error) {
	rows, err := u.Pool.Query(ctx, `SELECT at, actor, kind, detail FROM submission_event WHERE submission_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of item %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Event, error) {
		var e view.Event
		err := r.Scan(&e.At, &e.Actor, &e.Kind, &e.Detail)
		return e, err
	})
}

// submitter loads the staff-entered sender data of a message, masked.
func (u *UI) submitter(ctx context.Context, q Querier, messageID int64) (*view.Submitter, error) {
	var s view.Submitter
	err := q.QueryRow(ctx, `SELECT channel, organization, name, title, citizen_id_mask, tax_code_mask, phone_mask, address_mask,
		do_not_publish_name, entered_by, entered_at FROM submitter_data WHERE message_id = $1`, messageID).Scan(
		&s.Channel, &s.Organization, &s.Name, &s.Title, &s.CitizenID, &s.TaxCode, &s.Phone, &s.Address, &s.DoNotPublishName, &s.EnteredBy, &s.EnteredAt)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sender data of message %d: %w", messageID, err)
	}
	return &s, nil
}

// messageOf checks that messageID belongs to item id, which p may see.
func (u *UI) messageOf(ctx context.Context, p auth.Principal, id, messageID int64) error {
	if _, _, _, _, err := u.scope(ctx, u.Pool, p, id); err != nil {
		return err
	}
	var ok bool
	if err := u.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM message WHERE id = $1 AND submission_id = $2)`, messageID, id).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return workflow.ErrNotFound
	}
	return nil
}

// Raw implements view.Store: the exact bytes of a message of the item.
func (u *UI) Raw(ctx context.Context, p auth.Principal, id, messageID int64) ([]byte, error) {
	if err := u.messageOf(ctx, p, id, messageID); err != nil {
		return nil, err
	}
	b, err := u.Store.Raw(ctx, u.Pool, messageID)
	return b, notFoundTriage(err)
}

// HTMLBody implements view.Store: the HTML body as parsed (unsanitised;
// the caller sanitises it).
func (u *UI) HTMLBody(ctx context.Context, p auth.Principal, id, messageID int64) (string, error) {
	if err := u.messageOf(ctx, p, id, messageID); err != nil {
		return "", err
	}
	var html, keyID string
	err := u.Pool.QueryRow(ctx, `SELECT html_body, key_id FROM message_parsed WHERE message_id = $1`, messageID).Scan(&html, &keyID)
	if err != nil {
		return "", notFoundTriage(err)
	}
	return u.openText(html, keyID, bodyContext("html_body", messageID))
}

// Assignable implements view.Store: editors, board members and Standing
// Board staff who can take an item.
func (u *UI) Assignable(ctx context.Context) ([]auth.Account, error) {
	return u.AccountsWithRole(ctx, []auth.Role{auth.RoleEditor, auth.RoleBoardMember, auth.RoleStandingBoard})
}
