package app

import (
	"fmt"
	"os"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers"
)

// CalendarBase is the working calendar the settings describe (office
// hours, 24/11, official schedules with the administrator's file over the
// built-in 2024–2026), before the days off kept in the database.
func CalendarBase(c config.Deadlines) (workday.Config, error) {
	wc := workday.DefaultConfig()
	sessions, err := c.Sessions()
	if err != nil {
		return wc, fmt.Errorf("deadlines.office_hours: %w", err)
	}
	wc.Sessions, wc.CultureDay = sessions, c.CultureDay
	if c.ScheduleFile != "" {
		f, err := os.Open(c.ScheduleFile)
		if err != nil {
			return wc, fmt.Errorf("deadlines.schedule_file: %w", err)
		}
		defer f.Close()
		admin, err := workday.LoadSchedule(f, c.ScheduleFile)
		if err != nil {
			return wc, fmt.Errorf("deadlines.schedule_file: %w", err)
		}
		emb, err := workday.EmbeddedSchedule()
		if err != nil {
			return wc, err
		}
		wc.Schedule = emb.Extend(admin)
	}
	if _, err := workday.New(wc); err != nil {
		return wc, fmt.Errorf("deadlines: %w", err)
	}
	return wc, nil
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

// NewMailer builds the outbound mailer from [smtp] (a folder when no relay
// is set) with the per-recipient cap of [alerts].
func NewMailer(cfg config.Config) (*smtp.Mailer, error) {
	s := cfg.SMTP
	return smtp.New(smtp.Config{
		Addr: s.Addr, Security: s.Security, Username: s.Username, Password: s.Password, From: s.From,
		HELO: cfg.Intake.OwnDomain, Dir: s.SinkDir,
		PerRecipient: cfg.Alerts.PerRecipientPerHour, Window: time.Hour,
	})
}

// NewDeadlineDeps builds what the deadline and alert workers need from cfg.
func NewDeadlineDeps(cfg config.Config) (*workers.DeadlineDeps, error) {
	base, err := CalendarBase(cfg.Deadlines)
	if err != nil {
		return nil, err
	}
	src, err := workers.NewCalendarSource(base)
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
	return &workers.DeadlineDeps{
		Calendar: src, Rules: rules, Fractions: fractions, Mailer: mailer,
		Alerts: workers.AlertSettings{
			Desk: a.Desk, StandingBoardHead: a.StandingBoardHead, BoardHead: a.BoardHead, Managers: managers,
			EscalationDelay: a.EscalationDelay.Duration, DigestAt: digestAt,
			StallAfter: a.StallAfter.Duration, StallCheck: a.StallCheck.Duration,
		},
	}, nil
}
