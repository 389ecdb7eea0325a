package dataset

import (
	"encoding/json"
	"fmt"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/derive"
)

// Corrected is a submission staff corrected: its stored report, its
// attachment texts and the classification as the people left it.
type Corrected struct {
	Reference string
	Derived   []byte
	Texts     []string
	Labels    map[classify.Decision]string
}

// CorrectionSamples are training samples of corrected submissions (never
// held out: the held-out split is the real corpus').
func CorrectionSamples(cs []Corrected) ([]Sample, error) {
	out := make([]Sample, 0, len(cs))
	for _, c := range cs {
		var rep derive.Report
		if err := json.Unmarshal(c.Derived, &rep); err != nil {
			return nil, fmt.Errorf("report of %s: %w", c.Reference, err)
		}
		out = append(out, Sample{ID: "correction/" + c.Reference, Source: "correction", Split: "train",
			Input: derive.ClassifyInput(rep, c.Texts), Labels: c.Labels})
	}
	return out, nil
}
