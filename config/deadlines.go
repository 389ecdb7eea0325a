package config

import (
	"fmt"
	"math"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Deadlines configures the working calendar and the deadline rules of
// Regulation 1319/QĐ-BTP (Điều 10, 11 khoản 2, 12 khoản 3, 13).
type Deadlines struct {
	// OfficeHours are the sessions of a working day in Vietnam's time,
	// "HH:MM-HH:MM" separated by commas (default 08:00-12:00,13:00-17:00).
	OfficeHours string `toml:"office_hours"`
	// CultureDay makes 24/11 a holiday.
	CultureDay bool `toml:"culture_day"`
	// ScheduleFile is an administrator's official schedule (same format as
	// internal/workday/schedule.toml); its years replace the built-in ones.
	ScheduleFile string `toml:"schedule_file"`
	// RulesFile replaces the built-in deadline rules (same format as
	// internal/deadline/rules.toml).
	RulesFile string `toml:"rules_file"`
	// Warnings are the fractions of the allowed working time at which a
	// pre-breach warning is sent, comma-separated, ascending ("0.5,0.8").
	Warnings string `toml:"warnings"`
}

// Alerts configures who is told about deadlines and intake trouble. Every
// address setting may be empty: the alerts it would receive are recorded as
// skipped.
type Alerts struct {
	// Desk receives the alerts of deadlines nobody is assigned to (step 0
	// of the escalation chain): the Standing Board's working address. It
	// must not be the watched mailbox (the alerts would come back in).
	Desk string `toml:"desk"`
	// StandingBoardHead is step 1 of the escalation chain (Chánh Văn phòng
	// / head of the Standing Board), BoardHead step 2 (Trưởng Ban Biên tập).
	StandingBoardHead string `toml:"standing_board_head"`
	BoardHead         string `toml:"board_head"`
	// Managers receive the daily digest, comma-separated.
	Managers string `toml:"managers"`
	// EscalationDelay is the working time between two steps of the chain.
	EscalationDelay Duration `toml:"escalation_delay"`
	// DigestAt is the time of the daily digest on working days (HH:MM,
	// Vietnam's time).
	DigestAt string `toml:"digest_at"`
	// StallAfter: intake is stalled when no mailbox sync succeeded for this
	// much working time; StallCheck is how often that is checked.
	StallAfter Duration `toml:"stall_after"`
	StallCheck Duration `toml:"stall_check"`
	// PerRecipientPerHour caps the alerts sent to an address that has had
	// this many automatic messages (any kind, counted in PostgreSQL by
	// every process) in the last hour (0: no cap); alerts over the cap
	// wait, they are never dropped.
	PerRecipientPerHour int `toml:"per_recipient_per_hour"`
}

// defaultDeadlines and defaultAlerts are part of Default().
func defaultDeadlines() Deadlines {
	return Deadlines{OfficeHours: "08:00-12:00,13:00-17:00", Warnings: "0.5,0.8"}
}

func defaultAlerts() Alerts {
	return Alerts{
		EscalationDelay: Duration{2 * time.Hour}, DigestAt: "07:30",
		StallAfter: Duration{time.Hour}, StallCheck: Duration{5 * time.Minute},
		PerRecipientPerHour: 30,
	}
}

// Sessions parses OfficeHours.
func (d Deadlines) Sessions() ([]workday.Session, error) { return ParseOfficeHours(d.OfficeHours) }

// Fractions parses Warnings.
func (d Deadlines) Fractions() ([]float64, error) { return ParseFractions(d.Warnings) }

// ManagerList parses Managers.
func (a Alerts) ManagerList() ([]string, error) { return ParseAddressList(a.Managers) }

// DigestOffset parses DigestAt as an offset from midnight.
func (a Alerts) DigestOffset() (time.Duration, error) {
	return parseClock(strings.TrimSpace(a.DigestAt), false)
}

// ParseOfficeHours reads "08:00-12:00,13:00-17:00": sessions in order,
// not overlapping, within 00:00–24:00.
func ParseOfficeHours(s string) ([]workday.Session, error) {
	var out []workday.Session
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			return nil, fmt.Errorf("session %d %q: want HH:MM-HH:MM", i+1, part)
		}
		start, err := parseClock(strings.TrimSpace(a), false)
		if err != nil {
			return nil, fmt.Errorf("session %d %q: start: %w", i+1, part, err)
		}
		end, err := parseClock(strings.TrimSpace(b), true)
		if err != nil {
			return nil, fmt.Errorf("session %d %q: end: %w", i+1, part, err)
		}
		if end <= start {
			return nil, fmt.Errorf("session %d %q: ends before it starts", i+1, part)
		}
		if len(out) > 0 && start < out[len(out)-1].End {
			return nil, fmt.Errorf("session %d %q: overlaps or precedes the session before", i+1, part)
		}
		out = append(out, workday.Session{Start: start, End: end})
	}
	return out, nil
}

// parseClock reads HH:MM (00:00–23:59; 24:00 too when end is set).
func parseClock(s string, end bool) (time.Duration, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !end)) {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// ParseFractions reads "0.5,0.8": fractions strictly between 0 and 1,
// ascending; "" means none.
func ParseFractions(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return []float64{}, nil
	}
	var out []float64
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		f, err := strconv.ParseFloat(part, 64)
		if err != nil || math.IsNaN(f) || f <= 0 || f >= 1 {
			return nil, fmt.Errorf("warning %d %q: want a fraction between 0 and 1, e.g. 0.5", i+1, part)
		}
		if len(out) > 0 && f <= out[len(out)-1] {
			return nil, fmt.Errorf("warning %d %q: fractions must be ascending", i+1, part)
		}
		out = append(out, f)
	}
	return out, nil
}

// ParseAddressList reads comma-separated email addresses ("Name <a@b>"
// allowed); "" means none. It returns the bare addresses.
func ParseAddressList(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return []string{}, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a list of email addresses: %w", s, err)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Address
	}
	return out, nil
}

// validateDeadlines checks the [deadlines] and [alerts] settings and
// smtp.security, naming each bad one.
func (c Config) validateDeadlines() []error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	if _, err := c.Deadlines.Sessions(); err != nil {
		bad("deadlines.office_hours", "%v", err)
	}
	if _, err := c.Deadlines.Fractions(); err != nil {
		bad("deadlines.warnings", "%v", err)
	}
	a := c.Alerts
	watched := strings.ToLower(c.IMAP.Username)
	for _, s := range []struct{ name, v string }{
		{"alerts.desk", a.Desk}, {"alerts.standing_board_head", a.StandingBoardHead}, {"alerts.board_head", a.BoardHead},
	} {
		if s.v == "" {
			continue
		}
		addr, err := mail.ParseAddress(s.v)
		if err != nil {
			bad(s.name, "%q is not an email address", s.v)
			continue
		}
		if watched != "" && strings.EqualFold(addr.Address, watched) {
			bad(s.name, "%q is the watched mailbox (imap.username): alerts sent there would come back as mail to take in", s.v)
		}
	}
	if _, err := a.ManagerList(); err != nil {
		bad("alerts.managers", "%v", err)
	}
	if a.EscalationDelay.Duration < time.Second || a.EscalationDelay.Duration > 30*24*time.Hour {
		bad("alerts.escalation_delay", "must be between 1s and 720h of working time, got %s", a.EscalationDelay.Duration)
	}
	if _, err := a.DigestOffset(); err != nil {
		bad("alerts.digest_at", "%v", err)
	}
	// A healthy watcher syncs at least every imap.idle_restart (IDLE) or
	// imap.poll_interval: a shorter stall_after would cry wolf.
	if quiet := max(c.IMAP.IdleRestart.Duration, c.IMAP.PollInterval.Duration); a.StallAfter.Duration <= quiet {
		bad("alerts.stall_after", "must be longer than imap.idle_restart and imap.poll_interval (%s), got %s", quiet, a.StallAfter.Duration)
	}
	if a.StallCheck.Duration < 100*time.Millisecond || a.StallCheck.Duration > 24*time.Hour {
		bad("alerts.stall_check", "must be between 100ms and 24h, got %s", a.StallCheck.Duration)
	}
	if a.PerRecipientPerHour < 0 {
		bad("alerts.per_recipient_per_hour", "must not be negative, got %d", a.PerRecipientPerHour)
	}
	switch c.SMTP.Security {
	case "starttls", "tls":
	case "none":
		if c.SMTP.Addr != "" && !isLoopback(c.SMTP.Addr) {
			bad("smtp.security", `"none" sends mail and password in clear: allowed only for a loopback smtp.addr, got %q`, c.SMTP.Addr)
		}
	default:
		bad("smtp.security", `must be "starttls", "tls" or "none", got %q`, c.SMTP.Security)
	}
	return errs
}
