package dataset

import (
	"fmt"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/finding"
)

// Corrected is a submission staff corrected: its stored report and what
// the store keeps typed of it (derive.Restored), its attachment texts and
// the classification as the people left it.
type Corrected struct {
	Reference string
	Derived   []byte
	Reading   finding.Reading
	Texts     []string
	Labels    map[classify.Decision]string
}

// CorrectionSamples are training samples of corrected submissions (never
// held out: the held-out split is the real corpus').
func CorrectionSamples(cs []Corrected) ([]Sample, error) {
	out := make([]Sample, 0, len(cs))
	for _, c := range cs {
		res, err := derive.Restored(c.Derived, c.Reading, c.Texts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Reference, err)
		}
		out = append(out, Sample{ID: "correction/" + c.Reference, Source: "correction", Split: "train",
			Input: derive.ClassifyInput(res.Report, res.Texts), Labels: c.Labels})
	}
	return out, nil
}
