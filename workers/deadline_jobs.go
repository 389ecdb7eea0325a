package workers

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// PeriodicJobs are the daily digest (on working days at DigestAt), the
// stalled-intake check (every StallCheck) and the sweeper that re-enqueues
// lost breach jobs (every minute). River enqueues periodic jobs on the
// leader only, but every client must be configured with them.
func PeriodicJobs(d *deadlines.Service) []*river.PeriodicJob {
	if d == nil {
		return nil
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(&workdaySchedule{cal: d.Calendar, at: d.Alerts.DigestAt},
			func() (river.JobArgs, *river.InsertOpts) {
				args := jobs.NotifyDigestArgs{Day: workday.DateOf(d.Now()).String()}
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

// workdaySchedule fires at a time of day (Vietnam) on working days only.
type workdaySchedule struct {
	cal *deadlines.CalendarSource
	at  time.Duration
}

// Next implements river.PeriodicSchedule.
func (s *workdaySchedule) Next(t time.Time) time.Time {
	cal := s.cal.Current()
	d := workday.DateOf(t)
	for i := 0; i < 400; i++ {
		if ok, _ := cal.IsWorkingDay(d); ok {
			if at := d.Start().Add(s.at); at.After(t) {
				return at
			}
		}
		d = d.AddDays(1)
	}
	return t.Add(24 * time.Hour) // a year without a working day: keep ticking daily
}
