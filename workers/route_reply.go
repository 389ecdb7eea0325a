package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// RouteReplyWorker records a reply once it is read: the author's answer to
// a supplement request, a unit's answer to a forward
// (pipeline.Service.RecordReply).
type RouteReplyWorker struct {
	river.WorkerDefaults[jobs.RouteReplyArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *RouteReplyWorker) Work(ctx context.Context, job *river.Job[jobs.RouteReplyArgs]) error {
	return w.deps.RecordReply(ctx, job.Args, done(job))
}
