package jobs

import (
	"github.com/riverqueue/river"
)

// NotifyDigestArgs asks for the daily digest of one day.
type NotifyDigestArgs struct {
	// Day is the date of the digest, YYYY-MM-DD (Vietnam).
	Day string `json:"day"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (NotifyDigestArgs) Kind() string { return "notify_digest" }

// InsertOpts makes the job unique by its args: one digest job per day even
// when two leaders enqueue it.
func (NotifyDigestArgs) InsertOpts() river.InsertOpts { return uniqueByArgs() }
