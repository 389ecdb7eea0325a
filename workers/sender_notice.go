package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// SenderNoticeWorker sends one notice to the sender of a submission
// (pipeline.Service.SendNotice).
type SenderNoticeWorker struct {
	river.WorkerDefaults[jobs.SenderNoticeArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *SenderNoticeWorker) Work(ctx context.Context, job *river.Job[jobs.SenderNoticeArgs]) error {
	return w.deps.SendNotice(ctx, job.Args, done(job))
}
