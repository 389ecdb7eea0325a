package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// ReadMessageWorker reads the attachments, document fields and sender data
// of a message (pipeline.Service.ReadMessage), after yielding to the
// intake stages of a backlog (workers.read_yield).
type ReadMessageWorker struct {
	river.WorkerDefaults[jobs.ReadMessageArgs]
	deps *pipeline.Service
}

// Timeout implements river.Worker: OCR of a scanned document takes minutes.
func (w *ReadMessageWorker) Timeout(*river.Job[jobs.ReadMessageArgs]) time.Duration {
	return parseTimeout(w.deps)
}

// Work implements river.Worker.
func (w *ReadMessageWorker) Work(ctx context.Context, job *river.Job[jobs.ReadMessageArgs]) error {
	yieldToIntake(ctx, w.deps)
	return w.deps.ReadMessage(ctx, job.Args, done(job))
}
