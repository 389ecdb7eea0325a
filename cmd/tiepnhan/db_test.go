package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// Helpers of the command tests that use the database.

// commandDB makes a migrated database for a command test and points the
// commands at it (DATABASE_URL), with a key file of their own and logging
// of errors only. It returns the database's URL; under -short the test is
// skipped.
func commandDB(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("TIEPNHAN_UI_KEY_FILE", filepath.Join(t.TempDir(), "pii.keys"))
	t.Setenv("TIEPNHAN_LOG_LEVEL", "error")
	return dsn
}

// openPool opens a pool of n connections to dsn, closed when the test ends.
func openPool(t *testing.T, dsn string, n int) *pgxpool.Pool {
	t.Helper()
	pool, err := postgres.Open(context.Background(), dsn, n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// runCommand runs the subcommand f with args and returns its exit code and
// what it printed, its output then its errors.
func runCommand(ctx context.Context, f func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string) {
	var out, errs bytes.Buffer
	code := f(ctx, args, &out, &errs)
	return code, out.String() + errs.String()
}
