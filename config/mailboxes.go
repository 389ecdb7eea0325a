package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// Mailbox is one more mailbox the service reads, a [[mailbox]] table of
// the file: the English Portal's, a component site's… (Điều 9 khoản 1:
// mail reaches the Board at several addresses). It has its own name,
// credentials and folder; a setting it leaves out is taken from [imap]
// (security, auth, timing, after_commit…), never the credentials. Each is
// watched under its own lock, by one process at a time.
type Mailbox struct {
	// Name is how people see it in the inbox ("Cổng tiếng Anh").
	Name string `toml:"name"`
	IMAP
	// The secrets can be read from files, as in [imap].
	PasswordFile          string `toml:"password_file"`
	OAuthClientSecretFile string `toml:"oauth_client_secret_file"`
	OAuthRefreshTokenFile string `toml:"oauth_refresh_token_file"`
}

// Account is the watcher's name for the mailbox's account (the key of its
// lock and of its row in the mailbox table).
func (m Mailbox) Account() string { return m.Username + "@" + m.Addr }

// Watched returns every mailbox to watch: [imap] when its addr is set
// (named by imap.name, else its user name), then the [[mailbox]] tables.
func (c Config) Watched() []Mailbox {
	var out []Mailbox
	if c.IMAP.Addr != "" {
		out = append(out, Mailbox{Name: c.IMAP.Username, IMAP: c.IMAP})
	}
	return append(out, c.Mailboxes...)
}

// credentials are the settings a [[mailbox]] never inherits from [imap].
var credentials = map[string]bool{"Addr": true, "Username": true, "Password": true,
	"OAuthClientSecret": true, "OAuthRefreshToken": true, "OAuthClientID": true}

// resolveMailboxes fills what each [[mailbox]] left out from [imap] and
// reads its secret files (relative to the config file's folder).
func resolveMailboxes(cfg *Config, dir string) error {
	for n := range cfg.Mailboxes {
		m := &cfg.Mailboxes[n]
		dst, src := reflect.ValueOf(&m.IMAP).Elem(), reflect.ValueOf(cfg.IMAP)
		for i := 0; i < dst.NumField(); i++ {
			if !credentials[dst.Type().Field(i).Name] && dst.Field(i).IsZero() {
				dst.Field(i).Set(src.Field(i))
			}
		}
		for _, f := range []struct {
			path string
			dst  *string
		}{{m.PasswordFile, &m.Password}, {m.OAuthClientSecretFile, &m.OAuthClientSecret}, {m.OAuthRefreshTokenFile, &m.OAuthRefreshToken}} {
			if f.path == "" {
				continue
			}
			p := f.path
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return fmt.Errorf("mailbox[%d] %q: secret file: %w", n, m.Name, err)
			}
			*f.dst = strings.TrimRight(string(b), "\r\n")
		}
	}
	return nil
}

// validateMailboxes checks each [[mailbox]] as [imap] is checked, and
// that names and (account, folder) pairs are unique.
func (c Config) validateMailboxes(bad func(name, format string, args ...any)) {
	for n, m := range c.Mailboxes {
		p := fmt.Sprintf("mailbox[%d]", n)
		validateIMAP(p, m.IMAP, bad)
		if m.Addr == "" {
			bad(p+".addr", "must be set")
		}
		if m.Name == "" {
			bad(p+".name", "must be set: the inbox shows it")
		}
	}
	names, keys := map[string]bool{}, map[string]bool{}
	for _, m := range c.Watched() {
		if names[m.Name] {
			bad("mailbox", "the name %q is given to two mailboxes", m.Name)
		}
		key := m.Account() + "/" + m.Mailbox
		if keys[key] {
			bad("mailbox", "%s is watched twice", key)
		}
		names[m.Name], keys[key] = true, true
	}
}
