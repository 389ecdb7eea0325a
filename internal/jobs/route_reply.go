package jobs

// RouteReplyArgs asks for a reply attached to a submission to be matched
// with the message of ours it answers.
type RouteReplyArgs struct {
	SubmissionID int64 `json:"submission_id"`
	MessageID    int64 `json:"message_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (RouteReplyArgs) Kind() string { return "route_reply" }
