package jobs

// DeadlineSweepArgs runs every minute (a periodic job).
type DeadlineSweepArgs struct{}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (DeadlineSweepArgs) Kind() string { return "deadline_sweep" }
