package deadlines

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Verdict is what an alert job does about its deadline, judged with the
// deadline locked (step 1 of the two transactions of internal/pipeline/alert.go): wait, skip
// the alert, or send it.
type Verdict struct {
	// Wait is how long the job waits before it judges again (its instant
	// has not come, or the step before it is not done).
	Wait time.Duration
	// Skip, when set, is why the alert is not sent (recorded on an alert
	// an earlier attempt left pending): the deadline was met, cancelled,
	// paused or moved, or a later alert took over.
	Skip string
	// The alert to send: to whom, about which deadline (as it is after
	// the judgement), on which calendar, at which instant; Alerted are
	// those told before (escalation).
	To       string
	Deadline postgres.StoredDeadline
	Calendar *workday.Calendar
	Now      time.Time
	Alerted  []string
	// SupplementMissing: the author is to hear that the supplement is
	// still missing (Điều 11 khoản 2 expired at this breach).
	SupplementMissing bool
}

// stale is the verdict of a job whose reason went away.
func stale(sd postgres.StoredDeadline) Verdict {
	return Verdict{Skip: fmt.Sprintf("không gửi: thời hạn đã %s hoặc đã đổi hạn", sd.State.Name())}
}

// isOpenBreach reports whether sd is breached with no stop event yet.
func isOpenBreach(sd postgres.StoredDeadline) bool {
	return sd.State == deadline.Breached && sd.StoppedAt.IsZero()
}

// Warning judges the warning at pct percent of the allowed time of
// deadline sd (locked in tx), scheduled for instant at. Only the most
// advanced warning is sent: a warning judged when the next one is also
// due (after downtime) is skipped, and none past the due instant, where
// the breach alert takes over.
func (s *Service) Warning(ctx context.Context, tx pgx.Tx, sd postgres.StoredDeadline, pct int, at time.Time) (Verdict, error) {
	if sd.State != deadline.Running {
		return stale(sd), nil
	}
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return Verdict{}, err
	}
	ths := deadline.Thresholds(cal, sd.Deadline, s.Fractions)
	idx := -1
	for i, f := range s.Fractions {
		if Percent(f) == pct {
			idx = i
		}
	}
	if idx < 0 || !postgres.Micro(ths[idx]).Equal(postgres.Micro(at)) {
		return stale(sd), nil // fractions or due instant changed since scheduling
	}
	now := s.Now()
	if now.Before(ths[idx]) {
		return Verdict{Wait: ths[idx].Sub(now)}, nil
	}
	superseded := !now.Before(sd.Due)
	if idx+1 < len(ths) && !ths[idx+1].IsZero() && !now.Before(ths[idx+1]) {
		superseded = true
	}
	if superseded {
		return Verdict{Skip: "không gửi: đã đến mốc cảnh báo sau hoặc đã đến hạn"}, nil
	}
	return Verdict{To: s.Recipient(0, sd.Assignee), Deadline: sd, Calendar: cal, Now: now}, nil
}

// Breach judges the breach of deadline sd (locked in tx) at its due
// instant due ("breached when now ≥ due"): the first time, it marks the
// deadline breached, records it in the deadline's and the submission's
// history (with a "decision needed" task when Điều 11 khoản 2 expired)
// and schedules the escalation chain; a later attempt finds
// that done and goes on to the alert.
func (s *Service) Breach(ctx context.Context, tx pgx.Tx, sd postgres.StoredDeadline, due time.Time) (Verdict, error) {
	st := s.Store
	due = postgres.Micro(due)
	now := s.Now()
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{Calendar: cal, Now: now}
	switch {
	case sd.State == deadline.Running && sd.Due.Equal(due):
		if now.Before(sd.Due) {
			return Verdict{Wait: sd.Due.Sub(now)}, nil // picked up early (clock skew)
		}
		n, _ := sd.Check(now)
		sd, err = st.UpdateDeadline(ctx, tx, sd, n, cal, deadline.Explain(cal, n), postgres.DeadlineChange{
			Kind: "breached", Reason: sd.Rule.Article, Detail: map[string]any{"due_at": sd.Due},
		})
		if err != nil {
			return Verdict{}, err
		}
		if err := st.AddEvent(ctx, tx, sd.SubmissionID, "system", "deadline_breached", map[string]any{
			"deadline_id": sd.ID, "rule": sd.Rule.ID, "article": sd.Rule.Article, "due_at": sd.Due,
		}); err != nil {
			return Verdict{}, err
		}
		if sd.NeedsDecision() {
			// Điều 11 khoản 2: no answer within 1 working day, TTBBT decides.
			ch := postgres.DeadlineChange{Kind: "decision_needed", Reason: "Điều 11 khoản 2"}
			if err := st.AddDeadlineEvent(ctx, tx, sd, ch); err != nil {
				return Verdict{}, err
			}
			if err := st.AddEvent(ctx, tx, sd.SubmissionID, "system", "decision_needed", map[string]any{"deadline_id": sd.ID, "article": "Điều 11 khoản 2"}); err != nil {
				return Verdict{}, err
			}
			v.SupplementMissing = true
		}
		client, err := s.client(ctx)
		if err != nil {
			return Verdict{}, err
		}
		for step := 1; step <= EscalationSteps; step++ {
			args := jobs.DeadlineEscalationArgs{DeadlineID: sd.ID, Step: step, Due: sd.Due.UTC()}
			at := cal.AddWorking(sd.BreachedAt, time.Duration(step)*s.Alerts.EscalationDelay)
			if _, err := client.InsertTx(ctx, tx, args, InsertAt(args, at)); err != nil {
				return Verdict{}, fmt.Errorf("schedule escalation %d of deadline %d: %w", step, sd.ID, err)
			}
		}
	case isOpenBreach(sd) && sd.BreachedAt.Equal(due):
		// An earlier attempt made the transition: go on to the alert.
	default:
		return stale(sd), nil
	}
	v.To, v.Deadline = s.Recipient(0, sd.Assignee), sd
	return v, nil
}

// escalationWait is how long a step waits for the step before it to be sent.
const escalationWait = 5 * time.Second

// Escalation judges step of the escalation chain (assignee → head of the
// Standing Board → head of the Board) of deadline sd (locked in tx),
// breached at breachedAt: the next level is told that a breached deadline
// is still not handled, after the step before it and one EscalationDelay
// of working time after that step was sent. A step whose address is not
// configured is recorded as skipped; the chain goes on.
func (s *Service) Escalation(ctx context.Context, tx pgx.Tx, sd postgres.StoredDeadline, step int, breachedAt time.Time) (Verdict, error) {
	st := s.Store
	if !isOpenBreach(sd) || !sd.BreachedAt.Equal(postgres.Micro(breachedAt)) {
		return stale(sd), nil
	}
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return Verdict{}, err
	}
	// Who was told before, for the record in the mail.
	prior, err := st.Alerts(ctx, tx, sd.ID)
	if err != nil {
		return Verdict{}, err
	}
	// The chain keeps its order: a step waits until the step before it (the
	// breach alert for step 1) is recorded and sent (or skipped).
	previousDone := false
	var previousSent time.Time
	for _, a := range prior {
		before := (step == 1 && a.Kind == string(notify.Breach)) ||
			(a.Kind == string(notify.Escalation) && a.Step == step-1)
		if before && a.State != postgres.AlertPending {
			previousDone = true
			if a.State == postgres.AlertSent {
				previousSent = a.SentAt
			}
		}
	}
	if !previousDone {
		return Verdict{Wait: escalationWait}, nil
	}
	// EscalationDelay is the working time between two steps: when the step
	// before was sent late (a relay down at the breach instant), the next
	// level is told one delay after it, not at once — the person told
	// before gets the delay to act.
	now := s.Now()
	if wait := nextStepWait(cal, previousSent, s.Alerts.EscalationDelay, now); wait > 0 {
		return Verdict{Wait: wait}, nil
	}
	var alerted []string
	for _, a := range prior {
		if a.State != postgres.AlertSent {
			continue
		}
		switch {
		case a.Kind == string(notify.Breach):
			alerted = append(alerted, fmt.Sprintf("%s (%s, %s)", notify.StepRole(0), joinAddrs(a.Recipients), notify.Stamp(a.SentAt)))
		case a.Kind == string(notify.Escalation) && a.Step < step:
			alerted = append(alerted, fmt.Sprintf("%s (%s, %s)", notify.StepRole(a.Step), joinAddrs(a.Recipients), notify.Stamp(a.SentAt)))
		}
	}
	return Verdict{To: s.Recipient(step, ""), Deadline: sd, Calendar: cal, Now: now, Alerted: alerted}, nil
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

func joinAddrs(as []string) string {
	if len(as) == 0 {
		return "không có địa chỉ"
	}
	return strings.Join(as, ", ")
}

// sweepGrace is how long past its due instant a deadline may stay running
// before the sweeper suspects its breach job is missing.
const sweepGrace = time.Minute

// Sweep is the safety net of the breach alerts: a running deadline past
// its due instant by more than SweepGrace (a minute) has lost its breach
// job (deleted, discarded after its attempts, or never inserted), so it is
// inserted again, in tx. Unique args make this a no-op while
// the original job exists. It returns how many it inserted again.
func (s *Service) Sweep(ctx context.Context, tx pgx.Tx) (int, error) {
	client, err := s.client(ctx)
	if err != nil {
		return 0, err
	}
	grace := s.SweepGrace
	if grace <= 0 {
		grace = sweepGrace
	}
	late, err := s.Store.OverdueRunning(ctx, tx, s.Now().Add(-grace), 500)
	if err != nil {
		return 0, err
	}
	requeued := 0
	for _, sd := range late {
		args := jobs.DeadlineBreachArgs{DeadlineID: sd.ID, Due: sd.Due.UTC()}
		res, err := client.InsertTx(ctx, tx, args, InsertAt(args, sd.Due))
		if err != nil {
			return requeued, fmt.Errorf("re-enqueue breach of deadline %d: %w", sd.ID, err)
		}
		if !res.UniqueSkippedAsDuplicate {
			requeued++
		}
	}
	return requeued, nil
}
