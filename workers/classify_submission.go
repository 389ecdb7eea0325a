package workers

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// ClassifySubmissionWorker classes a submission (Điều 8 category, Điều 10
// and 13 timing class, field and unit, Điều 11 kind, Điều 12 khoản 3
// complexity, Điều 21 khoản 6 language, target) and screens it for the
// Điều 14 grounds software can see, against the earlier submissions and
// published items for near-duplicates. It stores the result with its
// evidence, then enqueues routing and, when sender data or the Nơi nhận
// line is missing, a supplement request (Điều 11 khoản 2).
type ClassifySubmissionWorker struct {
	river.WorkerDefaults[jobs.ClassifySubmissionArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *ClassifySubmissionWorker) Work(ctx context.Context, job *river.Job[jobs.ClassifySubmissionArgs]) error {
	d := w.deps
	if d.Classify == nil {
		return river.JobCancel(fmt.Errorf("classification is not configured in this process"))
	}
	s := d.Store
	tx, sub, err := d.BeginSubmission(ctx, job.Args.SubmissionID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	p, err := s.Parsed(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return pipeline.Permanent(fmt.Errorf("load parsed message %d: %w", sub.FirstMessageID, err))
	}
	// What was read: the document and the sender data typed, the rest as
	// the report stored with the message holds it (derive.Restored).
	rd, err := s.Reading(ctx, tx, sub.FirstMessageID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) { // none stored: nothing was read
		return err
	}
	texts, err := s.AttachmentTexts(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return err
	}
	res, err := derive.Restored(p.Derived, rd, texts)
	if err != nil {
		return river.JobCancel(fmt.Errorf("message %d: %w", sub.FirstMessageID, err))
	}
	// Điều 4 khoản 4: the classifier reads the texts with personal numbers
	// masked, as the stored report holds the subject and body, so that its
	// evidence, flags and fingerprint (stored in clear) hold none.
	for i := range res.Texts {
		res.Texts[i] = pii.Redact(res.Texts[i])
	}
	// The legal clock is the server's receipt (Điều 11 khoản 1).
	res.Report.Message.ReceivedAt = sub.ReceivedAt
	dir, err := d.DirectoryAt(ctx, tx, workday.DateOf(sub.ReceivedAt))
	if err != nil {
		return err
	}
	cal, drules, err := d.Calendar(ctx, tx)
	if err != nil {
		return err
	}
	// The mailbox the message arrived in gives the defaults of what the
	// message does not say (issue 15: several mailboxes).
	key, err := s.MailboxOf(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return pipeline.Permanent(err)
	}
	var candErr error
	cl := &derive.Classifier{Rules: d.Classify.Rules, Directory: dir, Calendar: cal, DeadlineRules: drules, Mailbox: d.Classify.Mailboxes[key],
		Earlier: func(fp classify.Fingerprint) []classify.Candidate {
			c, err := s.DuplicateCandidates(ctx, tx, fp, sub.ID, 200)
			if err != nil {
				candErr = err
			}
			return c
		}}
	if d.Classify.Models != nil {
		if cl.Model, err = d.Classify.Models.InForce(ctx, s, tx); err != nil {
			return err
		}
		cl.MinConfidence, cl.MinKindConfidence = d.Classify.MinConfidence, d.Classify.MinKindConfidence
	}
	// Once per key: a message read again with the same rules, model and
	// directory (`tiepnhan reprocess`) keeps the classification stored.
	made := cl.Key(&res, nil)
	prev, err := s.Classification(ctx, tx, sub.ID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	out := prev.Result // the decisions in force
	if err != nil || made == "" || prev.Result.Key != made {
		out = cl.Classify(&res, nil, sub.Reference)
		if candErr != nil {
			return candErr
		}
		out.Key = made
		if err := s.SaveClassification(ctx, tx, sub.ID, out); err != nil {
			return err
		}
	}
	// The timing class decided here (the model in force, the mailbox's
	// default) may differ from the one read with the message: the Điều 10
	// and 13 deadlines follow it; unchanged ones are kept as they are
	// (deadlines.Service.Refresh), a person's confirmed class still wins.
	if err := d.Deadlines.Refresh(ctx, tx, sub.FirstMessageID, "phân loại: nhóm thời hạn "); err != nil {
		return err
	}
	if out.Kind == "publish" {
		fp := classify.NewFingerprint(classify.ContentText(derive.ClassifyInput(res.Report, res.Texts)))
		if err := s.SaveFingerprint(ctx, tx, sub.ID, sub.Reference, sub.Subject, sub.ReceivedAt, fp); err != nil {
			return err
		}
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	if _, err := client.InsertTx(ctx, tx, jobs.RouteSubmissionArgs{SubmissionID: sub.ID}, nil); err != nil {
		return fmt.Errorf("enqueue routing of %s: %w", sub.Reference, err)
	}
	if d.Classify.Supplement && out.Supplement.Needed() {
		if _, err := client.InsertTx(ctx, tx, jobs.SupplementRequestArgs{SubmissionID: sub.ID}, nil); err != nil {
			return fmt.Errorf("enqueue supplement request of %s: %w", sub.Reference, err)
		}
	}
	// The sender hears back once screened (a quarantined item never,
	// Điều 14 khoản 2): a submission, a query or a complaint, not a reply
	// or an automatic message.
	if out.Kind == "publish" || out.Kind == "query" || out.Kind == "complaint" {
		if err := d.EnqueueNotice(ctx, tx, client, jobs.SenderNoticeArgs{SubmissionID: sub.ID, Notice: string(notice.Ack)}); err != nil {
			return err
		}
	}
	d.Log.Info("submission classified", "submission", sub.Reference, "kind", out.Kind, "category", out.Category,
		"timing", out.Timing, "unit", out.Unit, "target", out.Target, "grounds", out.Screening.Grounds,
		"model", out.Model, "confidence", out.Confidence, "needs_confirmation", out.NeedsConfirmation,
		"mailbox_defaults", out.MailboxDefaults)
	return finish(ctx, tx, job)
}
