package deadlines

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Event records that event ev happened to submission subID at instant at,
// in tx: deadline.OnEvent decides what it stops, pauses, resumes or starts
// (Điều 11 khoản 2, 12 khoản 3, 13); the changes are stored with their
// history and the running deadlines get their warning and breach jobs.
// Workflow steps (supplement requests, assignment, publication) call it; it
// returns the deadlines it changed or created.
func (s *Service) Event(ctx context.Context, tx pgx.Tx, subID int64, ev deadline.Event, at time.Time, actor string) ([]postgres.StoredDeadline, error) {
	return s.change(ctx, tx, subID, actor, ev.Name(), map[string]any{"event": ev, "at": at},
		func(existing []deadline.Deadline, cal *workday.Calendar) ([]deadline.Change, error) {
			return deadline.OnEvent(existing, ev, at, cal, s.Rules)
		})
}

// Cancel cancels every open deadline of a submission (withdrawn, refused
// under Điều 14, or a duplicate), in tx, recording why; it returns how
// many it cancelled.
func (s *Service) Cancel(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor, reason string) (int, error) {
	changed, err := s.change(ctx, tx, subID, actor, reason, nil,
		func(existing []deadline.Deadline, _ *workday.Calendar) ([]deadline.Change, error) {
			return deadline.CancelOpen(existing, at, nil)
		})
	return len(changed), err
}

// CancelPosting cancels the open posting deadlines of Điều 13 (the rules a
// publication stops) of a submission that will not be posted, recording
// why; the others (the author's 11.2, a review) stay.
func (s *Service) CancelPosting(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor, reason string) error {
	_, err := s.change(ctx, tx, subID, actor, reason, nil,
		func(existing []deadline.Deadline, _ *workday.Calendar) ([]deadline.Change, error) {
			return deadline.CancelOpen(existing, at, func(r deadline.Rule) bool { return r.Stop == deadline.Published })
		})
	return err
}

// change locks submission subID, asks decide what happens to its deadlines
// and stores the changes in tx, each with its history line (reason,
// detail): a running deadline gets its warning and breach jobs. Without
// deadlines (a nil s) it does nothing.
func (s *Service) change(ctx context.Context, tx pgx.Tx, subID int64, actor, reason string, detail map[string]any,
	decide func([]deadline.Deadline, *workday.Calendar) ([]deadline.Change, error)) ([]postgres.StoredDeadline, error) {
	if s == nil {
		return nil, nil
	}
	st := s.Store
	if err := st.LockSubmission(ctx, tx, subID); err != nil {
		return nil, err
	}
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return nil, err
	}
	stored, err := st.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return nil, err
	}
	existing := make([]deadline.Deadline, len(stored))
	for i, sd := range stored {
		existing[i] = sd.Deadline
	}
	changes, err := decide(existing, cal)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	client, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	var out []postgres.StoredDeadline
	for _, c := range changes {
		var row postgres.StoredDeadline
		if c.Existing < 0 {
			row, err = st.InsertDeadline(ctx, tx, subID, c.Next, deadline.Explain(cal, c.Next), actor)
		} else {
			row, err = st.UpdateDeadline(ctx, tx, stored[c.Existing], c.Next, cal, deadline.Explain(cal, c.Next),
				postgres.DeadlineChange{Kind: c.Kind, Actor: actor, Reason: reason, Detail: detail})
		}
		if err != nil {
			return nil, err
		}
		if err := s.Schedule(ctx, tx, client, cal, row); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// Moved is an open deadline a calendar change moved: as it was, and as it
// is.
type Moved struct{ Before, After postgres.StoredDeadline }

// Recompute recomputes every open deadline with cal, a calendar an
// administrator changed in tx (not yet the source's), recording ch with
// each one that moved (Điều 10–13 count working days); the moved running
// ones get their warning and breach jobs anew (the old ones find the due
// instant changed and do nothing). It returns those that moved and how
// many were open.
func (s *Service) Recompute(ctx context.Context, tx pgx.Tx, cal *workday.Calendar, ch postgres.DeadlineChange) ([]Moved, int, error) {
	st := s.Store
	open, err := st.OpenDeadlines(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	client, err := s.client(ctx)
	if err != nil {
		return nil, 0, err
	}
	var out []Moved
	for _, sd := range open {
		r := deadline.Recompute(cal, sd.Deadline)
		if r.NewDue.Equal(sd.Due) && !r.StateChanged {
			continue
		}
		n, err := st.UpdateDeadline(ctx, tx, sd, r.Deadline, cal, deadline.Explain(cal, r.Deadline), ch)
		if err != nil {
			return nil, 0, err
		}
		if err := s.Schedule(ctx, tx, client, cal, n); err != nil {
			return nil, 0, err
		}
		out = append(out, Moved{Before: sd, After: n})
	}
	return out, len(open), nil
}
