package jobs

import (
	"time"

	"github.com/riverqueue/river"
)

// DeadlineBreachArgs is scheduled at a deadline's due instant.
type DeadlineBreachArgs struct {
	DeadlineID int64 `json:"deadline_id"`
	// Due is the due instant the job was scheduled for (UTC, µs); the job
	// does nothing when the deadline's due instant has moved since.
	Due time.Time `json:"due"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (DeadlineBreachArgs) Kind() string { return "deadline_breach" }

// InsertOpts makes the job unique by its args: scheduling the same breach
// twice inserts one job.
func (DeadlineBreachArgs) InsertOpts() river.InsertOpts { return uniqueByArgs() }
