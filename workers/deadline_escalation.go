package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DeadlineEscalationWorker tells the next level of the chain (assignee →
// head of the Standing Board → head of the Board) that a breached deadline
// is still not handled. A step whose address is not configured is recorded
// as skipped; the chain goes on.
type DeadlineEscalationWorker struct {
	river.WorkerDefaults[jobs.DeadlineEscalationArgs]
	deps *Deps
}

// Work implements river.Worker.
func (w *DeadlineEscalationWorker) Work(ctx context.Context, job *river.Job[jobs.DeadlineEscalationArgs]) error {
	d, dd := w.deps, w.deps.Deadlines
	tx, sd, err := d.lockDeadline(ctx, job.Args.DeadlineID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	s := d.Store
	key := postgres.AlertKey{DeadlineID: sd.ID, Kind: string(notify.Escalation), Step: job.Args.Step}
	if !isOpenBreach(sd) || !sd.BreachedAt.Equal(postgres.Micro(job.Args.Due)) {
		return skipStale(ctx, d, tx, job, key, sd)
	}
	cal, err := dd.Calendar.Load(ctx, s, tx)
	if err != nil {
		return err
	}
	// Who was told before, for the record in the mail.
	prior, err := s.Alerts(ctx, tx, sd.ID)
	if err != nil {
		return err
	}
	// The chain keeps its order: a step waits until the step before it (the
	// breach alert for step 1) is recorded and sent (or skipped).
	previousDone := false
	var previousSent time.Time
	for _, a := range prior {
		before := (job.Args.Step == 1 && a.Kind == string(notify.Breach)) ||
			(a.Kind == string(notify.Escalation) && a.Step == job.Args.Step-1)
		if before && a.State != postgres.AlertPending {
			previousDone = true
			if a.State == postgres.AlertSent {
				previousSent = a.SentAt
			}
		}
	}
	if !previousDone {
		return river.JobSnooze(escalationWait)
	}
	// EscalationDelay is the working time between two steps: when the step
	// before was sent late (a relay down at the breach instant), the next
	// level is told one delay after it, not at once — the person told
	// before gets the delay to act.
	if wait := nextStepWait(cal, previousSent, dd.Alerts.EscalationDelay, dd.now()); wait > 0 {
		return river.JobSnooze(wait)
	}
	var alerted []string
	for _, a := range prior {
		if a.State != postgres.AlertSent {
			continue
		}
		switch {
		case a.Kind == string(notify.Breach):
			alerted = append(alerted, fmt.Sprintf("%s (%s, %s)", notify.StepRole(0), joinAddrs(a.Recipients), notify.Stamp(a.SentAt)))
		case a.Kind == string(notify.Escalation) && a.Step < job.Args.Step:
			alerted = append(alerted, fmt.Sprintf("%s (%s, %s)", notify.StepRole(a.Step), joinAddrs(a.Recipients), notify.Stamp(a.SentAt)))
		}
	}
	return recordAndDeliver(ctx, d, tx, job, sd, cal, notify.Escalation, job.Args.Step, dd.recipient(job.Args.Step, ""), dd.now(), alerted)
}

// nextStepWait is how long an escalation step still waits after the step
// before it was sent at previousSent (zero: not sent, e.g. skipped, or the
// delay has passed): the step is due delay working time after previousSent.
func nextStepWait(cal *workday.Calendar, previousSent time.Time, delay time.Duration, now time.Time) time.Duration {
	if previousSent.IsZero() || delay <= 0 {
		return 0
	}
	return cal.AddWorking(previousSent, delay).Sub(now)
}

// escalationWait is how long a step waits for the step before it to be sent.
const escalationWait = 5 * time.Second

func joinAddrs(as []string) string {
	if len(as) == 0 {
		return "không có địa chỉ"
	}
	out := as[0]
	for _, a := range as[1:] {
		out += ", " + a
	}
	return out
}
