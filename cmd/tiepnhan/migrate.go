package main

import (
	"context"
	"fmt"
	"io"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("migrate", "migrate [--config FILE]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return 2
	}
	log := app.NewLogger(cfg.Log, stderr)
	stopDB, err := database(ctx, &cfg, log)
	if err != nil {
		log.Error("database", "err", err)
		return 1
	}
	defer stopDB()
	pool, err := postgres.Open(ctx, cfg.Database.URL, 4)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan migrate: %v\n", err)
		return 1
	}
	defer pool.Close()
	if err := postgres.Migrate(ctx, pool, log); err != nil {
		fmt.Fprintf(stderr, "tiepnhan migrate: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "migrations applied")
	return 0
}
