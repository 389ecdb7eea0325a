package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// DeadlineEscalationWorker tells the next level of the escalation chain
// that a breached deadline is still not handled
// (pipeline.Service.Escalate).
type DeadlineEscalationWorker struct {
	river.WorkerDefaults[jobs.DeadlineEscalationArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *DeadlineEscalationWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineEscalationArgs]) error {
	return w.deps.Escalate(ctx, job.Args, done(job))
}
