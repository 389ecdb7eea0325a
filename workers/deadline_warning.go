package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// DeadlineWarningWorker warns that a running deadline has used a share of
// its allowed time (pipeline.Service.Warn).
type DeadlineWarningWorker struct {
	river.WorkerDefaults[jobs.DeadlineWarningArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *DeadlineWarningWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineWarningArgs]) error {
	return w.deps.Warn(ctx, job.Args, done(job))
}
