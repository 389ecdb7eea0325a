package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// RequestSupplement writes to the author of the submission of args, for
// posting, whose sender data (Điều 9 khoản 3) is missing or invalid, or
// whose document does not name the Portal in its Nơi nhận (Điều 9 khoản
// 2), listing exactly what is missing, in Vietnamese (Điều 11 khoản 2), or
// what a person wrote (args.Note). The request carries a Message-ID of ours
// with the submission's reference and replies In-Reply-To the author's
// message, so that the answer attaches to the item; the 1-working-day wait
// starts when it is sent. Never sent to an automatic sender (RFC 3834 §2),
// to our own mailbox, or about an item under quarantine; counted against
// the recipient's daily cap. job.ID names a person's request again; job.Done
// completes the job in the transaction that records the send.
func (d *Service) RequestSupplement(ctx context.Context, args jobs.SupplementRequestArgs, job Job) error {
	if !d.MailOn() {
		return notConfigured("supplement requests are")
	}
	return d.onSubmission(ctx, args.SubmissionID, job.Done, func(tx pgx.Tx, sub intake.Submission) error {
		return d.requestSupplement(ctx, tx, sub, args, job.ID)
	})
}

func (d *Service) requestSupplement(ctx context.Context, tx pgx.Tx, sub intake.Submission, args jobs.SupplementRequestArgs, jobID int64) error {
	s := d.Store
	staff := strings.TrimSpace(args.Note) != "" // a person asks, perhaps before the machine classified
	c, err := d.classificationOf(ctx, tx, sub, staff)
	if err != nil {
		return err
	}
	sup := c.Result.Supplement
	switch {
	case c.Quarantined:
		return river.JobCancel(fmt.Errorf("%s is under quarantine (Điều 14 khoản 2): no mail about it", sub.Reference))
	case !sup.Needed() && !staff:
		return nil
	case NoReply(sub.FromAddr, AddressOf(d.Classify.From)):
		return river.JobCancel(fmt.Errorf("%s: the sender %q cannot be answered", sub.Reference, sub.FromAddr))
	}
	if err := d.notAutomatic(ctx, tx, sub, "never answered"); err != nil {
		return err
	}
	if d.SenderAuth && !staff {
		// Issue 12, finding 2: a forged From: must not make the Board
		// mail a third party; a person may still ask from the UI.
		held, err := d.holdUnauthenticated(ctx, tx, sub)
		if err != nil || held {
			return err
		}
	}
	want := postgres.SupplementRequest{SubmissionID: sub.ID, To: sub.FromAddr,
		MessageID: OutboundMessageID(sub.Reference, "bosung", d.OwnDomain), Missing: sup.Missing, Invalid: sup.Invalid, PortalLine: sup.PortalLine}
	var r postgres.SupplementRequest
	prev, err := s.SupplementRequestOf(ctx, tx, sub.ID)
	switch {
	case errors.Is(err, intake.ErrNotFound):
		r, err = s.CreateSupplementRequest(ctx, tx, want)
	case err != nil:
		return err
	case staff && prev.RequestedAt != nil:
		// A person asks again: running means this request has not left
		// (the job completes with the send); the one sent keeps its
		// Message-ID in the history and this one gets its own.
		want.MessageID = OutboundMessageID(sub.Reference, fmt.Sprintf("bosung%d", jobID), d.OwnDomain)
		r, err = s.RenewSupplementRequest(ctx, tx, want)
	default:
		r = prev
	}
	if err != nil {
		return err
	}
	if r.RequestedAt != nil {
		return nil // sent by an earlier run
	}
	now := d.Classify.Clock()
	if err := d.ReserveMail(ctx, tx, []string{r.To}, d.Classify.MailCap, now); err != nil {
		return err
	}
	var origID string
	if m, err := s.Message(ctx, tx, sub.FirstMessageID); err == nil {
		origID = m.MessageID
	}
	msg := SupplementMessageNote(sub, r, origID, args.Note)
	msg.From = d.Classify.From
	if err := msg.Validate(); err != nil {
		return river.JobCancel(fmt.Errorf("compose supplement request of %s: %w", sub.Reference, err))
	}
	if err := d.Classify.Mail.Send(ctx, msg); err != nil {
		return fmt.Errorf("send supplement request of %s: %w", sub.Reference, err)
	}
	if err := s.MarkSupplementSent(ctx, tx, r, now); err != nil {
		return err
	}
	if err := d.startSupplementTimer(ctx, tx, sub.ID, now); err != nil {
		return fmt.Errorf("start the Điều 11 khoản 2 timer of %s: %w", sub.Reference, err)
	}
	return nil
}

// SupplementMessage is the request to the author: what is missing or
// invalid, by its Vietnamese name, and the Nơi nhận line when the document
// lacks it; threaded to the author's message (origID, RFC 5322 §3.6.4).
func SupplementMessage(sub intake.Submission, r postgres.SupplementRequest, origID string) smtp.Message {
	return SupplementMessageNote(sub, r, origID, "")
}

// SupplementMessageNote is SupplementMessage with what the Standing Board
// wrote when it asked from the UI (Điều 11 khoản 2), before the lists.
func SupplementMessageNote(sub intake.Submission, r postgres.SupplementRequest, origID, note string) smtp.Message {
	var b strings.Builder
	// Nothing the sender wrote (name, subject) is echoed, only our
	// tracking reference and the receipt time (issue 12, finding 2: a
	// forged From: made the Board mail a spam subject to a third party).
	b.WriteString("Kính gửi: Quý đơn vị/cá nhân,\n\n")
	fmt.Fprintf(&b, "Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp đã tiếp nhận thông tin Quý vị gửi lúc %s (mã %s).\n\n",
		sub.ReceivedAt.In(workday.Zone).Format("15:04 ngày 02/01/2006"), sub.Reference)
	if strings.TrimSpace(note) != "" {
		// Điều 11 khoản 2: rà soát, điều chỉnh lại thông tin cho chính xác.
		b.WriteString("Thường trực Ban Biên tập đề nghị Quý vị bổ sung, rà soát, điều chỉnh lại thông tin như sau:\n")
		b.WriteString(strings.TrimSpace(note))
		b.WriteString("\n\n")
	}
	if len(r.Missing)+len(r.Invalid) > 0 {
		b.WriteString("Theo khoản 3 Điều 9 Quy chế hoạt động của Cổng Thông tin điện tử Bộ Tư pháp (ban hành kèm theo Quyết định số 1319/QĐ-BTP), " +
			"người gửi thông tin cung cấp: đơn vị/tổ chức, họ và tên, chức danh (nếu có), mã số thuế, số căn cước công dân, số điện thoại, địa chỉ liên lạc. " +
			"Thông tin người gửi còn thiếu hoặc chưa chính xác:\n")
		for _, f := range r.Missing {
			fmt.Fprintf(&b, "- %s: còn thiếu\n", fieldName(f))
		}
		for _, f := range r.Invalid {
			fmt.Fprintf(&b, "- %s: chưa đúng, đề nghị kiểm tra lại\n", fieldName(f))
		}
		b.WriteString("\n")
	}
	if r.PortalLine {
		b.WriteString("Theo khoản 2 Điều 9 Quy chế, văn bản gửi đăng tải phải ghi \"Cổng Thông tin điện tử Bộ Tư pháp (để đăng tải)\" tại phần Nơi nhận; " +
			"văn bản gửi kèm chưa ghi nội dung này. Đề nghị gửi lại văn bản có Nơi nhận đúng quy định hoặc xác nhận việc đề nghị đăng tải.\n\n")
	}
	b.WriteString("Đề nghị Quý vị trả lời thư này (giữ nguyên tiêu đề) để bổ sung, điều chỉnh trong thời hạn 01 ngày làm việc. " +
		"Theo khoản 2 Điều 11 Quy chế, quá thời hạn trên mà không có phản hồi, Thường trực Ban Biên tập quyết định việc đăng tải hoặc không đăng tải thông tin.\n\n")
	b.WriteString("Trân trọng./.\nBan Biên tập Cổng Thông tin điện tử Bộ Tư pháp\n(Thư gửi tự động từ hệ thống tiếp nhận thông tin.)\n")
	m := smtp.Message{To: []string{r.To}, Subject: fmt.Sprintf("[%s] Đề nghị bổ sung thông tin người gửi", sub.Reference),
		Text: b.String(), MessageID: r.MessageID, Headers: map[string]string{"X-Tiepnhan-Reference": sub.Reference}}
	if origID != "" {
		m.InReplyTo, m.References = origID, []string{origID}
	}
	return m
}

func fieldName(f string) string {
	if n, ok := classify.FieldNames[f]; ok {
		return n
	}
	return f
}

// holdUnauthenticated records, and reports, that the automatic supplement
// request of sub is held because the From: domain of its first message is
// not authenticated (DMARC pass, else an aligned SPF or DKIM pass): the
// item waits for a person, who may ask from the UI.
func (d *Service) holdUnauthenticated(ctx context.Context, tx pgx.Tx, sub intake.Submission) (bool, error) {
	rd, err := d.Store.Reading(ctx, tx, sub.FirstMessageID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) { // not read: nothing authenticates it
		return false, fmt.Errorf("sender authentication of %s: %w", sub.Reference, err)
	}
	a := rd.Authentication()
	if a.Authenticated() {
		return false, nil
	}
	d.Log.Warn("automatic supplement request held: sender not authenticated", "submission", sub.Reference, "spf", a.SPF, "dkim", a.DKIM, "dmarc", a.DMARC)
	return true, d.Store.AddEvent(ctx, tx, sub.ID, "system", "supplement_held", map[string]any{
		"reason": "sender_not_authenticated", "spf": a.SPF, "dkim": a.DKIM, "dmarc": a.DMARC, "trusted": a.Trusted})
}

// The wait for the author's answer: "Trong thời hạn 01 ngày làm việc không
// có thông tin phản hồi, Thường trực Ban Biên tập quyết định việc đăng tải
// hoặc không đăng tải" (Điều 11 khoản 2), rule 11.2 of the deadline rules.

// startSupplementTimer starts the Điều 11 khoản 2 deadline of a
// submission when its supplement request is sent (with deadlines running
// in this process), through deadlines.Service.Event: stored, its warning and breach
// jobs scheduled, and the running deadlines whose rule says so paused while
// the author is asked; on breach the Standing Board must decide. A
// submission with that deadline open keeps it.
func (d *Service) startSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	_, err := d.Deadlines.Event(ctx, tx, subID, deadline.SupplementRequested, at, "system")
	return err
}

// stopSupplementTimer stops the open Điều 11 khoản 2 deadline of a
// submission at the author's answer (met, or breached if it came late) and
// resumes the deadlines paused while waiting, through deadlines.Service.Event.
func (d *Service) stopSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	_, err := d.Deadlines.Event(ctx, tx, subID, deadline.AuthorReplied, at, "system")
	return err
}
