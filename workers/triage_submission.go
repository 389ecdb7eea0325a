package workers

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// TriageSubmissionArgs hands a submission to the Standing Board's triage.
type TriageSubmissionArgs struct {
	SubmissionID int64 `json:"submission_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (TriageSubmissionArgs) Kind() string { return "triage_submission" }

// TriageSubmissionWorker puts a received submission in awaiting_triage, the
// Standing Board's inbox (Điều 11 khoản 1, bước 1: TTBBT tiếp nhận, kiểm tra).
type TriageSubmissionWorker struct {
	river.WorkerDefaults[TriageSubmissionArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *TriageSubmissionWorker) Work(ctx context.Context, job *river.Job[TriageSubmissionArgs]) error {
	s := w.deps.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := s.Submission(ctx, tx, job.Args.SubmissionID); err != nil {
		return permanent(fmt.Errorf("load submission %d: %w", job.Args.SubmissionID, err))
	}
	if _, err := s.SetState(ctx, tx, job.Args.SubmissionID, []intake.SubmissionState{intake.StateReceived}, intake.StateAwaitingTriage, "system"); err != nil {
		return err
	}
	// Điều 10 and 13: the deadlines start with the receipt (deadline_compute.go).
	if err := w.deps.ComputeDeadlines(ctx, tx, job.Args.SubmissionID); err != nil {
		return err
	}
	return finish(ctx, tx, job)
}
