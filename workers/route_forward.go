package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// RouteForwardWorker forwards a query not for posting to its unit (Điều 11
// khoản 1, bước 2; pipeline.Service.Forward).
type RouteForwardWorker struct {
	river.WorkerDefaults[jobs.RouteForwardArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *RouteForwardWorker) Work(ctx context.Context, job *river.Job[jobs.RouteForwardArgs]) error {
	return w.deps.Forward(ctx, job.Args, job.ID, done(job))
}
