package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// newFlags returns a FlagSet that prints its usage to stderr and does not
// exit; --help prints to stdout and exits 0.
func newFlags(name, synopsis string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: tiepnhan %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns (exit code, done) when parsing ended the
// command (help or error).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, true
	}
	if err != nil {
		return 2, true
	}
	return 0, false
}

// loadConfig loads the configuration file (or none) with the environment.
func loadConfig(path string, stderr io.Writer) (config.Config, bool) {
	cfg, err := config.Load(path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan: cấu hình không hợp lệ (invalid configuration):\n%v\n", err)
		return cfg, false
	}
	return cfg, true
}

// loadConfigLog is loadConfig with the logger of the configuration's
// [log] settings, writing to stderr.
func loadConfigLog(path string, stderr io.Writer) (config.Config, *slog.Logger, bool) {
	cfg, ok := loadConfig(path, stderr)
	if !ok {
		return cfg, nil, false
	}
	return cfg, app.NewLogger(cfg.Log, stderr), true
}

// openWithKeys opens the keyring of [ui] key_file and a pool of two
// connections, for a command that checks or reseals sealed data; on
// failure it writes why after the command's name and ok is false.
func openWithKeys(ctx context.Context, cfg *config.Config, log *slog.Logger, name string, stderr io.Writer) (pool *pgxpool.Pool, keys *crypto.Keyring, closeDB func(), ok bool) {
	keys, err := app.OpenKeyring(cfg.UI.KeyFile, log)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan %s: %v\n", name, err)
		return nil, nil, nil, false
	}
	pool, closeDB, ok = openCommandDB(ctx, cfg, log, name, stderr, 2, false)
	return pool, keys, closeDB, ok
}

// openCommandDB is openDB for command name; on failure it writes why after
// the command's name and ok is false.
func openCommandDB(ctx context.Context, cfg *config.Config, log *slog.Logger, name string, stderr io.Writer, maxConns int, migrate bool) (pool *pgxpool.Pool, closeDB func(), ok bool) {
	pool, closeDB, err := openDB(ctx, cfg, log, maxConns, migrate)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan %s: %v\n", name, err)
		return nil, nil, false
	}
	return pool, closeDB, true
}

// database resolves the database URL: the configured one, else a private
// cluster started under cfg.Database.EmbeddedDir. The returned stop function
// shuts the private cluster down (a no-op otherwise).
func database(ctx context.Context, cfg *config.Config, log *slog.Logger) (func(), error) {
	if cfg.Database.URL != "" {
		return func() {}, nil
	}
	url, stop, err := app.EmbeddedPostgres(ctx, cfg.Database.EmbeddedDir, log)
	if err != nil {
		return nil, fmt.Errorf("no database.url or DATABASE_URL, and the embedded PostgreSQL did not start: %w", err)
	}
	cfg.Database.URL = url
	return stop, nil
}

// openDB resolves the database (database), opens a pool of maxConns and,
// when migrate is set, applies the migrations (as the owner, with the
// service's and verifier's rights, when database.owner_url is set). closeDB
// closes the pool and stops a private cluster; it is a no-op after an error.
func openDB(ctx context.Context, cfg *config.Config, log *slog.Logger, maxConns int, migrate bool) (pool *pgxpool.Pool, closeDB func(), err error) {
	stopDB, err := database(ctx, cfg, log)
	if err != nil {
		return nil, func() {}, err
	}
	// Migrating as the owner comes first: it may create the service's role.
	if migrate && cfg.Database.OwnerURL != "" {
		if err := app.MigrateAsOwnerLogged(ctx, cfg.Database, log); err != nil {
			stopDB()
			return nil, func() {}, err
		}
	}
	if pool, err = postgres.Open(ctx, cfg.Database.URL, maxConns); err != nil {
		stopDB()
		return nil, func() {}, err
	}
	closeDB = func() { pool.Close(); stopDB() }
	if migrate && cfg.Database.OwnerURL == "" {
		if err := postgres.Migrate(ctx, pool, log); err != nil {
			closeDB()
			return nil, func() {}, err
		}
	}
	return pool, closeDB, nil
}
