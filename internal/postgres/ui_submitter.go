package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// sealContext binds a sealed value to its column and row (internal/crypto).
func sealContext(field string, messageID int64) string {
	return "submitter_data." + field + ":" + strconv.FormatInt(messageID, 10)
}

// SaveSubmitter stores, in tx, the sender data of registration x (message
// id, Điều 9 khoản 1), each personal number sealed with Store.Keys and
// bound to its column and row, a masked copy beside it (Điều 4 khoản 4),
// and its audit event by actor. The caller checks that keys are set: with
// none, the values would be stored in clear.
func (s *Store) SaveSubmitter(ctx context.Context, tx pgx.Tx, id int64, x view.Paper, actor string) error {
	vals := map[string]string{"citizen_id": x.CitizenID, "tax_code": x.TaxCode, "phone": x.Phone, "address": x.Address}
	sealed := map[string]string{}
	for k, v := range vals {
		sv, err := s.Keys.Seal(v, sealContext(k, id))
		if err != nil {
			return err
		}
		sealed[k] = sv
	}
	_, err := tx.Exec(ctx, `INSERT INTO submitter_data (message_id, channel, organization, name, title,
		citizen_id, tax_code, phone, address, citizen_id_mask, tax_code_mask, phone_mask, address_mask, do_not_publish_name, entered_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		id, x.Channel, x.Organization, x.Name, x.Title, sealed["citizen_id"], sealed["tax_code"], sealed["phone"], sealed["address"],
		pii.MaskCitizenID(x.CitizenID), pii.MaskTaxCode(x.TaxCode), pii.MaskPhone(x.Phone), pii.MaskAddress(x.Address),
		x.DoNotPublishName, actor)
	if err != nil {
		return fmt.Errorf("store sender data of message %d: %w", id, err)
	}
	return auditEvent(ctx, tx, actor, "register_"+x.Channel, "message", strconv.FormatInt(id, 10),
		// The audit trail is stored in clear: personal numbers typed in the
		// subject are masked there as in the subject columns (Điều 4 khoản 4).
		map[string]any{"subject": pii.Redact(x.Subject), "received_at": x.ReceivedAt, "scan": pii.Redact(x.ScanName), "scan_bytes": len(x.Scan)})
}

// RevealSubmitter implements view.Store: the sender's personal data in
// clear for a principal allowed to see it (Điều 4 khoản 4), recorded in the
// audit trail with who, when and which item. Staff-entered data is opened
// with the key file; otherwise the data is read again from the message text.
func (u *UI) RevealSubmitter(ctx context.Context, p auth.Principal, id int64) (view.Submitter, error) {
	var out view.Submitter
	err := u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		unit, _, _, _, err := u.scope(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !p.Can(auth.PermRevealPII, unit) {
			return workflow.ErrForbidden
		}
		var first int64
		if err := tx.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, id).Scan(&first); err != nil {
			return err
		}
		source := "submitter_data"
		var sealed [4]string
		err = tx.QueryRow(ctx, `SELECT channel, organization, name, title, citizen_id, tax_code, phone, address, do_not_publish_name, entered_by, entered_at
			FROM submitter_data WHERE message_id = $1`, first).Scan(&out.Channel, &out.Organization, &out.Name, &out.Title,
			&sealed[0], &sealed[1], &sealed[2], &sealed[3], &out.DoNotPublishName, &out.EnteredBy, &out.EnteredAt)
		switch {
		case err == nil:
			if u.Keys == nil {
				return workflow.Invalidf("chưa cấu hình khóa mã hóa dữ liệu cá nhân (pii.key_file)")
			}
			for i, f := range []struct {
				name string
				dst  *string
			}{{"citizen_id", &out.CitizenID}, {"tax_code", &out.TaxCode}, {"phone", &out.Phone}, {"address", &out.Address}} {
				v, err := u.Keys.Open(sealed[i], sealContext(f.name, first))
				if err != nil {
					return err
				}
				*f.dst = v
			}
		case err == pgx.ErrNoRows:
			source = "message"
			body, texts, err := u.MessageTexts(ctx, tx, first) // opened (sealed.go)
			if err != nil {
				return err
			}
			d := sender.Extract(body, texts...)
			out = view.Submitter{Channel: "email", Organization: d.Organization, Name: d.Name, Title: d.Title,
				CitizenID: d.CitizenID, TaxCode: d.TaxCode, Phone: d.Phone, Address: d.Address}
		default:
			return err
		}
		out.Revealed = true
		return auditEvent(ctx, tx, p.Actor(), "reveal_pii", "submission", strconv.FormatInt(id, 10),
			map[string]any{"source": source, "fields": []string{"citizen_id", "tax_code", "phone", "address"}})
	})
	return out, err
}

// RewrapSubmitterData re-seals every personal value sealed with an older
// key with the keyring's active key (key rotation), in one transaction per
// row; it returns how many values changed.
func (s *Store) RewrapSubmitterData(ctx context.Context, keys interface {
	Rewrap(sealed, context string) (string, bool, error)
}) (int, error) {
	rows, err := s.Pool.Query(ctx, `SELECT message_id FROM submitter_data ORDER BY message_id`)
	if err != nil {
		return 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, err
	}
	total := 0
	for _, id := range ids {
		err := s.inTxAs(ctx, "system:rewrap", func(tx pgx.Tx) error {
			var v [4]string
			if err := tx.QueryRow(ctx, `SELECT citizen_id, tax_code, phone, address FROM submitter_data WHERE message_id = $1 FOR UPDATE`, id).
				Scan(&v[0], &v[1], &v[2], &v[3]); err != nil {
				return err
			}
			for i, f := range []string{"citizen_id", "tax_code", "phone", "address"} {
				out, changed, err := keys.Rewrap(v[i], sealContext(f, id))
				if err != nil {
					return fmt.Errorf("rewrap %s of message %d: %w", f, id, err)
				}
				if changed {
					v[i] = out
					total++
				}
			}
			_, err := tx.Exec(ctx, `UPDATE submitter_data SET citizen_id = $2, tax_code = $3, phone = $4, address = $5, updated_at = now()
				WHERE message_id = $1 AND (citizen_id, tax_code, phone, address) IS DISTINCT FROM ($2, $3, $4, $5)`, id, v[0], v[1], v[2], v[3])
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
