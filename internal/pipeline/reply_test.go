package pipeline

import (
	"slices"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/finding"
)

func TestAnswered(t *testing.T) {
	var rep finding.Reading
	rep.Submitter.Missing = []string{"organization", "address"}
	rep.Submitter.Invalid = []string{"phone"}
	supplied, still := answered([]string{"tax_code", "address"}, []string{"phone", "citizen_id"}, true, rep)
	if !slices.Equal(supplied, []string{"tax_code", "citizen_id"}) || !slices.Equal(still, []string{"address", "phone", "portal_line"}) {
		t.Errorf("supplied %v still %v", supplied, still)
	}
	rep.Document.Found, rep.Document.PortalRecipient = true, true
	if s, _ := answered(nil, nil, true, rep); !slices.Equal(s, []string{"portal_line"}) {
		t.Errorf("a document naming the Portal does not supply the line: %v", s)
	}
}
