package workers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// Deps is what the workers share.
type Deps struct {
	Store *postgres.Store
	// Derive sets how messages are read (extraction caps, the directory of
	// units for known senders). ReceivedAt and HeaderOnly are set per message.
	Derive derive.Options
	Log    *slog.Logger
	// ReferencePrefix starts submission references ("TN").
	ReferencePrefix string
	// OwnDomain is the right-hand side of the Message-IDs we write.
	OwnDomain string
	// ParseTimeout bounds parse_message (extraction and OCR included).
	ParseTimeout time.Duration
	// Classify drives classification, screening, routing and supplement
	// requests (classify_deps.go); nil turns them off.
	Classify *ClassifyDeps
	// Deadlines drives the deadline and alert jobs (deadline_deps.go); nil
	// turns them off.
	Deadlines *DeadlineDeps
}

// Register adds every worker to ws.
func Register(ws *river.Workers, d *Deps) {
	river.AddWorker(ws, &ParseMessageWorker{deps: d})
	river.AddWorker(ws, &ReadMessageWorker{deps: d})
	river.AddWorker(ws, &CreateSubmissionWorker{deps: d})
	river.AddWorker(ws, &TriageSubmissionWorker{deps: d})
	registerClassifyWorkers(ws, d)
	registerDeadlineWorkers(ws, d)
}

// EnqueueParse returns the postgres.Enqueuer that inserts one parse_message
// job per new message inside the intake transaction.
func EnqueueParse(client *river.Client[pgx.Tx]) postgres.Enqueuer {
	return func(ctx context.Context, tx pgx.Tx, ids []int64) error {
		params := make([]river.InsertManyParams, len(ids))
		for i, id := range ids {
			params[i] = river.InsertManyParams{Args: ParseMessageArgs{MessageID: id}}
		}
		_, err := client.InsertManyFastTx(ctx, tx, params)
		return err
	}
}

// finish completes job in tx and commits: the job's effects and its
// completion land together or not at all.
func finish[T river.JobArgs](ctx context.Context, tx pgx.Tx, job *river.Job[T]) error {
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("complete job %d: %w", job.ID, err)
	}
	return tx.Commit(ctx)
}

// lockSubmission opens a job's transaction, takes the submission's row lock
// first (the lock order of AGENTS.md) and loads it. The caller rolls tx
// back.
func (d *Deps) lockSubmission(ctx context.Context, id int64) (pgx.Tx, intake.Submission, error) {
	s := d.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return nil, intake.Submission{}, err
	}
	if err := s.LockSubmission(ctx, tx, id); err != nil {
		tx.Rollback(ctx)
		return nil, intake.Submission{}, permanent(err)
	}
	sub, err := s.Submission(ctx, tx, id)
	if err != nil {
		tx.Rollback(ctx)
		return nil, intake.Submission{}, permanent(fmt.Errorf("load submission %d: %w", id, err))
	}
	return tx, sub, nil
}

// permanent turns "the row is gone" into a cancelled job instead of retries.
func permanent(err error) error {
	if errors.Is(err, intake.ErrNotFound) {
		return river.JobCancel(err)
	}
	return err
}
