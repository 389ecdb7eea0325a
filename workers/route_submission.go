package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// RouteSubmissionWorker sends a classified submission to whoever handles
// it (pipeline.Service.Route).
type RouteSubmissionWorker struct {
	river.WorkerDefaults[jobs.RouteSubmissionArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *RouteSubmissionWorker) Work(ctx context.Context, job *river.Job[jobs.RouteSubmissionArgs]) error {
	return w.deps.Route(ctx, job.Args, done(job))
}
