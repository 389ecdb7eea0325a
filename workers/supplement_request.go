package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// SupplementRequestWorker asks the author of a submission for what is
// missing (Điều 11 khoản 2; pipeline.Service.RequestSupplement).
type SupplementRequestWorker struct {
	river.WorkerDefaults[jobs.SupplementRequestArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *SupplementRequestWorker) Work(ctx context.Context, job *river.Job[jobs.SupplementRequestArgs]) error {
	return w.deps.RequestSupplement(ctx, job.Args, job.ID, done(job))
}
