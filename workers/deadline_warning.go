package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineWarningWorker warns the assignee (or the Standing Board's desk)
// that a running deadline has used a share of its allowed time. Only the
// most advanced warning is sent: a warning that runs when the next one is
// also due (after downtime) is skipped, and none runs past the due instant,
// where the breach alert takes over.
type DeadlineWarningWorker struct {
	river.WorkerDefaults[jobs.DeadlineWarningArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineWarningWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineWarningArgs]) error {
	d, dd := w.deps, w.deps.Deadlines
	tx, sd, err := d.lockDeadline(ctx, job.Args.DeadlineID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	s := d.Store
	key := postgres.AlertKey{DeadlineID: sd.ID, Kind: string(notify.Warning), Step: job.Args.Percent}
	if sd.State != deadline.Running {
		return skipStale(ctx, d, tx, job, key, sd)
	}
	cal, err := dd.Calendar.Load(ctx, s, tx)
	if err != nil {
		return err
	}
	ths := deadline.Thresholds(cal, sd.Deadline, dd.Fractions)
	idx := -1
	for i, f := range dd.Fractions {
		if percent(f) == job.Args.Percent {
			idx = i
		}
	}
	if idx < 0 || !postgres.Micro(ths[idx]).Equal(postgres.Micro(job.Args.At)) {
		return skipStale(ctx, d, tx, job, key, sd) // fractions or due instant changed since scheduling
	}
	now := dd.now()
	if now.Before(ths[idx]) {
		return river.JobSnooze(ths[idx].Sub(now))
	}
	superseded := !now.Before(sd.Due)
	if idx+1 < len(ths) && !ths[idx+1].IsZero() && !now.Before(ths[idx+1]) {
		superseded = true
	}
	if superseded {
		if err := s.SkipPendingAlert(ctx, tx, key, "không gửi: đã đến mốc cảnh báo sau hoặc đã đến hạn"); err != nil {
			return err
		}
		return finish(ctx, tx, job)
	}
	return recordAndDeliver(ctx, d, tx, job, sd, cal, notify.Warning, job.Args.Percent, dd.recipient(0, sd.Assignee), now, nil)
}
