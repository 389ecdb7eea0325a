package classify

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Result is how one message is classed and screened, with the evidence
// behind every decision.
type Result struct {
	// RulesVersion is the version of the rules file that decided.
	RulesVersion string `json:"rules_version"`
	Kind         string `json:"kind"`
	Category     string `json:"category"`
	Timing       string `json:"timing"`
	Target       string `json:"target"`
	Unit         string `json:"unit"`
	Language     string `json:"language"`
	// Complex: the content needs the board member of its field (Điều 12
	// khoản 3).
	Complex bool `json:"complex"`
	// ComponentSite is the component site the item goes to when Target is
	// component_site.
	ComponentSite string `json:"component_site,omitempty"`
	// Reasons is the evidence, decision by decision.
	Reasons []Reason `json:"reasons"`
	// Scores are the totals per decision and value, for staff who tune rules.
	Scores map[string]map[string]float64 `json:"scores"`
	// Model is the version of the learned model that took decisions (""
	// when the rules alone decided); Probabilities are its probabilities
	// per decision and value (issue 11).
	Model         string                        `json:"model,omitempty"`
	Probabilities map[string]map[string]float64 `json:"probabilities,omitempty"`
	// Confidence (0–1) is the probability that the Điều 13 group (khoản 1
	// or khoản 2) of the item's timing class is right: 1 when the rules
	// alone decided.
	Confidence float64 `json:"confidence"`
	// NeedsConfirmation: the model was unsure of the timing class (the item
	// got the stricter Điều 13 khoản 1 deadline: ConfirmFlag) or of the
	// kind (a person routes it); a person's confirmation clears it.
	NeedsConfirmation bool `json:"needs_confirmation"`
	// FailSafe: the fail-safe replaced a khoản 2 timing class (or none) by
	// the khoản 1 class in Timing.
	FailSafe bool `json:"failsafe,omitempty"`
	// Mailbox names the mailbox whose defaults decided MailboxDefaults
	// (the decisions "unit", "timing", "target"), none when the message
	// decided everything itself (mailbox.go).
	Mailbox         string    `json:"mailbox,omitempty"`
	MailboxDefaults []string  `json:"mailbox_defaults,omitempty"`
	Screening       Screening `json:"screening"`
	// Supplement is what the author must still send (Điều 9 khoản 3,
	// Điều 11 khoản 2); empty when nothing is missing.
	Supplement Supplement `json:"supplement"`
	// Key names what the result was computed from, when the pipeline
	// stored it (derive.Classifier.Key): a result of the same key is
	// reused, not computed again.
	Key string `json:"key,omitempty"`
}

// Reason is one piece of evidence for one decision.
type Reason struct {
	Decision string `json:"decision"`
	Value    string `json:"value"`
	// Source is the rule id, or "signal:<name>" for evidence read from the
	// directory, or "structure:<name>" for headers and document fields.
	Source  string  `json:"source"`
	Weight  float64 `json:"weight"`
	Article string  `json:"article,omitempty"`
	// Evidence says what was found and where, in Vietnamese.
	Evidence string `json:"evidence"`
	// Chosen marks evidence for the value that won.
	Chosen bool `json:"chosen"`
}

// String is the reason as staff read it.
func (r Reason) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s = %s ← %s", r.Decision, r.Value, r.Source)
	if r.Weight != 0 {
		fmt.Fprintf(&b, " (%s)", strconv.FormatFloat(r.Weight, 'f', -1, 64))
	}
	if r.Article != "" {
		fmt.Fprintf(&b, " [%s]", r.Article)
	}
	if r.Evidence != "" {
		b.WriteString(": ")
		b.WriteString(r.Evidence)
	}
	return b.String()
}

// Screening is what Điều 14 screening found.
type Screening struct {
	// Grounds are the article numbers raised: "14.2", "14.4", "14.5",
	// "14.6" (14.1 and 14.3 are for people only).
	Grounds []string `json:"grounds"`
	Flags   []Flag   `json:"flags"`
	// Quarantine: a secrecy or internal-circulation mark was found (Điều 14
	// khoản 2): never forwarded, visible only to the Standing Board until a
	// person confirms.
	Quarantine bool `json:"quarantine"`
}

// Flag is one ground raised, with its evidence.
type Flag struct {
	Ground  string `json:"ground"`
	Article string `json:"article"`
	// Message says what was found, in Vietnamese.
	Message string `json:"message"`
	// Evidence are the details: where a mark was, which attachment failed.
	Evidence []string `json:"evidence"`
	// Match is the earlier item a near-duplicate matches (14.4).
	Match *Match `json:"match,omitempty"`
	// ReceivedAt and DueAt are the two instants of a late submission (14.6).
	ReceivedAt time.Time `json:"received_at,omitzero"`
	DueAt      time.Time `json:"due_at,omitzero"`
	// Rule is the deadline rule a late submission missed ("10.1").
	Rule string `json:"rule,omitempty"`
}

// Note is the flag as one line of text.
func (f Flag) Note() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", f.Ground, f.Article, f.Message)
	if len(f.Evidence) > 0 {
		b.WriteString(" — ")
		b.WriteString(strings.Join(f.Evidence, "; "))
	}
	return b.String()
}

// Match is an earlier submission or published item that a text repeats.
type Match struct {
	// Source is "submission" or "published".
	Source string `json:"source"`
	// Ref is the submission reference or the published item's link.
	Ref   string    `json:"ref"`
	Title string    `json:"title"`
	At    time.Time `json:"at,omitzero"`
	// Jaccard is the resemblance of the two texts' shingle sets and
	// Containment the share of the shorter one found in the longer.
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
}

// Supplement is what a supplement request must ask for.
type Supplement struct {
	// Missing and Invalid are the sender-data fields of Điều 9 khoản 3
	// (organization, name, title, tax_code, citizen_id, phone, address).
	Missing []string `json:"missing"`
	Invalid []string `json:"invalid"`
	// PortalLine: the official document does not name the Portal in its
	// Nơi nhận (Điều 9 khoản 2).
	PortalLine bool `json:"portal_line"`
}

// Needed reports whether anything must be asked.
func (s Supplement) Needed() bool {
	return len(s.Missing) > 0 || len(s.Invalid) > 0 || s.PortalLine
}

// FieldNames are the Vietnamese names of the Điều 9 khoản 3 fields, as a
// supplement request lists them.
var FieldNames = map[string]string{
	"organization": "Đơn vị/tổ chức",
	"name":         "Họ và tên",
	"title":        "Chức danh",
	"tax_code":     "Mã số thuế",
	"citizen_id":   "Số căn cước công dân",
	"phone":        "Số điện thoại",
	"address":      "Địa chỉ liên lạc",
}
