package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// SaveParsed stores (or replaces, when reprocessing) what was derived from a
// message, its attachment list, its kind and flags.
func (s *Store) SaveParsed(ctx context.Context, tx pgx.Tx, p intake.ParsedMessage) error {
	derived := p.Derived
	if len(derived) == 0 {
		derived = []byte("{}")
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO message_parsed (message_id, subject, from_addr, from_name, to_addrs, cc_addrs, date_header,
			in_reply_to, refs, auto_reason, text_body, html_body, derived, read_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $14 THEN now() END)
		ON CONFLICT (message_id) DO UPDATE SET subject = EXCLUDED.subject, from_addr = EXCLUDED.from_addr,
			from_name = EXCLUDED.from_name, to_addrs = EXCLUDED.to_addrs, cc_addrs = EXCLUDED.cc_addrs,
			date_header = EXCLUDED.date_header, in_reply_to = EXCLUDED.in_reply_to, refs = EXCLUDED.refs,
			auto_reason = EXCLUDED.auto_reason, text_body = EXCLUDED.text_body, html_body = EXCLUDED.html_body,
			derived = EXCLUDED.derived, parsed_at = now(), read_at = EXCLUDED.read_at`,
		p.MessageID, p.Subject, p.FromAddr, p.FromName, nonNil(p.To), nonNil(p.Cc), p.Date,
		nonNil(p.InReplyTo), nonNil(p.References), p.AutoReason, p.TextBody, p.HTMLBody, derived, p.Read)
	if err != nil {
		return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM attachment WHERE message_id = $1`, p.MessageID); err != nil {
		return fmt.Errorf("save attachments of message %d: %w", p.MessageID, err)
	}
	for _, a := range p.Attachments {
		if _, err := tx.Exec(ctx, `INSERT INTO attachment (message_id, idx, path, filename, content_type, size, sha256, text, method, error, needs_human)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, p.MessageID, a.Idx, a.Path, a.Filename, a.ContentType, a.Size, a.SHA256,
			a.Text, a.Method, a.Error, a.NeedsHuman); err != nil {
			return fmt.Errorf("save attachment %d of message %d: %w", a.Idx, p.MessageID, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE message SET kind = $2, flags = $3 WHERE id = $1`, p.MessageID, p.Kind, nonNil(p.Flags)); err != nil {
		return fmt.Errorf("save kind of message %d: %w", p.MessageID, err)
	}
	return nil
}

// Parsed returns what was derived from message id.
func (s *Store) Parsed(ctx context.Context, q Querier, id int64) (intake.ParsedMessage, error) {
	p := intake.ParsedMessage{MessageID: id}
	err := q.QueryRow(ctx, `
		SELECT m.kind, m.flags, p.subject, p.from_addr, p.from_name, p.to_addrs, p.cc_addrs, p.date_header,
			p.in_reply_to, p.refs, p.auto_reason, p.text_body, p.html_body, p.derived, p.read_at IS NOT NULL
		FROM message m JOIN message_parsed p ON p.message_id = m.id WHERE m.id = $1`, id).Scan(
		&p.Kind, &p.Flags, &p.Subject, &p.FromAddr, &p.FromName, &p.To, &p.Cc, &p.Date,
		&p.InReplyTo, &p.References, &p.AutoReason, &p.TextBody, &p.HTMLBody, &p.Derived, &p.Read)
	return p, notFound(err)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
