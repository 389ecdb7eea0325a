package intake

import "time"

// SubmissionState is where a submission stands in the Standing Board's work.
type SubmissionState string

// Submission states. Later stages (classification, routing, posting under
// Điều 11–13) add their own; "awaiting_triage" is where intake hands over.
const (
	StateReceived       SubmissionState = "received"
	StateAwaitingTriage SubmissionState = "awaiting_triage"
)

// Submission is one item of work: "tin, bài / thông tin gửi đăng tải" or a
// query, complaint or other message that needs a person (Điều 11 khoản 1).
type Submission struct {
	ID               int64
	Reference        string // human reference, e.g. "TN-2026-000123"
	State            SubmissionState
	Subject          string
	FromAddr         string
	FromName         string
	ReceivedAt       time.Time // receipt time of the first message (INTERNALDATE)
	FirstMessageID   int64
	OutboundThreadID string // the Message-ID root we use when writing to the author
	Flags            []string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}
