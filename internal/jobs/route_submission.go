package jobs

// RouteSubmissionArgs asks for a classified submission to be sent to whoever
// handles it.
type RouteSubmissionArgs struct {
	SubmissionID int64 `json:"submission_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (RouteSubmissionArgs) Kind() string { return "route_submission" }
