package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/crypto"
)

// Personal data at rest (Quy chế 1319/QĐ-BTP Điều 4 khoản 4): the raw
// message, the parsed bodies and the attachments' texts are stored sealed
// with Store.Keys (migration 00003), each bound to its column and row so
// that a ciphertext copied elsewhere does not open. A key_id of '' marks a
// row stored in clear (before migration 00003, or by a Store without keys).

// ErrNoKeys is returned when a sealed row is read by a Store that has no
// personal-data keys.
var ErrNoKeys = errors.New("personal data is sealed but no personal-data key file is loaded (ui.key_file)")

func rawContext(messageID int64) string {
	return "message_raw.raw:" + strconv.FormatInt(messageID, 10)
}

func bodyContext(column string, messageID int64) string {
	return "message_parsed." + column + ":" + strconv.FormatInt(messageID, 10)
}

func attachmentContext(messageID int64, idx int) string {
	return "attachment.text:" + strconv.FormatInt(messageID, 10) + ":" + strconv.Itoa(idx)
}

// keyID is the id of the key that seals new rows ("" without keys).
func (s *Store) keyID() string {
	if s.Keys == nil {
		return ""
	}
	return s.Keys.ActiveID()
}

// sealRaw seals the raw bytes of message id.
func (s *Store) sealRaw(id int64, raw []byte) ([]byte, error) {
	if s.Keys == nil {
		return raw, nil
	}
	if len(raw) == 0 {
		return []byte{}, nil // NOT NULL column; nothing to protect
	}
	return s.Keys.SealBytes(raw, rawContext(id))
}

// openRaw opens raw bytes stored under keyID.
func (s *Store) openRaw(id int64, keyID string, stored []byte) ([]byte, error) {
	if keyID == "" || len(stored) == 0 {
		return stored, nil
	}
	if s.Keys == nil {
		return nil, fmt.Errorf("raw message %d: %w", id, ErrNoKeys)
	}
	return s.Keys.OpenBytes(stored, rawContext(id))
}

// sealText seals one text value for context.
func (s *Store) sealText(v, context string) (string, error) {
	if s.Keys == nil {
		return v, nil
	}
	return s.Keys.Seal(v, context)
}

// openText opens a text value stored under keyID.
func (s *Store) openText(v, keyID, context string) (string, error) {
	if keyID == "" || v == "" {
		return v, nil
	}
	if s.Keys == nil {
		return "", fmt.Errorf("%s: %w", context, ErrNoKeys)
	}
	return s.Keys.Open(v, context)
}

// MessageTexts returns the body text and the attachments' texts (by index)
// of a message in clear, for a person allowed to see them (the reveal of
// Điều 4 khoản 4 reads the sender data again from them).
func (s *Store) MessageTexts(ctx context.Context, q Querier, messageID int64) (body string, texts []string, err error) {
	var keyID string
	err = q.QueryRow(ctx, `SELECT text_body, key_id FROM message_parsed WHERE message_id = $1`, messageID).Scan(&body, &keyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("body of message %d: %w", messageID, err)
	}
	if body, err = s.openText(body, keyID, bodyContext("text_body", messageID)); err != nil {
		return "", nil, err
	}
	texts, err = s.AttachmentTexts(ctx, q, messageID)
	return body, texts, err
}

// SealedCounts counts the rows that are not sealed with the active key:
// clear rows (key_id ”) and rows under an older key, per table. A service
// that finds clear rows at start-up logs that `tiepnhan pii rewrap` seals
// them.
func (s *Store) SealedCounts(ctx context.Context, active string) (clear, old int64, err error) {
	err = s.Pool.QueryRow(ctx, `
		SELECT coalesce(sum(c) FILTER (WHERE k = ''), 0)::bigint, coalesce(sum(c) FILTER (WHERE k <> '' AND k <> $1), 0)::bigint FROM (
			SELECT key_id AS k, count(*) AS c FROM message_raw GROUP BY key_id
			UNION ALL SELECT key_id, count(*) FROM message_parsed WHERE text_body <> '' OR html_body <> '' OR outline <> '' GROUP BY key_id
			UNION ALL SELECT key_id, count(*) FROM attachment WHERE text <> '' GROUP BY key_id) x`, active).Scan(&clear, &old)
	return clear, old, err
}

// RewrapMail seals with keys' active key every raw message, parsed body and
// attachment text that another key sealed or that is stored in clear (rows
// older than migration 00003): key rotation (Điều 4 khoản 4), after which
// older keys can be dropped from the key file. One transaction per message;
// it returns how many rows changed. Safe to run again after an interruption.
func (s *Store) RewrapMail(ctx context.Context, keys *crypto.Keyring) (int, error) {
	if keys == nil {
		return 0, ErrNoKeys
	}
	active := keys.ActiveID()
	total := 0
	for _, t := range []struct {
		name string
		ids  string
		one  func(ctx context.Context, tx pgx.Tx, keys *crypto.Keyring, id int64) (int, error)
	}{
		{"message_raw", `SELECT message_id FROM message_raw WHERE key_id <> $1 AND message_id > $2 ORDER BY message_id LIMIT 500`, rewrapRaw},
		{"message_parsed", `SELECT message_id FROM message_parsed WHERE key_id <> $1 AND (text_body <> '' OR html_body <> '' OR outline <> '') AND message_id > $2 ORDER BY message_id LIMIT 500`, rewrapParsed},
		{"attachment", `SELECT DISTINCT message_id FROM attachment WHERE key_id <> $1 AND text <> '' AND message_id > $2 ORDER BY message_id LIMIT 500`, rewrapAttachments},
	} {
		var after int64
		for {
			rows, err := s.Pool.Query(ctx, t.ids, active, after)
			if err != nil {
				return total, fmt.Errorf("rewrap %s: %w", t.name, err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return total, fmt.Errorf("rewrap %s: %w", t.name, err)
			}
			if len(ids) == 0 {
				break
			}
			for _, id := range ids {
				err := s.inTxAs(ctx, "system:rewrap", func(tx pgx.Tx) error {
					n, err := t.one(ctx, tx, keys, id)
					total += n
					return err
				})
				if err != nil {
					return total, fmt.Errorf("rewrap %s of message %d: %w", t.name, id, err)
				}
			}
			after = ids[len(ids)-1]
		}
	}
	return total, nil
}

func rewrapRaw(ctx context.Context, tx pgx.Tx, keys *crypto.Keyring, id int64) (int, error) {
	var raw []byte
	var keyID string
	if err := tx.QueryRow(ctx, `SELECT raw, key_id FROM message_raw WHERE message_id = $1 FOR UPDATE`, id).Scan(&raw, &keyID); err != nil {
		return 0, err
	}
	if keyID == keys.ActiveID() {
		return 0, nil // done by a concurrent run
	}
	clear := raw
	if keyID != "" {
		var err error
		if clear, err = keys.OpenBytes(raw, rawContext(id)); err != nil {
			return 0, err
		}
	}
	sealed, err := keys.SealBytes(clear, rawContext(id))
	if err != nil {
		return 0, err
	}
	if sealed == nil {
		sealed = []byte{}
	}
	_, err = tx.Exec(ctx, `UPDATE message_raw SET raw = $2, key_id = $3 WHERE message_id = $1`, id, sealed, keys.ActiveID())
	return 1, err
}

func rewrapParsed(ctx context.Context, tx pgx.Tx, keys *crypto.Keyring, id int64) (int, error) {
	var v [3]string
	var keyID string
	if err := tx.QueryRow(ctx, `SELECT text_body, html_body, outline, key_id FROM message_parsed WHERE message_id = $1 FOR UPDATE`, id).Scan(&v[0], &v[1], &v[2], &keyID); err != nil {
		return 0, err
	}
	if keyID == keys.ActiveID() {
		return 0, nil
	}
	for i, col := range []string{"text_body", "html_body", "outline"} {
		c := bodyContext(col, id)
		clear := v[i]
		if keyID != "" {
			var err error
			if clear, err = keys.Open(v[i], c); err != nil {
				return 0, err
			}
		}
		sealed, err := keys.Seal(clear, c)
		if err != nil {
			return 0, err
		}
		v[i] = sealed
	}
	_, err := tx.Exec(ctx, `UPDATE message_parsed SET text_body = $2, html_body = $3, outline = $4, key_id = $5 WHERE message_id = $1`, id, v[0], v[1], v[2], keys.ActiveID())
	return 1, err
}

func rewrapAttachments(ctx context.Context, tx pgx.Tx, keys *crypto.Keyring, id int64) (int, error) {
	rows, err := tx.Query(ctx, `SELECT idx, text, key_id FROM attachment WHERE message_id = $1 AND key_id <> $2 AND text <> '' ORDER BY idx FOR UPDATE`, id, keys.ActiveID())
	if err != nil {
		return 0, err
	}
	type row struct {
		idx         int
		text, keyID string
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.idx, &x.text, &x.keyID)
	})
	if err != nil {
		return 0, err
	}
	for _, x := range list {
		c := attachmentContext(id, x.idx)
		clear := x.text
		if x.keyID != "" {
			if clear, err = keys.Open(x.text, c); err != nil {
				return 0, err
			}
		}
		sealed, err := keys.Seal(clear, c)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `UPDATE attachment SET text = $3, key_id = $4 WHERE message_id = $1 AND idx = $2`, id, x.idx, sealed, keys.ActiveID()); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// HasUnsealed reports whether any raw message, parsed body or attachment
// text is stored in clear (key_id ”), e.g. rows older than migration
// 00003; `tiepnhan pii rewrap` seals them.
func (s *Store) HasUnsealed(ctx context.Context) (bool, error) {
	var v bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM message_raw WHERE key_id = '' AND octet_length(raw) > 0)
		OR EXISTS (SELECT 1 FROM message_parsed WHERE key_id = '' AND (text_body <> '' OR html_body <> '' OR outline <> ''))
		OR EXISTS (SELECT 1 FROM attachment WHERE key_id = '' AND text <> '')`).Scan(&v)
	return v, err
}
