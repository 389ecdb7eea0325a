// Package workers holds tiepnhan's River job kinds (their args and stored
// Kind strings are in internal/jobs). A job kind is thin: kinds.go maps
// each kind to the one use case of internal/pipeline it runs, which gets
// the decoded args and the job (pipeline.Job: its id and its completion)
// and completes the job in the transaction that records its work
// (river.JobCompleteTx): a step is never half done and never done twice,
// and every use case is safe to run again on its own results (River
// retries and rescues jobs).
//
// The intake pipeline: parse_message → create_submission → triage_submission
// (state awaiting_triage) → set_deadlines; read_message (attachments,
// document fields, sender data) → classify_submission → route_submission,
// route_forward, supplement_request, sender_notice; the deadline jobs
// (deadline_warning, deadline_breach, deadline_escalation) send the alerts.
// What stays here is River's: Register, the periodic jobs, the yield of
// reading and deadlines to a backlog (IntakeBusy), the timeouts and the
// middleware (Orphans, RetryWhenUnavailable). The README's "How the code is
// laid out" draws the flow.
package workers
