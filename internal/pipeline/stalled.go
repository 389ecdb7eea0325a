package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// CheckIntake alerts the Standing Board's desk and its head when a
// watched mailbox has had no successful sync (mailbox.last_sync_at) for
// alerts.stall_after of working time: mail is not being taken in, and no
// Điều 13 clock runs for it. One alert per episode: the episode is the
// mailbox and the instant of its last successful sync, so a mailbox that
// recovers and stalls again is alerted again. Each alert is recorded and
// sent in transactions of its own; job.Done completes the job after them.
func (d *Service) CheckIntake(ctx context.Context, _ jobs.NotifyIntakeStalledArgs, job Job) error {
	s := d.Store
	cal, err := d.alertCalendar(ctx, s.Pool)
	if err != nil {
		return err
	}
	dd := d.Deadlines
	mbs, err := s.MailboxSyncs(ctx, s.Pool)
	if err != nil {
		return err
	}
	now := dd.Now()
	to := nonEmpty(dd.Alerts.Desk, dd.Alerts.StandingBoardHead)
	for _, m := range mbs {
		working := cal.WorkingBetween(m.Since, now)
		if working < dd.Alerts.StallAfter {
			continue
		}
		name := m.Account + "/" + m.Name
		mail := notify.StalledMail(notify.Stalled{Mailbox: name, LastSyncAt: m.LastSyncAt, Since: m.Since,
			Working: working, Threshold: dd.Alerts.StallAfter, LastError: m.LastError, Now: now})
		if err := d.stalledAlert(ctx, m, mail, to); err != nil {
			return err
		}
	}
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	return job.Done(ctx, tx)
}

// stalledAlert records and sends the alert of one stall episode.
func (d *Service) stalledAlert(ctx context.Context, m postgres.MailboxSync, mail notify.Mail, to []string) error {
	s := d.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	scope := fmt.Sprintf("mailbox %d since %s", m.ID, m.Since.UTC().Format(time.RFC3339Nano))
	in := alertIntent(postgres.AlertKey{Kind: string(notify.IntakeStalled), Scope: scope}, to, mail.Subject,
		fmt.Sprintf("intake-stalled-%d.alert", m.ID), d.OwnDomain)
	a, created, err := s.RecordAlert(ctx, tx, in)
	if err != nil {
		return err
	}
	if created {
		d.Log.Warn("intake stalled", "mailbox", m.Account+"/"+m.Name, "last_sync_at", m.LastSyncAt, "alert_id", a.ID)
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	tx, err = s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := d.sendAlert(ctx, tx, a.ID, mail); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
