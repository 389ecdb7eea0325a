package deadlines

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Service keeps the deadlines of submissions: the calendar and rules they
// count with, and who is told when one is near or past its due instant.
// A nil *Service turns deadlines off: its reactions do nothing and
// submissions get none.
type Service struct {
	Store *postgres.Store
	// Log receives what the service notices but does not fail on (nil:
	// discarded).
	Log *slog.Logger
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
	// Clock is the clock of the alerts (nil: time.Now).
	Clock func() time.Time
	// SweepGrace is how long past its due instant a deadline may stay
	// running before the sweeper re-enqueues its breach job (0: a minute).
	SweepGrace time.Duration
	// Client inserts the alert jobs when the caller is not a River worker
	// (a person's action, a command); workers use their own.
	Client *river.Client[pgx.Tx]
}

// client returns the River client of the running job, else s.Client.
func (s *Service) client(ctx context.Context) (*river.Client[pgx.Tx], error) {
	if c, err := river.ClientFromContextSafely[pgx.Tx](ctx); err == nil {
		return c, nil
	}
	if s.Client != nil {
		return s.Client, nil
	}
	return nil, errors.New("deadlines: no River client (not in a job, and Service.Client unset)")
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// calendar is the working calendar as q sees it.
func (s *Service) calendar(ctx context.Context, q postgres.Querier) (*workday.Calendar, error) {
	return s.Calendar.Load(ctx, s.Store, q)
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

// Now is the alerts' clock.
func (s *Service) Now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

// Recipient returns the address of escalation step n (0: the assignee or
// the desk).
func (s *Service) Recipient(step int, assignee string) string {
	switch step {
	case 0:
		if assignee != "" {
			return assignee
		}
		return s.Alerts.Desk
	case 1:
		return s.Alerts.StandingBoardHead
	case 2:
		return s.Alerts.BoardHead
	}
	return ""
}

// Percent is a warning fraction as the whole percent stored in the alert
// record and the job (0.5 → 50).
func Percent(f float64) int { return int(math.Round(f * 100)) }

// ErrOff is the error of what cannot run without deadlines.
var ErrOff = errors.New("deadlines are not configured in this process")
