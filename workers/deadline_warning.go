package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineWarningWorker warns the assignee (or the Standing Board's desk)
// that a running deadline has used a share of its allowed time
// (deadlines.Service.Warning judges whether, and when).
type DeadlineWarningWorker struct {
	river.WorkerDefaults[jobs.DeadlineWarningArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineWarningWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineWarningArgs]) error {
	d := w.deps
	tx, sd, err := d.lockDeadline(ctx, job.Args.DeadlineID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	v, err := d.Deadlines.Warning(ctx, tx, sd, job.Args.Percent, job.Args.At)
	if err != nil {
		return err
	}
	key := postgres.AlertKey{DeadlineID: sd.ID, Kind: string(notify.Warning), Step: job.Args.Percent}
	return alert(ctx, d, tx, job, key, v)
}
