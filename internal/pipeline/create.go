package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// CreateSubmissions makes the submission of each message of args (Điều 11
// khoản 1, bước 1: every message is a tracked item with its receipt time).
// A reply to one of our own messages (In-Reply-To / References, RFC 5322
// §3.6.4) attaches to its existing submission instead. The whole batch is
// one transaction with set-based statements; the new submissions go to
// triage in one job, and each message's attachments are read by its own
// read_message job. job.ID names the job in the log; job.Done completes it.
func (d *Service) CreateSubmissions(ctx context.Context, args jobs.CreateSubmissionArgs, job Job) error {
	return d.inTx(ctx, job.Done, func(tx pgx.Tx) error { return d.createSubmissions(ctx, tx, args.IDs(), job.ID) })
}

func (d *Service) createSubmissions(ctx context.Context, tx pgx.Tx, ids []int64, jobID int64) error {
	s := d.Store
	msgs, err := s.Messages(ctx, tx, ids)
	if err != nil {
		return err
	}
	heads, err := s.Headers(ctx, tx, ids)
	if err != nil {
		return err
	}
	var fresh []postgres.NewSubmission
	var read []int64 // messages whose attachments are to be read
	for _, m := range msgs {
		p, ok := heads[m.ID]
		if !ok {
			d.Log.Error("create_submission: message not parsed, skipped", "message_id", m.ID, "job_id", jobID)
			continue
		}
		if m.SubmissionID != 0 {
			continue // done by an earlier run
		}
		refs := append(append([]string{}, p.InReplyTo...), p.References...)
		sub, how, err := d.findThread(ctx, tx, refs)
		if err == nil {
			if err := s.AttachMessage(ctx, tx, sub.ID, m, how); err != nil {
				return err
			}
			read = append(read, m.ID)
			d.Log.Info("reply attached to its submission", "message_id", m.ID, "submission", sub.Reference)
			continue
		} else if !errors.Is(err, intake.ErrNotFound) {
			return err
		}
		fresh = append(fresh, postgres.NewSubmission{Message: m, Parsed: p})
	}
	if len(msgs) < len(ids) {
		d.Log.Error("create_submission: messages not found, skipped", "job_id", jobID, "missing", len(ids)-len(msgs))
	}
	made, err := s.CreateSubmissions(ctx, tx, d.ReferencePrefix, fresh)
	if err != nil {
		return err
	}
	var triage []int64
	for _, ms := range made {
		if ms.Created {
			triage = append(triage, ms.Submission.ID)
			read = append(read, ms.MessageID)
		}
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	// triage puts the items in the inbox at once; read_message reads their
	// attachments beside it (later steps follow read_message).
	if len(triage) > 0 {
		if _, err := client.InsertTx(ctx, tx, jobs.TriageSubmissionArgs{SubmissionIDs: triage}, nil); err != nil {
			return fmt.Errorf("enqueue triage for submissions %v: %w", triage, err)
		}
	}
	if len(read) > 0 {
		params := make([]river.InsertManyParams, len(read))
		for i, id := range read {
			params[i] = river.InsertManyParams{Args: jobs.ReadMessageArgs{MessageID: id}}
		}
		if _, err := client.InsertManyFastTx(ctx, tx, params); err != nil {
			return fmt.Errorf("enqueue read_message for messages %v: %w", read, err)
		}
	}
	return nil
}

// findThread finds the submission a reply belongs to by the Message-IDs we
// recorded when sending (In-Reply-To / References, RFC 5322 §3.6.4), and by
// nothing else: a reference written into a Message-ID by the sender, or a
// Message-ID of ours guessed, matches nothing (issue 12, finding 1).
func (d *Service) findThread(ctx context.Context, tx pgx.Tx, refs []string) (intake.Submission, string, error) {
	if len(refs) == 0 {
		return intake.Submission{}, "", intake.ErrNotFound
	}
	sub, err := d.Store.SubmissionByOutbound(ctx, tx, refs)
	return sub, "outbound_message_id", err
}
