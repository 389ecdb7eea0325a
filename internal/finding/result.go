package finding

import "github.com/moj-portal/tiepnhan/internal/classify"

// Of is the classification and screening of a classifier's result as the
// store keeps them and `inspect` prints them: the decisions, the evidence
// of each decision taken (the chosen reasons), the Điều 14 grounds and a
// note per flag.
func Of(r classify.Result) (Classification, Screening) {
	c := Classification{Kind: r.Kind, Category: r.Category, Timing: r.Timing, Target: r.Target, Unit: r.Unit,
		Language: r.Language, Reasons: []string{}, Confidence: r.Confidence, NeedsConfirmation: r.NeedsConfirmation, Model: r.Model}
	for _, x := range r.Reasons {
		if x.Chosen {
			c.Reasons = append(c.Reasons, x.String())
		}
	}
	s := Screening{Grounds: append([]string{}, r.Screening.Grounds...), Notes: []string{}}
	for _, f := range r.Screening.Flags {
		s.Notes = append(s.Notes, f.Note())
	}
	return c, s
}
