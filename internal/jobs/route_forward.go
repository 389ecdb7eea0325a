package jobs

// RouteForwardArgs asks for a query to be forwarded to its unit. Unit,
// Note and By are set when a person forwards from the UI: the unit they
// chose (instead of the classified one), their note, and who they are; the
// forward is then sent even if an earlier one left.
type RouteForwardArgs struct {
	SubmissionID int64  `json:"submission_id"`
	Unit         string `json:"unit,omitempty"`
	Note         string `json:"note,omitempty"`
	By           string `json:"by,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (RouteForwardArgs) Kind() string { return "route_forward" }
