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

// DeadlineWarningWorker warns the assignee (or the Standing Board's desk)
// that a running deadline has used a share of its allowed time
// (deadlines.Service.Warning judges whether, and when).
type DeadlineWarningWorker struct {
	river.WorkerDefaults[jobs.DeadlineWarningArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineWarningWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineWarningArgs]) error {
	a := job.Args
	return judgeAlert(ctx, w.deps, job, a.DeadlineID, notify.Warning, a.Percent, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		return w.deps.Deadlines.Warning(ctx, tx, sd, a.Percent, a.At)
	})
}
