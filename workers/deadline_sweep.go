package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// DeadlineSweepWorker is the safety net of the breach alerts: the breach
// jobs of running deadlines past their due instant are inserted again
// (deadlines.Service.Sweep).
type DeadlineSweepWorker struct {
	river.WorkerDefaults[jobs.DeadlineSweepArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *DeadlineSweepWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineSweepArgs]) error {
	d := w.deps
	if d.Deadlines == nil {
		return pipeline.DeadlinesOff()
	}
	tx, err := d.Store.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	requeued, err := d.Deadlines.Sweep(ctx, tx)
	if err != nil {
		return err
	}
	if requeued > 0 {
		d.Log.Warn("breach jobs were missing and are enqueued again", "count", requeued)
	}
	return finish(ctx, tx, job)
}
