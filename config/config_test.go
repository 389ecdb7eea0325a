package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestExampleFileIsTheDefault(t *testing.T) {
	cfg, err := Load("tiepnhan.example.toml", env(nil))
	if err != nil {
		t.Fatalf("example config does not load: %v", err)
	}
	if got, want := cfg, Default(); !reflect.DeepEqual(got, want) {
		t.Fatalf("example file and Default() differ:\n file:    %+v\n default: %+v", got, want)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "pw")
	if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load("", env(map[string]string{
		"TIEPNHAN_IMAP_ADDR":            "imap.moj.gov.vn:993",
		"TIEPNHAN_IMAP_USERNAME":        "banbientap@moj.gov.vn",
		"TIEPNHAN_IMAP_PASSWORD_FILE":   secret,
		"TIEPNHAN_IMAP_COMMAND_TIMEOUT": "45s",
		"TIEPNHAN_IMAP_BATCH_SIZE":      "7",
		"DATABASE_URL":                  "postgres://x@127.0.0.1/y",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.IMAP.Password != "s3cret" {
		t.Errorf("password from file = %q", cfg.IMAP.Password)
	}
	if cfg.IMAP.CommandTimeout.Duration != 45*time.Second || cfg.IMAP.BatchSize != 7 {
		t.Errorf("overrides not applied: %+v", cfg.IMAP)
	}
	if cfg.Database.URL != "postgres://x@127.0.0.1/y" {
		t.Errorf("DATABASE_URL not used: %q", cfg.Database.URL)
	}
}

func TestSecretFileSettingInTOML(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("from-file"), 0o600)
	path := filepath.Join(dir, "c.toml")
	os.WriteFile(path, []byte("[imap]\npassword_file = \""+pw+"\"\n"), 0o600)
	cfg, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.IMAP.Password != "from-file" {
		t.Fatalf("password = %q", cfg.IMAP.Password)
	}
}

// An OAuth mailbox with its settings loads; the client secret and the
// refresh token are secrets (readable from files).
func TestOAuthMailboxSettings(t *testing.T) {
	dir := t.TempDir()
	rt := filepath.Join(dir, "rt")
	if err := os.WriteFile(rt, []byte("0.AAAA-refresh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load("", env(map[string]string{
		"TIEPNHAN_IMAP_AUTH": "xoauth2", "TIEPNHAN_IMAP_OAUTH_FLOW": "refresh_token",
		"TIEPNHAN_IMAP_OAUTH_TOKEN_URL": "https://login.microsoftonline.com/t/oauth2/v2.0/token",
		"TIEPNHAN_IMAP_OAUTH_CLIENT_ID": "app", "TIEPNHAN_IMAP_OAUTH_REFRESH_TOKEN_FILE": rt,
		"TIEPNHAN_IMAP_OAUTH_SCOPES": "https://outlook.office365.com/IMAP.AccessAsUser.All offline_access",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.IMAP.OAuthRefreshToken != "0.AAAA-refresh" || cfg.IMAP.OAuthFlow != "refresh_token" {
		t.Fatalf("settings: %+v", cfg.IMAP)
	}
}

func TestBadValuesAreNamed(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		file string
		want []string
	}{
		{env: map[string]string{"TIEPNHAN_IMAP_COMMAND_TIMEOUT": "soon"}, want: []string{"imap.command_timeout", "TIEPNHAN_IMAP_COMMAND_TIMEOUT", `"soon" is not a duration`}},
		{env: map[string]string{"TIEPNHAN_IMAP_BATCH_SIZE": "many"}, want: []string{"imap.batch_size", "not a whole number"}},
		{env: map[string]string{"TIEPNHAN_IMAP_AFTER_COMMIT": "delete"}, want: []string{"imap.after_commit", `"delete"`}},
		{env: map[string]string{"TIEPNHAN_IMAP_ADDR": "mail.example.org:143", "TIEPNHAN_IMAP_USERNAME": "u", "TIEPNHAN_IMAP_SECURITY": "none"}, want: []string{"imap.security", "loopback"}},
		{env: map[string]string{"TIEPNHAN_IMAP_ADDR": "nohostport"}, want: []string{"imap.addr", "imap.username"}},
		{env: map[string]string{"TIEPNHAN_INTAKE_MAX_MESSAGE_BYTES": "10"}, want: []string{"intake.max_message_bytes"}},
		{env: map[string]string{"TIEPNHAN_LOG_FORMAT": "xml", "TIEPNHAN_HTTP_ADDR": "8080"}, want: []string{"log.format", "http.addr"}},
		{env: map[string]string{"TIEPNHAN_IMAP_PASSWORD_FILE": "/nonexistent/pw"}, want: []string{"imap.password", "/nonexistent/pw"}},
		{env: map[string]string{"TIEPNHAN_IMAP_AUTH": "xoauth2", "TIEPNHAN_IMAP_OAUTH_TOKEN_URL": "http://login.example.org/token"},
			want: []string{"imap.oauth_flow", "imap.oauth_token_url", "https", "imap.oauth_client_id"}},
		{env: map[string]string{"TIEPNHAN_IMAP_AUTH": "oauth"}, want: []string{"imap.auth", `"oauthbearer"`}},
		{file: "[imap]\nbatch_siz = 3\n", want: []string{"unknown setting", "imap.batch_siz"}},
		{file: "[imap]\nbatch_size = \n", want: []string{"line 2"}},
	} {
		path := ""
		if tc.file != "" {
			path = filepath.Join(t.TempDir(), "c.toml")
			os.WriteFile(path, []byte(tc.file), 0o600)
		}
		_, err := Load(path, env(tc.env))
		if err == nil {
			t.Errorf("%v %q: no error", tc.env, tc.file)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v %q: error %q does not mention %q", tc.env, tc.file, err, w)
			}
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	cfg, err := Load("", env(map[string]string{"TIEPNHAN_MEMORY_LIMIT_MB": "512"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Memory.LimitBytes() != 512<<20 || cfg.Memory.WorkBytes() != 512<<20-BaseReserve {
		t.Fatalf("limit %d, work %d", cfg.Memory.LimitBytes(), cfg.Memory.WorkBytes())
	}
	if Default().Memory.LimitMB != 300 {
		t.Fatalf("default memory.limit_mb = %d, want 300", Default().Memory.LimitMB)
	}
	if _, err := Load("", env(map[string]string{"TIEPNHAN_MEMORY_LIMIT_MB": "64"})); err == nil || !strings.Contains(err.Error(), "memory.limit_mb") {
		t.Fatalf("limit_mb 64: %v", err)
	}
	off, err := Load("", env(map[string]string{"TIEPNHAN_MEMORY_LIMIT_MB": "0"}))
	if err != nil || off.Memory.WorkBytes() != 0 {
		t.Fatalf("limit_mb 0: %v, work %d", err, off.Memory.WorkBytes())
	}
	// A process that already holds more than BaseReserve foresaw leaves
	// the work less (a larger model); one that holds less never gets more.
	def := Default().Memory
	if got, want := def.WorkBytesAfter(120<<20), int64(300-120-80)<<20; got != want {
		t.Fatalf("work after 120 MiB resident: %d, want %d", got, want)
	}
	if got := def.WorkBytesAfter(50 << 20); got != def.WorkBytes() {
		t.Fatalf("work after 50 MiB resident: %d, want WorkBytes %d", got, def.WorkBytes())
	}
	if got := def.WorkBytesAfter(280 << 20); got != int64(float64(300<<20)*MinWorkShare) {
		t.Fatalf("work after 280 MiB resident: %d, want the floor", got)
	}
	// The smallest limit still leaves the work a share (a password check
	// larger than it runs alone).
	if small := (Memory{LimitMB: 128}); small.WorkBytes() != (128<<20)*3/10 {
		t.Fatalf("limit_mb 128: work %d", small.WorkBytes())
	}
}
