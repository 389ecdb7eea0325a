package main

import (
	"context"
	"fmt"
	"io"

	"github.com/moj-portal/tiepnhan/internal/app"
)

// runMigrate applies the migrations; with database.owner_url it connects
// as the owner and gives the service's role (the user of database.url) and
// database.verifier_role their rights, creating them where it may.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("migrate", "migrate [--config FILE]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	if cfg.Database.OwnerURL != "" {
		notes, err := app.MigrateAsOwner(ctx, cfg.Database, log)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan migrate: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, "migrations applied")
		fmt.Fprintln(stdout, "database roles: the service's and the verifier's rights granted")
		for _, n := range notes {
			fmt.Fprintln(stdout, "database roles: "+n)
		}
		return 0
	}
	_, closeDB, ok := openCommandDB(ctx, &cfg, log, "migrate", stderr, 4, true)
	if !ok {
		return 1
	}
	defer closeDB()
	fmt.Fprintln(stdout, "migrations applied")
	// Issue 12 finding 8: one role for everything lets a database session of
	// the service write audit rows by hand (README, Security).
	fmt.Fprintln(stdout, "database roles: not set up (no database.owner_url): the service runs with the owner's role")
	return 0
}
