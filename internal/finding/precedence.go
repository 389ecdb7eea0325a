package finding

// Fields are the decisions of a classification a person can confirm or
// correct in the UI, by the names the store and the corrections use.
var Fields = []string{"kind", "category", "timing", "unit", "target", "language"}

// Field returns the decision named name (one of Fields), "" for another.
func (c Classification) Field(name string) string {
	switch name {
	case "kind":
		return c.Kind
	case "category":
		return c.Category
	case "timing":
		return c.Timing
	case "unit":
		return c.Unit
	case "target":
		return c.Target
	case "language":
		return c.Language
	}
	return ""
}

// Effective is the classification in force for a submission: a person's
// decision wins over the machine's (Điều 11 khoản 1: the Standing Board
// classes what comes in; the machine proposes). person is nil when no one
// confirmed or corrected the machine's classing: the machine's is in force.
// Otherwise each decision is the person's, except a unit, target or
// language the person left empty: the item page leaves them empty when a
// person does not choose them, which keeps the machine's rather than
// clearing it. The evidence (Reasons) stays the machine's.
//
// This is the one place the precedence is written: the deadlines' timing
// class, the stored classification with its corrections and the inbox row
// all follow it.
func Effective(machine Classification, person *Classification) Classification {
	if person == nil {
		return machine
	}
	out := machine
	out.Kind, out.Category, out.Timing = person.Kind, person.Category, person.Timing
	for _, f := range []struct {
		dst  *string
		from string
	}{{&out.Unit, person.Unit}, {&out.Target, person.Target}, {&out.Language, person.Language}} {
		if f.from != "" {
			*f.dst = f.from
		}
	}
	return out
}

// Corrected lists the decisions (by Fields name) where the classification
// in force differs from the machine's: what a person corrected.
func Corrected(machine Classification, person *Classification) []string {
	eff := Effective(machine, person)
	var out []string
	for _, f := range Fields {
		if eff.Field(f) != machine.Field(f) {
			out = append(out, f)
		}
	}
	return out
}

// Quarantined is whether a submission is under quarantine (Điều 14 khoản
// 2): a person's decision ("confirmed", "lifted") wins over the machine's
// marks (machine); none ("") leaves the machine's.
func Quarantined(machine bool, decision string) bool {
	switch decision {
	case "confirmed":
		return true
	case "lifted":
		return false
	}
	return machine
}
