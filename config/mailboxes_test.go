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
