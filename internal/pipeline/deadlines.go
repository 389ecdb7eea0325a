package pipeline

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/jobs"
)

// SetDeadlines gives the triaged submissions of args their deadlines (Điều
// 10 and 13, deadlines.Service.Set), a batch in one transaction in which
// job.Done completes the job; a submission that has deadlines already is
// left alone, so a retried job adds nothing.
func (d *Service) SetDeadlines(ctx context.Context, args jobs.SetDeadlinesArgs, job Job) error {
	return d.inTx(ctx, job.Done, func(tx pgx.Tx) error { return d.Deadlines.Set(ctx, tx, args.SubmissionIDs) })
}

// SweepDeadlines is the safety net of the breach alerts: the breach jobs of
// running deadlines past their due instant are inserted again
// (deadlines.Service.Sweep), in the transaction in which job.Done
// completes the job.
func (d *Service) SweepDeadlines(ctx context.Context, _ jobs.DeadlineSweepArgs, job Job) error {
	if d.Deadlines == nil {
		return DeadlinesOff()
	}
	return d.inTx(ctx, job.Done, func(tx pgx.Tx) error {
		requeued, err := d.Deadlines.Sweep(ctx, tx)
		if err == nil && requeued > 0 {
			d.Log.Warn("breach jobs were missing and are enqueued again", "count", requeued)
		}
		return err
	})
}
