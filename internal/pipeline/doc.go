// Package pipeline is the application layer of what the service does on
// its own with a mail: receive a mailbox's batch (Receive), record a reply
// or a unit's answer (RecordReply), and everything it writes to people
// outside the Board or to its own staff — the notices to senders
// (SendNotice, EnqueueNotice), the forwards to units (Forward), the
// supplement requests (RequestSupplement), the deadline alerts, the daily
// digest and the stalled-intake alert (Warn, Breach, Escalate, Digest,
// CheckIntake) — with the per-recipient cap kept in PostgreSQL
// (ReserveMail) and the addresses never written to automatically (NoReply).
//
// One method per use case, called alike by the job kinds (package workers:
// decode a job's args, call the use case in the job's transaction, finish)
// and by the desk (internal/desk: a person's actions, which enqueue the
// same notices and read the same directory and mail settings). Neither of
// them is imported here: the layering is workers → pipeline ← desk, and
// both use internal/deadlines for the deadlines.
//
// A use case that ends a job takes the Job (its id and its completion,
// Job.Done), and calls Job.Done in the transaction that records the work,
// so that the work and the job's completion commit together. An error wrapped by river.JobCancel or
// river.JobSnooze means what River makes of it (the item is gone, the cap
// is reached).
package pipeline
