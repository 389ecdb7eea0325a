package jobs

// NotifyIntakeStalledArgs runs every alerts.stall_check (a periodic job).
type NotifyIntakeStalledArgs struct{}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (NotifyIntakeStalledArgs) Kind() string { return "notify_intake_stalled" }
