package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// Register adds every job kind to ws: each kind whose work is one use case
// of internal/pipeline is a useCase (decode the args, call the use case
// with the job's id and completion); set_deadlines, which also snoozes
// behind River's queue, has a file of its own.
func Register(ws *river.Workers, d *pipeline.Service) {
	for _, register := range []func(*river.Workers){
		// Intake: a commit batch per job (AGENTS.md), then each message read.
		timed(d.ParseMessages, parseTimeout(d)), kind(d.CreateSubmissions), kind(d.Triage),
		timed(func(ctx context.Context, args jobs.ReadMessageArgs, job pipeline.Job) error {
			// Reading waits, at most workers.read_yield, for a backlog's
			// intake stages: the inbox and its legal clock come first.
			yieldToIntake(ctx, d)
			return d.ReadMessage(ctx, args, job)
		}, parseTimeout(d)),
		// Classification, routing, the mail to senders and units
		// (pipeline.ClassifyDeps), the replies.
		kind(d.ClassifySubmission), kind(d.Route), kind(d.Forward), kind(d.RequestSupplement),
		kind(d.SendNotice), kind(d.RecordReply),
		// Deadline alerts, sent once (internal/pipeline/alert.go), the
		// periodic jobs (deadline_jobs.go).
		kind(d.Warn), kind(d.Breach), kind(d.Escalate), kind(d.Digest), kind(d.CheckIntake), kind(d.SweepDeadlines),
	} {
		register(ws)
	}
	river.AddWorker(ws, &SetDeadlinesWorker{deps: d})
}

// useCase is a job kind whose work is one use case: run, given the job's
// args, id and completion. A zero timeout is the client's
// (workers.job_timeout).
type useCase[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	run     func(context.Context, T, pipeline.Job) error
	timeout time.Duration
}

// Work implements river.Worker.
func (w *useCase[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return w.run(ctx, job.Args, useCaseJob(job))
}

// Timeout implements river.Worker.
func (w *useCase[T]) Timeout(*river.Job[T]) time.Duration { return w.timeout }

// kind registers the job kind of T, whose work is run, within the
// client's job timeout.
func kind[T river.JobArgs](run func(context.Context, T, pipeline.Job) error) func(*river.Workers) {
	return timed(run, 0)
}

// timed registers the job kind of T, whose work is run, within timeout
// (0: the client's).
func timed[T river.JobArgs](run func(context.Context, T, pipeline.Job) error, timeout time.Duration) func(*river.Workers) {
	return func(ws *river.Workers) { river.AddWorker(ws, &useCase[T]{run: run, timeout: timeout}) }
}

// parseTimeout is the time a parse_message job (a batch of up to 16 MiB of
// mail) or a read_message job (OCR of a scanned document takes minutes)
// may take: workers.parse_timeout, 10 minutes when unset.
func parseTimeout(d *pipeline.Service) time.Duration {
	if d.ParseTimeout > 0 {
		return d.ParseTimeout
	}
	return 10 * time.Minute
}
