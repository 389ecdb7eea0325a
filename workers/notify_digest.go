package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// NotifyDigestWorker sends the managers the daily digest, once per day
// (pipeline.Service.Digest).
type NotifyDigestWorker struct {
	river.WorkerDefaults[jobs.NotifyDigestArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *NotifyDigestWorker) Work(ctx context.Context, job *river.Job[jobs.NotifyDigestArgs]) error {
	return w.deps.Digest(ctx, job.Args, done(job))
}
