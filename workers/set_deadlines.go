package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// SetDeadlinesArgs asks for the deadlines of submissions just put in the
// inbox (triage_submission enqueues one per batch).
type SetDeadlinesArgs struct {
	SubmissionIDs []int64 `json:"submission_ids"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (SetDeadlinesArgs) Kind() string { return "set_deadlines" }

// InsertOpts implements river.JobArgsWithInsertOpts: priority 2, after the
// intake stages (priority 1) of a backlog, so that every message reaches
// the inbox first; the deadlines count from the receipt time whenever they
// are computed (INTERNALDATE, Điều 11 khoản 1 bước 1), and until then the
// inbox shows the due times of the stored report.
func (SetDeadlinesArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Priority: 2} }

// SetDeadlinesWorker gives triaged submissions their deadlines (Điều 10 and
// 13, deadline_compute.go), a batch in one transaction; a submission that
// has deadlines already is left alone, so a retried job adds nothing.
type SetDeadlinesWorker struct {
	river.WorkerDefaults[SetDeadlinesArgs]
	deps *Deps
}

// Work implements river.Worker. While the intake stages (parse, create,
// triage) of a backlog are ready or running, the job snoozes a second at a
// time, for at most workers.read_yield from its creation: the backlog
// reaches the inbox first, on cores the deadlines would share.
func (w *SetDeadlinesWorker) Work(ctx context.Context, job *river.Job[SetDeadlinesArgs]) error {
	if time.Since(job.CreatedAt) < w.deps.ReadYield {
		if busy, err := jobsBusy(ctx, w.deps.Store.Pool, stageKinds); err == nil && busy {
			return river.JobSnooze(time.Second)
		}
	}
	tx, err := w.deps.Store.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := w.deps.ComputeDeadlinesMany(ctx, tx, job.Args.SubmissionIDs); err != nil {
		return err
	}
	return finish(ctx, tx, job)
}
