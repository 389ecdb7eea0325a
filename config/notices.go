package config

import (
	"fmt"
	"os"
	"strings"
)

// Notices configures the mail a sender receives about their submission
// (issue 14): the acknowledgement with the tracking code, the receipt
// instant and the deadline (Điều 11 khoản 1, Điều 13), and the notices of
// publication, refusal (Điều 14), forwarding (Điều 11 khoản 1, bước 2) and a
// supplement still missing (Điều 11 khoản 2). Each kind can be turned off.
// They are never sent to automatic senders (RFC 3834), about quarantined
// items (Điều 14 khoản 2) or to senders whose domain is not authenticated;
// they count against classify.per_recipient_per_day.
type Notices struct {
	Acknowledge       bool `toml:"acknowledge"`
	Published         bool `toml:"published"`
	Refused           bool `toml:"refused"`
	Forwarded         bool `toml:"forwarded"`
	SupplementMissing bool `toml:"supplement_missing"`
	// TemplateDir holds administrators' versions of the templates
	// (<kind>.tmpl, the format of internal/notice/templates); a kind
	// without a file there keeps the shipped text. Empty: shipped texts.
	TemplateDir string `toml:"template_dir"`
	// AuthservID is the authserv-id of the intake's own mail server: only
	// its Authentication-Results fields (RFC 8601) are believed, and a
	// notice goes only to a sender whose From domain passed DMARC there (or
	// else SPF). Empty: no sender counts as authenticated and no notice is
	// sent. (Sender authentication of issue 12 replaces this setting.)
	AuthservID string `toml:"authserv_id"`
}

func defaultNotices() Notices {
	return Notices{Acknowledge: true, Published: true, Refused: true, Forwarded: true, SupplementMissing: true}
}

func (c Config) validateNotices() []error {
	var errs []error
	n := c.Notices
	if n.TemplateDir != "" {
		if st, err := os.Stat(n.TemplateDir); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("notices.template_dir: %q is not a directory", n.TemplateDir))
		}
	}
	if strings.ContainsAny(n.AuthservID, " \t;\r\n") {
		errs = append(errs, fmt.Errorf("notices.authserv_id: %q is not an authserv-id (RFC 8601 §2.2)", n.AuthservID))
	}
	return errs
}
