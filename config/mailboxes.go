package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/directory"
)

// Mailbox is one more mailbox the service reads, a [[mailbox]] table of
// the file: the English Portal's, a component site's… (Điều 9 khoản 1:
// mail reaches the Board at several addresses). It has its own name,
// credentials and folder, and its own routing and timing defaults
// (default_unit, default_target, default_timing); a setting it leaves out
// is taken from [imap] (security, auth, timing, after_commit…), never the
// credentials nor the defaults. Each is watched under its own lock, by one
// process at a time.
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

// Key is the mailbox's account and folder ("<user>@<addr>/<folder>"), as
// the mailbox table of the database holds them (account, name).
func (m Mailbox) Key() string { return m.Account() + "/" + m.Mailbox }

// Defaults are the mailbox's routing and timing defaults as classification
// takes them (classify.Mailbox).
func (m Mailbox) Defaults() classify.Mailbox {
	return classify.Mailbox{Name: m.Name, Unit: m.DefaultUnit, Target: m.DefaultTarget, Timing: m.DefaultTiming}
}

// Watched returns every mailbox to watch: [imap] when its addr is set
// (named by imap.name, else its user name), then the [[mailbox]] tables.
func (c Config) Watched() []Mailbox {
	var out []Mailbox
	if c.IMAP.Addr != "" {
		out = append(out, Mailbox{Name: c.IMAP.Username, IMAP: c.IMAP})
	}
	return append(out, c.Mailboxes...)
}

// own are the settings a [[mailbox]] never inherits from [imap]: its
// credentials and its routing and timing defaults.
var own = map[string]bool{"Addr": true, "Username": true, "Password": true,
	"OAuthClientSecret": true, "OAuthRefreshToken": true, "OAuthClientID": true,
	"DefaultUnit": true, "DefaultTarget": true, "DefaultTiming": true}

// readMailboxSecrets reads each [[mailbox]]'s secret files (relative to
// the config file's folder).
func readMailboxSecrets(cfg *Config, dir string) error {
	for n := range cfg.Mailboxes {
		m := &cfg.Mailboxes[n]
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

// mailboxEnv applies the environment to the [[mailbox]] tables of the
// file: TIEPNHAN_MAILBOX_<N>_<KEY>, N the table's index as errors give it
// (mailbox[0] is the first table), KEY a setting of the table in upper
// case (TIEPNHAN_MAILBOX_0_PASSWORD, TIEPNHAN_MAILBOX_1_DEFAULT_TARGET);
// a secret also from the file named by …_FILE. The environment cannot add
// a table.
func mailboxEnv(cfg *Config, getenv func(string) string) []error {
	var errs []error
	for n := range cfg.Mailboxes {
		m := &cfg.Mailboxes[n]
		fields := []reflect.StructField{}
		values := []reflect.Value{}
		mv := reflect.ValueOf(m).Elem()
		for _, v := range []reflect.Value{mv, mv.FieldByName("IMAP")} {
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if f.Anonymous || f.Tag.Get("toml") == "" || strings.HasSuffix(f.Tag.Get("toml"), "_file") {
					continue
				}
				fields, values = append(fields, f), append(values, v.Field(i))
			}
		}
		for i, f := range fields {
			name := fmt.Sprintf("mailbox[%d].%s", n, f.Tag.Get("toml"))
			env := fmt.Sprintf("TIEPNHAN_MAILBOX_%d_%s", n, strings.ToUpper(f.Tag.Get("toml")))
			if v := getenv(env); v != "" {
				if err := setFromString(values[i], v); err != nil {
					errs = append(errs, fmt.Errorf("%s (%s): %w", name, env, err))
				}
			}
			if f.Tag.Get("secret") != "true" {
				continue
			}
			if file := getenv(env + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s (%s_FILE): %w", name, env, err))
					continue
				}
				values[i].SetString(strings.TrimRight(string(b), "\r\n"))
			}
		}
	}
	return errs
}

// inheritIMAP fills what each [[mailbox]] left out from [imap] (after the
// environment, so that TIEPNHAN_IMAP_* reaches the mailboxes that take the
// setting from [imap]), never the settings of own.
func inheritIMAP(cfg *Config) {
	for n := range cfg.Mailboxes {
		dst, src := reflect.ValueOf(&cfg.Mailboxes[n].IMAP).Elem(), reflect.ValueOf(cfg.IMAP)
		for i := 0; i < dst.NumField(); i++ {
			if !own[dst.Type().Field(i).Name] && dst.Field(i).IsZero() {
				dst.Field(i).Set(src.Field(i))
			}
		}
	}
}

// validateMailboxes checks each [[mailbox]] as [imap] is checked, the
// routing and timing defaults of each, and that names and (account,
// folder) pairs are unique.
func (c Config) validateMailboxes(bad func(name, format string, args ...any)) {
	validateDefaults("imap", c.IMAP, bad)
	for n, m := range c.Mailboxes {
		p := fmt.Sprintf("mailbox[%d]", n)
		validateIMAP(p, m.IMAP, bad)
		validateDefaults(p, m.IMAP, bad)
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
		key := m.Key()
		if keys[key] {
			bad("mailbox", "%s is watched twice", key)
		}
		names[m.Name], keys[key] = true, true
	}
}

// targets are the values default_target may take: where an item for
// posting goes (classify.Targets without "unit": a query is forwarded to
// its own unit, Điều 11 khoản 1, bước 2).
var targets = []string{"portal_editor", "english_team", "component_site", "board_member", "standing_board"}

// validateDefaults checks a mailbox's routing and timing defaults against
// the values of classification and the units of the directory (its newest
// shipped version, as the rules file's units are checked at start).
func validateDefaults(p string, i IMAP, bad func(name, format string, args ...any)) {
	if i.DefaultTarget != "" && !slices.Contains(targets, i.DefaultTarget) {
		bad(p+".default_target", "must be one of %s, got %q", strings.Join(targets, ", "), i.DefaultTarget)
	}
	if i.DefaultTiming != "" && !slices.Contains(classify.Timings, i.DefaultTiming) {
		bad(p+".default_timing", "must be one of %s (Điều 10, 13), got %q", strings.Join(classify.Timings, ", "), i.DefaultTiming)
	}
	if i.DefaultUnit == "" && i.DefaultTarget != "component_site" {
		return
	}
	dirs, err := directory.Seed()
	if err != nil || len(dirs) == 0 {
		bad(p+".default_unit", "the directory of units cannot be read: %v", err)
		return
	}
	dir := dirs[len(dirs)-1]
	u := dir.Unit(i.DefaultUnit)
	switch {
	case i.DefaultUnit != "" && u == nil:
		bad(p+".default_unit", "%q is not a unit code of the directory (e.g. %s)", i.DefaultUnit, strings.Join(dir.UnitCodes()[:min(3, len(dir.UnitCodes()))], ", "))
	case i.DefaultTarget == "component_site" && i.DefaultUnit == "":
		bad(p+".default_target", `"component_site" needs default_unit: the unit whose component site the items go to`)
	case i.DefaultTarget == "component_site" && u.ComponentSite == "":
		bad(p+".default_target", `"component_site": unit %q has no component site in the directory`, i.DefaultUnit)
	}
}
