// Package workers holds tiepnhan's River jobs, one file per kind. Each job
// loads what it needs, calls pure functions, then writes its results, enqueues
// the next step and completes itself in ONE transaction (river.JobCompleteTx),
// so a step is never half done and never done twice; every worker is also
// safe to run again on its own results (River retries and rescues jobs).
//
// The intake pipeline: parse_message → create_submission → triage_submission
// (state awaiting_triage) → set_deadlines; read_message (attachments,
// document fields, sender data) → classify_submission → route_submission,
// route_forward, supplement_request, sender_notice; the deadline jobs
// (deadline_warning, deadline_breach, deadline_escalation) send the alerts.
// The README's "How the code is laid out" draws the flow.
package workers
