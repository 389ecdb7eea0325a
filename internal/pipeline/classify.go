package pipeline

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
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// ClassifySubmission classes the submission of args (Điều 8 category, Điều 10 and 13
// timing class, field and unit, Điều 11 kind, Điều 12 khoản 3 complexity,
// Điều 21 khoản 6 language, target) and screens it for the Điều 14 grounds
// software can see, against the earlier submissions and published items
// for near-duplicates. It stores the result with its evidence, once per
// derive.Classifier.Key, then enqueues routing and, when sender data or
// the Nơi nhận line is missing, a supplement request (Điều 11 khoản 2);
// job.Done completes the job in the same transaction.
func (d *Service) ClassifySubmission(ctx context.Context, args jobs.ClassifySubmissionArgs, job Job) error {
	if d.Classify == nil {
		return notConfigured("classification is")
	}
	return d.onSubmission(ctx, args.SubmissionID, job.Done, func(tx pgx.Tx, sub intake.Submission) error {
		return d.classifySubmission(ctx, tx, sub)
	})
}

func (d *Service) classifySubmission(ctx context.Context, tx pgx.Tx, sub intake.Submission) error {
	res, err := d.restore(ctx, tx, sub)
	if err != nil {
		return err
	}
	out, err := d.classifyOnce(ctx, tx, sub, &res)
	if err != nil {
		return err
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
		if err := d.Store.SaveFingerprint(ctx, tx, sub.ID, sub.Reference, sub.Subject, sub.ReceivedAt, fp); err != nil {
			return err
		}
	}
	if err := d.afterClassify(ctx, tx, sub, out); err != nil {
		return err
	}
	d.Log.Info("submission classified", "submission", sub.Reference, "kind", out.Kind, "category", out.Category,
		"timing", out.Timing, "unit", out.Unit, "target", out.Target, "grounds", out.Screening.Grounds,
		"model", out.Model, "confidence", out.Confidence, "needs_confirmation", out.NeedsConfirmation,
		"mailbox_defaults", out.MailboxDefaults)
	return nil
}

// restore is what was read of the first message of sub, for the
// classifier: the document and the sender data typed, the rest as the
// report stored with the message holds it (derive.Restored), its texts
// with personal numbers masked and its receipt time the server's.
func (d *Service) restore(ctx context.Context, tx pgx.Tx, sub intake.Submission) (derive.Result, error) {
	s := d.Store
	p, err := s.Parsed(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return derive.Result{}, Permanent(fmt.Errorf("load parsed message %d: %w", sub.FirstMessageID, err))
	}
	rd, err := s.Reading(ctx, tx, sub.FirstMessageID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) { // none stored: nothing was read
		return derive.Result{}, err
	}
	texts, err := s.AttachmentTexts(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return derive.Result{}, err
	}
	res, err := derive.Restored(p.Derived, rd, texts)
	if err != nil {
		return derive.Result{}, river.JobCancel(fmt.Errorf("message %d: %w", sub.FirstMessageID, err))
	}
	// Điều 4 khoản 4: the classifier reads the texts with personal numbers
	// masked, as the stored report holds the subject and body, so that its
	// evidence, flags and fingerprint (stored in clear) hold none.
	for i := range res.Texts {
		res.Texts[i] = pii.Redact(res.Texts[i])
	}
	// The legal clock is the server's receipt (Điều 11 khoản 1).
	res.Report.Message.ReceivedAt = sub.ReceivedAt
	return res, nil
}

// classifyOnce returns the classification in force of sub: the one stored,
// when it was made with the same rules, model and directory (a message
// read again, `tiepnhan reprocess`), else the classifier's on res, stored.
func (d *Service) classifyOnce(ctx context.Context, tx pgx.Tx, sub intake.Submission, res *derive.Result) (classify.Result, error) {
	s := d.Store
	var candErr error
	cl, err := d.classifier(ctx, tx, sub, func(fp classify.Fingerprint) []classify.Candidate {
		c, err := s.DuplicateCandidates(ctx, tx, fp, sub.ID, 200)
		if err != nil {
			candErr = err
		}
		return c
	})
	if err != nil {
		return classify.Result{}, err
	}
	made := cl.Key(res, nil)
	prev, err := s.Classification(ctx, tx, sub.ID)
	if err != nil && !errors.Is(err, intake.ErrNotFound) {
		return classify.Result{}, err
	}
	if err == nil && made != "" && prev.Result.Key == made {
		return prev.Result, nil // the decisions in force
	}
	out := cl.Classify(res, nil, sub.Reference)
	if candErr != nil {
		return classify.Result{}, candErr
	}
	out.Key = made
	return out, s.SaveClassification(ctx, tx, sub.ID, out)
}

// classifier is the classifier of sub: the rules, the directory in force
// on its receipt day, the deadlines' calendar (the Điều 14 khoản 6 lateness
// screen), the defaults of the mailbox it arrived in (issue 15), the model
// in force, and earlier for the near-duplicate screen.
func (d *Service) classifier(ctx context.Context, tx pgx.Tx, sub intake.Submission, earlier func(classify.Fingerprint) []classify.Candidate) (*derive.Classifier, error) {
	dir, err := d.DirectoryAt(ctx, tx, workday.DateOf(sub.ReceivedAt))
	if err != nil {
		return nil, err
	}
	cal, drules, err := d.Calendar(ctx, tx)
	if err != nil {
		return nil, err
	}
	key, err := d.Store.MailboxOf(ctx, tx, sub.FirstMessageID)
	if err != nil {
		return nil, Permanent(err)
	}
	cl := &derive.Classifier{Rules: d.Classify.Rules, Directory: dir, Calendar: cal, DeadlineRules: drules,
		Mailbox: d.Classify.Mailboxes[key], Earlier: earlier}
	if d.Classify.Models != nil {
		if cl.Model, err = d.Classify.Models.InForce(ctx, d.Store, tx); err != nil {
			return nil, err
		}
		cl.MinConfidence, cl.MinKindConfidence = d.Classify.MinConfidence, d.Classify.MinKindConfidence
	}
	return cl, nil
}

// afterClassify enqueues what follows the classification out of sub:
// routing, a supplement request when something is missing (Điều 11 khoản
// 2), and the acknowledgement to the sender (a quarantined item never,
// Điều 14 khoản 2).
func (d *Service) afterClassify(ctx context.Context, tx pgx.Tx, sub intake.Submission, out classify.Result) error {
	if err := insert(ctx, tx, jobs.RouteSubmissionArgs{SubmissionID: sub.ID}, sub.Reference); err != nil {
		return err
	}
	if d.Classify.Supplement && out.Supplement.Needed() {
		if err := insert(ctx, tx, jobs.SupplementRequestArgs{SubmissionID: sub.ID}, sub.Reference); err != nil {
			return err
		}
	}
	// The sender hears back once screened: a submission, a query or a
	// complaint, not a reply or an automatic message.
	if out.Kind == "publish" || out.Kind == "query" || out.Kind == "complaint" {
		return d.EnqueueNotice(ctx, tx, river.ClientFromContext[pgx.Tx](ctx), jobs.SenderNoticeArgs{SubmissionID: sub.ID, Notice: string(notice.Ack)})
	}
	return nil
}
