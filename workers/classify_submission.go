package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// ClassifySubmissionWorker classes and screens a submission once its first
// message is read (pipeline.Service.ClassifySubmission).
type ClassifySubmissionWorker struct {
	river.WorkerDefaults[jobs.ClassifySubmissionArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *ClassifySubmissionWorker) Work(ctx context.Context, job *river.Job[jobs.ClassifySubmissionArgs]) error {
	return w.deps.ClassifySubmission(ctx, job.Args, done(job))
}
