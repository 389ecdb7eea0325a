package workers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/membudget"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// Deps is what the workers share.
type Deps struct {
	Store *postgres.Store
	// Derive sets how messages are read (extraction caps, the directory of
	// units for known senders). ReceivedAt and HeaderOnly are set per message.
	Derive derive.Options
	Log    *slog.Logger
	// ReferencePrefix starts submission references ("TN").
	ReferencePrefix string
	// OwnDomain is the right-hand side of the Message-IDs we write.
	OwnDomain string
	// SenderAuth: automatic mail (supplement requests) goes only to a
	// sender whose From: domain is authenticated (mailauth.Result.
	// Authenticated); the others wait for a person (issue 12, finding 2).
	SenderAuth bool
	// ParseTimeout bounds parse_message (extraction and OCR included).
	ParseTimeout time.Duration
	// Classify drives classification, screening, routing and supplement
	// requests (classify_deps.go); nil turns them off.
	Classify *ClassifyDeps
	// Deadlines keeps the submissions' deadlines and drives the alert jobs
	// (internal/deadlines); nil turns them off.
	Deadlines *deadlines.Service
	// Notices drives the notices to senders (sender_notice.go); nil, or a
	// nil Classify (their mailer), turns them off.
	Notices *NoticeDeps

	// ReadYield is how long a read_message job waits, at most, while
	// intake jobs (parse, create, triage, deadlines) are ready or running:
	// reading attachments takes both cores of a small server, and a
	// backlog (the first sync, a holiday's mail) is put in the inbox with
	// its legal clock first. Zero: no waiting.
	ReadYield time.Duration

	// Memory is the byte budget parse_message and read_message acquire
	// before they load mail (memory.go); nil: no bound.
	Memory *membudget.Budget

	// parse replaces derive.Envelope in parse_message (tests: a parser
	// that panics).
	parse func(raw []byte, opts derive.Options) derive.Result
}

// Register adds every worker to ws.
func Register(ws *river.Workers, d *Deps) {
	river.AddWorker(ws, &ParseMessageWorker{deps: d})
	river.AddWorker(ws, &ReadMessageWorker{deps: d})
	river.AddWorker(ws, &CreateSubmissionWorker{deps: d})
	river.AddWorker(ws, &TriageSubmissionWorker{deps: d})
	river.AddWorker(ws, &SetDeadlinesWorker{deps: d})
	river.AddWorker(ws, &SenderNoticeWorker{deps: d})
	// Classification, routing and supplement requests (classify_deps.go).
	river.AddWorker(ws, &ClassifySubmissionWorker{deps: d})
	river.AddWorker(ws, &RouteSubmissionWorker{deps: d})
	river.AddWorker(ws, &RouteForwardWorker{deps: d})
	river.AddWorker(ws, &RouteReplyWorker{deps: d})
	river.AddWorker(ws, &SupplementRequestWorker{deps: d})
	// Deadline alerts (internal/deadlines).
	river.AddWorker(ws, &DeadlineWarningWorker{deps: d})
	river.AddWorker(ws, &DeadlineBreachWorker{deps: d})
	river.AddWorker(ws, &DeadlineEscalationWorker{deps: d})
	river.AddWorker(ws, &DeadlineSweepWorker{deps: d})
	river.AddWorker(ws, &NotifyDigestWorker{deps: d})
	river.AddWorker(ws, &NotifyIntakeStalledWorker{deps: d})
}

// EnqueueParse returns the postgres.Enqueuer that inserts the parse_message
// job of a commit batch's new messages inside the intake transaction.
func EnqueueParse(client *river.Client[pgx.Tx]) postgres.Enqueuer {
	return func(ctx context.Context, tx pgx.Tx, ids []int64) error {
		// One job for the whole commit batch: the later stages work set-wise
		// on it (a job per message cost more in River's bookkeeping than
		// the parsing itself).
		_, err := client.InsertTx(ctx, tx, jobs.ParseMessageArgs{MessageIDs: ids}, nil)
		return err
	}
}

// finish completes job in tx and commits: the job's effects and its
// completion land together or not at all.
func finish[T river.JobArgs](ctx context.Context, tx pgx.Tx, job *river.Job[T]) error {
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("complete job %d: %w", job.ID, err)
	}
	return tx.Commit(ctx)
}

// lockSubmission opens a job's transaction, takes the submission's row lock
// first (the lock order of AGENTS.md) and loads it. The caller rolls tx
// back.
func (d *Deps) lockSubmission(ctx context.Context, id int64) (pgx.Tx, intake.Submission, error) {
	s := d.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return nil, intake.Submission{}, err
	}
	if err := s.LockSubmission(ctx, tx, id); err != nil {
		tx.Rollback(ctx)
		return nil, intake.Submission{}, permanent(err)
	}
	sub, err := s.Submission(ctx, tx, id)
	if err != nil {
		tx.Rollback(ctx)
		return nil, intake.Submission{}, permanent(fmt.Errorf("load submission %d: %w", id, err))
	}
	return tx, sub, nil
}

// permanent turns "the row is gone" into a cancelled job instead of retries.
func permanent(err error) error {
	if errors.Is(err, intake.ErrNotFound) {
		return river.JobCancel(err)
	}
	return err
}

// stageKinds are the job kinds that bring a message into the inbox;
// intakeKinds add its deadlines.
var (
	stageKinds  = []string{jobs.ParseMessageArgs{}.Kind(), jobs.CreateSubmissionArgs{}.Kind(), jobs.TriageSubmissionArgs{}.Kind()}
	intakeKinds = append(slices.Clone(stageKinds), jobs.SetDeadlinesArgs{}.Kind())
)

// yieldToIntake waits, up to ReadYield (and half the job's timeout), while
// intake jobs are ready or running (IntakeBusy), checking every 200 ms; it
// never fails (a failed check ends the wait).
func (d *Deps) yieldToIntake(ctx context.Context) {
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
