package finding

import (
	"reflect"
	"testing"
)

func TestEffective(t *testing.T) {
	machine := Classification{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-pbgdpl",
		Target: "portal_editor", Language: "vi", Reasons: []string{"kind = publish ← r1"}}
	for _, tc := range []struct {
		name      string
		person    *Classification
		want      Classification
		corrected []string
	}{
		{"no person: the machine's", nil, machine, nil},
		{"a person confirms: unchanged", &Classification{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-pbgdpl",
			Target: "portal_editor", Language: "vi"}, machine, nil},
		{"a person corrects the class and timing", &Classification{Kind: "publish", Category: "8.1", Timing: "direction"},
			Classification{Kind: "publish", Category: "8.1", Timing: "direction", Unit: "cuc-pbgdpl", Target: "portal_editor",
				Language: "vi", Reasons: machine.Reasons}, []string{"category", "timing"}},
		{"empty unit, target, language keep the machine's; an empty timing or category is a decision",
			&Classification{Kind: "query"},
			Classification{Kind: "query", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi", Reasons: machine.Reasons},
			[]string{"kind", "category", "timing"}},
		{"a chosen unit, target and language win", &Classification{Kind: "query", Unit: "vu-pl", Target: "unit", Language: "en"},
			Classification{Kind: "query", Unit: "vu-pl", Target: "unit", Language: "en", Reasons: machine.Reasons},
			[]string{"kind", "category", "timing", "unit", "target", "language"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Effective(machine, tc.person); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Effective = %+v, want %+v", got, tc.want)
			}
			if got := Corrected(machine, tc.person); !reflect.DeepEqual(got, tc.corrected) {
				t.Errorf("Corrected = %v, want %v", got, tc.corrected)
			}
		})
	}
}

// Before the machine classified (no machine classification), a person's
// decision is the whole classification in force.
func TestEffectiveWithoutMachine(t *testing.T) {
	p := &Classification{Kind: "complaint", Timing: "other", Unit: "vu-pl"}
	if got := Effective(Classification{}, p); got.Kind != "complaint" || got.Timing != "other" || got.Unit != "vu-pl" {
		t.Errorf("Effective = %+v", got)
	}
}

func TestField(t *testing.T) {
	c := Classification{Kind: "k", Category: "c", Timing: "t", Unit: "u", Target: "g", Language: "l"}
	var got []string
	for _, f := range Fields {
		got = append(got, c.Field(f))
	}
	if !reflect.DeepEqual(got, []string{"k", "c", "t", "u", "g", "l"}) || c.Field("complex") != "" {
		t.Errorf("fields %v", got)
	}
}

func TestQuarantined(t *testing.T) {
	for _, tc := range []struct {
		machine  bool
		decision string
		want     bool
	}{{true, "", true}, {false, "", false}, {true, "lifted", false}, {false, "confirmed", true}, {true, "confirmed", true}, {false, "lifted", false}} {
		if got := Quarantined(tc.machine, tc.decision); got != tc.want {
			t.Errorf("Quarantined(%v, %q) = %v", tc.machine, tc.decision, got)
		}
	}
}
