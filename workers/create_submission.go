package workers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

type pgxTx = pgx.Tx

// CreateSubmissionArgs asks for a parsed message to become a submission, or
// to attach to the one it answers.
type CreateSubmissionArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (CreateSubmissionArgs) Kind() string { return "create_submission" }

// CreateSubmissionWorker makes the submission of a message (Điều 11 khoản 1,
// bước 1: every message is a tracked item with its receipt time). A reply to
// one of our own messages (In-Reply-To / References, RFC 5322 §3.6.4)
// attaches to its existing submission instead.
type CreateSubmissionWorker struct {
	river.WorkerDefaults[CreateSubmissionArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *CreateSubmissionWorker) Work(ctx context.Context, job *river.Job[CreateSubmissionArgs]) error {
	s := w.deps.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	m, err := s.Message(ctx, tx, job.Args.MessageID)
	if err != nil {
		return permanent(fmt.Errorf("load message %d: %w", job.Args.MessageID, err))
	}
	p, err := s.Parsed(ctx, tx, m.ID)
	if err != nil {
		return permanent(fmt.Errorf("load parsed message %d: %w", m.ID, err))
	}
	if m.SubmissionID != 0 {
		return finish(ctx, tx, job) // done by an earlier run
	}
	refs := append(append([]string{}, p.InReplyTo...), p.References...)
	if sub, how, err := w.findThread(ctx, tx, refs); err == nil {
		if err := s.AttachMessage(ctx, tx, sub.ID, m, how); err != nil {
			return err
		}
		if err := w.enqueueRead(ctx, tx, m); err != nil {
			return err
		}
		w.deps.Log.Info("reply attached to its submission", "message_id", m.ID, "submission", sub.Reference)
		return finish(ctx, tx, job)
	} else if !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	sub, created, err := s.CreateSubmission(ctx, tx, w.deps.ReferencePrefix, m, p, m.Flags)
	if err != nil {
		return err
	}
	if created {
		// Two jobs: triage puts the item in the inbox at once; read_message
		// reads its attachments beside it (later steps follow read_message).
		client := river.ClientFromContext[pgx.Tx](ctx)
		if _, err := client.InsertTx(ctx, tx, TriageSubmissionArgs{SubmissionID: sub.ID}, nil); err != nil {
			return fmt.Errorf("enqueue triage for %s: %w", sub.Reference, err)
		}
		if err := w.enqueueRead(ctx, tx, m); err != nil {
			return err
		}
	}
	return finish(ctx, tx, job)
}

// enqueueRead asks for the attachments of m to be read.
func (w *CreateSubmissionWorker) enqueueRead(ctx context.Context, tx pgx.Tx, m intake.StoredMessage) error {
	client := river.ClientFromContext[pgx.Tx](ctx)
	if _, err := client.InsertTx(ctx, tx, ReadMessageArgs{MessageID: m.ID}, nil); err != nil {
		return fmt.Errorf("enqueue read_message for message %d: %w", m.ID, err)
	}
	return nil
}

// findThread finds the submission a reply belongs to: first by the
// Message-IDs we recorded when sending, then by the reference we embed in
// every Message-ID we write ("<TN-2026-000123.…@own-domain>").
func (w *CreateSubmissionWorker) findThread(ctx context.Context, tx pgx.Tx, refs []string) (intake.Submission, string, error) {
	s := w.deps.Store
	if len(refs) == 0 {
		return intake.Submission{}, "", intake.ErrNotFound
	}
	sub, err := s.SubmissionByOutbound(ctx, tx, refs)
	if err == nil {
		return sub, "outbound_message_id", nil
	}
	if !errors.Is(err, intake.ErrNotFound) {
		return sub, "", err
	}
	for _, id := range refs {
		if ref, ok := ReferenceFromMessageID(id, w.deps.OwnDomain); ok {
			sub, err := s.SubmissionByReference(ctx, tx, ref)
			if err == nil {
				return sub, "reference_in_message_id", nil
			}
			if !errors.Is(err, intake.ErrNotFound) {
				return sub, "", err
			}
		}
	}
	return intake.Submission{}, "", intake.ErrNotFound
}

// OutboundMessageID makes the Message-ID of a message we send about a
// submission: the reference, a unique part, and our own domain, so that a
// reply can be matched even if the outbound record were lost.
func OutboundMessageID(reference, unique, ownDomain string) string {
	return reference + "." + unique + "@" + ownDomain
}

// ReferenceFromMessageID reads the submission reference back from one of
// our own Message-IDs.
func ReferenceFromMessageID(id, ownDomain string) (string, bool) {
	local, domain, ok := strings.Cut(id, "@")
	if !ok || !strings.EqualFold(domain, ownDomain) {
		return "", false
	}
	ref, _, ok := strings.Cut(local, ".")
	return ref, ok && ref != ""
}
