package jobs

// ClassifySubmissionArgs asks for a submission to be classified and
// screened once its first message is read.
type ClassifySubmissionArgs struct {
	SubmissionID int64 `json:"submission_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (ClassifySubmissionArgs) Kind() string { return "classify_submission" }
