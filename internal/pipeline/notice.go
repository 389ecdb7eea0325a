package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// SendNotice sends the notice of args to the sender of its submission, at
// most once per (submission, kind): the sender_notice row is locked while
// it is sent, and job.Done completes the job in the transaction that marks it
// sent. It replies to the sender's message (In-Reply-To, References: RFC 5322
// §3.6.4) and is marked "Auto-Submitted: auto-replied" (RFC 3834 §5). It is
// recorded as skipped, never sent, for an item under quarantine (Điều 14
// khoản 2), an automatic sender (RFC 3834 §2), our own mailbox, or a sender
// whose domain is not authenticated (issue 12: senderAuthenticated). It
// counts against the recipient's cap and waits when over it.
func (d *Service) SendNotice(ctx context.Context, args jobs.SenderNoticeArgs, job Job) error {
	if d.Notices == nil || !d.MailOn() {
		return notConfigured("notices to senders are")
	}
	kind := notice.Kind(args.Notice)
	if !kind.Valid() {
		return river.JobCancel(fmt.Errorf("unknown notice %q", args.Notice))
	}
	return d.onSubmission(ctx, args.SubmissionID, job.Done, func(tx pgx.Tx, sub intake.Submission) error {
		return d.sendNotice(ctx, tx, sub, args, kind)
	})
}

func (d *Service) sendNotice(ctx context.Context, tx pgx.Tx, sub intake.Submission, args jobs.SenderNoticeArgs, kind notice.Kind) error {
	s := d.Store
	n, err := s.ClaimNotice(ctx, tx, sub.ID, string(kind), sub.FromAddr, OutboundMessageID(sub.Reference, "tb-"+strings.ReplaceAll(string(kind), "_", "-"), d.OwnDomain))
	if err != nil {
		return err
	}
	if n.State != postgres.NoticePending {
		return nil // sent or skipped by an earlier run
	}
	raw, err := s.Raw(ctx, tx, sub.FirstMessageID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	why, err := d.noticeBlocked(ctx, tx, sub)
	if err != nil {
		return err
	}
	if why != "" {
		if err := s.SkipNotice(ctx, tx, n, why); err != nil {
			return err
		}
		d.Log.Info("notice to sender not sent", "submission", sub.Reference, "notice", kind, "why", why)
		return nil
	}
	data, err := d.noticeData(ctx, tx, sub, args)
	if err != nil {
		return err
	}
	subject, text, err := d.Notices.Templates.Render(kind, data)
	if err != nil {
		return river.JobCancel(fmt.Errorf("notice %s of %s: %w", kind, sub.Reference, err))
	}
	now := d.Classify.Clock()
	if err := d.ReserveMail(ctx, tx, []string{n.To}, d.Classify.MailCap, now); err != nil {
		return err
	}
	msg := smtp.Message{From: d.Classify.From, To: []string{n.To}, Subject: subject, Text: text, MessageID: n.MessageID, Date: now,
		// RFC 3834 §5.1: a reply sent automatically in response to a message.
		Headers: map[string]string{"Auto-Submitted": "auto-replied", "X-Tiepnhan-Reference": sub.Reference, "X-Tiepnhan-Notice": string(kind)}}
	if orig := d.originalID(ctx, tx, sub, raw); orig != "" {
		msg.InReplyTo, msg.References = orig, []string{orig}
		if msg.Validate() != nil {
			msg.InReplyTo, msg.References = "", nil // a Message-ID we cannot repeat (RFC 5322 §3.6.4)
		}
	}
	if err := d.Classify.Mail.Send(ctx, msg); err != nil {
		return fmt.Errorf("send notice %s of %s: %w", kind, sub.Reference, err)
	}
	if err := s.MarkNoticeSent(ctx, tx, n, now); err != nil {
		return err
	}
	return nil
}

// noticeBlocked says, in Vietnamese, why no notice may go to the sender of
// sub; "" when one may.
func (d *Service) noticeBlocked(ctx context.Context, tx pgx.Tx, sub intake.Submission) (string, error) {
	s := d.Store
	var triageQ bool
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT quarantined FROM triage WHERE submission_id = $1), false)`, sub.ID).Scan(&triageQ); err != nil {
		return "", err
	}
	if q, err := s.Quarantined(ctx, tx, sub.ID); err != nil {
		return "", err
	} else if q || triageQ {
		return "hồ sơ đang cách ly (Điều 14 khoản 2)", nil
	}
	if auto, err := s.SubmissionAuto(ctx, tx, sub.ID); err != nil {
		return "", err
	} else if auto {
		return "thư tự động (RFC 3834)", nil
	}
	if NoReply(sub.FromAddr, AddressOf(d.Classify.From)) {
		return "địa chỉ không nhận thư trả lời", nil
	}
	if ok, err := d.senderAuthenticated(ctx, tx, sub); err != nil {
		return "", err
	} else if !ok {
		return "tên miền người gửi chưa được xác thực (DMARC/SPF)", nil
	}
	return "", nil
}

// senderAuthenticated reports whether the From: domain of the first
// message of sub is authenticated (mailauth.Result.Authenticated: DMARC
// passes, else an aligned SPF or DKIM pass, by a trusted check: issue 12).
// Without intake.authserv_id or intake.verify_dkim nothing is trusted, and
// no notice is sent.
func (d *Service) senderAuthenticated(ctx context.Context, tx pgx.Tx, sub intake.Submission) (bool, error) {
	rd, err := d.Store.Reading(ctx, tx, sub.FirstMessageID)
	if errors.Is(err, intake.ErrNotFound) {
		return false, nil // not read: nothing proves it
	}
	if err != nil {
		return false, fmt.Errorf("sender authentication of %s: %w", sub.Reference, err)
	}
	return rd.Authentication().Authenticated(), nil
}

// originalID is the Message-ID of the sender's mail, which the notice
// replies to: the one in its header (what the sender's mail client
// threads on), else the one stored with the message.
func (d *Service) originalID(ctx context.Context, tx pgx.Tx, sub intake.Submission, raw []byte) string {
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		if id := strings.TrimSpace(m.Header.Get("Message-ID")); strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") {
			return strings.TrimSpace(id[1 : len(id)-1])
		}
	}
	if orig, err := d.Store.Message(ctx, tx, sub.FirstMessageID); err == nil {
		return orig.MessageID
	}
	return ""
}

// noticeData is what the notice of args says about sub.
func (d *Service) noticeData(ctx context.Context, tx pgx.Tx, sub intake.Submission, args jobs.SenderNoticeArgs) (notice.Data, error) {
	z := workday.Zone
	data := notice.Data{Reference: sub.Reference, ReceivedAt: notice.Stamp(sub.ReceivedAt, z),
		PortalURL: args.URL, PublishedAt: notice.Stamp(args.At, z), Unit: args.Unit}
	switch notice.Kind(args.Notice) {
	case notice.Ack:
		// The posting deadline of Điều 13 that falls due first.
		ds, err := d.Store.SubmissionDeadlines(ctx, tx, sub.ID)
		if err != nil {
			return data, err
		}
		var first *postgres.StoredDeadline
		for i, dl := range ds {
			if dl.Open() && dl.Rule.Stop == deadline.Published && (first == nil || dl.Due.Before(first.Due)) {
				first = &ds[i]
			}
		}
		if first != nil {
			data.Deadline = &notice.Deadline{Rule: first.Rule.ID, Article: first.Rule.Article, Due: notice.Stamp(first.Due, z)}
		}
	case notice.Refused:
		w, art, err := notice.Ground(args.Ground)
		if err != nil {
			return data, river.JobCancel(err)
		}
		data.Ground, data.GroundArticle = w, art
	case notice.SupplementMissing:
		r, err := d.Store.SupplementRequestOf(ctx, tx, sub.ID)
		if err != nil && !errors.Is(err, intake.ErrNotFound) {
			return data, err
		}
		if r.RequestedAt != nil {
			data.SupplementAsked = notice.Stamp(*r.RequestedAt, z)
		}
	}
	return data, nil
}

// EnqueueNotice inserts the notice job of args in tx when notices of its
// kind are on in this process.
func (d *Service) EnqueueNotice(ctx context.Context, tx pgx.Tx, client *river.Client[pgx.Tx], args jobs.SenderNoticeArgs) error {
	if d.Notices == nil || !d.Notices.On[notice.Kind(args.Notice)] || !d.MailOn() {
		return nil
	}
	if client == nil {
		return fmt.Errorf("notice %s for item %d: no River client", args.Notice, args.SubmissionID)
	}
	if _, err := client.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("enqueue notice %s for item %d: %w", args.Notice, args.SubmissionID, err)
	}
	return nil
}
