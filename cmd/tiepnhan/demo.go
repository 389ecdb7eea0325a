package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/demo"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// runDemo runs the whole service on the embedded default: PostgreSQL from
// DATABASE_URL or a private cluster under var/pg, an in-process IMAP server
// seeded with the sample submissions, and an SMTP sink writing to var/outbox.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", "demo [--config FILE] [--seed DIR] [--http ADDR]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML); optional")
	seed := fs.String("seed", "testdata/corpus", "folder of .eml files delivered to the demo mailbox")
	httpAddr := fs.String("http", "", "HTTP address (default: http.addr, 127.0.0.1:8080)")
	originalDates := fs.Bool("original-dates", false, "deliver the sample mail at its original dates instead of moving it onto the last working days")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return 2
	}
	if *cfgPath == "" && os.Getenv("TIEPNHAN_LOG_FORMAT") == "" {
		cfg.Log.Format = "text"
	}
	if *httpAddr != "" {
		cfg.HTTP.Addr = *httpAddr
	}
	log := app.NewLogger(cfg.Log, stderr)

	stopDB, err := database(ctx, &cfg, log)
	if err != nil {
		log.Error("database", "err", err)
		return 1
	}
	defer stopDB()

	mail, err := startDemoMail(cfg, *seed, *originalDates)
	if err != nil {
		log.Error("demo mail", "err", err)
		return 1
	}
	defer mail.close()
	mail.configure(&cfg)
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "tiepnhan demo: %v\n", err)
		return 2
	}

	// The demo creates its personal-data key file (var/pii.keys); serve refuses to start without one.
	app.SetMemoryLimit(cfg.Memory) // memory.limit_mb: the soft ceiling of the process
	// DemoDates: the signing dates read from the moved sample documents
	// move with them (derive/demo.go).
	svc, err := app.New(ctx, cfg, app.Options{Log: log, CreateKeyFile: true, Derive: derive.Options{DemoDates: !*originalDates}})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan demo: %v\n", err)
		return 1
	}
	pwFile := filepath.Join(filepath.Dir(cfg.UI.KeyFile), "demo-admin.password")
	password, err := demoAccount(ctx, svc.Store, pwFile)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan demo: %v\n", err)
		return 1
	}
	printDemoBanner(stdout, svc.HTTPAddr(), password, mail, *seed, cfg.Database.URL)
	// The past of a working week (demo_history.go), written once: a
	// later run finds the history and leaves it.
	if boss, ok := demoBoss(ctx, svc.Store); ok {
		go func() {
			if err := demoHistory(ctx, log, svc.Store, svc.UI.Desk, boss); err != nil && ctx.Err() == nil {
				log.Warn("demo history", "err", err)
			}
		}()
	}
	if err := svc.Run(ctx); err != nil {
		log.Error("demo stopped", "err", err)
		return 1
	}
	return 0
}

// demoMail is the demo's mail: the in-process IMAP server seeded with the
// sample mail, and the SMTP sink writing to the outbox folder.
type demoMail struct {
	imap   *demo.IMAPServer
	sink   *demo.SMTPSink
	seeded int    // messages delivered to the mailbox
	outbox string // the sink's folder
}

// startDemoMail starts the IMAP server, delivers the sample mail of seed
// to it and starts the SMTP sink on cfg.SMTP.SinkDir.
func startDemoMail(cfg config.Config, seed string, originalDates bool) (*demoMail, error) {
	imapSrv, err := demo.StartIMAP()
	if err != nil {
		return nil, fmt.Errorf("imap server: %w", err)
	}
	redate, err := demoRedate(cfg, originalDates)
	if err != nil {
		imapSrv.Close()
		return nil, err
	}
	n, err := imapSrv.SeedRedated(seed, redate)
	if err != nil {
		imapSrv.Close()
		return nil, fmt.Errorf("seed mailbox from %s: %w", seed, err)
	}
	outbox, _ := filepath.Abs(cfg.SMTP.SinkDir)
	sink, err := demo.StartSMTPSink(outbox)
	if err != nil {
		imapSrv.Close()
		return nil, fmt.Errorf("smtp sink: %w", err)
	}
	return &demoMail{imap: imapSrv, sink: sink, seeded: n, outbox: outbox}, nil
}

// demoRedate moves the sample mail onto the last working days (internal/demo
// redate.go) unless originalDates: at its 2025–2026 dates every item would
// be months overdue. Nil keeps the dates.
func demoRedate(cfg config.Config, originalDates bool) (func([]time.Time) []time.Time, error) {
	if originalDates {
		return nil, nil
	}
	calCfg, err := cfg.Deadlines.Calendar()
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	cal, err := workday.New(calCfg)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return func(orig []time.Time) []time.Time { return demo.Redate(orig, time.Now(), cal) }, nil
}

// configure points the service's mailbox and outgoing mail at the demo's.
func (m *demoMail) configure(cfg *config.Config) {
	cfg.IMAP.Addr, cfg.IMAP.Security = m.imap.Addr, "none"
	cfg.IMAP.Username, cfg.IMAP.Password = m.imap.Username, m.imap.Password
	// The sink is plain SMTP on loopback (smtp.security "none" is allowed
	// only there); the default "starttls" made every message the demo sent
	// fail and retry.
	cfg.SMTP.Addr, cfg.SMTP.Security = m.sink.Addr, "none"
}

func (m *demoMail) close() {
	m.sink.Close()
	m.imap.Close()
}

// printDemoBanner tells where everything is and the demo account to sign
// in with (TestDemo reads it).
func printDemoBanner(w io.Writer, httpAddr, password string, mail *demoMail, seed, dbURL string) {
	fmt.Fprintf(w, `
tiepnhan demo — chạy với cấu hình nhúng (embedded default)
  Giao diện tiếp nhận:        http://%s/  đăng nhập %s / %s (quản trị, Thường trực Ban Biên tập, quản lý)
  Hộp thư IMAP (in-process):  %s  người dùng %s / %s, %d thư mẫu từ %s
  Cơ sở dữ liệu:              %s
  HTTP:                       http://%s/healthz  /readyz  /metrics (quản trị đã đăng nhập)
  Thư gửi đi (SMTP sink):     %s
  Xem kết quả:                psql '%s' -c 'select reference, state, subject from submission order by id'
Nhấn Ctrl-C để dừng (Ctrl-C to stop).

`, httpAddr, demoUsername, password, mail.imap.Addr, mail.imap.Username, mail.imap.Password, mail.seeded, seed, dbURL, httpAddr, mail.outbox, dbURL)
}

// demoUsername is the account the demo creates so that the web UI can be
// tried at once.
const demoUsername = "demo"

// demoAccount makes sure the demo account exists and returns its password.
// The first run creates it with a random password kept in pwFile (mode
// 0600, beside the demo's personal-data key); later runs read it back. The
// account holds the administrator, Standing Board and manager roles (Điều 7:
// a real office gives each person only the roles of their duties).
func demoAccount(ctx context.Context, store *postgres.Store, pwFile string) (string, error) {
	_, err := store.AccountForLogin(ctx, demoUsername)
	switch {
	case err == nil:
		b, err := os.ReadFile(pwFile)
		if err != nil {
			return "", fmt.Errorf("the demo account %q exists but its password file cannot be read: %w (delete var/ to start afresh)", demoUsername, err)
		}
		return strings.TrimSpace(string(b)), nil
	case !errors.Is(err, auth.ErrNotFound):
		return "", fmt.Errorf("look up the demo account: %w", err)
	}
	raw := make([]byte, 12)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	password := base64.RawURLEncoding.EncodeToString(raw)
	hash, err := auth.Hasher{}.Hash(password)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(pwFile), 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("keep the demo password: %w", err)
	}
	grants := []auth.Grant{
		{Role: auth.RoleAdmin, Note: "tiepnhan demo"},
		{Role: auth.RoleStandingBoard, Note: "tiepnhan demo"},
		{Role: auth.RoleManager, Note: "tiepnhan demo"},
	}
	if _, err := store.CreateAccount(ctx, "cli:demo", auth.Account{Username: demoUsername, DisplayName: "Tài khoản demo", PasswordHash: hash}, grants); err != nil {
		return "", fmt.Errorf("create the demo account: %w", err)
	}
	return password, nil
}
