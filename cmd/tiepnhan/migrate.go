package main

import (
	"context"
	"fmt"
	"io"

	"github.com/moj-portal/tiepnhan/internal/app"
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
	_, closeDB, err := openDB(ctx, &cfg, log, 4, true)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan migrate: %v\n", err)
		return 1
	}
	defer closeDB()
	fmt.Fprintln(stdout, "migrations applied")
	return 0
}
