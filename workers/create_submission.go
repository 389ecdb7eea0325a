package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// CreateSubmissionWorker makes the submissions of a parsed batch, or
// attaches replies to theirs (pipeline.Service.CreateSubmissions).
type CreateSubmissionWorker struct {
	river.WorkerDefaults[jobs.CreateSubmissionArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *CreateSubmissionWorker) Work(ctx context.Context, job *river.Job[jobs.CreateSubmissionArgs]) error {
	return w.deps.CreateSubmissions(ctx, job.Args, job.ID, done(job))
}
