package jobs

// CreateSubmissionArgs asks for parsed messages to become submissions, or
// to attach to the ones they answer: MessageIDs for a batch (what
// parse_message enqueues), MessageID for one message (a job enqueued before
// batches existed).
type CreateSubmissionArgs struct {
	MessageID  int64   `json:"message_id,omitempty"`
	MessageIDs []int64 `json:"message_ids,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (CreateSubmissionArgs) Kind() string { return "create_submission" }
