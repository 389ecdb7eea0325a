package config

import (
	"fmt"
	"time"
)

// UI configures the triage web interface, its accounts and the protection
// of personal data (issue 6; Quy chế 1319/QĐ-BTP Điều 4 khoản 4, 6 khoản 2,
// 7).
type UI struct {
	// KeyFile holds the AES-256 keys that seal senders' citizen IDs, tax
	// codes, phones and addresses and key the audit chain (internal/crypto
	// format; `tiepnhan pii keygen` writes one). It also seals the raw
	// mail, bodies and attachment texts (migration 00003). `serve` refuses
	// to start without it; only `demo` creates it (one fresh key, mode 0600).
	KeyFile string `toml:"key_file"`
	// SecureCookies marks the cookies Secure even when http.addr is
	// loopback (they are Secure on any other address, and whenever a
	// trusted proxy reports TLS: Config.SecureCookies).
	SecureCookies bool `toml:"secure_cookies"`
	// SessionIdle ends a session unused this long; SessionMax ends every
	// session this long after sign-in.
	SessionIdle Duration `toml:"session_idle"`
	SessionMax  Duration `toml:"session_max"`
	// AuditSealEvery is how often committed audit rows are sealed into the
	// hash chain.
	AuditSealEvery Duration `toml:"audit_seal_every"`
}

func defaultUI() UI {
	return UI{KeyFile: "var/pii.keys", SessionIdle: Duration{30 * time.Minute}, SessionMax: Duration{10 * time.Hour}, AuditSealEvery: Duration{2 * time.Second}}
}

func (c Config) validateUI() []error {
	var errs []error
	u := c.UI
	if u.KeyFile == "" {
		errs = append(errs, fmt.Errorf("ui.key_file: must name the personal-data key file (Điều 4 khoản 4)"))
	}
	for _, d := range []struct {
		name     string
		v        time.Duration
		min, max time.Duration
	}{
		{"ui.session_idle", u.SessionIdle.Duration, time.Minute, 24 * time.Hour},
		{"ui.session_max", u.SessionMax.Duration, time.Minute, 30 * 24 * time.Hour},
		{"ui.audit_seal_every", u.AuditSealEvery.Duration, 100 * time.Millisecond, time.Hour},
	} {
		if d.v < d.min || d.v > d.max {
			errs = append(errs, fmt.Errorf("%s: must be between %s and %s, got %s", d.name, d.min, d.max, d.v))
		}
	}
	if u.SessionMax.Duration < u.SessionIdle.Duration {
		errs = append(errs, fmt.Errorf("ui.session_max: must not be below ui.session_idle (%s)", u.SessionIdle.Duration))
	}
	return errs
}
