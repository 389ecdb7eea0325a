package deadline

import (
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func FuzzLoadRules(f *testing.F) {
	f.Add(string(embeddedRules))
	f.Add("[[rule]]\nid = \"13.1\"\narticle = \"a\"\nbasis = \"b\"\nstart = \"received\"\nstop = \"published\"\napplies_to = [\"other\"]\ndays = 0.5\n")
	f.Add("[[rule]]\nid = \"1.1\"\ndays = nan\n")
	cal, err := workday.New(workday.DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rs, err := LoadRules(strings.NewReader(src), "fuzz.toml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		// Loaded rules give sane deadlines.
		recv := time.Date(2025, 3, 10, 10, 0, 0, 0, workday.Zone)
		for _, c := range []Class{Direction, AdminDocument, NewsEvent, Other} {
			for _, d := range Applicable(cal, rs, Facts{Class: c, ReceivedAt: recv, SignedOn: workday.Date{Year: 2025, Month: 3, Day: 7},
				EventOn: workday.Date{Year: 2025, Month: 3, Day: 7}, SupplementRequestedAt: recv, BoardMemberAssignedAt: recv}) {
				if d.Due.Before(d.Start) || d.Allowed <= 0 {
					t.Fatalf("rule %s: due %v before start %v (allowed %v)", d.Rule.ID, d.Due, d.Start, d.Allowed)
				}
			}
		}
	})
}
