package config

import (
	"fmt"
	"os"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Calendar is the working calendar these settings describe: office hours,
// the 24/11 switch, the official schedules (the administrator's
// schedule_file over the built-in 2024–2026). It is the one base of every
// calendar the program uses: the deadlines, the Điều 14 khoản 6 lateness
// screen, the UI and the CLI; the service lays the days administrators
// declare off or working (the calendar_override table) over it.
func (d Deadlines) Calendar() (workday.Config, error) {
	wc := workday.DefaultConfig()
	sessions, err := d.Sessions()
	if err != nil {
		return wc, fmt.Errorf("deadlines.office_hours: %w", err)
	}
	wc.Sessions, wc.CultureDay = sessions, d.CultureDay
	if d.ScheduleFile != "" {
		if wc.Schedule, err = LoadSchedule(d.ScheduleFile); err != nil {
			return wc, &ScheduleError{Path: d.ScheduleFile, Err: err}
		}
	}
	if _, err := workday.New(wc); err != nil {
		return wc, fmt.Errorf("deadlines: %w", err)
	}
	return wc, nil
}

// LoadSchedule reads an administrator's official schedule (the format of
// internal/workday/schedule.toml): its years replace those of the built-in
// schedule, the other built-in years stay.
func LoadSchedule(path string) (*workday.Schedule, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	admin, err := workday.LoadSchedule(f, path)
	if err != nil {
		return nil, err
	}
	emb, err := workday.EmbeddedSchedule()
	if err != nil {
		return nil, err
	}
	return emb.Extend(admin), nil
}

// ScheduleError is a schedule_file that cannot be read or is invalid.
type ScheduleError struct {
	Path string
	Err  error // the file's own error (not found, file:line: reason)
}

func (e *ScheduleError) Error() string { return "deadlines.schedule_file: " + e.Err.Error() }
func (e *ScheduleError) Unwrap() error { return e.Err }
