package config

import (
	"fmt"
	"os"
)

// Notices configures the mail a sender receives about their submission
// (issue 14): the acknowledgement with the tracking code, the receipt
// instant and the deadline (Điều 11 khoản 1, Điều 13), and the notices of
// publication, refusal (Điều 14), forwarding (Điều 11 khoản 1, bước 2) and a
// supplement still missing (Điều 11 khoản 2). Each kind can be turned off.
// They are never sent to automatic senders (RFC 3834), about quarantined
// items (Điều 14 khoản 2) or to senders whose domain is not authenticated
// (intake.authserv_id or intake.verify_dkim: without either, none is);
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
	return errs
}
