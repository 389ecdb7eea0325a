package classify

import (
	"fmt"
	"strings"
)

// Mailbox is the mailbox a message arrived in, with the defaults its
// administrator declared (config [imap] / [[mailbox]]: default_unit,
// default_target, default_timing). Mail reaches the Board at several
// addresses (Điều 9 khoản 1): the English Portal's mailbox holds items for
// the English team (Điều 21 khoản 6), a component site's mailbox items for
// that site (Điều 11 khoản 1, bước 2).
//
// A default decides only where the message itself says nothing: a
// decision no rule and no signal of the directory reached takes the
// mailbox's value, before the learned model is asked and instead of the
// rules file's [defaults]; the target replaces only the general one (an
// editor of the Portal) for an item for posting. Secrecy marks, English
// text, complexity, a unit's component site and a thread keep their
// targets, and a person's classification wins over all of it
// (finding.Effective).
type Mailbox struct {
	// Name is how people know the mailbox ("Cổng tiếng Anh").
	Name string
	// Unit is a unit code of the directory; Target a value of Targets
	// (not "unit"); Timing a value of Timings. Empty: no default.
	Unit, Target, Timing string
}

// IsZero reports whether the mailbox declares no default.
func (m Mailbox) IsZero() bool { return m.Unit == "" && m.Target == "" && m.Timing == "" }

// SourceMailbox is the Source of a reason for a value taken from the
// mailbox's defaults.
const SourceMailbox = "mailbox:default"

// decisionNames are the Vietnamese names of the decisions a mailbox may
// default, as its history line lists them.
var decisionNames = map[Decision]string{DecideUnit: "đơn vị", DecideTiming: "loại thời hạn", "target": "nơi xử lý"}

// mailboxValue is the mailbox's default for d ("" when none).
func (c *context) mailboxValue(d Decision) string {
	m := c.opts.Mailbox
	switch d {
	case DecideUnit:
		return m.Unit
	case DecideTiming:
		return m.Timing
	case "target":
		return m.Target
	}
	return ""
}

// noEvidence reports whether no rule or signal reached any value of s.
func noEvidence(s *score) bool {
	v, total := s.best()
	return !s.override && (v == "" || total <= 0)
}

// fromMailbox takes the mailbox's default for the decision of s when it
// has one, recording the reason (in Vietnamese) and which decision the
// mailbox decided.
func (c *context) fromMailbox(s *score, why string) (string, bool) {
	v := c.mailboxValue(s.decision)
	if v == "" {
		return "", false
	}
	art := ""
	switch {
	case s.decision == DecideTiming && Strict(v):
		art = "Điều 10 khoản 1, 2; Điều 13 khoản 1"
	case s.decision == DecideTiming:
		art = "Điều 10 khoản 3; Điều 13 khoản 2"
	case s.decision == "target" && v == "english_team":
		art = "Điều 21 khoản 6"
	default:
		art = "Điều 11 khoản 1, bước 2"
	}
	s.add(v, SourceMailbox, 0, art, fmt.Sprintf("%s: lấy giá trị mặc định của hộp thư «%s» mà thư được gửi đến", why, c.opts.Mailbox.Name))
	c.res.Mailbox = c.opts.Mailbox.Name
	c.res.MailboxDefaults = append(c.res.MailboxDefaults, string(s.decision))
	return v, true
}

// MailboxNote says, in Vietnamese, which decisions of r came from the
// defaults of its mailbox ("" when none did), for the item's history.
func (r Result) MailboxNote() string {
	if len(r.MailboxDefaults) == 0 {
		return ""
	}
	names := make([]string, len(r.MailboxDefaults))
	for i, d := range r.MailboxDefaults {
		names[i] = decisionNames[Decision(d)]
	}
	return fmt.Sprintf("%s theo mặc định của hộp thư «%s»", strings.Join(names, ", "), r.Mailbox)
}

// mailboxTarget routes an item for posting that no policy sent elsewhere
// to the mailbox's default target (and, for a component site, to the site
// of the mailbox's unit); false when the mailbox has none to give.
func (c *context) mailboxTarget(s *score) bool {
	m := c.opts.Mailbox
	switch m.Target {
	case "":
		return false
	case "component_site":
		u := c.unit(m.Unit)
		if u == nil || u.ComponentSite == "" {
			return false // not (or no longer) in the directory in force
		}
		if _, ok := c.fromMailbox(s, "không quy định nào khác về nơi xử lý"); !ok {
			return false
		}
		c.res.ComponentSite = u.ComponentSite
		return true
	}
	_, ok := c.fromMailbox(s, "không quy định nào khác về nơi xử lý")
	return ok
}
