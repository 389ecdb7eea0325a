package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// SetDeadlinesWorker gives triaged submissions their deadlines (Điều 10 and
// 13, deadlines.Service.Set), a batch in one transaction; a submission that
// has deadlines already is left alone, so a retried job adds nothing.
type SetDeadlinesWorker struct {
	river.WorkerDefaults[jobs.SetDeadlinesArgs]
	deps *pipeline.Service
}

// Work implements river.Worker. While the intake stages (parse, create,
// triage) of a backlog are ready or running, the job snoozes a second at a
// time, for at most workers.read_yield from its creation: the backlog
// reaches the inbox first, on cores the deadlines would share.
func (w *SetDeadlinesWorker) Work(ctx context.Context, job *river.Job[jobs.SetDeadlinesArgs]) error {
	if time.Since(job.CreatedAt) < w.deps.ReadYield {
		if busy, err := jobsBusy(ctx, w.deps.Store.Pool, stageKinds); err == nil && busy {
			return river.JobSnooze(time.Second)
		}
	}
	return w.deps.SetDeadlines(ctx, job.Args, useCaseJob(job))
}
