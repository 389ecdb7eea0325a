package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// [[mailbox]] tables add mailboxes with their own credentials and folder,
// taking the rest from [imap]; a bad one is named by its index.
func TestSeveralMailboxes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.pw"), []byte("pw-en\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "c.toml")
	os.WriteFile(file, []byte(`
[imap]
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"
password = "pw"
poll_interval = "2m"

[[mailbox]]
name = "Cổng tiếng Anh"
addr = "mail.moj.gov.vn:993"
username = "english@moj.gov.vn"
password_file = "en.pw"
mailbox = "Portal"

[[mailbox]]
name = "Trang Thi hành án"
addr = "127.0.0.1:1143"
security = "none"
username = "thads@moj.gov.vn"
password = "pw-thads"
`), 0o600)
	cfg, err := Load(file, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Watched()
	if len(w) != 3 || w[0].Name != "banbientap@moj.gov.vn" || w[1].Name != "Cổng tiếng Anh" {
		t.Fatalf("watched: %+v", w)
	}
	en, th := w[1], w[2]
	if en.Password != "pw-en" || en.Mailbox != "Portal" || en.PollInterval.Duration != 2*time.Minute || en.Security != "tls" || en.Auth != "plain" {
		t.Fatalf("English mailbox: %+v", en.IMAP)
	}
	if th.Mailbox != "INBOX" || th.Security != "none" || th.Password != "pw-thads" || th.Account() != "thads@moj.gov.vn@127.0.0.1:1143" {
		t.Fatalf("component site mailbox: %+v", th.IMAP)
	}

	os.WriteFile(file, []byte(`
[imap]
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"

[[mailbox]]
name = "x"
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"

[[mailbox]]
addr = "mail.example.org:143"
username = "u"
security = "none"
`), 0o600)
	_, err = Load(file, env(nil))
	for _, want := range []string{"watched twice", "mailbox[1].name", "mailbox[1].security"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
}

// Each mailbox declares its own routing and timing defaults; a [[mailbox]]
// never inherits [imap]'s; unknown names are refused with the setting.
func TestMailboxDefaults(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.toml")
	os.WriteFile(file, []byte(`
[imap]
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"
default_timing = "other"

[[mailbox]]
name = "Cổng tiếng Anh"
addr = "mail.moj.gov.vn:993"
username = "english@moj.gov.vn"
default_target = "english_team"
default_timing = "news_event"

[[mailbox]]
name = "Trang Thi hành án"
addr = "mail.moj.gov.vn:993"
username = "thads@moj.gov.vn"
default_unit = "cuc-qlthads"
default_target = "component_site"
`), 0o600)
	cfg, err := Load(file, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Watched()
	if d := w[0].Defaults(); d.Timing != "other" || d.Target != "" || d.Name != "banbientap@moj.gov.vn" {
		t.Errorf("[imap] defaults: %+v", d)
	}
	if d := w[1].Defaults(); d.Target != "english_team" || d.Timing != "news_event" || d.Unit != "" || d.Name != "Cổng tiếng Anh" {
		t.Errorf("English mailbox defaults: %+v", d)
	}
	if d := w[2].Defaults(); d.Unit != "cuc-qlthads" || d.Target != "component_site" || d.Timing != "" {
		t.Errorf("component site mailbox defaults (timing must not come from [imap]): %+v", d)
	}
	if k := w[1].Key(); k != "english@moj.gov.vn@mail.moj.gov.vn:993/INBOX" {
		t.Errorf("key %q", k)
	}

	os.WriteFile(file, []byte(`
[imap]
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"
default_target = "unit"

[[mailbox]]
name = "a"
addr = "mail.moj.gov.vn:993"
username = "a@moj.gov.vn"
default_unit = "cuc-khong-co"
default_timing = "urgent"

[[mailbox]]
name = "b"
addr = "mail.moj.gov.vn:993"
username = "b@moj.gov.vn"
default_target = "component_site"

[[mailbox]]
name = "c"
addr = "mail.moj.gov.vn:993"
username = "c@moj.gov.vn"
default_unit = "cuc-hctp"
default_target = "component_site"
`), 0o600)
	_, err = Load(file, env(nil))
	for _, want := range []string{
		`imap.default_target: must be one of portal_editor`,
		`mailbox[0].default_unit: "cuc-khong-co" is not a unit code`,
		`mailbox[0].default_timing: must be one of direction, admin_document, news_event, other`,
		`mailbox[1].default_target: "component_site" needs default_unit`,
		`mailbox[2].default_target: "component_site": unit "cuc-hctp" has no component site`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}

// TIEPNHAN_MAILBOX_<N>_<KEY> overrides a setting of the N-th [[mailbox]]
// (secrets also from …_FILE); TIEPNHAN_IMAP_* reaches the mailboxes that
// take the setting from [imap], not those that set it.
func TestMailboxEnvironmentOverrides(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("from-env-file\n"), 0o600)
	file := filepath.Join(dir, "c.toml")
	os.WriteFile(file, []byte(`
[imap]
addr = "mail.moj.gov.vn:993"
username = "banbientap@moj.gov.vn"

[[mailbox]]
name = "Cổng tiếng Anh"
addr = "mail.moj.gov.vn:993"
username = "english@moj.gov.vn"
password = "in-file"

[[mailbox]]
name = "Trang Thi hành án"
addr = "mail.moj.gov.vn:993"
username = "thads@moj.gov.vn"
password = "in-file"
poll_interval = "30s"
`), 0o600)
	cfg, err := Load(file, env(map[string]string{
		"TIEPNHAN_MAILBOX_0_PASSWORD":       "from-env",
		"TIEPNHAN_MAILBOX_0_DEFAULT_TARGET": "english_team",
		"TIEPNHAN_MAILBOX_1_PASSWORD_FILE":  pw,
		"TIEPNHAN_MAILBOX_1_MAILBOX":        "Thads",
		"TIEPNHAN_IMAP_POLL_INTERVAL":       "5m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	en, th := cfg.Mailboxes[0], cfg.Mailboxes[1]
	if en.Password != "from-env" || en.DefaultTarget != "english_team" || en.PollInterval.Duration != 5*time.Minute {
		t.Errorf("mailbox[0]: password %q target %q poll %s", en.Password, en.DefaultTarget, en.PollInterval.Duration)
	}
	if th.Password != "from-env-file" || th.Mailbox != "Thads" || th.PollInterval.Duration != 30*time.Second {
		t.Errorf("mailbox[1]: password %q folder %q poll %s", th.Password, th.Mailbox, th.PollInterval.Duration)
	}

	for k, want := range map[string]string{
		"TIEPNHAN_MAILBOX_1_BATCH_SIZE":     "mailbox[1].batch_size (TIEPNHAN_MAILBOX_1_BATCH_SIZE)",
		"TIEPNHAN_MAILBOX_0_DEFAULT_TIMING": "mailbox[0].default_timing",
	} {
		if _, err = Load(file, env(map[string]string{k: "many"})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v does not say %q", k, err, want)
		}
	}
}
