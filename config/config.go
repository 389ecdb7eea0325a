// Package config is tiepnhan's typed configuration: a TOML file (see
// tiepnhan.example.toml, every setting commented) overridden by environment
// variables, with secrets read from files. Load never half-succeeds: every
// bad value is reported with the name of its setting.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/tomlpos"
)

// Config is the whole configuration. The toml tag of each field is also the
// source of its environment variable: TIEPNHAN_<SECTION>_<KEY> in upper case,
// e.g. imap.password → TIEPNHAN_IMAP_PASSWORD. A field marked secret:"true"
// can also be read from a file named by TIEPNHAN_<SECTION>_<KEY>_FILE or by
// the "<key>_file" setting.
type Config struct {
	Database Database `toml:"database"`
	IMAP     IMAP     `toml:"imap"`
	Intake   Intake   `toml:"intake"`
	HTTP     HTTP     `toml:"http"`
	SMTP     SMTP     `toml:"smtp"`
	Log      Log      `toml:"log"`
	Workers  Workers  `toml:"workers"`
	// Deadlines and Alerts: see deadlines.go.
	Deadlines Deadlines `toml:"deadlines"`
	Alerts    Alerts    `toml:"alerts"`
	// Classify: see classify.go.
	Classify Classify `toml:"classify"`
	// Notices: see notices.go.
	Notices Notices `toml:"notices"`
	// UI: see ui.go.
	UI UI `toml:"ui"`
	// Mailboxes are further mailboxes, [[mailbox]] tables (mailboxes.go).
	Mailboxes []Mailbox `toml:"mailbox"`
	// Memory: see memory.go.
	Memory Memory `toml:"memory"`
}

// Database is where everything is kept.
type Database struct {
	// URL is a PostgreSQL connection string. Empty means: use DATABASE_URL,
	// else start a private cluster under EmbeddedDir (the embedded default).
	URL         string `toml:"url" secret:"true"`
	EmbeddedDir string `toml:"embedded_dir"`
	MaxConns    int    `toml:"max_conns"`
	// OwnerURL connects as the role that owns the schema (issue 12 finding
	// 8): `migrate` (and `serve`'s start-up migration, when it is set there)
	// uses it, and gives the role of URL — the service's — its rights, so
	// that the service runs without DDL and cannot write the audit log
	// directly. Empty: URL does everything (one role; `serve` warns).
	OwnerURL string `toml:"owner_url" secret:"true"`
	// VerifierRole is the read-only role of `audit verify` that `migrate`
	// creates (where it may) and grants SELECT on the audit log when
	// OwnerURL is set; "" for none.
	VerifierRole string `toml:"verifier_role"`
}

// IMAP is the mailbox the watcher reads (banbientap@moj.gov.vn).
type IMAP struct {
	// Addr is host:port. Empty means: the embedded in-process demo server.
	Addr     string `toml:"addr"`
	Security string `toml:"security"` // "tls", "starttls" or "none" (loopback only)
	Username string `toml:"username"`
	Password string `toml:"password" secret:"true"`
	// Auth is "plain" (LOGIN, the default), or "xoauth2" / "oauthbearer"
	// (RFC 7628) with OAuth 2.0 tokens (Microsoft 365, Google Workspace)
	// from the oauth_* settings.
	Auth string `toml:"auth"`
	// OAuthFlow is "refresh_token" (a mailbox a person authorised once:
	// OAuthRefreshToken is the first refresh token; the rotated ones are
	// kept sealed in the database) or "client_credentials" (an application
	// granted access to the mailbox).
	OAuthFlow         string `toml:"oauth_flow"`
	OAuthTokenURL     string `toml:"oauth_token_url"`
	OAuthClientID     string `toml:"oauth_client_id"`
	OAuthClientSecret string `toml:"oauth_client_secret" secret:"true"`
	// OAuthScopes are space-separated, e.g.
	// "https://outlook.office365.com/IMAP.AccessAsUser.All offline_access".
	OAuthScopes       string `toml:"oauth_scopes"`
	OAuthRefreshToken string `toml:"oauth_refresh_token" secret:"true"`
	Mailbox           string `toml:"mailbox"`
	// AfterCommit is what happens to a message once it is safely stored:
	// "none", "keyword" (set Keyword) or "move" (to MoveTo; only with MOVE or
	// UIDPLUS, never a bare EXPUNGE).
	AfterCommit  string   `toml:"after_commit"`
	Keyword      string   `toml:"keyword"`
	MoveTo       string   `toml:"move_to"`
	PollInterval Duration `toml:"poll_interval"`
	// IdleRestart re-issues IDLE this often (RFC 2177 asks clients to do so
	// at least every 29 minutes), with a NOOP between cycles.
	IdleRestart Duration `toml:"idle_restart"`
	// CommandTimeout is the watchdog: a command that has not completed by
	// then closes the connection (go-imap has no response timeout).
	CommandTimeout Duration `toml:"command_timeout"`
	DialTimeout    Duration `toml:"dial_timeout"`
	Keepalive      Duration `toml:"keepalive"`
	BackoffMin     Duration `toml:"backoff_min"`
	BackoffMax     Duration `toml:"backoff_max"`
	// BatchSize is how many messages are committed in one transaction; each
	// intake stage (parse, create, triage) handles a batch in one job, so a
	// larger batch costs less per message during a backlog (250: 666 msg/s
	// against 560 msg/s at 100 in bench-drain) and nothing when mail trickles.
	BatchSize int `toml:"batch_size"`
	// DefaultUnit (a unit code of the directory), DefaultTarget (where an
	// item for posting goes: portal_editor, english_team, component_site,
	// board_member, standing_board) and DefaultTiming (direction,
	// admin_document, news_event, other) are what an item from this
	// mailbox gets where classification finds nothing better (a
	// component_site target needs a DefaultUnit with a component site).
	// Empty: none. A [[mailbox]] never inherits them (mailboxes.go).
	DefaultUnit   string `toml:"default_unit"`
	DefaultTarget string `toml:"default_target"`
	DefaultTiming string `toml:"default_timing"`
}

// Intake tunes what is done with each message.
type Intake struct {
	// MaxMessageBytes: larger messages are kept with their headers only and
	// flagged for a person, never dropped.
	MaxMessageBytes int64 `toml:"max_message_bytes"`
	// OwnDomain is the right-hand side of the Message-IDs we write, so that
	// replies to our own mail attach to their submission.
	OwnDomain string `toml:"own_domain"`
	// ReferencePrefix starts every submission's human reference ("TN").
	ReferencePrefix string `toml:"reference_prefix"`
	// AuthServID is the authserv-id of the receiving mail server whose
	// Authentication-Results header (RFC 8601) is believed; VerifyDKIM
	// checks DKIM and DMARC ourselves (DNS) where it wrote none. With
	// either set, automatic mail goes only to authenticated senders
	// (issue 12, finding 2).
	AuthServID string `toml:"authserv_id"`
	VerifyDKIM bool   `toml:"verify_dkim"`
	// TrustStore is a directory of the root certificates (PEM, .pem .crt
	// .cer) digital signatures of attachments are chained to: the
	// Government CA roots of Ban Cơ yếu Chính phủ and others an
	// administrator adds. Empty: signatures are verified, none trusted.
	TrustStore string `toml:"trust_store"`
}

// HTTP is the web server: probes, metrics and the UI (see http.go).
type HTTP struct {
	Addr string `toml:"addr"`
	// MetricsAddr, when set, serves /metrics there (an address only the
	// monitoring network reaches) and not on Addr; otherwise /metrics on
	// Addr needs MetricsToken as a bearer token, or an administrator.
	MetricsAddr  string `toml:"metrics_addr"`
	MetricsToken string `toml:"metrics_token" secret:"true"`
	// TrustedProxies are the reverse proxies (comma-separated addresses or
	// CIDR prefixes) whose ClientIPHeader names the client and whose
	// X-Forwarded-Proto says the client came over TLS.
	TrustedProxies string `toml:"trusted_proxies"`
	ClientIPHeader string `toml:"client_ip_header"`
	// ReadTimeout (the whole request, a 50 MB scan included), WriteTimeout
	// and IdleTimeout (keep-alive) bound each connection.
	ReadTimeout  Duration `toml:"read_timeout"`
	WriteTimeout Duration `toml:"write_timeout"`
	IdleTimeout  Duration `toml:"idle_timeout"`
}

// SMTP is the outgoing mail relay.
type SMTP struct {
	// Addr is host:port; empty means the embedded sink writing to SinkDir.
	Addr     string `toml:"addr"`
	From     string `toml:"from"`
	Username string `toml:"username"`
	Password string `toml:"password" secret:"true"`
	SinkDir  string `toml:"sink_dir"`
	// Security is "starttls" (required), "tls" (implicit, port 465) or
	// "none" (loopback only).
	Security string `toml:"security"`
}

// Log configures log/slog.
type Log struct {
	Level  string `toml:"level"`  // debug, info, warn, error
	Format string `toml:"format"` // json or text
}

// Workers sizes and times the River job queue.
type Workers struct {
	MaxWorkers int `toml:"max_workers"`
	// MaxReaders bounds the jobs that read attachments (PDF, DOCX, OCR) —
	// CPU-heavy work kept in a queue of its own so that intake (storing,
	// parsing, putting items in the inbox) never waits behind it.
	MaxReaders int `toml:"max_readers"`
	// JobTimeout bounds an ordinary job; ParseTimeout the parsing and
	// extraction of one message (OCR of a scan takes minutes).
	JobTimeout   Duration `toml:"job_timeout"`
	ParseTimeout Duration `toml:"parse_timeout"`
	// RescueAfter: a job still "running" this long (its process died) is
	// retried. Every worker is safe to run twice.
	RescueAfter Duration `toml:"rescue_after"`
	// ReadYield: during a backlog, a job reading attachments waits up to
	// this long while intake jobs (parse, create, triage, deadlines) are
	// ready or running, and set_deadlines while the first three are, so
	// that the backlog reaches the inbox first; 0 turns the waits off.
	ReadYield Duration `toml:"read_yield"`
}

// Duration is a time.Duration written as "30s", "5m" in TOML and environment.
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration (e.g. 30s, 5m, 1h)", string(b))
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// Default returns the configuration used when nothing is set: the embedded
// default of the README (private PostgreSQL, in-process IMAP server).
func Default() Config {
	return Config{
		Database: Database{EmbeddedDir: "var/pg", MaxConns: 20, VerifierRole: "tiepnhan_verifier"},
		IMAP: IMAP{
			Security: "tls", Auth: "plain", Mailbox: "INBOX", AfterCommit: "none",
			Keyword: "$TiepNhan", MoveTo: "TiepNhan/DaNhan",
			PollInterval:   Duration{time.Minute},
			IdleRestart:    Duration{9 * time.Minute},
			CommandTimeout: Duration{2 * time.Minute},
			DialTimeout:    Duration{30 * time.Second},
			Keepalive:      Duration{30 * time.Second},
			BackoffMin:     Duration{time.Second},
			BackoffMax:     Duration{5 * time.Minute},
			BatchSize:      250,
		},
		Intake: Intake{
			MaxMessageBytes: 50 << 20,
			OwnDomain:       "tiepnhan.moj.gov.vn",
			ReferencePrefix: "TN",
		},
		HTTP:      defaultHTTP(),
		SMTP:      SMTP{From: "Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>", SinkDir: "var/outbox", Security: "starttls"},
		Log:       Log{Level: "info", Format: "json"},
		Workers:   Workers{MaxWorkers: 20, MaxReaders: 2, JobTimeout: Duration{time.Minute}, ParseTimeout: Duration{10 * time.Minute}, RescueAfter: Duration{15 * time.Minute}, ReadYield: Duration{30 * time.Second}},
		Deadlines: defaultDeadlines(),
		Alerts:    defaultAlerts(),
		Classify:  defaultClassify(),
		Notices:   defaultNotices(),
		UI:        defaultUI(),
		Memory:    defaultMemory(),
	}
}

// Load reads the TOML file at path (none when path is empty) over the
// defaults, then applies environment overrides read through getenv, reads
// secret files, and validates. The error lists every bad setting by name.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	if path != "" {
		md, err := toml.DecodeFile(path, &cfg)
		if err != nil {
			if pe := tomlpos.DecodeError(path, err); pe.Line > 0 {
				return cfg, fmt.Errorf("config %s: line %d: %s", path, pe.Line, pe.Msg)
			}
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
		if undec := md.Undecoded(); len(undec) > 0 {
			keys := make([]string, 0, len(undec))
			for _, k := range undec {
				if strings.HasSuffix(k.String(), "_file") {
					continue // secret file settings, handled below
				}
				keys = append(keys, k.String())
			}
			if len(keys) > 0 {
				return cfg, fmt.Errorf("config %s: unknown setting(s): %s", path, strings.Join(keys, ", "))
			}
		}
		if err := readSecretFileSettings(path, &cfg); err != nil {
			return cfg, err
		}
		if err := readMailboxSecrets(&cfg, filepath.Dir(path)); err != nil { // mailboxes.go
			return cfg, err
		}
	}
	var errs []error
	walk(&cfg, func(name string, f reflect.Value, secret bool) {
		env := "TIEPNHAN_" + strings.ToUpper(strings.ReplaceAll(name, ".", "_"))
		if v := getenv(env); v != "" {
			if err := setFromString(f, v); err != nil {
				errs = append(errs, fmt.Errorf("%s (%s): %w", name, env, err))
			}
		}
		if secret {
			if file := getenv(env + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s (%s_FILE): %w", name, env, err))
					return
				}
				f.SetString(strings.TrimRight(string(b), "\r\n"))
			}
		}
	})
	errs = append(errs, mailboxEnv(&cfg, getenv)...) // mailboxes.go
	inheritIMAP(&cfg)
	if cfg.Database.URL == "" {
		cfg.Database.URL = getenv("DATABASE_URL")
	}
	if len(errs) > 0 {
		return cfg, errors.Join(errs...)
	}
	return cfg, cfg.Validate()
}

// readSecretFileSettings honours "<key>_file" settings in the TOML file for
// every secret field, e.g. imap.password_file = "/run/secrets/imap".
func readSecretFileSettings(path string, cfg *Config) error {
	var raw map[string]map[string]any
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	var errs []error
	walk(cfg, func(name string, f reflect.Value, secret bool) {
		if !secret {
			return
		}
		section, key, _ := strings.Cut(name, ".")
		v, ok := raw[section][key+"_file"]
		if !ok {
			return
		}
		file, ok := v.(string)
		if !ok {
			errs = append(errs, fmt.Errorf("config %s: %s_file must be a file path", path, name))
			return
		}
		b, err := os.ReadFile(file)
		if err != nil {
			errs = append(errs, fmt.Errorf("config %s: %s_file: %w", path, name, err))
			return
		}
		f.SetString(strings.TrimRight(string(b), "\r\n"))
	})
	return errors.Join(errs...)
}

// walk calls fn for every leaf setting with its dotted name.
func walk(cfg *Config, fn func(name string, f reflect.Value, secret bool)) {
	root := reflect.ValueOf(cfg).Elem()
	for i := 0; i < root.NumField(); i++ {
		section := root.Type().Field(i)
		sv := root.Field(i)
		if sv.Kind() != reflect.Struct {
			continue // [[mailbox]] tables: mailboxEnv (mailboxes.go)
		}
		for j := 0; j < sv.NumField(); j++ {
			field := sv.Type().Field(j)
			fn(section.Tag.Get("toml")+"."+field.Tag.Get("toml"), sv.Field(j), field.Tag.Get("secret") == "true")
		}
	}
}

func setFromString(f reflect.Value, s string) error {
	if u, ok := f.Addr().Interface().(interface{ UnmarshalText([]byte) error }); ok {
		return u.UnmarshalText([]byte(s))
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		f.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		f.SetBool(b)
	default:
		return fmt.Errorf("unsupported setting type %s", f.Kind())
	}
	return nil
}

// roleName is a PostgreSQL role name that needs no quoting.
var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Validate checks every setting and names each bad one.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	if c.Database.MaxConns < 2 || c.Database.MaxConns > 1000 {
		bad("database.max_conns", "must be between 2 and 1000, got %d", c.Database.MaxConns)
	}
	if c.Database.URL == "" && c.Database.EmbeddedDir == "" {
		bad("database.embedded_dir", "must be set when database.url is empty")
	}
	if c.Database.OwnerURL != "" && c.Database.URL == "" {
		bad("database.owner_url", "needs database.url, the service's own connection")
	}
	if r := c.Database.VerifierRole; r != "" && !roleName.MatchString(r) {
		bad("database.verifier_role", "must be a lowercase role name (a-z, 0-9, _; at most 63), got %q", r)
	}
	validateIMAP("imap", c.IMAP, bad)
	c.validateMailboxes(bad) // mailboxes.go
	if c.Intake.MaxMessageBytes < 1024 || c.Intake.MaxMessageBytes > 1<<30 {
		bad("intake.max_message_bytes", "must be between 1024 and 1073741824, got %d", c.Intake.MaxMessageBytes)
	}
	if c.Intake.OwnDomain == "" || strings.ContainsAny(c.Intake.OwnDomain, "@<> ") {
		bad("intake.own_domain", "must be a domain name, got %q", c.Intake.OwnDomain)
	}
	if c.Intake.ReferencePrefix == "" || len(c.Intake.ReferencePrefix) > 8 {
		bad("intake.reference_prefix", "must be 1 to 8 characters, got %q", c.Intake.ReferencePrefix)
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		bad("http.addr", "must be host:port, got %q", c.HTTP.Addr)
	}
	if c.SMTP.Addr != "" {
		if _, _, err := net.SplitHostPort(c.SMTP.Addr); err != nil {
			bad("smtp.addr", "must be host:port, got %q", c.SMTP.Addr)
		}
	} else if c.SMTP.SinkDir == "" {
		bad("smtp.sink_dir", "must be set when smtp.addr is empty")
	}
	if c.SMTP.From == "" {
		bad("smtp.from", "must not be empty")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", `must be debug, info, warn or error, got %q`, c.Log.Level)
	}
	switch c.Log.Format {
	case "json", "text":
	default:
		bad("log.format", `must be json or text, got %q`, c.Log.Format)
	}
	if c.Workers.MaxWorkers < 1 || c.Workers.MaxWorkers > 10000 {
		bad("workers.max_workers", "must be between 1 and 10000, got %d", c.Workers.MaxWorkers)
	}
	if c.Workers.MaxReaders < 1 || c.Workers.MaxReaders > 1000 {
		bad("workers.max_readers", "must be between 1 and 1000, got %d", c.Workers.MaxReaders)
	}
	if c.Workers.JobTimeout.Duration < time.Second {
		bad("workers.job_timeout", "must be at least 1s, got %s", c.Workers.JobTimeout.Duration)
	}
	if c.Workers.ParseTimeout.Duration < time.Second {
		bad("workers.parse_timeout", "must be at least 1s, got %s", c.Workers.ParseTimeout.Duration)
	}
	if y := c.Workers.ReadYield.Duration; y < 0 || y > time.Hour {
		bad("workers.read_yield", "must be between 0s and 1h, got %s", y)
	}
	if longest := max(c.Workers.JobTimeout.Duration, c.Workers.ParseTimeout.Duration); c.Workers.RescueAfter.Duration <= longest {
		bad("workers.rescue_after", "must be longer than workers.job_timeout and workers.parse_timeout (%s), got %s", longest, c.Workers.RescueAfter.Duration)
	}
	errs = append(errs, c.validateDeadlines()...)
	errs = append(errs, c.validateClassify()...)
	errs = append(errs, c.validateNotices()...)
	errs = append(errs, c.validateUI()...)
	errs = append(errs, c.validateHTTP()...)
	errs = append(errs, c.validateMemory()...)
	return errors.Join(errs...)
}

// validateIMAP checks the settings of one mailbox; p names it in errors
// ("imap", "mailbox[2]").
func validateIMAP(p string, i IMAP, bad func(name, format string, args ...any)) {
	if i.Addr != "" {
		if _, _, err := net.SplitHostPort(i.Addr); err != nil {
			bad(p+".addr", "must be host:port, got %q", i.Addr)
		}
		if i.Username == "" {
			bad(p+".username", "must be set when addr is set")
		}
	}
	switch i.Security {
	case "tls", "starttls":
	case "none":
		if i.Addr != "" && !isLoopback(i.Addr) {
			bad(p+".security", `"none" sends the password in clear: allowed only for a loopback addr, got %q`, i.Addr)
		}
	default:
		bad(p+".security", `must be "tls", "starttls" or "none", got %q`, i.Security)
	}
	switch i.Auth {
	case "plain":
	case "xoauth2", "oauthbearer":
		if i.OAuthFlow != "refresh_token" && i.OAuthFlow != "client_credentials" {
			bad(p+".oauth_flow", `must be "refresh_token" or "client_credentials" with auth %q, got %q`, i.Auth, i.OAuthFlow)
		}
		if u, err := url.Parse(i.OAuthTokenURL); err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Host))) {
			bad(p+".oauth_token_url", "must be an https URL (http only on loopback), got %q", i.OAuthTokenURL)
		}
		if i.OAuthClientID == "" {
			bad(p+".oauth_client_id", "must be set with auth %q", i.Auth)
		}
	default:
		bad(p+".auth", `must be "plain", "xoauth2" or "oauthbearer", got %q`, i.Auth)
	}
	if i.Mailbox == "" {
		bad(p+".mailbox", "must not be empty")
	}
	switch i.AfterCommit {
	case "none":
	case "keyword":
		if i.Keyword == "" || strings.ContainsAny(i.Keyword, " ()\\{%*\"]") {
			bad(p+".keyword", "must be an IMAP atom (RFC 3501 §9 flag-keyword), got %q", i.Keyword)
		}
	case "move":
		if i.MoveTo == "" || i.MoveTo == i.Mailbox {
			bad(p+".move_to", "must name a folder other than mailbox, got %q", i.MoveTo)
		}
	default:
		bad(p+".after_commit", `must be "none", "keyword" or "move", got %q`, i.AfterCommit)
	}
	for _, d := range []struct {
		name     string
		v        time.Duration
		min, max time.Duration
	}{
		{p + ".poll_interval", i.PollInterval.Duration, time.Second, 24 * time.Hour},
		{p + ".idle_restart", i.IdleRestart.Duration, time.Second, 29 * time.Minute},
		{p + ".command_timeout", i.CommandTimeout.Duration, time.Second, time.Hour},
		{p + ".dial_timeout", i.DialTimeout.Duration, time.Second, 10 * time.Minute},
		{p + ".keepalive", i.Keepalive.Duration, time.Second, time.Hour},
		{p + ".backoff_min", i.BackoffMin.Duration, 10 * time.Millisecond, time.Hour},
		{p + ".backoff_max", i.BackoffMax.Duration, 10 * time.Millisecond, 24 * time.Hour},
	} {
		if d.v < d.min || d.v > d.max {
			bad(d.name, "must be between %s and %s, got %s", d.min, d.max, d.v)
		}
	}
	if i.BackoffMax.Duration < i.BackoffMin.Duration {
		bad(p+".backoff_max", "must not be below backoff_min (%s)", i.BackoffMin.Duration)
	}
	if i.BatchSize < 1 || i.BatchSize > 10000 {
		bad(p+".batch_size", "must be between 1 and 10000, got %d", i.BatchSize)
	}
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
