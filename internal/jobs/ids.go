package jobs

import "github.com/riverqueue/river"

// uniqueByArgs are the insert options of a job kind unique by its args:
// inserting the same job twice (the same deadline, step and instant; the
// same day) inserts one job.
func uniqueByArgs() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// IDs is every message of the job.
func (a ParseMessageArgs) IDs() []int64 { return batch(a.MessageID, a.MessageIDs) }

// IDs is every message of the job.
func (a CreateSubmissionArgs) IDs() []int64 { return batch(a.MessageID, a.MessageIDs) }

// IDs is every submission of the job.
func (a TriageSubmissionArgs) IDs() []int64 { return batch(a.SubmissionID, a.SubmissionIDs) }

// batch joins the single id of a job enqueued before batches existed (or
// by hand) and the ids of a batch job.
func batch(one int64, many []int64) []int64 {
	if one == 0 {
		return many
	}
	return append([]int64{one}, many...)
}
