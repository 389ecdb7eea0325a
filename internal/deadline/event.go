package deadline

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Open reports whether the deadline still needs watching: running, paused,
// or breached without its stop event yet (the escalation chain goes on).
func (d Deadline) Open() bool {
	switch d.State {
	case Running, Paused:
		return true
	case Breached:
		return d.StoppedAt.IsZero()
	}
	return false
}

// Change kinds, as the deadline's history records them.
const (
	ChangeMet         = "met"
	ChangeStoppedLate = "stopped_late"
	ChangePaused      = "paused"
	ChangeResumed     = "resumed"
	ChangeCancelled   = "cancelled"
	ChangeStarted     = "started"
)

// Change is what an event does to one deadline: Existing is the index of
// the deadline it changes in the slice given to OnEvent or CancelOpen, or -1
// for a deadline the event starts; Next is the deadline after the change.
type Change struct {
	Existing int
	Next     Deadline
	Kind     string
}

// OnEvent returns what event ev, happening at instant at, does to the
// deadlines of a submission (existing, as stored) under rules and cal
// (Điều 11 khoản 2, 12 khoản 3, 13):
//
//   - a stop event (Published, AuthorReplied, BoardMemberReturned) stops
//     the open deadlines it ends: met before the due instant, else late
//     (the escalation chain stops);
//   - SupplementRequested pauses the running deadlines whose rule says so
//     (pause_while_awaiting_author; one already due stays as it is);
//     AuthorReplied resumes them;
//   - a start event (SupplementRequested, AssignedBoardMember) starts the
//     deadlines of the rules it starts, whatever the timing class, unless
//     a deadline of the same rule still runs or is paused (one live
//     deadline per rule: the earlier request still counts).
func OnEvent(existing []Deadline, ev Event, at time.Time, cal *workday.Calendar, rules []Rule) ([]Change, error) {
	var out []Change
	for i, old := range existing {
		var (
			n    Deadline
			kind string
			err  error
		)
		switch {
		case old.Open() && old.Rule.Stop == ev:
			n, err = old.Stop(at)
			kind = ChangeMet
			if n.State == Breached {
				kind = ChangeStoppedLate
			}
		case ev == SupplementRequested && old.State == Running && old.Rule.PauseWhileAwaitingAuthor:
			if n, err = old.Pause(at); err != nil {
				continue // already due: nothing to pause
			}
			kind = ChangePaused
		case ev == AuthorReplied && old.State == Paused && old.Rule.PauseWhileAwaitingAuthor:
			n, err = old.Resume(cal, at)
			kind = ChangeResumed
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Change{Existing: i, Next: n, Kind: kind})
	}
	var facts Facts
	switch ev {
	case SupplementRequested:
		facts.SupplementRequestedAt = at
	case AssignedBoardMember:
		facts.BoardMemberAssignedAt = at
	default:
		return out, nil
	}
	for _, r := range rules {
		if r.Start != ev || live(existing, r.ID) {
			continue
		}
		// The rule applies whatever the timing class: its start event is
		// the fact that matters.
		if len(r.AppliesTo) > 0 {
			facts.Class = r.AppliesTo[0]
		}
		for _, n := range Applicable(cal, []Rule{r}, facts) {
			out = append(out, Change{Existing: -1, Next: n, Kind: ChangeStarted})
		}
	}
	return out, nil
}

// live reports whether a deadline of rule id runs or is paused.
func live(ds []Deadline, id string) bool {
	for _, d := range ds {
		if d.Rule.ID == id && (d.State == Running || d.State == Paused) {
			return true
		}
	}
	return false
}

// CancelOpen returns the cancellation at instant at of every open deadline
// (Open) whose rule only accepts, or of all when only is nil: the item was
// refused (Điều 14), withdrawn, closed or answered by its unit, or, for
// the posting deadlines only, forwarded (Điều 11 khoản 1).
func CancelOpen(existing []Deadline, at time.Time, only func(Rule) bool) ([]Change, error) {
	var out []Change
	for i, old := range existing {
		if !old.Open() || only != nil && !only(old.Rule) {
			continue
		}
		n, err := old.Cancel(at)
		if err != nil {
			return nil, err
		}
		out = append(out, Change{Existing: i, Next: n, Kind: ChangeCancelled})
	}
	return out, nil
}
