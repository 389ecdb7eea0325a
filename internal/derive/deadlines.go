package derive

import (
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DeadlineOptions are the calendar and rules the report's deadlines are
// computed with. The zero value means the built-in ones (what `tiepnhan
// inspect` uses); the service's own deadlines live in the deadline table,
// computed with its calendar (administrators' days off included).
type DeadlineOptions struct {
	Calendar *workday.Calendar
	Rules    []deadline.Rule
}

// DeadlineFacts returns what the deadline rules need to know from a report
// (finding.Reading.DeadlineFacts): the receipt time, the signing instant or
// date of the document and the timing class of Classification.Timing.
func DeadlineFacts(r Report) deadline.Facts {
	return r.Reading().DeadlineFacts(r.Message.ReceivedAt, r.Classification.Timing)
}

// Deadlines returns the deadlines that apply to the report, with the
// article, the Regulation's text, the due instant and how it was computed.
// Rules or calendar that cannot be loaded yield a problem, not a panic.
func Deadlines(r Report, opts DeadlineOptions) ([]Deadline, *Problem) {
	cal := opts.Calendar
	if cal == nil {
		var err error
		if cal, err = workday.New(workday.DefaultConfig()); err != nil {
			return []Deadline{}, &Problem{Code: "deadlines_unavailable", Detail: err.Error()}
		}
	}
	rules := opts.Rules
	if rules == nil {
		var err error
		if rules, err = deadline.DefaultRules(); err != nil {
			return []Deadline{}, &Problem{Code: "deadlines_unavailable", Detail: err.Error()}
		}
	}
	out := []Deadline{}
	for _, d := range deadline.Applicable(cal, rules, DeadlineFacts(r)) {
		out = append(out, Deadline{
			Rule: d.Rule.ID, Article: d.Rule.Article, StartsAt: d.Start, DueAt: d.Due, Basis: d.Rule.Basis,
			State: string(d.State), Explanation: deadline.Explain(cal, d),
		})
	}
	return out, nil
}

// fillDeadlines sets r.Deadlines (Derive's last step).
func fillDeadlines(r *Report, opts DeadlineOptions) {
	ds, p := Deadlines(*r, opts)
	r.Deadlines = ds
	if p != nil {
		r.Problems = append(r.Problems, *p)
	}
}
