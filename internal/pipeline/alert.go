package pipeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DeadlinesOff cancels a job that cannot run without deadlines.
func DeadlinesOff() error { return river.JobCancel(deadlines.ErrOff) }

// alertCalendar is the working calendar of the alerts as q sees it (the
// deadlines' own); DeadlinesOff without deadlines in this process.
func (d *Service) alertCalendar(ctx context.Context, q postgres.Querier) (*workday.Calendar, error) {
	if d.Deadlines == nil {
		return nil, DeadlinesOff()
	}
	return d.Deadlines.Calendar.Load(ctx, d.Store, q)
}

// Warn warns the assignee (or the Standing Board's desk) that a running
// deadline has used a share of its allowed time (deadlines.Service.Warning
// judges whether, and when); job.Done completes the job.
func (d *Service) Warn(ctx context.Context, a jobs.DeadlineWarningArgs, job Job) error {
	return d.judgeAlert(ctx, a.DeadlineID, notify.Warning, a.Percent, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		return d.Deadlines.Warning(ctx, tx, sd, a.Percent, a.At)
	}, job.Done)
}

// Breach marks a deadline breached when its due instant passes without the
// stop event (deadlines.Service.Breach: the history, the escalation chain),
// tells the author when the supplement of Điều 11 khoản 2 is still missing
// (a sender_notice job, in the breach's transaction), and sends the breach
// alert to the assignee or the Standing Board's desk, once; job.Done completes
// the job.
func (d *Service) Breach(ctx context.Context, a jobs.DeadlineBreachArgs, job Job) error {
	return d.judgeAlert(ctx, a.DeadlineID, notify.Breach, 0, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		v, err := d.Deadlines.Breach(ctx, tx, sd, a.Due)
		if err == nil && v.SupplementMissing {
			args := jobs.SenderNoticeArgs{SubmissionID: sd.SubmissionID, Notice: string(notice.SupplementMissing)}
			err = d.EnqueueNotice(ctx, tx, river.ClientFromContext[pgx.Tx](ctx), args)
		}
		return v, err
	}, job.Done)
}

// Escalate tells the next level of the chain (assignee → head of the
// Standing Board → head of the Board) that a breached deadline is still not
// handled (deadlines.Service.Escalation judges when); job.Done completes the
// job.
func (d *Service) Escalate(ctx context.Context, a jobs.DeadlineEscalationArgs, job Job) error {
	return d.judgeAlert(ctx, a.DeadlineID, notify.Escalation, a.Step, func(tx pgx.Tx, sd postgres.StoredDeadline) (deadlines.Verdict, error) {
		return d.Deadlines.Escalation(ctx, tx, sd, a.Step, a.Due)
	}, job.Done)
}

// How an alert is sent exactly once.
//
// Every alert has a row in the alert table whose key — (deadline, kind,
// step) for deadline alerts, (kind, scope) for the digest and the
// stalled-intake alert — is unique. A worker sends an alert in two
// transactions:
//
//  1. It judges the deadline (locked FOR UPDATE), applies the transition
//     (running → breached), schedules what follows (escalation steps) and
//     records the alert's intent (state pending, with its Message-ID fixed
//     from the row id), then commits. A retry finds the row and reuses it.
//  2. It locks the alert row FOR UPDATE; if the row is no longer pending it
//     does nothing; otherwise it hands the mail to the relay, marks the row
//     sent and completes the River job, in that transaction.
//
// The guarantee: an alert reaches the relay at most once, except when the
// process dies (or the database connection drops) after the relay accepted
// the mail (250 after DATA) and before step 2 commits — a window of a few
// milliseconds. The retry then sends it again with the same Message-ID,
// which mail clients and a reader can recognise as the same message. A
// kill at any other moment — before the breach, between the two
// transactions, during the SMTP conversation — yields exactly one mail.
// Two attempts running at once (a job rescued while its first run still
// sends) take turns on the row lock, and the second sees "sent". An alert
// is never lost: while its row is pending, River retries the job (and the
// sweeper re-enqueues a breach job that went missing).

// alertNote is the note of an alert with nobody to send it to.
const alertNote = "chưa cấu hình người nhận"

// alertIntent is the intent of the alert key to the addresses in to,
// whose Message-ID is prefix, the alert row's id, "@" and domain; with
// nobody to tell it is recorded as skipped.
func alertIntent(key postgres.AlertKey, to []string, subject, prefix, domain string) postgres.AlertIntent {
	in := postgres.AlertIntent{AlertKey: key, Recipients: to, Subject: subject, State: postgres.AlertPending,
		MessageIDPrefix: prefix, MessageIDSuffix: "@" + domain}
	if len(to) == 0 {
		in.State, in.Note = postgres.AlertSkipped, alertNote
	}
	return in
}

// recordDeadlineAlert records, once, the intent of the alert (kind, step)
// about sd to the addresses in to (none: recorded as skipped), and records
// its Message-ID as ours so that a reply attaches to the submission.
func (d *Service) recordDeadlineAlert(ctx context.Context, tx pgx.Tx, sd postgres.DeadlineWithSubmission, kind notify.Kind, step int, to []string, subject string) (postgres.Alert, error) {
	// OutboundMessageID(reference, "alert<id>", domain), the id known
	// only once the row is inserted.
	prefix, domain, _ := strings.Cut(OutboundMessageID(sd.Reference, "alert", d.OwnDomain), "@")
	in := alertIntent(postgres.AlertKey{DeadlineID: sd.ID, Kind: string(kind), Step: step}, to, subject, prefix, domain)
	a, created, err := d.Store.RecordAlert(ctx, tx, in)
	if err != nil {
		return a, err
	}
	if created && a.State == postgres.AlertPending {
		if err := d.Store.RecordOutbound(ctx, tx, sd.SubmissionID, a.MessageID, "alert_"+string(kind), strings.Join(to, ", ")); err != nil {
			return a, fmt.Errorf("record Message-ID of alert %d: %w", a.ID, err)
		}
	}
	return a, nil
}

// sendAlert is step 2 for one alert, inside tx: it returns sent=false
// without sending when the row is not pending. On a failed send it records
// the failure, commits tx and returns the error (River retries); on a rate
// limit it returns a snooze, tx left to roll back. On success the caller
// completes the job and commits.
func (d *Service) sendAlert(ctx context.Context, tx pgx.Tx, alertID int64, mail notify.Mail) (bool, error) {
	s := d.Store
	a, err := s.LockAlert(ctx, tx, alertID)
	if err != nil {
		return false, fmt.Errorf("lock alert %d: %w", alertID, err)
	}
	if a.State != postgres.AlertPending {
		return false, nil
	}
	subject := a.Subject
	if subject == "" {
		subject = mail.Subject
	}
	msg := smtp.Message{To: a.Recipients, Subject: subject, Text: mail.Text, MessageID: a.MessageID,
		Headers: map[string]string{"X-Tiepnhan-Alert": string(mail.Kind)}}
	// The cap's count is a savepoint: a failed send, whose failure is
	// committed below, gives it back.
	counted, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	if err := d.ReserveMail(ctx, counted, a.Recipients, d.Deadlines.MailCap, d.Deadlines.Now()); err != nil {
		return false, err
	}
	if err := d.Deadlines.Mailer.Send(ctx, msg); err != nil {
		if rerr := counted.Rollback(ctx); rerr != nil {
			return false, rerr
		}
		if ferr := s.MarkAlertFailed(ctx, tx, a.ID, err.Error()); ferr == nil {
			tx.Commit(ctx)
		}
		return false, fmt.Errorf("send %s alert %d: %w", a.Kind, a.ID, err)
	}
	if err := counted.Commit(ctx); err != nil {
		return true, err
	}
	if err := s.MarkAlertSent(ctx, tx, a.ID, d.Deadlines.Now()); err != nil {
		return true, err
	}
	return true, nil
}

// lockDeadline opens the transaction of a deadline alert job and locks the
// deadline in it (step 1 of every alert worker). The caller rolls tx back.
func (d *Service) lockDeadline(ctx context.Context, id int64) (pgx.Tx, postgres.StoredDeadline, error) {
	if d.Deadlines == nil {
		return nil, postgres.StoredDeadline{}, DeadlinesOff()
	}
	tx, err := d.Store.Pool.Begin(ctx)
	if err != nil {
		return nil, postgres.StoredDeadline{}, err
	}
	sd, err := d.Store.LockDeadline(ctx, tx, id)
	if err != nil {
		tx.Rollback(ctx)
		return nil, postgres.StoredDeadline{}, Permanent(fmt.Errorf("load deadline %d: %w", id, err))
	}
	return tx, sd, nil
}

// recordAndDeliver composes the alert of kind about the deadline sd, records
// it in tx (as step: the percent of a warning, 0 for the breach, the
// escalation step), commits, and sends it (deliver).
func (d *Service) recordAndDeliver(ctx context.Context, tx pgx.Tx, sd postgres.StoredDeadline, cal *workday.Calendar,
	kind notify.Kind, step int, to string, now time.Time, alerted []string, done Done) error {
	sws, err := d.Store.DeadlineWithSubmission(ctx, tx, sd.ID)
	if err != nil {
		return err
	}
	pct, escStep := 0, 0
	switch kind {
	case notify.Warning:
		pct = step
	case notify.Escalation:
		escStep = step
	}
	mail := deadlineMail(kind, sws, cal, now, pct, escStep, alerted)
	a, err := d.recordDeadlineAlert(ctx, tx, sws, kind, step, nonEmpty(to), mail.Subject)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return d.deliver(ctx, a.ID, mail, done)
}

// deliver is step 2 for a job with one alert: send, then complete the job
// (done) in the same transaction.
func (d *Service) deliver(ctx context.Context, alertID int64, mail notify.Mail, done Done) error {
	tx, err := d.Store.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	sent, err := d.sendAlert(ctx, tx, alertID, mail)
	if err != nil {
		return err
	}
	if sent {
		d.Log.Info("alert sent", "alert_id", alertID, "kind", mail.Kind)
	}
	return done(ctx, tx)
}

// deadlineMail composes the alert of kind about sd at now.
func deadlineMail(kind notify.Kind, sd postgres.DeadlineWithSubmission, cal *workday.Calendar, now time.Time, pct, step int, alerted []string) notify.Mail {
	a := notify.DeadlineAlert{
		Kind: kind, Percent: pct, Step: step, Reference: sd.Reference, Subject: sd.Subject,
		Rule: sd.Rule.ID, Article: sd.Rule.Article, Basis: sd.Rule.Basis, Task: sd.Rule.Stop.Name(),
		StartEvent: sd.StartEvent.Name(), StartsAt: sd.Start, DueAt: sd.Due, Now: now,
		Explanation: sd.Explanation, NeedsDecision: sd.NeedsDecision(), Alerted: alerted,
	}
	if !sd.StartDate.IsZero() {
		a.StartEvent += " ngày " + sd.StartDate.VN()
	}
	switch kind {
	case notify.Warning:
		a.Remaining = cal.WorkingBetween(now, sd.Due)
	case notify.Breach, notify.Escalation:
		a.Overdue = cal.WorkingBetween(sd.Due, now)
	}
	return notify.DeadlineMail(a)
}

// judgeAlert runs an alert job about deadline id: it locks the deadline
// (step 1 of the two transactions), asks judge for the verdict and carries
// it out (alert) for the alert key of kind and step; done completes the
// job.
func (d *Service) judgeAlert(ctx context.Context, id int64, kind notify.Kind, step int,
	judge func(pgx.Tx, postgres.StoredDeadline) (deadlines.Verdict, error), done Done) error {
	tx, sd, err := d.lockDeadline(ctx, id)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	v, err := judge(tx, sd)
	if err != nil {
		return err
	}
	return d.alert(ctx, tx, postgres.AlertKey{DeadlineID: sd.ID, Kind: string(kind), Step: step}, v, done)
}

// alert carries out verdict v of the alert job about key: it waits, skips
// the alert (recorded on one an earlier attempt left pending) and
// completes the job, or records the alert and sends it.
func (d *Service) alert(ctx context.Context, tx pgx.Tx, key postgres.AlertKey, v deadlines.Verdict, done Done) error {
	switch {
	case v.Wait > 0:
		return river.JobSnooze(v.Wait)
	case v.Skip != "":
		if err := d.Store.SkipPendingAlert(ctx, tx, key, v.Skip); err != nil {
			return err
		}
		return done(ctx, tx)
	}
	return d.recordAndDeliver(ctx, tx, v.Deadline, v.Calendar, notify.Kind(key.Kind), key.Step, v.To, v.Now, v.Alerted, done)
}

// nonEmpty returns the non-empty strings of ss, without repeats.
func nonEmpty(ss ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}
