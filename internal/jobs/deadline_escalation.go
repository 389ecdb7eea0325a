package jobs

import (
	"time"

	"github.com/riverqueue/river"
)

// DeadlineEscalationArgs is scheduled, when a deadline is breached, for each
// step of the escalation chain: step n at n × alerts.escalation_delay of
// working time after the due instant, and never sooner than one delay
// after the step before it was sent (deadlines.nextStepWait).
type DeadlineEscalationArgs struct {
	DeadlineID int64 `json:"deadline_id"`
	// Step 1 tells the head of the Standing Board, step 2 the head of the
	// Board.
	Step int `json:"step"`
	// Due is the due instant that was breached; the job does nothing when
	// the breach was undone (a calendar change moved the due instant).
	Due time.Time `json:"due"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (DeadlineEscalationArgs) Kind() string { return "deadline_escalation" }

// InsertOpts makes the job unique by its args.
func (DeadlineEscalationArgs) InsertOpts() river.InsertOpts { return uniqueByArgs() }
