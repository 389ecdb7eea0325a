package jobs

// TriageSubmissionArgs hands submissions to the Standing Board's triage:
// SubmissionIDs for a batch (what create_submission enqueues),
// SubmissionID for one (a job enqueued before batches existed).
type TriageSubmissionArgs struct {
	SubmissionID  int64   `json:"submission_id,omitempty"`
	SubmissionIDs []int64 `json:"submission_ids,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (TriageSubmissionArgs) Kind() string { return "triage_submission" }
