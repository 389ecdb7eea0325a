package main

import (
	"context"
	"fmt"
	"io"

	"github.com/moj-portal/tiepnhan/internal/app"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [--config FILE]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML); TIEPNHAN_* variables override it")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	stopDB, err := database(ctx, &cfg, log)
	if err != nil {
		log.Error("database", "err", err)
		return 1
	}
	defer stopDB()
	if cfg.IMAP.Addr == "" {
		log.Warn("imap.addr is empty: no mailbox is watched (use `tiepnhan demo` for the embedded sample mailbox)")
	}
	app.SetMemoryLimit(cfg.Memory) // memory.limit_mb: the soft ceiling of the process
	svc, err := app.New(ctx, cfg, app.Options{Log: log})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan serve: %v\n", err)
		return 1
	}
	if err := svc.Run(ctx); err != nil {
		log.Error("serve stopped", "err", err)
		return 1
	}
	return 0
}
