package desk

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
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/sender"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// RegisterPaper implements view.Desk: a submission that came on paper or
// by another channel (Điều 9 khoản 1) becomes a message like any mail — an
// RFC 5322 message with the scan attached — stored with its parse_message
// job in one transaction, so it gets the same reading, classing and
// deadlines. The sender's personal data never enters that message: it is
// kept sealed in submitter_data (Điều 4 khoản 4), as p in the audit trail.
// It returns the message's id.
func (d *Desk) RegisterPaper(ctx context.Context, p auth.Principal, x view.Paper) (int64, error) {
	if !p.Has(auth.PermTriage) {
		return 0, workflow.ErrForbidden
	}
	s := d.store()
	if s.Keys == nil {
		return 0, workflow.Invalidf("chưa cấu hình khóa mã hóa dữ liệu cá nhân (pii.key_file): không thể lưu thông tin người gửi")
	}
	if d.Jobs == nil {
		return 0, fmt.Errorf("register paper submission: no River client")
	}
	if err := checkPaper(&x, d.now()); err != nil {
		return 0, err
	}
	raw, msgID, err := paperMessage(x, p)
	if err != nil {
		return 0, err
	}
	var id int64
	var inserted bool
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, inserted, err = s.InsertManualTx(ctx, tx, intake.RawMessage{
			ReceivedAt: x.ReceivedAt, Size: int64(len(raw)), Raw: raw, MessageID: msgID, SHA256: intake.HashRaw(raw),
		}, x.Channel)
		if err != nil || !inserted {
			return err
		}
		return pipeline.EnqueueParse(d.Jobs)(ctx, tx, []int64{id}) // as a mailbox's batch (pipeline.Receiver)
	})
	if err != nil {
		return 0, fmt.Errorf("register paper submission: %w", err)
	}
	if !inserted {
		return id, workflow.Invalidf("hồ sơ này đã được đăng ký (thư %d)", id)
	}
	err = s.InTxAs(ctx, p.Actor(), func(tx pgx.Tx) error { return s.SaveSubmitter(ctx, tx, id, x, p.Actor()) })
	return id, err
}

// checkPaper checks and normalises the registration form x at now, in
// words the person can act on (the personal numbers of Điều 9 khoản 3
// named, never echoed).
func checkPaper(x *view.Paper, now time.Time) error {
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
	if x.ReceivedAt.IsZero() || x.ReceivedAt.After(now.Add(time.Hour)) {
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
