package jobs

import "time"

// SenderNoticeArgs asks for one notice to the sender of a submission
// (internal/notice: the kinds). It is enqueued in the transaction of the
// event it reports (the acknowledgement with the classification, a
// publication or a refusal with the person's action, a forward with its
// sending, a supplement still missing with the breach of its day), so that
// the notice exists if and only if the event does. What the notice says
// beyond the submission's own data comes with the event: the Portal URL
// and instant, the Điều 14 ground, the unit's name.
type SenderNoticeArgs struct {
	SubmissionID int64     `json:"submission_id"`
	Notice       string    `json:"notice"`
	URL          string    `json:"url,omitempty"`
	At           time.Time `json:"at,omitzero"`
	Ground       string    `json:"ground,omitempty"`
	Unit         string    `json:"unit,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (SenderNoticeArgs) Kind() string { return "sender_notice" }
