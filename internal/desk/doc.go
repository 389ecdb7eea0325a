// Package desk is the application layer of what a person does at the
// desk: each action on an item (Act, DecideProposal), the registration of
// a submission that came on paper (RegisterPaper), the directory of
// units and people and the working calendar (directory.go, calendar.go).
// One method per use case, called alike by the web UI (internal/web, via
// the interfaces of internal/view) and by the commands (cmd/tiepnhan).
//
// An action runs in one transaction attributed to its principal (the audit
// trail's actor, Điều 6 khoản 2): the store locks and loads the item
// (postgres.Store.ActionItem), the pure state machine decides
// (workflow.Apply: rights, states, inputs, Điều 11–15), the store records
// the decision (RecordAction), then what follows from the action runs in
// the same transaction, one function per action (act_*.go): the mail it
// sends, the deadlines it starts or stops, the corrections it records, the
// routing it redoes. The action and its effects commit together or not at
// all; an effect that cannot happen (a unit without an e-mail address)
// refuses the action with a workflow.InvalidError the person can act on.
//
// The deadlines an action starts or stops are those of internal/deadlines
// (Deps.Deadlines: Event, Cancel, Replace, Recompute), shared with the job
// kinds; the directory in force, the mail settings and the notices are
// internal/pipeline's (Deps, a *pipeline.Service: DirectoryAt, MailOn,
// EnqueueNotice, NoReply), the application layer of the job kinds, so that
// desk never imports workers. desk inserts the jobs an action starts
// (route_forward, supplement_request, route_submission, sender_notice)
// with its River client.
package desk
