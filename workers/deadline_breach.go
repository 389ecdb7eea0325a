package workers

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineBreachWorker marks a deadline breached when its due instant
// passes without the stop event (deadlines.Service.Breach: the history,
// the escalation chain), tells the author when the supplement of Điều 11
// khoản 2 is still missing, and sends the breach alert to the assignee or
// the Standing Board's desk, once (see notify_send.go for the exact
// guarantee).
type DeadlineBreachWorker struct {
	river.WorkerDefaults[jobs.DeadlineBreachArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineBreachWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineBreachArgs]) error {
	d := w.deps
	return judgeAlert(ctx, d, job, job.Args.DeadlineID, notify.Breach, 0, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		v, err := d.Deadlines.Breach(ctx, tx, sd, job.Args.Due)
		if err == nil && v.SupplementMissing {
			args := jobs.SenderNoticeArgs{SubmissionID: sd.SubmissionID, Notice: string(notice.SupplementMissing)}
			err = d.EnqueueNotice(ctx, tx, river.ClientFromContext[pgxTx](ctx), args)
		}
		return v, err
	})
}
