package workers

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/smtp"
)

// DeadlineDeps is what the deadline and alert workers need beyond Deps.
// A nil Deps.Deadlines turns deadlines off: submissions get none and alert
// jobs are cancelled.
type DeadlineDeps struct {
	// Calendar is the working calendar: the configured base plus the
	// administrators' overrides from the database, reloaded on change.
	Calendar *CalendarSource
	// Rules are the deadline rules (internal/deadline/rules.toml or the
	// configured file).
	Rules []deadline.Rule
	// Fractions are the pre-breach warning points (deadline.Thresholds).
	Fractions []float64
	Alerts    AlertSettings
	// Mailer sends the alerts; MailCap caps those one address receives
	// (alerts.per_recipient_per_hour).
	Mailer  smtp.Sender
	MailCap smtp.Cap
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// SweepGrace is how long past its due instant a deadline may stay
	// running before the sweeper re-enqueues its breach job (0: a minute).
	SweepGrace time.Duration
	// Client inserts the alert jobs when the caller is not a River worker
	// (an HTTP handler recording a workflow event); workers use their own.
	Client *river.Client[pgx.Tx]
}

// client returns the River client of the running job, else d.Client.
func (d *DeadlineDeps) client(ctx context.Context) (*river.Client[pgx.Tx], error) {
	if c, err := river.ClientFromContextSafely[pgx.Tx](ctx); err == nil {
		return c, nil
	}
	if d.Client != nil {
		return d.Client, nil
	}
	return nil, errors.New("deadlines: no River client (not in a job, and DeadlineDeps.Client unset)")
}

// AlertSettings say who is told, and when.
type AlertSettings struct {
	// Desk answers for deadlines nobody is assigned to (escalation step 0).
	Desk string
	// StandingBoardHead and BoardHead are escalation steps 1 and 2.
	StandingBoardHead string
	BoardHead         string
	// Managers receive the daily digest.
	Managers []string
	// EscalationDelay is the working time between escalation steps.
	EscalationDelay time.Duration
	// DigestAt is the time of day (Vietnam) of the digest, on working days.
	DigestAt time.Duration
	// StallAfter is the working time without a successful mailbox sync
	// after which intake is stalled; StallCheck how often to look.
	StallAfter time.Duration
	StallCheck time.Duration
}

// EscalationSteps is the length of the chain after the breach alert:
// step 1 the head of the Standing Board, step 2 the head of the Board.
const EscalationSteps = 2

func (d *DeadlineDeps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// recipient returns the address of escalation step n (0: the assignee or
// the desk).
func (d *DeadlineDeps) recipient(step int, assignee string) string {
	switch step {
	case 0:
		if assignee != "" {
			return assignee
		}
		return d.Alerts.Desk
	case 1:
		return d.Alerts.StandingBoardHead
	case 2:
		return d.Alerts.BoardHead
	}
	return ""
}

// percent is a warning fraction as the whole percent stored in the alert
// record and the job (0.5 → 50).
func percent(f float64) int { return int(math.Round(f * 100)) }

var errNoDeadlines = errors.New("deadlines are not configured in this process")

// deadlinesOff cancels a job that cannot run without DeadlineDeps.
func deadlinesOff() error { return river.JobCancel(errNoDeadlines) }

// registerDeadlineWorkers adds the deadline and alert workers to ws.
func registerDeadlineWorkers(ws *river.Workers, d *Deps) {
	river.AddWorker(ws, &DeadlineWarningWorker{deps: d})
	river.AddWorker(ws, &DeadlineBreachWorker{deps: d})
	river.AddWorker(ws, &DeadlineEscalationWorker{deps: d})
	river.AddWorker(ws, &DeadlineSweepWorker{deps: d})
	river.AddWorker(ws, &NotifyDigestWorker{deps: d})
	river.AddWorker(ws, &NotifyIntakeStalledWorker{deps: d})
}

// PeriodicJobs are the daily digest (on working days at DigestAt), the
// stalled-intake check (every StallCheck) and the sweeper that re-enqueues
// lost breach jobs (every minute). River enqueues periodic jobs on the
// leader only, but every client must be configured with them.
func PeriodicJobs(d *DeadlineDeps) []*river.PeriodicJob {
	if d == nil {
		return nil
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(&workdaySchedule{cal: d.Calendar, at: d.Alerts.DigestAt},
			func() (river.JobArgs, *river.InsertOpts) {
				args := jobs.NotifyDigestArgs{Day: dateIn(d.now()).String()}
				opts := args.InsertOpts()
				return args, &opts
			}, &river.PeriodicJobOpts{ID: "notify_digest"}),
		river.NewPeriodicJob(river.PeriodicInterval(d.Alerts.StallCheck),
			func() (river.JobArgs, *river.InsertOpts) {
				return jobs.NotifyIntakeStalledArgs{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: d.Alerts.StallCheck}}
			}, &river.PeriodicJobOpts{ID: "notify_intake_stalled", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
			func() (river.JobArgs, *river.InsertOpts) {
				return jobs.DeadlineSweepArgs{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
			}, &river.PeriodicJobOpts{ID: "deadline_sweep", RunOnStart: true}),
	}
}
