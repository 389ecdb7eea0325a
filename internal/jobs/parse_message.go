package jobs

// ParseMessageArgs asks for stored messages to be parsed. The watcher
// enqueues one job per commit batch (MessageIDs, in the batch's
// transaction); MessageID is the single message of a job enqueued before
// batches existed, or by hand.
type ParseMessageArgs struct {
	MessageID  int64   `json:"message_id,omitempty"`
	MessageIDs []int64 `json:"message_ids,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (ParseMessageArgs) Kind() string { return "parse_message" }
