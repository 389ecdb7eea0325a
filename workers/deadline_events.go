package workers

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DeadlineEvent records that event ev happened to submission subID at
// instant at, in tx: deadline.OnEvent decides what it stops, pauses,
// resumes or starts (Điều 11 khoản 2, 12 khoản 3, 13); the changes are
// stored with their history and the running deadlines get their warning
// and breach jobs. Workflow steps (supplement requests, assignment,
// publication) call it; it returns the deadlines it changed or created.
func (d *Deps) DeadlineEvent(ctx context.Context, tx pgx.Tx, subID int64, ev deadline.Event, at time.Time, actor string) ([]postgres.StoredDeadline, error) {
	return d.changeDeadlines(ctx, tx, subID, actor, ev.Name(), map[string]any{"event": ev, "at": at},
		func(existing []deadline.Deadline, dd *DeadlineDeps, cal *workday.Calendar) ([]deadline.Change, error) {
			return deadline.OnEvent(existing, ev, at, cal, dd.Rules)
		})
}

// CancelDeadlines cancels every open deadline of a submission (withdrawn,
// refused under Điều 14, or a duplicate), in tx, recording why.
func (d *Deps) CancelDeadlines(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor, reason string) (int, error) {
	changed, err := d.changeDeadlines(ctx, tx, subID, actor, reason, nil,
		func(existing []deadline.Deadline, _ *DeadlineDeps, _ *workday.Calendar) ([]deadline.Change, error) {
			return deadline.CancelOpen(existing, at, nil)
		})
	return len(changed), err
}

// CancelPostingDeadlines cancels the open posting deadlines of Điều 13 (the
// rules a publication stops) of a submission that will not be posted,
// recording why; the others (the author's 11.2, a review) stay.
func (d *Deps) CancelPostingDeadlines(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor, reason string) error {
	_, err := d.changeDeadlines(ctx, tx, subID, actor, reason, nil,
		func(existing []deadline.Deadline, _ *DeadlineDeps, _ *workday.Calendar) ([]deadline.Change, error) {
			return deadline.CancelOpen(existing, at, func(r deadline.Rule) bool { return r.Stop == deadline.Published })
		})
	return err
}

// changeDeadlines locks submission subID, asks decide what happens to its
// deadlines and stores the changes in tx, each with its history line
// (reason, detail): a running deadline gets its warning and breach jobs.
// Without DeadlineDeps it does nothing.
func (d *Deps) changeDeadlines(ctx context.Context, tx pgx.Tx, subID int64, actor, reason string, detail map[string]any,
	decide func([]deadline.Deadline, *DeadlineDeps, *workday.Calendar) ([]deadline.Change, error)) ([]postgres.StoredDeadline, error) {
	dd := d.Deadlines
	if dd == nil {
		return nil, nil
	}
	s := d.Store
	if err := s.LockSubmission(ctx, tx, subID); err != nil {
		return nil, err
	}
	cal, err := dd.Calendar.Load(ctx, s, tx)
	if err != nil {
		return nil, err
	}
	stored, err := s.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return nil, err
	}
	existing := make([]deadline.Deadline, len(stored))
	for i, sd := range stored {
		existing[i] = sd.Deadline
	}
	changes, err := decide(existing, dd, cal)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	client, err := dd.client(ctx)
	if err != nil {
		return nil, err
	}
	var out []postgres.StoredDeadline
	for _, c := range changes {
		var row postgres.StoredDeadline
		if c.Existing < 0 {
			row, err = s.InsertDeadline(ctx, tx, subID, c.Next, deadline.Explain(cal, c.Next), actor)
		} else {
			row, err = s.UpdateDeadline(ctx, tx, stored[c.Existing], c.Next, cal, deadline.Explain(cal, c.Next),
				postgres.DeadlineChange{Kind: c.Kind, Actor: actor, Reason: reason, Detail: detail})
		}
		if err != nil {
			return nil, err
		}
		if row.State == deadline.Running {
			if err := ScheduleDeadlineJobs(ctx, tx, client, cal, dd.Fractions, row); err != nil {
				return nil, err
			}
		}
		out = append(out, row)
	}
	return out, nil
}
