package workers

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// NotifyIntakeStalledWorker alerts the Standing Board when a watched
// mailbox has stopped syncing, once per episode
// (pipeline.Service.CheckIntake).
type NotifyIntakeStalledWorker struct {
	river.WorkerDefaults[jobs.NotifyIntakeStalledArgs]
	deps *pipeline.Service
}

// Work implements river.Worker.
func (w *NotifyIntakeStalledWorker) Work(ctx context.Context, job *river.Job[jobs.NotifyIntakeStalledArgs]) error {
	return w.deps.CheckIntake(ctx, done(job))
}
