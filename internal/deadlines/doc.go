// Package deadlines is the application layer of the submissions'
// deadlines (Điều 10–13): it loads them, asks the pure rules of
// internal/deadline what changes, stores the changes with their history
// (internal/postgres) and schedules the warning and breach jobs of those
// that run. One method per use case, called alike by the job kinds
// (workers: set_deadlines, read_message, classification, supplement
// requests and replies, forwards, the alert jobs) and by the desk
// (internal/desk: a person's actions, the calendar):
//
//   - Set gives newly triaged submissions their deadlines; Refresh and
//     Replace recompute them when what was read or classified changes;
//   - Event records a workflow event (deadline.OnEvent decides what it
//     stops, pauses, resumes or starts); Cancel and CancelPosting settle
//     what a refusal, a closing or a forward ends; Recompute follows a
//     calendar change;
//   - Warning, Breach and Escalation judge an alert job (wait, skip, or
//     send to whom), Breach making the running → breached transition;
//     Sweep re-enqueues lost breach jobs.
//
// The name is the plural of the rules' package: internal/deadline decides
// about one deadline (pure, no database, no clock), internal/deadlines
// keeps those of every submission. A nil *Service means deadlines are off
// in this process: its reactions do nothing. Sending an alert (two
// transactions around the relay) is internal/pipeline's (alert.go), which
// completes the job in the sending transaction.
package deadlines
