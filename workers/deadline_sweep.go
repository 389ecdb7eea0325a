package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
)

// sweepGrace is how long past its due instant a deadline may stay running
// before the sweeper suspects its breach job is missing.
const sweepGrace = time.Minute

// DeadlineSweepWorker is the safety net of the breach alerts: a running
// deadline past its due instant by more than a minute has lost its breach
// job (deleted, discarded after its attempts, or never inserted), so it is
// inserted again. Unique args make this a no-op while the original job
// exists.
type DeadlineSweepWorker struct {
	river.WorkerDefaults[jobs.DeadlineSweepArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineSweepWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineSweepArgs]) error {
	d, dd := w.deps, w.deps.Deadlines
	if dd == nil {
		return deadlinesOff()
	}
	s := d.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	grace := dd.SweepGrace
	if grace <= 0 {
		grace = sweepGrace
	}
	late, err := s.OverdueRunning(ctx, tx, dd.now().Add(-grace), 500)
	if err != nil {
		return err
	}
	client := river.ClientFromContext[pgxTx](ctx)
	requeued := 0
	for _, sd := range late {
		args := jobs.DeadlineBreachArgs{DeadlineID: sd.ID, Due: sd.Due.UTC()}
		res, err := client.InsertTx(ctx, tx, args, insertAt(args, sd.Due))
		if err != nil {
			return fmt.Errorf("re-enqueue breach of deadline %d: %w", sd.ID, err)
		}
		if !res.UniqueSkippedAsDuplicate {
			requeued++
		}
	}
	if requeued > 0 {
		d.Log.Warn("breach jobs were missing and are enqueued again", "count", requeued)
	}
	return finish(ctx, tx, job)
}
