package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineWarningArgs is scheduled at the instant a fraction of a
// deadline's allowed working time has elapsed (deadline.Thresholds;
// deadlines.warnings, default 50 % and 80 %).
type DeadlineWarningArgs struct {
	DeadlineID int64 `json:"deadline_id"`
	Percent    int   `json:"percent"`
	// At is the threshold instant the job was scheduled for (UTC, µs).
	At time.Time `json:"at"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (DeadlineWarningArgs) Kind() string { return "deadline_warning" }

// InsertOpts makes the job unique by its args.
func (DeadlineWarningArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DeadlineWarningWorker warns the assignee (or the Standing Board's desk)
// that a running deadline has used a share of its allowed time. Only the
// most advanced warning is sent: a warning that runs when the next one is
// also due (after downtime) is skipped, and none runs past the due instant,
// where the breach alert takes over.
type DeadlineWarningWorker struct {
	river.WorkerDefaults[DeadlineWarningArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineWarningWorker) Work(ctx context.Context, job *river.Job[DeadlineWarningArgs]) error {
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
