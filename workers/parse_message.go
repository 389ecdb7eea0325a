package workers

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
)

// ParseMessageArgs asks for a stored message to be parsed.
type ParseMessageArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (ParseMessageArgs) Kind() string { return "parse_message" }

// ParseMessageWorker parses the MIME structure of a message (headers, text
// and HTML bodies, the attachment list) and records what it is. Ordinary,
// oversize and unparsable messages go on to create_submission (a person must
// see each of them); auto-replies and bounces (RFC 3834, RFC 3464) are
// recorded and go no further.
type ParseMessageWorker struct {
	river.WorkerDefaults[ParseMessageArgs]
	deps *Deps
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
	opts := w.deps.Derive
	opts.ReceivedAt, opts.HeaderOnly = m.ReceivedAt, m.HeaderOnly
	// Pure and outside the transaction: parsing holds no connection.
	p := derive.Envelope(raw, opts).Parsed(m.ID)

	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := s.SaveParsed(ctx, tx, p); err != nil {
		return err
	}
	client := river.ClientFromContext[pgxTx](ctx)
	if p.Kind != intake.MessageKindAutoReply { // auto-replies: recorded, never a submission, never answered
		if _, err := client.InsertTx(ctx, tx, CreateSubmissionArgs{MessageID: m.ID}, nil); err != nil {
			return fmt.Errorf("enqueue create_submission for message %d: %w", m.ID, err)
		}
	}
	return finish(ctx, tx, job)
}
