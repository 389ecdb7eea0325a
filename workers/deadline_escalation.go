package workers

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
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
	a := job.Args
	return judgeAlert(ctx, w.deps, job, a.DeadlineID, notify.Escalation, a.Step, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		return w.deps.Deadlines.Escalation(ctx, tx, sd, a.Step, a.Due)
	})
}
