package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/demo"
)

// runDemo runs the whole service on the embedded default: PostgreSQL from
// DATABASE_URL or a private cluster under var/pg, an in-process IMAP server
// seeded with the sample submissions, and an SMTP sink writing to var/outbox.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", "demo [--config FILE] [--seed DIR] [--http ADDR]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML); optional")
	seed := fs.String("seed", "testdata/corpus", "folder of .eml files delivered to the demo mailbox")
	httpAddr := fs.String("http", "", "HTTP address (default: http.addr, 127.0.0.1:8080)")
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

	imapSrv, err := demo.StartIMAP()
	if err != nil {
		log.Error("demo imap server", "err", err)
		return 1
	}
	defer imapSrv.Close()
	n, err := imapSrv.Seed(*seed)
	if err != nil {
		log.Error("seed demo mailbox", "dir", *seed, "err", err)
		return 1
	}
	outbox, _ := filepath.Abs(cfg.SMTP.SinkDir)
	sink, err := demo.StartSMTPSink(outbox)
	if err != nil {
		log.Error("demo smtp sink", "err", err)
		return 1
	}
	defer sink.Close()
	cfg.IMAP.Addr, cfg.IMAP.Security = imapSrv.Addr, "none"
	cfg.IMAP.Username, cfg.IMAP.Password = imapSrv.Username, imapSrv.Password
	cfg.SMTP.Addr = sink.Addr
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "tiepnhan demo: %v\n", err)
		return 2
	}

	// The demo creates its personal-data key file (var/pii.keys); serve refuses to start without one.
	svc, err := app.New(ctx, cfg, app.Options{Log: log, CreateKeyFile: true})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, `
tiepnhan demo — chạy với cấu hình nhúng (embedded default)
  Hộp thư IMAP (in-process):  %s  người dùng %s / %s, %d thư mẫu từ %s
  Cơ sở dữ liệu:              %s
  HTTP:                       http://%s/healthz  /readyz  /metrics
  Thư gửi đi (SMTP sink):     %s
  Xem kết quả:                psql '%s' -c 'select reference, state, subject from submission order by id'
Nhấn Ctrl-C để dừng (Ctrl-C to stop).

`, imapSrv.Addr, imapSrv.Username, imapSrv.Password, n, *seed, cfg.Database.URL, svc.HTTPAddr(), outbox, cfg.Database.URL)
	if err := svc.Run(ctx); err != nil {
		log.Error("demo stopped", "err", err)
		return 1
	}
	return 0
}
