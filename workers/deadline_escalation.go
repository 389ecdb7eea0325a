package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineEscalationWorker tells the next level of the chain (assignee →
// head of the Standing Board → head of the Board) that a breached deadline
// is still not handled (deadlines.Service.Escalation judges when).
type DeadlineEscalationWorker struct {
	river.WorkerDefaults[jobs.DeadlineEscalationArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineEscalationWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineEscalationArgs]) error {
	d := w.deps
	tx, sd, err := d.lockDeadline(ctx, job.Args.DeadlineID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	v, err := d.Deadlines.Escalation(ctx, tx, sd, job.Args.Step, job.Args.Due)
	if err != nil {
		return err
	}
	key := postgres.AlertKey{DeadlineID: sd.ID, Kind: string(notify.Escalation), Step: job.Args.Step}
	return alert(ctx, d, tx, job, key, v)
}
