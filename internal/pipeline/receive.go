package pipeline

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// Receiver is the use case of the mailbox watcher: receive a batch.
type Receiver struct {
	Store *postgres.Store
	// Jobs inserts the batch's parse_message job in the batch's
	// transaction.
	Jobs *river.Client[pgx.Tx]
}

// Receive stores a commit batch of the mailbox mb — the new messages, the
// mailbox's bookmark — and enqueues ONE parse_message job for its new
// messages, in one transaction (Điều 11 khoản 1, bước 1: every message is
// kept with its receipt time, and its processing starts, or neither). It
// returns how many messages were new and how many were stored already.
func (r *Receiver) Receive(ctx context.Context, mb intake.MailboxState, msgs []intake.RawMessage) (inserted, duplicates int, err error) {
	res, err := r.Store.CommitBatch(ctx, mb, msgs, EnqueueParse(r.Jobs))
	return len(res.Inserted), res.Duplicates, err
}

// EnqueueParse returns the postgres.Enqueuer that inserts the parse_message
// job of new messages inside the transaction that stores them.
func EnqueueParse(client *river.Client[pgx.Tx]) postgres.Enqueuer {
	return func(ctx context.Context, tx pgx.Tx, ids []int64) error {
		// One job for the whole commit batch: the later stages work set-wise
		// on it (a job per message cost more in River's bookkeeping than
		// the parsing itself).
		_, err := client.InsertTx(ctx, tx, jobs.ParseMessageArgs{MessageIDs: ids}, nil)
		return err
	}
}
