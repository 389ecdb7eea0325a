package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// DeadlineBreachWorker marks a deadline breached and sends the breach alert
// once (pipeline.Service.Breach; pipeline's alert.go for the exact
// guarantee).
type DeadlineBreachWorker struct {
	river.WorkerDefaults[jobs.DeadlineBreachArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *DeadlineBreachWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineBreachArgs]) error {
	return w.deps.Breach(ctx, job.Args, done(job))
}
