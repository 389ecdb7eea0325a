package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// SaveParsed stores (or replaces, when reprocessing) what was derived from a
// message, its attachment list, its kind and flags. Điều 4 khoản 4: the
// bodies and the attachments' texts are stored sealed (sealed.go); the
// subject, attachment file names and errors, which listings and PostgreSQL
// read, are stored with personal numbers masked (pii.Redact). p.Derived
// must already be redacted (derive.Result.Parsed does it).
func (s *Store) SaveParsed(ctx context.Context, tx pgx.Tx, p intake.ParsedMessage) error {
	derived := p.Derived
	if len(derived) == 0 {
		derived = []byte("{}")
	}
	text, err := s.sealText(p.TextBody, bodyContext("text_body", p.MessageID))
	if err != nil {
		return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
	}
	html, err := s.sealText(p.HTMLBody, bodyContext("html_body", p.MessageID))
	if err != nil {
		return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO message_parsed (message_id, subject, from_addr, from_name, to_addrs, cc_addrs, date_header,
			in_reply_to, refs, auto_reason, text_body, html_body, derived, read_at, key_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $14 THEN now() END, $15)
		ON CONFLICT (message_id) DO UPDATE SET subject = EXCLUDED.subject, from_addr = EXCLUDED.from_addr,
			from_name = EXCLUDED.from_name, to_addrs = EXCLUDED.to_addrs, cc_addrs = EXCLUDED.cc_addrs,
			date_header = EXCLUDED.date_header, in_reply_to = EXCLUDED.in_reply_to, refs = EXCLUDED.refs,
			auto_reason = EXCLUDED.auto_reason, text_body = EXCLUDED.text_body, html_body = EXCLUDED.html_body,
			derived = EXCLUDED.derived, parsed_at = now(), read_at = EXCLUDED.read_at, key_id = EXCLUDED.key_id`,
		p.MessageID, pii.Redact(p.Subject), p.FromAddr, p.FromName, nonNil(p.To), nonNil(p.Cc), p.Date,
		nonNil(p.InReplyTo), nonNil(p.References), p.AutoReason, text, html, derived, p.Read, s.keyID())
	if err != nil {
		return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM attachment WHERE message_id = $1`, p.MessageID); err != nil {
		return fmt.Errorf("save attachments of message %d: %w", p.MessageID, err)
	}
	for _, a := range p.Attachments {
		text, err := s.sealText(a.Text, attachmentContext(p.MessageID, a.Idx))
		if err != nil {
			return fmt.Errorf("save attachment %d of message %d: %w", a.Idx, p.MessageID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO attachment (message_id, idx, path, filename, content_type, size, sha256, text, method, error, needs_human, key_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, p.MessageID, a.Idx, a.Path, pii.Redact(a.Filename), a.ContentType, a.Size, a.SHA256,
			text, a.Method, pii.Redact(a.Error), a.NeedsHuman, s.keyID()); err != nil {
			return fmt.Errorf("save attachment %d of message %d: %w", a.Idx, p.MessageID, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE message SET kind = $2, flags = $3 WHERE id = $1`, p.MessageID, p.Kind, nonNil(p.Flags)); err != nil {
		return fmt.Errorf("save kind of message %d: %w", p.MessageID, err)
	}
	return nil
}

// Parsed returns what was derived from message id, the bodies opened (the
// subject and the derived report are the redacted copies stored).
func (s *Store) Parsed(ctx context.Context, q Querier, id int64) (intake.ParsedMessage, error) {
	p := intake.ParsedMessage{MessageID: id}
	var keyID string
	err := q.QueryRow(ctx, `
		SELECT m.kind, m.flags, p.subject, p.from_addr, p.from_name, p.to_addrs, p.cc_addrs, p.date_header,
			p.in_reply_to, p.refs, p.auto_reason, p.text_body, p.html_body, p.derived, p.read_at IS NOT NULL, p.key_id
		FROM message m JOIN message_parsed p ON p.message_id = m.id WHERE m.id = $1`, id).Scan(
		&p.Kind, &p.Flags, &p.Subject, &p.FromAddr, &p.FromName, &p.To, &p.Cc, &p.Date,
		&p.InReplyTo, &p.References, &p.AutoReason, &p.TextBody, &p.HTMLBody, &p.Derived, &p.Read, &keyID)
	if err != nil {
		return p, notFound(err)
	}
	if p.TextBody, err = s.openText(p.TextBody, keyID, bodyContext("text_body", id)); err != nil {
		return p, err
	}
	p.HTMLBody, err = s.openText(p.HTMLBody, keyID, bodyContext("html_body", id))
	return p, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
