package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// sealContext binds a sealed value to its column and row (internal/crypto).
func sealContext(field string, messageID int64) string {
	return "submitter_data." + field + ":" + strconv.FormatInt(messageID, 10)
}

// RegisterPaper implements view.Store: a submission that came on paper or
// by another channel (Điều 9 khoản 1) becomes a message like any mail — an
// RFC 5322 message with the scan attached — stored by InsertManual with its
// first pipeline job, so it gets the same reading, classing and deadlines.
// The sender's personal data never enters that message: it is kept sealed
// in submitter_data (Điều 4 khoản 4).
func (u *UI) RegisterPaper(ctx context.Context, p auth.Principal, x view.Paper) (int64, error) {
	if !p.Has(auth.PermTriage) {
		return 0, workflow.ErrForbidden
	}
	if u.Keys == nil {
		return 0, workflow.Invalidf("chưa cấu hình khóa mã hóa dữ liệu cá nhân (pii.key_file): không thể lưu thông tin người gửi")
	}
	if u.Enqueue == nil {
		return 0, fmt.Errorf("register paper submission: no job queue")
	}
	if err := checkPaper(&x); err != nil {
		return 0, err
	}
	raw, msgID, err := paperMessage(x, p)
	if err != nil {
		return 0, err
	}
	id, inserted, err := u.InsertManual(ctx, intake.RawMessage{
		ReceivedAt: x.ReceivedAt, Size: int64(len(raw)), Raw: raw, MessageID: msgID, SHA256: intake.HashRaw(raw),
	}, x.Channel, u.Enqueue)
	if err != nil {
		return 0, fmt.Errorf("register paper submission: %w", err)
	}
	if !inserted {
		return id, workflow.Invalidf("hồ sơ này đã được đăng ký (thư %d)", id)
	}
	err = u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		vals := map[string]string{"citizen_id": x.CitizenID, "tax_code": x.TaxCode, "phone": x.Phone, "address": x.Address}
		sealed := map[string]string{}
		for k, v := range vals {
			s, err := u.Keys.Seal(v, sealContext(k, id))
			if err != nil {
				return err
			}
			sealed[k] = s
		}
		_, err := tx.Exec(ctx, `INSERT INTO submitter_data (message_id, channel, organization, name, title,
			citizen_id, tax_code, phone, address, citizen_id_mask, tax_code_mask, phone_mask, address_mask, do_not_publish_name, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			id, x.Channel, x.Organization, x.Name, x.Title, sealed["citizen_id"], sealed["tax_code"], sealed["phone"], sealed["address"],
			pii.MaskCitizenID(x.CitizenID), pii.MaskTaxCode(x.TaxCode), pii.MaskPhone(x.Phone), pii.MaskAddress(x.Address),
			x.DoNotPublishName, p.Actor())
		if err != nil {
			return fmt.Errorf("store sender data of message %d: %w", id, err)
		}
		return auditEvent(ctx, tx, p.Actor(), "register_"+x.Channel, "message", strconv.FormatInt(id, 10),
			// The audit trail is stored in clear: personal numbers typed in the
			// subject are masked there as in the subject columns (Điều 4 khoản 4).
			map[string]any{"subject": pii.Redact(x.Subject), "received_at": x.ReceivedAt, "scan": pii.Redact(x.ScanName), "scan_bytes": len(x.Scan)})
	})
	return id, err
}

func checkPaper(x *view.Paper) error {
	var bad []string
	switch x.Channel {
	case "paper", "phone", "other":
	default:
		bad = append(bad, fmt.Sprintf("kênh nhận %q (giấy, điện thoại, khác)", x.Channel))
	}
	x.Subject = strings.TrimSpace(x.Subject)
	if x.Subject == "" {
		bad = append(bad, "trích yếu / tiêu đề")
	}
	if x.ReceivedAt.IsZero() || x.ReceivedAt.After(time.Now().Add(time.Hour)) {
		bad = append(bad, "thời điểm tiếp nhận (không được ở tương lai)")
	}
	if x.Channel == "paper" && len(x.Scan) == 0 {
		bad = append(bad, "bản quét văn bản giấy")
	}
	if len(x.Scan) > 50<<20 {
		bad = append(bad, "bản quét quá 50 MB")
	}
	if x.Email != "" {
		if a, err := bareAddress(x.Email); err != nil {
			bad = append(bad, fmt.Sprintf("thư điện tử %q (chỉ ghi địa chỉ, ví dụ ten@donvi.gov.vn)", x.Email))
		} else {
			x.Email = a
		}
	}
	// Numbers are checked (Điều 9 khoản 3) but the message names only the
	// field, never the value.
	if x.CitizenID != "" {
		if v, err := sender.CitizenID(x.CitizenID); err != nil {
			bad = append(bad, "số định danh cá nhân không hợp lệ")
		} else {
			x.CitizenID = v
		}
	}
	if x.TaxCode != "" {
		if v, err := sender.TaxCode(x.TaxCode); err != nil {
			bad = append(bad, "mã số thuế không hợp lệ")
		} else {
			x.TaxCode = v
		}
	}
	if x.Phone != "" {
		if v, err := sender.Phone(x.Phone); err != nil {
			bad = append(bad, "số điện thoại không hợp lệ")
		} else {
			x.Phone = v
		}
	}
	if len(bad) > 0 {
		return workflow.Invalidf("hồ sơ chưa đầy đủ hoặc sai: %s", strings.Join(bad, "; "))
	}
	return nil
}

// bareAddress accepts an addr-spec alone (RFC 5322 §3.4.1: local-part "@"
// domain), without display name, angle brackets, comments or folding
// whitespace: the value is written into the stored message's From header,
// and a comment could carry CR LF and a header of its own (issue 12,
// finding 9).
func bareAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`<>()[],;:"\`, r) {
			return "", fmt.Errorf("not a bare address")
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || len(s) > 254 {
		return "", fmt.Errorf("not a bare address")
	}
	return s, nil
}

// paperMessage writes the RFC 5322 / RFC 2045 message of a registration.
func paperMessage(x view.Paper, p auth.Principal) ([]byte, string, error) {
	var rnd [12]byte
	rand.Read(rnd[:])
	msgID := "paper-" + hex.EncodeToString(rnd[:]) + "@tiepnhan.invalid"
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	from := mail.Address{Name: strings.TrimSpace(x.Name + " " + paren(x.Organization)), Address: x.Email}
	if from.Address == "" {
		from.Address = "khong-co-thu@tiepnhan.invalid"
	}
	hdr := []string{
		"From: " + from.String(),
		"To: banbientap@moj.gov.vn",
		"Subject: " + mime.QEncoding.Encode("utf-8", x.Subject),
		"Date: " + x.ReceivedAt.Format(time.RFC1123Z),
		"Message-ID: <" + msgID + ">",
		"X-Tiepnhan-Channel: " + x.Channel,
		"X-Tiepnhan-Registered-By: " + p.Actor(),
		"MIME-Version: 1.0",
		"Content-Type: multipart/mixed; boundary=" + mw.Boundary(),
	}
	var out bytes.Buffer
	out.WriteString(strings.Join(hdr, "\r\n") + "\r\n\r\n")
	body, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
	if err != nil {
		return nil, "", err
	}
	channel := map[string]string{"paper": "văn bản giấy (đường bưu chính)", "phone": "điện thoại", "other": "kênh khác"}[x.Channel]
	fmt.Fprintf(body, "Hồ sơ tiếp nhận qua %s, do %s đăng ký (Điều 9 khoản 1 Quy chế 1319/QĐ-BTP).\r\n", channel, p.DisplayName)
	if x.Organization != "" {
		fmt.Fprintf(body, "Đơn vị gửi: %s\r\n", x.Organization)
	}
	if x.Note != "" {
		fmt.Fprintf(body, "\r\n%s\r\n", strings.ReplaceAll(x.Note, "\n", "\r\n"))
	}
	if len(x.Scan) > 0 {
		ct := x.ScanType
		if ct == "" {
			ct = "application/octet-stream"
		}
		name := x.ScanName
		if name == "" {
			name = "ban-quet"
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(ct, map[string]string{"name": name})},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": name})},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return nil, "", err
		}
		enc := base64.StdEncoding.EncodeToString(x.Scan)
		for len(enc) > 76 {
			part.Write([]byte(enc[:76] + "\r\n"))
			enc = enc[76:]
		}
		part.Write([]byte(enc + "\r\n"))
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	out.Write(b.Bytes())
	return out.Bytes(), msgID, nil
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
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
