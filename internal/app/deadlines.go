package app

import (
	"fmt"
	"os"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/smtp"
)

// NewCalendar is the service's working calendar: the settings' calendar
// (config.Deadlines.Calendar) with the days administrators declare off or
// working in the database laid over it at each Load. The deadlines, the
// Điều 14 khoản 6 lateness screen and the UI all read this one source.
func NewCalendar(c config.Deadlines) (*deadlines.CalendarSource, error) {
	base, err := c.Calendar()
	if err != nil {
		return nil, err
	}
	return deadlines.NewCalendarSource(base)
}

// DeadlineRules are the built-in rules, or those of deadlines.rules_file.
func DeadlineRules(c config.Deadlines) ([]deadline.Rule, error) {
	if c.RulesFile == "" {
		return deadline.DefaultRules()
	}
	f, err := os.Open(c.RulesFile)
	if err != nil {
		return nil, fmt.Errorf("deadlines.rules_file: %w", err)
	}
	defer f.Close()
	rules, err := deadline.LoadRules(f, c.RulesFile)
	if err != nil {
		return nil, fmt.Errorf("deadlines.rules_file: %w", err)
	}
	return rules, nil
}

// NewMailer builds the one outbound mailer, for alerts, supplement
// requests and forwards, from [smtp] (a folder when no relay is set).
func NewMailer(cfg config.Config) (*smtp.Mailer, error) {
	s := cfg.SMTP
	return smtp.New(smtp.Config{
		Addr: s.Addr, Security: s.Security, Username: s.Username, Password: s.Password, From: s.From,
		HELO: cfg.Intake.OwnDomain, Dir: s.SinkDir,
	})
}

// NewDeadlines builds the deadlines service from cfg; the caller sets its
// Store, Log and Client.
func NewDeadlines(cfg config.Config) (*deadlines.Service, error) {
	src, err := NewCalendar(cfg.Deadlines)
	if err != nil {
		return nil, err
	}
	rules, err := DeadlineRules(cfg.Deadlines)
	if err != nil {
		return nil, err
	}
	fractions, err := cfg.Deadlines.Fractions()
	if err != nil {
		return nil, fmt.Errorf("deadlines.warnings: %w", err)
	}
	managers, err := cfg.Alerts.ManagerList()
	if err != nil {
		return nil, fmt.Errorf("alerts.managers: %w", err)
	}
	digestAt, err := cfg.Alerts.DigestOffset()
	if err != nil {
		return nil, fmt.Errorf("alerts.digest_at: %w", err)
	}
	mailer, err := NewMailer(cfg)
	if err != nil {
		return nil, err
	}
	a := cfg.Alerts
	return &deadlines.Service{
		Calendar: src, Rules: rules, Fractions: fractions, Mailer: mailer,
		MailCap: smtp.Cap{Max: cfg.Alerts.PerRecipientPerHour, Window: time.Hour},
		Alerts: deadlines.AlertSettings{
			Desk: a.Desk, StandingBoardHead: a.StandingBoardHead, BoardHead: a.BoardHead, Managers: managers,
			EscalationDelay: a.EscalationDelay.Duration, DigestAt: digestAt,
			StallAfter: a.StallAfter.Duration, StallCheck: a.StallCheck.Duration,
		},
	}, nil
}
