package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// ReadMessage reads what was sent in the message of args: the text of
// every attachment (PDF, DOCX, scans by OCR, ZIP members), the
// official-document fields (number and symbol, signing date, secrecy marks,
// the Nơi nhận block — Điều 9 khoản 2, Điều 10, Điều 14 khoản 2) and the
// sender data of Điều 9 khoản 3. It runs after create_submission, beside
// triage: the item is in the Standing Board's inbox with its legal clock
// from the moment it is stored, and what is read from its attachments is
// added when ready. Steps that need the read content (classification,
// screening, routing) follow it (AfterRead); job.Done completes the job in the
// transaction that stores what was read. A message with nothing to read
// returns nil without done: the job completes as River completes it.
func (d *Service) ReadMessage(ctx context.Context, args jobs.ReadMessageArgs, job Job) error {
	s := d.Store
	m, err := s.Message(ctx, s.Pool, args.MessageID)
	if err != nil {
		return Permanent(fmt.Errorf("load message %d: %w", args.MessageID, err))
	}
	// A burst of large mail waits here rather than over memory.limit_mb.
	release, err := d.Memory.Acquire(ctx, readWeight(m.Size))
	if err != nil {
		return err
	}
	defer release()
	raw, err := s.Raw(ctx, s.Pool, m.ID)
	if err != nil {
		return Permanent(fmt.Errorf("load raw message %d: %w", m.ID, err))
	}
	if m.HeaderOnly || m.Kind == intake.MessageKindUnparsable {
		return nil // nothing to read: the item is flagged for a person
	}
	opts := d.ReadOptions()
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
	// Classification and routing follow the read content (AfterRead).
	if err := d.AfterRead(ctx, tx, m.ID); err != nil {
		return err
	}
	// A signing date or timing class read from the document changes the deadlines (deadlines.Service.Refresh).
	if err := d.Deadlines.Refresh(ctx, tx, m.ID, "nội dung đã đọc: nhóm thời hạn "); err != nil {
		return err
	}
	return job.Done(ctx, tx)
}
