package jobs

import (
	"time"

	"github.com/riverqueue/river"
)

// DeadlineWarningArgs is scheduled at the instant a fraction of a
// deadline's allowed working time has elapsed (deadline.Thresholds;
// deadlines.warnings, default 50 % and 80 %).
type DeadlineWarningArgs struct {
	DeadlineID int64 `json:"deadline_id"`
	Percent    int   `json:"percent"`
	// At is the threshold instant the job was scheduled for (UTC, µs).
	At time.Time `json:"at"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (DeadlineWarningArgs) Kind() string { return "deadline_warning" }

// InsertOpts makes the job unique by its args.
func (DeadlineWarningArgs) InsertOpts() river.InsertOpts { return uniqueByArgs() }
