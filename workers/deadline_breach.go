package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineBreachWorker marks a deadline breached when its due instant
// passes without the stop event ("breached when now ≥ due"), records it in
// the deadline's and the submission's history (with a "decision needed"
// task when Điều 11 khoản 2 expired), schedules the escalation chain and
// sends the breach alert to the assignee or the Standing Board's desk, once
// (see notify_send.go for the exact guarantee).
type DeadlineBreachWorker struct {
	river.WorkerDefaults[jobs.DeadlineBreachArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineBreachWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineBreachArgs]) error {
	d, dd := w.deps, w.deps.Deadlines
	tx, sd, err := d.lockDeadline(ctx, job.Args.DeadlineID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	s := d.Store
	key := postgres.AlertKey{DeadlineID: sd.ID, Kind: string(notify.Breach)}
	due := postgres.Micro(job.Args.Due)
	now := dd.now()
	cal, err := dd.Calendar.Load(ctx, s, tx)
	if err != nil {
		return err
	}
	switch {
	case sd.State == deadline.Running && sd.Due.Equal(due):
		if now.Before(sd.Due) {
			return river.JobSnooze(sd.Due.Sub(now)) // picked up early (clock skew)
		}
		n, _ := sd.Check(now)
		sd, err = s.UpdateDeadline(ctx, tx, sd, n, cal, deadline.Explain(cal, n), postgres.DeadlineChange{
			Kind: "breached", Reason: sd.Rule.Article, Detail: map[string]any{"due_at": sd.Due},
		})
		if err != nil {
			return err
		}
		if err := s.AddEvent(ctx, tx, sd.SubmissionID, "system", "deadline_breached", map[string]any{
			"deadline_id": sd.ID, "rule": sd.Rule.ID, "article": sd.Rule.Article, "due_at": sd.Due,
		}); err != nil {
			return err
		}
		if sd.NeedsDecision() {
			// Điều 11 khoản 2: no answer within 1 working day, TTBBT decides.
			ch := postgres.DeadlineChange{Kind: "decision_needed", Reason: "Điều 11 khoản 2"}
			if err := s.AddDeadlineEvent(ctx, tx, sd, ch); err != nil {
				return err
			}
			if err := s.AddEvent(ctx, tx, sd.SubmissionID, "system", "decision_needed", map[string]any{"deadline_id": sd.ID, "article": "Điều 11 khoản 2"}); err != nil {
				return err
			}
		}
		client := river.ClientFromContext[pgxTx](ctx)
		if sd.NeedsDecision() {
			// The author hears that the supplement is still missing.
			args := jobs.SenderNoticeArgs{SubmissionID: sd.SubmissionID, Notice: string(notice.SupplementMissing)}
			if err := d.EnqueueNotice(ctx, tx, client, args); err != nil {
				return err
			}
		}
		for step := 1; step <= EscalationSteps; step++ {
			args := jobs.DeadlineEscalationArgs{DeadlineID: sd.ID, Step: step, Due: sd.Due.UTC()}
			at := cal.AddWorking(sd.BreachedAt, time.Duration(step)*dd.Alerts.EscalationDelay)
			if _, err := client.InsertTx(ctx, tx, args, insertAt(args, at)); err != nil {
				return fmt.Errorf("schedule escalation %d of deadline %d: %w", step, sd.ID, err)
			}
		}
	case isOpenBreach(sd) && sd.BreachedAt.Equal(due):
		// An earlier attempt made the transition: go on to the alert.
	default:
		return skipStale(ctx, d, tx, job, key, sd)
	}
	return recordAndDeliver(ctx, d, tx, job, sd, cal, notify.Breach, 0, dd.recipient(0, sd.Assignee), now, nil)
}
