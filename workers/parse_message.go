package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// ParseMessageWorker parses a commit batch of messages and hands them to
// create_submission (pipeline.Service.ParseMessages).
type ParseMessageWorker struct {
	river.WorkerDefaults[jobs.ParseMessageArgs]
	deps *pipeline.Service
}

// Timeout implements river.Worker: a batch of up to 16 MiB of mail is
// parsed within workers.parse_timeout.
func (w *ParseMessageWorker) Timeout(*river.Job[jobs.ParseMessageArgs]) time.Duration {
	return parseTimeout(w.deps)
}

// Work implements river.Worker.
func (w *ParseMessageWorker) Work(ctx context.Context, job *river.Job[jobs.ParseMessageArgs]) error {
	return w.deps.ParseMessages(ctx, job.Args, job.ID, done(job))
}

// parseTimeout is the time a parse_message or read_message job may take:
// workers.parse_timeout, 10 minutes when unset (OCR of a scanned document
// takes minutes).
func parseTimeout(d *pipeline.Service) time.Duration {
	if d.ParseTimeout > 0 {
		return d.ParseTimeout
	}
	return 10 * time.Minute
}
