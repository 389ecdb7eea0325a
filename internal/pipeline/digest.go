package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Digest sends the managers (alerts.managers) the daily digest of args.Day:
// overdue deadlines, those falling due today, the others being watched,
// what was settled since the previous digest, and the state of intake. It
// is sent once per day (alert record keyed by the day); job.Done completes the
// job.
func (d *Service) Digest(ctx context.Context, args jobs.NotifyDigestArgs, job Job) error {
	day, err := workday.ParseDate(args.Day)
	if err != nil {
		return river.JobCancel(fmt.Errorf("digest day %q: %w", args.Day, err))
	}
	s := d.Store
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	cal, err := d.alertCalendar(ctx, tx)
	if err != nil {
		return err
	}
	dd := d.Deadlines
	now := dd.Now()
	since := now.Add(-24 * time.Hour)
	if prev, ok, err := s.LastAlert(ctx, tx, string(notify.DigestKind)); err != nil {
		return err
	} else if ok && prev.Scope != args.Day {
		since = prev.CreatedAt
	}
	dg, err := d.digest(ctx, tx, cal, day, now, since)
	if err != nil {
		return err
	}
	mail := notify.DigestMail(dg)
	in := alertIntent(postgres.AlertKey{Kind: string(notify.DigestKind), Scope: args.Day}, dd.Alerts.Managers, mail.Subject,
		"digest-"+args.Day+".alert", d.OwnDomain)
	a, _, err := s.RecordAlert(ctx, tx, in)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return d.deliver(ctx, a.ID, mail, job.Done)
}

// digest gathers the digest of day as of now.
func (d *Service) digest(ctx context.Context, q postgres.Querier, cal *workday.Calendar, day workday.Date, now, since time.Time) (notify.Digest, error) {
	s := d.Store
	open, settled, err := s.DigestDeadlines(ctx, q, since)
	if err != nil {
		return notify.Digest{}, err
	}
	received, err := s.SubmissionsReceivedSince(ctx, q, since)
	if err != nil {
		return notify.Digest{}, err
	}
	dg := notify.Digest{Day: day, Now: now, Since: since, Received: received}
	for _, x := range open {
		it := digestItem(x)
		it.Percent = int(deadline.Progress(cal, x.Deadline, now) * 100)
		dg.Open = append(dg.Open, it)
	}
	for _, x := range settled {
		it := digestItem(x)
		it.Met, it.Cancelled = x.State == deadline.Met, x.State == deadline.Cancelled
		it.SettledAt = x.StoppedAt
		if it.Cancelled {
			it.SettledAt = x.CancelledAt
		}
		dg.Settled = append(dg.Settled, it)
	}
	mbs, err := s.MailboxSyncs(ctx, q)
	if err != nil {
		return notify.Digest{}, err
	}
	for _, m := range mbs {
		dg.Intake = append(dg.Intake, notify.MailboxStatus{Mailbox: m.Account + "/" + m.Name, LastSyncAt: m.LastSyncAt,
			Stalled: cal.WorkingBetween(m.Since, now) >= d.Deadlines.Alerts.StallAfter})
	}
	return dg, nil
}

func digestItem(x postgres.DeadlineWithSubmission) notify.DigestItem {
	return notify.DigestItem{Reference: x.Reference, Subject: x.Subject, Rule: x.Rule.ID, Article: x.Rule.Article,
		DueAt: x.Due, State: x.State.Name(), Breached: x.State == deadline.Breached, Paused: x.State == deadline.Paused}
}
