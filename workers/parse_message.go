package workers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// ParseMessageArgs asks for a stored message to be parsed.
type ParseMessageArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (ParseMessageArgs) Kind() string { return "parse_message" }

// ParseMessageWorker parses the raw bytes of a message (headers, text and
// HTML bodies, the attachment list), records what it is, and sends ordinary
// messages on to create_submission. Auto-replies and bounces (RFC 3834,
// RFC 3464) are recorded and go no further.
type ParseMessageWorker struct {
	river.WorkerDefaults[ParseMessageArgs]
	deps *Deps
}

// Timeout implements river.Worker: parsing a 50 MB message and reading its
// attachments takes a while.
func (w *ParseMessageWorker) Timeout(*river.Job[ParseMessageArgs]) time.Duration {
	if w.deps.ParseTimeout > 0 {
		return w.deps.ParseTimeout
	}
	return 10 * time.Minute
}

// Work implements river.Worker.
func (w *ParseMessageWorker) Work(ctx context.Context, job *river.Job[ParseMessageArgs]) error {
	s := w.deps.Store
	m, err := s.Message(ctx, s.Pool, job.Args.MessageID)
	if err != nil {
		return permanent(fmt.Errorf("load message %d: %w", job.Args.MessageID, err))
	}
	raw, err := s.Raw(ctx, s.Pool, m.ID)
	if err != nil {
		return permanent(fmt.Errorf("load raw message %d: %w", m.ID, err))
	}
	// Pure and outside the transaction: parsing holds no connection.
	p := w.deps.Parser.Parse(ctx, raw, m.ReceivedAt, m.HeaderOnly)
	p.MessageID = m.ID
	if m.HeaderOnly {
		p.Kind = intake.MessageKindOversize
		if !slices.Contains(p.Flags, "oversize") {
			p.Flags = append(p.Flags, "oversize")
		}
	}

	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := s.SaveParsed(ctx, tx, p); err != nil {
		return err
	}
	if p.Kind != intake.MessageKindAutoReply {
		client := river.ClientFromContext[pgxTx](ctx)
		if _, err := client.InsertTx(ctx, tx, CreateSubmissionArgs{MessageID: m.ID}, nil); err != nil {
			return fmt.Errorf("enqueue create_submission for message %d: %w", m.ID, err)
		}
	}
	return finish(ctx, tx, job)
}
