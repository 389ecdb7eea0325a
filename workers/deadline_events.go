package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// DeadlineEvent records that event ev happened to submission subID at
// instant at, in tx, and moves its deadlines accordingly (Điều 11 khoản 2,
// 12 khoản 3, 13):
//
//   - a start event (deadline.SupplementRequested, deadline.AssignedBoardMember)
//     starts the deadlines of the rules it starts (11.2, 12.3), with their
//     warning and breach jobs; a supplement request also pauses the running
//     deadlines whose rule says so (pause_while_awaiting_author);
//   - a stop event (deadline.Published, deadline.AuthorReplied,
//     deadline.BoardMemberReturned) stops the open deadlines it ends: met
//     before the due instant, else breached late (the escalation chain
//     stops); the author's answer resumes the paused deadlines, whose jobs
//     are scheduled again.
//
// Workflow steps (supplement requests, assignment, publication) call it;
// it returns the deadlines it changed or created.
func (d *Deps) DeadlineEvent(ctx context.Context, tx pgx.Tx, subID int64, ev deadline.Event, at time.Time, actor string) ([]postgres.StoredDeadline, error) {
	dd := d.Deadlines
	if dd == nil {
		return nil, nil
	}
	s := d.Store
	if _, err := tx.Exec(ctx, `SELECT id FROM submission WHERE id = $1 FOR UPDATE`, subID); err != nil {
		return nil, fmt.Errorf("lock submission %d: %w", subID, err)
	}
	cal, err := dd.Calendar.Load(ctx, s, tx)
	if err != nil {
		return nil, err
	}
	client, err := dd.client(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := s.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return nil, err
	}
	var changed []postgres.StoredDeadline
	update := func(old postgres.StoredDeadline, n deadline.Deadline, kind string) error {
		row, err := s.UpdateDeadline(ctx, tx, old, n, cal, deadline.Explain(cal, n), postgres.DeadlineChange{
			Kind: kind, Actor: actor, Reason: ev.Name(), Detail: map[string]any{"event": ev, "at": at},
		})
		if err != nil {
			return err
		}
		if row.State == deadline.Running {
			if err := scheduleDeadlineJobs(ctx, tx, client, cal, dd.Fractions, row); err != nil {
				return err
			}
		}
		changed = append(changed, row)
		return nil
	}
	for _, old := range existing {
		switch {
		case old.Open() && old.Rule.Stop == ev:
			n, err := old.Stop(at)
			if err != nil {
				return nil, err
			}
			kind := "met"
			if n.State == deadline.Breached {
				kind = "stopped_late"
			}
			if err := update(old, n, kind); err != nil {
				return nil, err
			}
		case ev == deadline.SupplementRequested && old.State == deadline.Running && old.Rule.PauseWhileAwaitingAuthor:
			n, err := old.Pause(at)
			if err != nil {
				continue // already due: nothing to pause
			}
			if err := update(old, n, "paused"); err != nil {
				return nil, err
			}
		case ev == deadline.AuthorReplied && old.State == deadline.Paused && old.Rule.PauseWhileAwaitingAuthor:
			n, err := old.Resume(cal, at)
			if err != nil {
				return nil, err
			}
			if err := update(old, n, "resumed"); err != nil {
				return nil, err
			}
		}
	}
	var facts deadline.Facts
	switch ev {
	case deadline.SupplementRequested:
		facts.SupplementRequestedAt = at
	case deadline.AssignedBoardMember:
		facts.BoardMemberAssignedAt = at
	default:
		return changed, nil
	}
	for _, r := range dd.Rules {
		if r.Start != ev {
			continue
		}
		// The rule applies whatever the timing class: its start event is
		// the fact that matters.
		for _, c := range r.AppliesTo {
			facts.Class = c
			break
		}
		for _, n := range deadline.Applicable(cal, []deadline.Rule{r}, facts) {
			live := false
			for _, old := range existing {
				if old.Rule.ID == r.ID && (old.State == deadline.Running || old.State == deadline.Paused) {
					live = true // one live deadline per rule: the earlier request still runs
				}
			}
			if live {
				continue
			}
			row, err := s.InsertDeadline(ctx, tx, subID, n, deadline.Explain(cal, n), actor)
			if err != nil {
				return nil, err
			}
			if err := scheduleDeadlineJobs(ctx, tx, client, cal, dd.Fractions, row); err != nil {
				return nil, err
			}
			changed = append(changed, row)
		}
	}
	return changed, nil
}

// CancelDeadlines cancels every open deadline of a submission (withdrawn,
// refused under Điều 14, or a duplicate), in tx, recording why.
func (d *Deps) CancelDeadlines(ctx context.Context, tx pgx.Tx, subID int64, at time.Time, actor, reason string) (int, error) {
	if d.Deadlines == nil {
		return 0, nil
	}
	s := d.Store
	if _, err := tx.Exec(ctx, `SELECT id FROM submission WHERE id = $1 FOR UPDATE`, subID); err != nil {
		return 0, fmt.Errorf("lock submission %d: %w", subID, err)
	}
	cal, err := d.Deadlines.Calendar.Load(ctx, s, tx)
	if err != nil {
		return 0, err
	}
	existing, err := s.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, old := range existing {
		if !old.Open() {
			continue
		}
		c, err := old.Cancel(at)
		if err != nil {
			return n, err
		}
		if _, err := s.UpdateDeadline(ctx, tx, old, c, cal, deadline.Explain(cal, c), postgres.DeadlineChange{
			Kind: "cancelled", Actor: actor, Reason: reason,
		}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
