package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// repoRoot is the checkout's top folder.
func repoRoot(t testing.TB) string { return testenv.RepoRoot(t) }

// corpus returns the raw corpus messages, sorted by name.
func corpus(t testing.TB) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "corpus", "*.eml"))
	if len(files) == 0 {
		t.Fatal("testdata/corpus is empty")
	}
	sort.Strings(files)
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// withMessageID returns raw with its Message-ID replaced by id (added when
// absent), so that corpus messages can be delivered many times as distinct
// messages.
func withMessageID(raw []byte, id string) []byte {
	hdrEnd := bytes.Index(raw, []byte("\r\n\r\n"))
	if hdrEnd < 0 {
		hdrEnd = len(raw)
	}
	lines := bytes.Split(raw[:hdrEnd], []byte("\r\n"))
	var out bytes.Buffer
	fmt.Fprintf(&out, "Message-ID: <%s>\r\n", id)
	skip := false
	for _, l := range lines {
		if skip && len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			continue
		}
		skip = false
		if len(l) >= 11 && bytes.EqualFold(l[:11], []byte("Message-ID:")) {
			skip = true
			continue
		}
		out.Write(l)
		out.WriteString("\r\n")
	}
	out.Write(raw[hdrEnd+2:])
	return out.Bytes()
}

// simpleMessage is a small realistic plain-text submission.
func simpleMessage(i int) []byte {
	return []byte(fmt.Sprintf("Received: from mail.example.vn (mail.example.vn [203.0.113.7])\r\n\tby mx.moj.gov.vn (Postfix) with ESMTPS; Mon, 2 Mar 2026 09:14:05 +0700\r\n"+
		"Message-ID: <fault-%d@example.vn>\r\nDate: Mon, 2 Mar 2026 09:13:00 +0700\r\n"+
		"From: \"Nguyễn Văn An\" <an.nguyen%d@example.vn>\r\nTo: banbientap@moj.gov.vn\r\n"+
		"Subject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"+
		"Content-Transfer-Encoding: 8bit\r\n\r\n"+
		"Kính gửi Ban Biên tập,\r\n\r\nĐơn vị gửi tin hội nghị tập huấn số %d để đăng tải trên Cổng.\r\n\r\nTrân trọng,\r\nNguyễn Văn An\r\n",
		i, i, b64(fmt.Sprintf("Tin hội nghị số %d", i)), i))
}

// e2eMetricsToken opens /metrics to the test as to a Prometheus scraper.
const e2eMetricsToken = "e2e-metrics-token-0123456789"

// serviceConfig is the configuration of an in-process service on dovecot.
func serviceConfig(dsn string, d *testenv.DovecotServer) config.Config {
	cfg := config.Default()
	cfg.Database.URL = dsn
	cfg.IMAP.Addr, cfg.IMAP.Security = d.Addr(), "none"
	cfg.IMAP.Username, cfg.IMAP.Password = d.User(), d.Password()
	cfg.IMAP.BackoffMin = config.Duration{Duration: 50 * time.Millisecond}
	cfg.IMAP.BackoffMax = config.Duration{Duration: time.Second}
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.HTTP.MetricsToken = e2eMetricsToken
	cfg.Log.Level = "warn"
	return cfg
}

// serveEnv is the environment of a serve child process on the database dsn
// that drains the mailbox of d (quick IMAP back-off, batches of 25), then
// more.
func serveEnv(dsn string, d *testenv.DovecotServer, more ...string) []string {
	return append([]string{"DATABASE_URL=" + dsn,
		"TIEPNHAN_IMAP_ADDR=" + d.Addr(), "TIEPNHAN_IMAP_SECURITY=none",
		"TIEPNHAN_IMAP_USERNAME=" + d.User(), "TIEPNHAN_IMAP_PASSWORD=" + d.Password(),
		"TIEPNHAN_IMAP_BACKOFF_MIN=50ms", "TIEPNHAN_IMAP_BACKOFF_MAX=1s", "TIEPNHAN_IMAP_BATCH_SIZE=25",
		"TIEPNHAN_HTTP_ADDR=127.0.0.1:0", "TIEPNHAN_LOG_LEVEL=warn"}, more...)
}

// quickRescue are the settings of a serve that is killed on purpose: a hung
// IMAP command times out and the jobs of a killed process are rescued
// quickly.
var quickRescue = []string{"TIEPNHAN_IMAP_COMMAND_TIMEOUT=10s",
	"TIEPNHAN_WORKERS_JOB_TIMEOUT=5s", "TIEPNHAN_WORKERS_PARSE_TIMEOUT=5s", "TIEPNHAN_WORKERS_RESCUE_AFTER=6s"}

// simpleDate is the INTERNALDATE of simpleMessage(i) in the drain tests:
// from Monday 2 March 2026 08:00 (Vietnam time), one every 37 seconds.
func simpleDate(i int) time.Time {
	return time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600)).Add(time.Duration(i) * 37 * time.Second)
}

// intakeOnDovecot is the service configuration of an integration test: a
// migrated database of its own and a Dovecot server. Under -short the test
// is skipped.
func intakeOnDovecot(t *testing.T) (*testenv.DovecotServer, config.Config) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test")
	}
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	d := testenv.Dovecot(t, testenv.Options{})
	return d, serviceConfig(dsn, d)
}

// startService runs an in-process service until the test ends.
func startService(t testing.TB, cfg config.Config) *app.Service {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if _, err := os.Stat(cfg.UI.KeyFile); err != nil {
		// serve refuses to start without its personal-data key file.
		cfg.UI.KeyFile = writeKeyFile(t)
	}
	svc, err := app.New(context.Background(), cfg, app.Options{Log: log, HTTPListener: ln})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("service: %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Error("service did not shut down within 60s")
		}
	})
	return svc
}

// waitCount polls query (returning one integer) until it reaches want.
func waitCount(t testing.TB, pool *pgxpool.Pool, want int, within time.Duration, query string, args ...any) int {
	t.Helper()
	deadline := time.Now().Add(within)
	var n int
	for {
		if err := pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil && time.Now().After(deadline) {
			t.Fatalf("%s: %v", query, err)
		}
		if n >= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// appender appends over one IMAP connection, reconnecting after failures.
type appender struct {
	d *testenv.DovecotServer
	c *imapclient.Client
}

func (a *appender) append(raw []byte, date time.Time) error {
	if a.c == nil {
		c, err := imapclient.DialInsecure(a.d.Addr(), &imapclient.Options{Dialer: &net.Dialer{Timeout: 5 * time.Second}})
		if err != nil {
			return err
		}
		if err := c.Login(a.d.User(), a.d.Password()).Wait(); err != nil {
			c.Close()
			return err
		}
		a.c = c
	}
	cmd := a.c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: date})
	if _, err := cmd.Write(raw); err != nil {
		a.close()
		return err
	}
	if err := cmd.Close(); err != nil {
		a.close()
		return err
	}
	if _, err := cmd.Wait(); err != nil {
		a.close()
		return err
	}
	return nil
}

func (a *appender) close() {
	if a.c != nil {
		a.c.Close()
		a.c = nil
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
