package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// TriageSubmissionWorker puts a batch of received submissions in the
// Standing Board's inbox (pipeline.Service.Triage).
type TriageSubmissionWorker struct {
	river.WorkerDefaults[jobs.TriageSubmissionArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *TriageSubmissionWorker) Work(ctx context.Context, job *river.Job[jobs.TriageSubmissionArgs]) error {
	return w.deps.Triage(ctx, job.Args, job.ID, done(job))
}
