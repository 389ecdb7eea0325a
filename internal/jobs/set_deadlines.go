package jobs

import (
	"github.com/riverqueue/river"
)

// SetDeadlinesArgs asks for the deadlines of submissions just put in the
// inbox (triage_submission enqueues one per batch).
type SetDeadlinesArgs struct {
	SubmissionIDs []int64 `json:"submission_ids"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (SetDeadlinesArgs) Kind() string { return "set_deadlines" }

// InsertOpts implements river.JobArgsWithInsertOpts: priority 2, after the
// intake stages (priority 1) of a backlog, so that every message reaches
// the inbox first; the deadlines count from the receipt time whenever they
// are computed (INTERNALDATE, Điều 11 khoản 1 bước 1), and until then the
// inbox shows the due times of the stored report.
func (SetDeadlinesArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Priority: 2} }
