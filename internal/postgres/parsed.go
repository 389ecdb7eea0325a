package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// SaveParsed stores (or replaces, when reprocessing) what was derived from a
// message, its attachment list, its kind and flags. Điều 4 khoản 4: the
// bodies, the outline and the attachments' texts are stored sealed
// (sealed.go); the
// subject, attachment file names and errors, which listings and PostgreSQL
// read, are stored with personal numbers masked (pii.Redact). p.Derived
// must already be redacted (derive.Result.Parsed does it).
func (s *Store) SaveParsed(ctx context.Context, tx pgx.Tx, p intake.ParsedMessage) error {
	return s.SaveParsedMany(ctx, tx, []intake.ParsedMessage{p})
}

// SaveParsedMany is SaveParsed for a batch of messages (a parse_message job
// carries a whole commit batch), in set-based statements: the parsed rows,
// the attachment lists and the kinds each in one statement, whatever the
// number of messages. The message ids must be distinct.
func (s *Store) SaveParsedMany(ctx context.Context, tx pgx.Tx, ps []intake.ParsedMessage) error {
	if len(ps) == 0 {
		return nil
	}
	n := len(ps)
	ids := make([]int64, n)
	subjects, addrs, names, tos, ccs := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	dates := make([]*time.Time, n)
	irts, refs, autos, texts, htmls := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	outlines := make([]string, n)
	derived, kinds, flags := make([]string, n), make([]string, n), make([]string, n)
	read := make([]bool, n)
	var att attachmentRows
	for i, p := range ps {
		var err error
		if texts[i], err = s.sealText(p.TextBody, bodyContext("text_body", p.MessageID)); err != nil {
			return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
		}
		if htmls[i], err = s.sealText(p.HTMLBody, bodyContext("html_body", p.MessageID)); err != nil {
			return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
		}
		if outlines[i], err = s.sealText(string(p.Outline), bodyContext("outline", p.MessageID)); err != nil {
			return fmt.Errorf("save parsed message %d: %w", p.MessageID, err)
		}
		d := p.Derived
		if len(d) == 0 {
			d = []byte("{}")
		}
		ids[i], subjects[i], addrs[i], names[i], dates[i] = p.MessageID, pii.Redact(p.Subject), p.FromAddr, p.FromName, p.Date
		tos[i], ccs[i], irts[i], refs[i], flags[i] = jsonList(p.To), jsonList(p.Cc), jsonList(p.InReplyTo), jsonList(p.References), jsonList(p.Flags)
		autos[i], derived[i], read[i], kinds[i] = p.AutoReason, string(d), p.Read, string(p.Kind)
		for _, a := range p.Attachments {
			text, err := s.sealText(a.Text, attachmentContext(p.MessageID, a.Idx))
			if err != nil {
				return fmt.Errorf("save attachment %d of message %d: %w", a.Idx, p.MessageID, err)
			}
			att.add(p.MessageID, a, text)
		}
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO message_parsed (message_id, subject, from_addr, from_name, to_addrs, cc_addrs, date_header,
			in_reply_to, refs, auto_reason, text_body, html_body, derived, read_at, key_id, outline)
		SELECT u.id, u.subject, u.addr, u.name, json_list(u.tos), json_list(u.ccs), u.date,
			json_list(u.irts), json_list(u.refs), u.auto, u.text, u.html, u.derived::jsonb, CASE WHEN u.read THEN now() END, $15, u.outline
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
		            $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bool[], $16::text[])
		     WITH ORDINALITY AS u(id, subject, addr, name, tos, ccs, date, irts, refs, auto, text, html, derived, read, outline, ord)
		ORDER BY u.ord
		ON CONFLICT (message_id) DO UPDATE SET subject = EXCLUDED.subject, from_addr = EXCLUDED.from_addr,
			from_name = EXCLUDED.from_name, to_addrs = EXCLUDED.to_addrs, cc_addrs = EXCLUDED.cc_addrs,
			date_header = EXCLUDED.date_header, in_reply_to = EXCLUDED.in_reply_to, refs = EXCLUDED.refs,
			auto_reason = EXCLUDED.auto_reason, text_body = EXCLUDED.text_body, html_body = EXCLUDED.html_body,
			derived = EXCLUDED.derived, parsed_at = now(), read_at = EXCLUDED.read_at, key_id = EXCLUDED.key_id,
			outline = EXCLUDED.outline`,
		ids, subjects, addrs, names, tos, ccs, dates, irts, refs, autos, texts, htmls, derived, read, s.keyID(), outlines); err != nil {
		return fmt.Errorf("save %d parsed messages (ids %d…%d): %w", n, ids[0], ids[n-1], err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM attachment WHERE message_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("replace attachments of %d messages: %w", n, err)
	}
	if len(att.msg) > 0 {
		if _, err := tx.Exec(ctx, `
			INSERT INTO attachment (message_id, idx, path, filename, content_type, size, sha256, text, method, error, needs_human, key_id)
			SELECT u.mid, u.idx, u.path, u.filename, u.ctype, u.size, u.sum, u.text, u.method, u.error, u.human, $12
			FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[],
			            $9::text[], $10::text[], $11::bool[]) WITH ORDINALITY
			     AS u(mid, idx, path, filename, ctype, size, sum, text, method, error, human, ord)
			ORDER BY u.ord`,
			att.msg, att.idx, att.path, att.filename, att.ctype, att.size, att.sum, att.text, att.method, att.err, att.human, s.keyID()); err != nil {
			return fmt.Errorf("save %d attachments of %d messages: %w", len(att.msg), n, err)
		}
	}
	if err := saveSearch(ctx, tx, ps); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		UPDATE message m SET kind = u.kind, flags = json_list(u.flags)
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, kind, flags) WHERE m.id = u.id`, ids, kinds, flags); err != nil {
		return fmt.Errorf("save kinds of %d messages: %w", n, err)
	}
	return nil
}

// saveSearch indexes the read messages of ps for search (migration
// 00050): the redacted head and body, in one statement. It runs once the
// attachments are read (read_message), not at intake, so that a backlog
// reaches the inbox first; a message read again replaces its row.
func saveSearch(ctx context.Context, tx pgx.Tx, ps []intake.ParsedMessage) error {
	var ids []int64
	var heads, bodies, codes []string
	for _, p := range ps {
		if !p.Read || p.Kind != intake.MessageKindSubmission {
			continue
		}
		// pii.Redact again: the store never trusts a caller with clear text.
		ids, heads = append(ids, p.MessageID), append(heads, pii.Redact(p.Search.Head))
		bodies, codes = append(bodies, pii.Redact(p.Search.Body)), append(codes, pii.Redact(p.Search.Codes))
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO message_search (message_id, head, body, codes)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
		ON CONFLICT (message_id) DO UPDATE SET head = EXCLUDED.head, body = EXCLUDED.body, codes = EXCLUDED.codes`,
		ids, heads, bodies, codes); err != nil {
		return fmt.Errorf("index %d messages for search: %w", len(ids), err)
	}
	return nil
}

// attachmentRows are attachment columns for one multi-row INSERT.
type attachmentRows struct {
	msg                                           []int64
	idx                                           []int32
	path, filename, ctype, sum, text, method, err []string
	size                                          []int64
	human                                         []bool
}

func (r *attachmentRows) add(msgID int64, a intake.AttachmentMeta, sealed string) {
	r.msg, r.idx = append(r.msg, msgID), append(r.idx, int32(a.Idx))
	r.path, r.filename, r.ctype = append(r.path, a.Path), append(r.filename, pii.Redact(a.Filename)), append(r.ctype, a.ContentType)
	r.size, r.sum, r.text = append(r.size, a.Size), append(r.sum, a.SHA256), append(r.text, sealed)
	r.method, r.err, r.human = append(r.method, a.Method), append(r.err, pii.Redact(a.Error)), append(r.human, a.NeedsHuman)
}

// jsonList encodes a list of strings for json_list (migration 00004): a
// text[] column of a multi-row unnest cannot hold lists of different
// lengths.
func jsonList(v []string) string {
	b, _ := json.Marshal(nonNil(v)) // a []string always encodes
	return string(b)
}

// Parsed returns what was derived from message id, the bodies and the
// outline opened (the subject and the derived report are the redacted
// copies stored).
func (s *Store) Parsed(ctx context.Context, q Querier, id int64) (intake.ParsedMessage, error) {
	p := intake.ParsedMessage{MessageID: id}
	var keyID, outline string
	err := q.QueryRow(ctx, `
		SELECT m.kind, m.flags, p.subject, p.from_addr, p.from_name, p.to_addrs, p.cc_addrs, p.date_header,
			p.in_reply_to, p.refs, p.auto_reason, p.text_body, p.html_body, p.derived, p.read_at IS NOT NULL, p.key_id, p.outline
		FROM message m JOIN message_parsed p ON p.message_id = m.id WHERE m.id = $1`, id).Scan(
		&p.Kind, &p.Flags, &p.Subject, &p.FromAddr, &p.FromName, &p.To, &p.Cc, &p.Date,
		&p.InReplyTo, &p.References, &p.AutoReason, &p.TextBody, &p.HTMLBody, &p.Derived, &p.Read, &keyID, &outline)
	if err != nil {
		return p, notFound(err)
	}
	if p.TextBody, err = s.openText(p.TextBody, keyID, bodyContext("text_body", id)); err != nil {
		return p, err
	}
	if p.HTMLBody, err = s.openText(p.HTMLBody, keyID, bodyContext("html_body", id)); err != nil {
		return p, err
	}
	if outline, err = s.openText(outline, keyID, bodyContext("outline", id)); err != nil {
		return p, err
	}
	if outline != "" {
		p.Outline = []byte(outline)
	}
	return p, nil
}

// Outline returns the stored outline of message id, opened (nil: none
// stored, a message parsed before outlines were, or not parsed yet).
func (s *Store) Outline(ctx context.Context, q Querier, id int64) ([]byte, error) {
	var keyID, outline string
	err := q.QueryRow(ctx, `SELECT key_id, outline FROM message_parsed WHERE message_id = $1`, id).Scan(&keyID, &outline)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outline of message %d: %w", id, err)
	}
	if outline, err = s.openText(outline, keyID, bodyContext("outline", id)); err != nil || outline == "" {
		return nil, err
	}
	return []byte(outline), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
