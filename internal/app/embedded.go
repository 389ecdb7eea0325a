package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// EmbeddedDatabase is the database name used in the private cluster.
const EmbeddedDatabase = "tiepnhan"

// EmbeddedPostgres starts (or reuses) a private PostgreSQL cluster in dir
// from the server binaries on this machine and returns the URL of its
// tiepnhan database and a function that stops it. Running as root, the
// server runs as an unprivileged account (initdb refuses root).
func EmbeddedPostgres(ctx context.Context, dir string, log *slog.Logger) (string, func(), error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	log.Info("starting the embedded PostgreSQL", "dir", abs)
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: abs})
	if err != nil {
		return "", nil, err
	}
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(sctx); err != nil {
			log.Warn("embedded PostgreSQL did not stop cleanly", "err", err)
		}
	}
	if err := c.CreateDatabase(ctx, EmbeddedDatabase); err != nil && !alreadyExists(err) {
		stop()
		return "", nil, fmt.Errorf("create database %s: %w", EmbeddedDatabase, err)
	}
	return c.DSN(EmbeddedDatabase), stop, nil
}

// alreadyExists reports duplicate_database (SQLSTATE 42P04): the cluster
// was made by an earlier run.
func alreadyExists(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42P04"
}
