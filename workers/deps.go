package workers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// finish completes job in tx and commits: the job's effects and its
// completion land together or not at all.
func finish[T river.JobArgs](ctx context.Context, tx pgx.Tx, job *river.Job[T]) error {
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("complete job %d: %w", job.ID, err)
	}
	return tx.Commit(ctx)
}

// useCaseJob is job as its use case sees it: its id and its completion
// (finish).
func useCaseJob[T river.JobArgs](job *river.Job[T]) pipeline.Job {
	return pipeline.Job{ID: job.ID, Done: func(ctx context.Context, tx pgx.Tx) error { return finish(ctx, tx, job) }}
}

// stageKinds are the job kinds that bring a message into the inbox;
// intakeKinds add its deadlines.
var (
	stageKinds  = []string{jobs.ParseMessageArgs{}.Kind(), jobs.CreateSubmissionArgs{}.Kind(), jobs.TriageSubmissionArgs{}.Kind()}
	intakeKinds = append(slices.Clone(stageKinds), jobs.SetDeadlinesArgs{}.Kind())
)

// yieldToIntake waits, up to d.ReadYield (and half the job's timeout),
// while intake jobs are ready or running (IntakeBusy), checking every
// 200 ms; it never fails (a failed check ends the wait).
func yieldToIntake(ctx context.Context, d *pipeline.Service) {
	if d.ReadYield <= 0 {
		return
	}
	deadline := time.Now().Add(d.ReadYield)
	// Never more than half of the job's own time (workers.parse_timeout):
	// the reading must still fit in what is left.
	if end, ok := ctx.Deadline(); ok {
		deadline = time.Now().Add(min(d.ReadYield, time.Until(end)/2))
	}
	for {
		busy, err := IntakeBusy(ctx, d.Store.Pool)
		if err != nil || !busy || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// IntakeBusy reports whether intake jobs (parse, create, triage, deadlines)
// are ready or running: work that can wait (reading attachments, sealing
// the audit chain) yields to them. The query uses River's fetch index
// (state, queue, …).
func IntakeBusy(ctx context.Context, q postgres.Querier) (bool, error) {
	return jobsBusy(ctx, q, intakeKinds)
}

// jobsBusy reports whether jobs of kinds are ready or running.
func jobsBusy(ctx context.Context, q postgres.Querier, kinds []string) (bool, error) {
	var busy bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM river_job
		WHERE state IN ('available', 'running') AND queue = $1 AND kind = ANY($2))`,
		river.QueueDefault, kinds).Scan(&busy)
	return busy, err
}
