package jobs

// SupplementRequestArgs asks for the author of a submission to be asked for
// what is missing. Note and By are set when a person asks from the UI
// (Điều 11 khoản 2: "chưa rõ ràng, không chính xác, không đầy đủ"): what
// they wrote is sent, even when the machine saw nothing missing, and even
// if an earlier request was sent.
type SupplementRequestArgs struct {
	SubmissionID int64  `json:"submission_id"`
	Note         string `json:"note,omitempty"`
	By           string `json:"by,omitempty"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (SupplementRequestArgs) Kind() string { return "supplement_request" }
