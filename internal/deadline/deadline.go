package deadline

import (
	"fmt"
	"math"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// State is where a deadline stands.
type State string

// States of a deadline. Met and cancelled are final; a breached deadline
// still records when its stop event came (late).
const (
	Running   State = "running"
	Paused    State = "paused"
	Met       State = "met"
	Breached  State = "breached"
	Cancelled State = "cancelled"
)

// Pause is an interval during which the clock stood still; To is zero
// while the pause lasts.
type Pause struct {
	From, To time.Time
}

// Deadline is the deadline one rule gives one submission. It is a value:
// transitions return a new Deadline and never modify the receiver.
type Deadline struct {
	Rule Rule
	// StartEvent is the event the clock started from (Rule.Start or
	// Rule.StartFallback).
	StartEvent Event
	// Start is the instant counting starts from; StartDate is set when the
	// event was known only as a date, counted from the end of that date.
	Start     time.Time
	StartDate workday.Date
	// RequestedDate is the provider's requested date (Điều 10 khoản 3)
	// when it replaced the rule's days.
	RequestedDate workday.Date
	// Allowed is the working time allowed (the rule's days × the length of
	// a working day, or up to the requested date).
	Allowed time.Duration
	// Due is the instant the deadline falls due, after the pauses so far.
	// While paused it is the due instant as if the clock resumed at once.
	Due    time.Time
	State  State
	Pauses []Pause
	// StoppedAt is when the stop event happened; BreachedAt when the
	// deadline fell due unmet; CancelledAt when it was cancelled.
	StoppedAt, BreachedAt, CancelledAt time.Time
}

// Facts are what is known of a submission for Applicable. Unknown
// instants and dates are zero.
type Facts struct {
	Class      Class
	ReceivedAt time.Time
	// SignedAt is the signing instant when known; else SignedOn, the
	// date on the document.
	SignedAt time.Time
	SignedOn workday.Date
	// EventAt or EventOn: when the event reported happened.
	EventAt time.Time
	EventOn workday.Date
	// RequestedDate is the date the provider asked for (Điều 10 khoản 3).
	RequestedDate         workday.Date
	SupplementRequestedAt time.Time
	BoardMemberAssignedAt time.Time
}

// start returns the start instant of event e from the facts, with the date
// when only a date is known.
func (f Facts) start(e Event) (time.Time, workday.Date, bool) {
	switch e {
	case Signed:
		if !f.SignedAt.IsZero() {
			return f.SignedAt, workday.Date{}, true
		}
		if !f.SignedOn.IsZero() {
			return workday.EndOf(f.SignedOn), f.SignedOn, true
		}
	case EventHeld:
		if !f.EventAt.IsZero() {
			return f.EventAt, workday.Date{}, true
		}
		if !f.EventOn.IsZero() {
			return workday.EndOf(f.EventOn), f.EventOn, true
		}
	case Received:
		return f.ReceivedAt, workday.Date{}, !f.ReceivedAt.IsZero()
	case SupplementRequested:
		return f.SupplementRequestedAt, workday.Date{}, !f.SupplementRequestedAt.IsZero()
	case AssignedBoardMember:
		return f.BoardMemberAssignedAt, workday.Date{}, !f.BoardMemberAssignedAt.IsZero()
	}
	return time.Time{}, workday.Date{}, false
}

// Applicable returns the deadlines the rules give a submission with these
// facts: one per rule that covers its timing class and whose start event
// is known. A deadline whose stop event is already among the facts (the
// receipt, for the Điều 10 sending deadlines) comes back settled: met or
// breached.
func Applicable(cal *workday.Calendar, rules []Rule, f Facts) []Deadline {
	var out []Deadline
	for _, r := range rules {
		if !r.Applies(f.Class) {
			continue
		}
		ev := r.Start
		start, date, ok := f.start(ev)
		if !ok && r.StartFallback != "" {
			ev = r.StartFallback
			start, date, ok = f.start(ev)
		}
		if !ok {
			continue
		}
		d := New(cal, r, ev, start)
		d.StartDate = date
		if r.ProviderMaySetDate && !f.RequestedDate.IsZero() {
			d.RequestedDate = f.RequestedDate
			d.Allowed = max(0, cal.WorkingBetween(start, workday.EndOf(f.RequestedDate)))
			d.Due = cal.AddWorking(start, d.Allowed)
		}
		if r.Stop == Received && !f.ReceivedAt.IsZero() {
			d, _ = d.Stop(f.ReceivedAt)
		}
		out = append(out, d)
	}
	return out
}

// New starts the deadline of rule r at instant start (event ev).
func New(cal *workday.Calendar, r Rule, ev Event, start time.Time) Deadline {
	allowed := cal.DaysToDuration(r.Days)
	return Deadline{
		Rule: r, StartEvent: ev, Start: start, Allowed: allowed,
		Due: cal.AddWorking(start, allowed), State: Running,
	}
}

// TransitionError is a transition that the state machine does not allow.
type TransitionError struct {
	Rule   string
	From   State
	Action string
	Detail string
}

func (e *TransitionError) Error() string {
	s := fmt.Sprintf("deadline %s: cannot %s when %s", e.Rule, e.Action, e.From)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

func (d Deadline) refuse(action, detail string) error {
	return &TransitionError{Rule: d.Rule.ID, From: d.State, Action: action, Detail: detail}
}

// clone copies d with its own pause slice.
func (d Deadline) clone() Deadline {
	d.Pauses = append([]Pause(nil), d.Pauses...)
	return d
}

// Pause stops the clock at instant at (e.g. awaiting the author, Điều 11
// khoản 2). Only a running deadline can pause, not before its start or its
// last resume.
func (d Deadline) Pause(at time.Time) (Deadline, error) {
	if d.State != Running {
		return d, d.refuse("pause", "")
	}
	if at.Before(d.Start) {
		return d, d.refuse("pause", "before the start "+d.Start.Format(time.RFC3339))
	}
	if n := len(d.Pauses); n > 0 && at.Before(d.Pauses[n-1].To) {
		return d, d.refuse("pause", "before the last resume")
	}
	if !at.Before(d.Due) {
		return d, d.refuse("pause", "already due at "+d.Due.Format(time.RFC3339))
	}
	n := d.clone()
	n.Pauses = append(n.Pauses, Pause{From: at})
	n.State = Paused
	return n, nil
}

// Resume restarts the clock at instant at; the due instant moves later by
// the working time paused.
func (d Deadline) Resume(cal *workday.Calendar, at time.Time) (Deadline, error) {
	if d.State != Paused {
		return d, d.refuse("resume", "")
	}
	p := d.Pauses[len(d.Pauses)-1]
	if at.Before(p.From) {
		return d, d.refuse("resume", "before the pause "+p.From.Format(time.RFC3339))
	}
	n := d.clone()
	n.Pauses[len(n.Pauses)-1].To = at
	n.State = Running
	n.Due = dueAt(cal, n, 1, false)
	return n, nil
}

// Stop records the stop event at instant at: met when it came before the
// due instant (or during a pause, which always starts before it), breached
// otherwise ("breached when now ≥ due"). A breached deadline keeps its state and records the late stop.
func (d Deadline) Stop(at time.Time) (Deadline, error) {
	switch d.State {
	case Running, Paused, Breached:
	default:
		return d, d.refuse("stop", "")
	}
	// A stop before the start (a document received before the signing
	// time on it) is simply early: met.
	n := d.clone()
	n.StoppedAt = at
	if d.State == Breached {
		// Breached by Check when its due instant came, then stopped at an
		// earlier instant: an event recorded after the fact at the time it
		// happened (a publication the Portal's feed showed, Điều 13). It
		// was met, as Recompute judges a stop against its instant.
		if at.Before(d.Due) {
			n.State, n.BreachedAt = Met, time.Time{}
		}
		return n, nil
	}
	if d.State == Paused {
		// The clock stood still since the pause began, before Due.
		n.Pauses[len(n.Pauses)-1].To = at
		n.State = Met
		return n, nil
	}
	if at.Before(d.Due) {
		n.State = Met
	} else {
		n.State = Breached
		n.BreachedAt = d.Due
	}
	return n, nil
}

// Cancel ends the deadline without outcome (the item was withdrawn or
// refused). Met and cancelled deadlines cannot be cancelled.
func (d Deadline) Cancel(at time.Time) (Deadline, error) {
	if d.State == Met || d.State == Cancelled {
		return d, d.refuse("cancel", "")
	}
	n := d.clone()
	n.State = Cancelled
	n.CancelledAt = at
	return n, nil
}

// NeedsDecision reports whether the deadline expired with a follow-up task
// to raise: for Điều 11 khoản 2, the Standing Board decides whether to post.
func (d Deadline) NeedsDecision() bool {
	return d.State == Breached && d.StoppedAt.IsZero() && d.Rule.OnExpiry == DecisionNeeded
}

// Check marks a running deadline breached when now ≥ Due (BreachedAt is
// the due instant). It reports whether the state changed.
func (d Deadline) Check(now time.Time) (Deadline, bool) {
	if d.State != Running || now.Before(d.Due) {
		return d, false
	}
	n := d.clone()
	n.State = Breached
	n.BreachedAt = d.Due
	return n, true
}

// Recomputed is the result of Recompute.
type Recomputed struct {
	Deadline       Deadline
	OldDue, NewDue time.Time
	// StateChanged is set when the new due instant changes the outcome.
	StateChanged bool
}

// Recompute redoes the due instant of d with calendar cal (after the
// holidays or office hours changed) and re-judges the outcome: a met or
// breached deadline is judged again against its stop instant; a deadline
// breached by Check whose new due is after the breach goes back to
// running (the caller then Checks it against now).
func Recompute(cal *workday.Calendar, d Deadline) Recomputed {
	n := d.clone()
	if n.RequestedDate.IsZero() {
		n.Allowed = cal.DaysToDuration(d.Rule.Days)
	} else {
		n.Allowed = max(0, cal.WorkingBetween(n.Start, workday.EndOf(n.RequestedDate)))
	}
	n.Due = dueAt(cal, n, 1, false)
	res := Recomputed{OldDue: d.Due, NewDue: n.Due}
	switch {
	case d.State == Met || (d.State == Breached && !d.StoppedAt.IsZero()):
		met := d.StoppedAt.Before(n.Due) || stoppedWhilePaused(d)
		n.State, n.BreachedAt = Met, time.Time{}
		if !met {
			n.State, n.BreachedAt = Breached, n.Due
		}
	case d.State == Breached:
		if d.BreachedAt.Before(n.Due) {
			n.State, n.BreachedAt = Running, time.Time{}
		} else {
			n.BreachedAt = n.Due
		}
	}
	res.StateChanged = n.State != d.State
	res.Deadline = n
	return res
}

// stoppedWhilePaused reports whether the stop event closed a pause.
func stoppedWhilePaused(d Deadline) bool {
	n := len(d.Pauses)
	return n > 0 && d.Pauses[n-1].To.Equal(d.StoppedAt) && d.State == Met
}

// DefaultFractions are the pre-breach warning points: half and 80 % of the
// allowed working time.
var DefaultFractions = []float64{0.5, 0.8}

// Thresholds returns, for each fraction f (nil means DefaultFractions), the
// earliest instant at which f of the allowed working time has elapsed,
// pauses excluded. While paused, thresholds not yet reached are zero
// (unknown until the clock resumes).
func Thresholds(cal *workday.Calendar, d Deadline, fractions []float64) []time.Time {
	if fractions == nil {
		fractions = DefaultFractions
	}
	out := make([]time.Time, len(fractions))
	for i, f := range fractions {
		out[i] = dueAt(cal, d, f, true)
	}
	return out
}

// dueAt is the earliest instant at which fraction f of d.Allowed has
// elapsed on the clock (which stands still during pauses). When that falls
// after the start of a pause that has not ended it is zero if unknown is
// set, else computed as if that pause had not happened.
func dueAt(cal *workday.Calendar, d Deadline, f float64, unknown bool) time.Time {
	if math.IsNaN(f) || f < 0 {
		f = 0
	}
	remaining := time.Duration(math.Round(f * float64(d.Allowed)))
	cursor := d.Start
	for _, p := range d.Pauses {
		cand := cal.AddWorking(cursor, remaining)
		if !cand.After(p.From) {
			return cand
		}
		if p.To.IsZero() {
			if unknown {
				return time.Time{}
			}
			return cand
		}
		remaining -= cal.WorkingBetween(cursor, p.From)
		cursor = p.To
	}
	return cal.AddWorking(cursor, remaining)
}

// Progress is the fraction (0 = just started, 1 = due) of the allowed
// working time that has elapsed at now, pauses excluded. It can exceed 1.
func Progress(cal *workday.Calendar, d Deadline, now time.Time) float64 {
	if d.Allowed <= 0 {
		if now.Before(d.Due) {
			return 0
		}
		return 1
	}
	end := now
	if !d.StoppedAt.IsZero() && d.StoppedAt.Before(end) {
		end = d.StoppedAt
	}
	elapsed := cal.WorkingBetween(d.Start, end)
	for _, p := range d.Pauses {
		to := p.To
		if to.IsZero() || to.After(end) {
			to = end
		}
		if to.After(p.From) {
			elapsed -= cal.WorkingBetween(p.From, to)
		}
	}
	return max(0, float64(elapsed)/float64(d.Allowed))
}
