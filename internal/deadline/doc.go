// Package deadline holds the deadline rules of Regulation 1319/QĐ-BTP
// (Điều 10, 11 khoản 2, 12 khoản 3, 13) as data, and the deadlines they
// give a submission.
//
// A Rule (rules.toml, embedded, replaceable by LoadRules) names its article,
// quotes its basis, and says from which event the clock starts, which event
// stops it, which timing classes it applies to and how many working days it
// allows. Applicable turns the facts of a submission into Deadlines; a
// Deadline is a value with a small state machine (running, paused, met,
// breached, cancelled) whose transitions are pure functions. Due instants
// come from a workday.Calendar: pauses shift the due instant by the working
// time paused, Recompute redoes the arithmetic after a calendar change and
// Thresholds gives the pre-breach warning instants (50 % and 80 % by
// default).
//
// Like internal/workday, the package is pure: no clock (now is a
// parameter), no I/O except reading a rules file the caller hands in.
package deadline
