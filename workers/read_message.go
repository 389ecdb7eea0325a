package workers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// ReadMessageWorker reads what was sent: the text of every attachment (PDF,
// DOCX, scans by OCR, ZIP members), the official-document fields (number and
// symbol, signing date, secrecy marks, the Nơi nhận block — Điều 9 khoản 2,
// Điều 10, Điều 14 khoản 2) and the sender data of Điều 9 khoản 3. It runs
// after create_submission, beside triage: the item is in the Standing
// Board's inbox with its legal clock from the moment it is stored, and what
// is read from its attachments is added when ready. Steps that need the
// read content (classification, screening, routing) follow this job.
type ReadMessageWorker struct {
	river.WorkerDefaults[jobs.ReadMessageArgs]
	deps *pipeline.Service
}

// Timeout implements river.Worker: OCR of a scanned document takes minutes.
func (w *ReadMessageWorker) Timeout(*river.Job[jobs.ReadMessageArgs]) time.Duration {
	if w.deps.ParseTimeout > 0 {
		return w.deps.ParseTimeout
	}
	return 10 * time.Minute
}

// Work implements river.Worker.
func (w *ReadMessageWorker) Work(ctx context.Context, job *river.Job[jobs.ReadMessageArgs]) error {
	s := w.deps.Store
	yieldToIntake(ctx, w.deps)
	m, err := s.Message(ctx, s.Pool, job.Args.MessageID)
	if err != nil {
		return pipeline.Permanent(fmt.Errorf("load message %d: %w", job.Args.MessageID, err))
	}
	// A burst of large mail waits here rather than over memory.limit_mb.
	release, err := w.deps.Memory.Acquire(ctx, readWeight(m.Size))
	if err != nil {
		return err
	}
	defer release()
	raw, err := s.Raw(ctx, s.Pool, m.ID)
	if err != nil {
		return pipeline.Permanent(fmt.Errorf("load raw message %d: %w", m.ID, err))
	}
	if m.HeaderOnly || m.Kind == intake.MessageKindUnparsable {
		return nil // nothing to read: the item is flagged for a person
	}
	opts := w.deps.ReadOptions()
	opts.ReceivedAt, opts.HeaderOnly, opts.SHA256 = m.ReceivedAt, m.HeaderOnly, m.SHA256
	// The MIME tree was parsed by parse_message: read from its outline
	// (derive.Reread; a message parsed before outlines is parsed again).
	stored, err := s.Parsed(ctx, s.Pool, m.ID)
	if errors.Is(err, intake.ErrNotFound) {
		stored, err = intake.ParsedMessage{}, nil // nothing stored: parse
	}
	if err != nil {
		return fmt.Errorf("load parsed message %d: %w", m.ID, err)
	}
	p, reading := derive.Reread(ctx, raw, stored, opts).Stored(m.ID)
	if ctx.Err() != nil {
		return ctx.Err() // timed out: retry rather than store a partial read
	}

	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// Take the submission's row lock before anything else: triage_submission
	// updates the submission and then, through triggers, the inbox row; so
	// must this job, in the same order, or the two deadlock.
	if _, _, err := s.LockSubmissionOf(ctx, tx, m.ID); err != nil {
		return err
	}
	if err := s.SaveParsed(ctx, tx, p); err != nil {
		return err
	}
	if err := s.SaveReadings(ctx, tx, []postgres.MessageReading{{MessageID: m.ID, Reading: reading}}); err != nil {
		return err
	}
	// Classification and routing follow the read content (classify_deps.go).
	if err := w.deps.AfterRead(ctx, tx, m.ID); err != nil {
		return err
	}
	// A signing date or timing class read from the document changes the deadlines (deadlines.Service.Refresh).
	if err := w.deps.Deadlines.Refresh(ctx, tx, m.ID, "nội dung đã đọc: nhóm thời hạn "); err != nil {
		return err
	}
	return finish(ctx, tx, job)
}
