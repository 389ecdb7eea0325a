package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Original implements view.Store: the message exactly as received, which
// holds the sender's personal data in clear, for a principal who may
// reveal it for the item's unit, as RevealSubmitter decides (Điều 4 khoản
// 4); the download is in the audit trail in the same transaction (Điều 6
// khoản 2).
func (u *UI) Original(ctx context.Context, p auth.Principal, id, messageID int64) ([]byte, error) {
	var raw []byte
	err := u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		unit, err := u.messageIn(ctx, tx, p, id, messageID)
		if err != nil {
			return err
		}
		if !p.Can(auth.PermRevealPII, unit) {
			return workflow.ErrForbidden
		}
		if raw, err = u.Store.Raw(ctx, tx, messageID); err != nil {
			return notFoundTriage(err)
		}
		return auditEvent(ctx, tx, p.Actor(), "download_raw", "message", strconv.FormatInt(messageID, 10),
			map[string]any{"submission_id": id})
	})
	return raw, err
}

// Attachment implements view.Store: the raw message an attachment is
// decoded from and the message's stored outline (where the attachment
// lies in it, derive.OpenAttachment), for a principal who may see the item. An attachment that
// carried sender data (a paper submission's scan, or an attachment whose
// text holds a personal number or sender details) needs the reveal
// permission for the item's unit (Điều 4 khoản 4). Every download is in
// the audit trail (Điều 6 khoản 2).
func (u *UI) Attachment(ctx context.Context, p auth.Principal, id, messageID int64, idx int) (raw, outline []byte, err error) {
	err = u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		unit, err := u.messageIn(ctx, tx, p, id, messageID)
		if err != nil {
			return err
		}
		personal, filename, err := u.attachmentPersonal(ctx, tx, messageID, idx)
		if err != nil {
			return err
		}
		if personal && !p.Can(auth.PermRevealPII, unit) {
			return workflow.ErrForbidden
		}
		if raw, err = u.Store.Raw(ctx, tx, messageID); err != nil {
			return notFoundTriage(err)
		}
		if outline, err = u.Store.Outline(ctx, tx, messageID); err != nil {
			return err
		}
		return auditEvent(ctx, tx, p.Actor(), "download_attachment", "message", strconv.FormatInt(messageID, 10),
			map[string]any{"submission_id": id, "idx": idx, "filename": filename, "personal_data": personal})
	})
	return raw, outline, err
}

// messageIn checks that messageID belongs to item id, which p may see, and
// returns the item's unit.
func (u *UI) messageIn(ctx context.Context, tx pgx.Tx, p auth.Principal, id, messageID int64) (string, error) {
	unit, _, _, _, err := u.scope(ctx, tx, p, id)
	if err != nil {
		return "", err
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM message WHERE id = $1 AND submission_id = $2)`, messageID, id).Scan(&ok); err != nil {
		return "", err
	}
	if !ok {
		return "", workflow.ErrNotFound
	}
	return unit, nil
}

// attachmentPersonal reports whether attachment idx of a message carried
// sender data: the message was registered by staff with sender data (its
// scan), or the attachment's extracted text holds a personal number
// (pii.Redact changes it) or sender details sender.Extract finds. An
// attachment not yet read counts as personal until it is.
func (u *UI) attachmentPersonal(ctx context.Context, tx pgx.Tx, messageID int64, idx int) (personal bool, filename string, err error) {
	var text, keyID string
	var read bool
	err = tx.QueryRow(ctx, `SELECT filename, text, key_id, method <> '' OR error <> '' FROM attachment WHERE message_id = $1 AND idx = $2`,
		messageID, idx).Scan(&filename, &text, &keyID, &read)
	if errors.Is(err, pgx.ErrNoRows) {
		return true, "", nil // not read yet: assume the worst
	}
	if err != nil {
		return false, "", err
	}
	var paper bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM submitter_data WHERE message_id = $1)`, messageID).Scan(&paper); err != nil {
		return false, "", err
	}
	if paper || !read {
		return true, filename, nil
	}
	if text, err = u.openText(text, keyID, attachmentContext(messageID, idx)); err != nil {
		return false, "", err
	}
	d := sender.Extract("", text)
	return pii.Redact(text) != text || d.CitizenID != "" || d.TaxCode != "" || d.Phone != "" || d.Address != "", filename, nil
}
