package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Forward forwards the query of args not for posting to the unit of its
// field (Điều 11 khoản 1, bước 2: "phân loại, chuyển đến các đơn vị có liên
// quan"), or to the unit a person chose: an e-mail with a tracking
// reference, the original message attached byte for byte (message/rfc822,
// RFC 2046 §5.2.1) and a Message-ID of ours, so that the unit's answer
// threads back and acknowledges it. It is marked Auto-Submitted:
// auto-generated (RFC 3834 §5), never sent for a quarantined item (Điều 14
// khoản 2) and counted against the recipient's daily cap. job.ID names a
// person's forward again (its Message-ID); job.Done completes the job in the
// transaction that records the send.
func (d *Service) Forward(ctx context.Context, args jobs.RouteForwardArgs, job Job) error {
	if !d.MailOn() {
		return notConfigured("forwarding is")
	}
	return d.onSubmission(ctx, args.SubmissionID, job.Done, func(tx pgx.Tx, sub intake.Submission) error {
		return d.forward(ctx, tx, sub, args, job.ID)
	})
}

func (d *Service) forward(ctx context.Context, tx pgx.Tx, sub intake.Submission, args jobs.RouteForwardArgs, jobID int64) error {
	s := d.Store
	staff := args.Unit != "" // a person forwards, perhaps before the machine classified
	c, err := d.classificationOf(ctx, tx, sub, staff)
	if err != nil {
		return err
	}
	if c.Quarantined {
		// Điều 14 khoản 2: never forwarded.
		return river.JobCancel(fmt.Errorf("%s is under quarantine (Điều 14 khoản 2): not forwarded", sub.Reference))
	}
	if err := d.notAutomatic(ctx, tx, sub, "not forwarded"); err != nil {
		return err
	}
	day := workday.DateOf(d.Classify.Clock())
	dir, err := d.DirectoryAt(ctx, tx, day)
	if err != nil {
		return err
	}
	code := c.Result.Unit // the classified unit, a person's correction included
	if staff {
		code = args.Unit
	}
	unit := dir.Unit(code)
	if unit == nil || unit.Email == "" {
		return river.JobCancel(fmt.Errorf("%s: unit %q has no e-mail address in the directory", sub.Reference, code))
	}
	if NoReply(unit.Email, AddressOf(d.Classify.From)) {
		return river.JobCancel(fmt.Errorf("%s: unit address %s would loop", sub.Reference, unit.Email))
	}
	f, err := d.forwardRecord(ctx, tx, sub, unit.Code, unit.Email, staff, jobID)
	if err != nil {
		return err
	}
	if f.SentAt != nil {
		return nil // sent by an earlier run
	}
	if err := d.ReserveMail(ctx, tx, []string{f.To}, d.Classify.MailCap, d.Classify.Clock()); err != nil {
		return err
	}
	raw, err := s.Raw(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return Permanent(fmt.Errorf("raw message of %s: %w", sub.Reference, err))
	}
	msg, err := composeForwardNote(d.Classify.From, unit.Name, f, sub, raw, d.Classify.Clock(), args.Note)
	if err != nil {
		return river.JobCancel(err)
	}
	if err := d.Classify.Mail.Send(ctx, smtp.Message{From: d.Classify.From, To: []string{f.To}, MessageID: f.MessageID, Raw: msg}); err != nil {
		return fmt.Errorf("forward %s to %s: %w", sub.Reference, f.To, err)
	}
	if err := s.MarkForwardSent(ctx, tx, f, d.Classify.Clock()); err != nil {
		return err
	}
	// Not for posting: the unit handles it by its own process (Điều 11
	// khoản 1, bước 2), so the posting deadlines of Điều 13 end here.
	actor := args.By
	if actor == "" {
		actor = "system"
	}
	if err := d.Deadlines.CancelPosting(ctx, tx, sub.ID, d.Classify.Clock(), actor, ReasonForwarded); err != nil {
		return err
	}
	// The sender hears which unit has it (once: a second forward is not
	// announced again).
	na := jobs.SenderNoticeArgs{SubmissionID: sub.ID, Notice: string(notice.Forwarded), Unit: unit.Name}
	if err := d.EnqueueNotice(ctx, tx, river.ClientFromContext[pgx.Tx](ctx), na); err != nil {
		return err
	}
	return nil
}

// forwardRecord returns the forward of sub to the unit (code, address),
// recording it when there is none yet or when the one recorded has not
// been sent; staff is a person's forward from the UI (job jobID).
func (d *Service) forwardRecord(ctx context.Context, tx pgx.Tx, sub intake.Submission, code, address string, staff bool, jobID int64) (postgres.Forward, error) {
	s := d.Store
	want := postgres.Forward{SubmissionID: sub.ID, Unit: code, To: address,
		MessageID: OutboundMessageID(sub.Reference, "chuyen", d.OwnDomain), TrackingRef: sub.Reference}
	prev, err := s.ForwardOf(ctx, tx, sub.ID)
	switch {
	case errors.Is(err, intake.ErrNotFound):
		return s.CreateForward(ctx, tx, want)
	case err != nil:
		return prev, err
	case prev.SentAt == nil:
		// Not sent: it goes to the unit now chosen (a person's correction).
		want.MessageID = prev.MessageID
		return s.Reforward(ctx, tx, want)
	case staff:
		// A person forwards again, or to another unit. The job completes
		// in the transaction that records the send, so running means this
		// forward has not left yet; the one sent keeps its Message-ID in
		// the history and this one gets its own.
		want.MessageID = OutboundMessageID(sub.Reference, fmt.Sprintf("chuyen%d", jobID), d.OwnDomain)
		return s.Reforward(ctx, tx, want)
	default:
		return prev, nil
	}
}

// composeForward writes the forward: a Vietnamese note with the tracking
// reference, and the original message attached unchanged.
func composeForward(from, unitName string, f postgres.Forward, sub intake.Submission, raw []byte, now time.Time) ([]byte, error) {
	return composeForwardNote(from, unitName, f, sub, raw, now, "")
}

// composeForwardNote is composeForward with the note of the person who
// forwarded it from the UI, when there is one.
func composeForwardNote(from, unitName string, f postgres.Forward, sub intake.Submission, raw []byte, now time.Time, note string) ([]byte, error) {
	var h mail.Header
	fa, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("forward: sender %q: %w", from, err)
	}
	h.SetAddressList("From", []*mail.Address{fa})
	h.SetAddressList("To", []*mail.Address{{Name: unitName, Address: f.To}})
	subject := sub.Subject
	if strings.TrimSpace(subject) == "" {
		subject = "(không có tiêu đề)"
	}
	h.SetSubject(fmt.Sprintf("[%s] Chuyển đơn vị xử lý: %s", f.TrackingRef, subject))
	h.SetDate(now)
	h.SetMessageID(f.MessageID)
	// RFC 3834 §5: automatic mail; Exchange and others stay silent.
	h.Set("Auto-Submitted", "auto-generated")
	h.Set("X-Auto-Response-Suppress", "All")
	h.Set("X-Tiepnhan-Reference", f.TrackingRef)
	var b bytes.Buffer
	mw, err := mail.CreateWriter(&b, h)
	if err != nil {
		return nil, err
	}
	var th mail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	tw, err := mw.CreateSingleInline(th)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(tw, `Kính gửi: %s,

Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp nhận được thư dưới đây (đính kèm nguyên văn) vào lúc %s. Thư không thuộc diện đăng tải mà đề nghị hỗ trợ, giải đáp trong lĩnh vực quản lý của Quý đơn vị. Theo khoản 1 Điều 11 Quy chế hoạt động của Cổng (Quyết định số 1319/QĐ-BTP), Ban Biên tập chuyển thư để Quý đơn vị xử lý theo quy trình của đơn vị.

Mã theo dõi: %s
Người gửi: %s <%s>
Tiêu đề: %s

%sĐề nghị Quý đơn vị trả lời thư này (giữ nguyên tiêu đề có mã theo dõi) để xác nhận đã tiếp nhận.

Trân trọng./.
Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp
(Thư gửi tự động từ hệ thống tiếp nhận thông tin.)
`, unitName, sub.ReceivedAt.In(workday.Zone).Format("15:04 ngày 02/01/2006"), f.TrackingRef, sub.FromName, sub.FromAddr, subject, staffNote(note))
	if err := tw.Close(); err != nil {
		return nil, err
	}
	var ah mail.AttachmentHeader
	ah.SetContentType("message/rfc822", nil)
	ah.SetFilename("thu-goc-" + f.TrackingRef + ".eml")
	// RFC 2046 §5.2.1: message/rfc822 is 7bit, 8bit or binary, never
	// base64; the original is attached as it came.
	ah.Set("Content-Transfer-Encoding", transferEncoding(raw))
	aw, err := mw.CreateAttachment(ah)
	if err != nil {
		return nil, err
	}
	if _, err := aw.Write(raw); err != nil {
		return nil, err
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// transferEncoding is 7bit for ASCII, 8bit for 8-bit text with lines of at
// most 998 octets (RFC 5322 §2.1.1), binary otherwise.
func transferEncoding(raw []byte) string {
	enc := "7bit"
	line := 0
	for _, c := range raw {
		switch {
		case c == '\n':
			line = 0
			continue
		case c == '\r':
			continue
		case c == 0:
			return "binary"
		case c >= 0x80:
			enc = "8bit"
		}
		line++
		if line > 998 {
			return "binary"
		}
	}
	return enc
}

// staffNote is the note of the person who forwarded an item, as the
// forward's text shows it.
func staffNote(note string) string {
	note = strings.TrimSpace(note)
	if note == "" {
		return ""
	}
	return "Ghi chú của Thường trực Ban Biên tập:\n" + note + "\n\n"
}

// ReasonForwarded is recorded with the posting deadlines a forward ends.
const ReasonForwarded = "chuyển đơn vị xử lý, không thuộc diện đăng tải (Điều 11 khoản 1)"
