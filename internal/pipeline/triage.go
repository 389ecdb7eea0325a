package pipeline

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
)

// Triage puts the received submissions of args in awaiting_triage, the
// Standing Board's inbox (Điều 11 khoản 1, bước 1: TTBBT tiếp nhận, kiểm
// tra), a whole batch in one transaction, and enqueues their deadlines.
// job.ID names the job in the log; job.Done completes it.
func (d *Service) Triage(ctx context.Context, args jobs.TriageSubmissionArgs, job Job) error {
	return d.inTx(ctx, job.Done, func(tx pgx.Tx) error { return d.triage(ctx, tx, args.IDs(), job.ID) })
}

func (d *Service) triage(ctx context.Context, tx pgx.Tx, ids []int64, jobID int64) error {
	s := d.Store
	// SetStates locks the rows, in id order; the deadlines, which lock
	// them FOR UPDATE, are set by the next job.
	var found int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM submission WHERE id = ANY($1)`, ids).Scan(&found); err != nil {
		return fmt.Errorf("find submissions %v: %w", ids, err)
	}
	if found == 0 {
		return Permanent(fmt.Errorf("triage submissions %v: %w", ids, intake.ErrNotFound))
	}
	if found < len(ids) {
		d.Log.Error("triage_submission: submissions not found, skipped", "job_id", jobID, "missing", len(ids)-found)
	}
	moved, err := s.SetStates(ctx, tx, ids, []intake.SubmissionState{intake.StateReceived}, intake.StateAwaitingTriage, "system")
	if err != nil {
		return err
	}
	// Điều 10 and 13: the deadlines start with the receipt; set_deadlines
	// computes them right after (a job of its own, behind the intake of a
	// backlog). A retried job that moved nothing has enqueued it already.
	if len(moved) > 0 {
		client := river.ClientFromContext[pgx.Tx](ctx)
		if _, err := client.InsertTx(ctx, tx, jobs.SetDeadlinesArgs{SubmissionIDs: moved}, nil); err != nil {
			return fmt.Errorf("enqueue set_deadlines for submissions %v: %w", moved, err)
		}
	}
	return nil
}
