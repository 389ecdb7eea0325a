// Package postgres implements tiepnhan's stores on PostgreSQL with pgx/v5,
// and applies the migrations (goose for ours, rivermigrate for River's).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/migrations"
)

// Open connects a pool to url and checks that the server answers.
func Open(ctx context.Context, url string, maxConns int) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "tiepnhan"
	// The audit trail's "who" (Điều 6 khoản 2, migration 00031) for what the
	// service does by itself: the workers' transactions set no actor, and
	// "db:postgres" told a reader nothing. A person's action sets its own
	// (SET LOCAL tiepnhan.actor, inTxAs); a session opened outside the
	// service (psql) still shows its database user.
	cfg.ConnConfig.RuntimeParams[ActorSetting] = SystemActor
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect database %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return pool, nil
}

// ActorSetting is the session setting the audit trigger reads the actor
// from; SystemActor is the service's own.
const (
	ActorSetting = "tiepnhan.actor"
	SystemActor  = "system"
)

// migrateLockKey serialises migrations of several processes starting at once.
const migrateLockKey = 0x74696570 // "tiep"

// Migrate applies River's migrations and then ours, holding an advisory
// lock so that several `serve` processes can start together.
func Migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return fmt.Errorf("migrate: take lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey)

	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	for _, v := range res.Versions {
		log.Info("river migration applied", "version", v.Version)
	}

	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	// Migration numbers are reserved in ranges per area (AGENTS.md), so a
	// lower-numbered file can land after a higher one was applied: apply it.
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	attached, err := attachAudit(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, t := range attached {
		log.Info("audit trail attached", "table", t)
	}
	return nil
}

// attachAuditSQL gives the audit trigger (migration 00031, Điều 6 khoản 2)
// to every audited table that lacks it. Migration 00031's event trigger
// attaches each table as it is created, but event triggers need a
// superuser: when the owner that migrates is not one (issue 12, separate
// database roles), the tables of later migrations would go unaudited.
const attachAuditSQL = `
SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = current_schema() AND audit_wanted(c.relname)
  AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'audit_row')
ORDER BY 1`

// attachAudit attaches the audit trigger to the tables attachAuditSQL
// finds and returns them. Only the owner may call audit_attach; the
// service's role, migrating nothing, finds no table to attach.
func attachAudit(ctx context.Context, conn *pgxpool.Conn) ([]string, error) {
	rows, err := conn.Query(ctx, attachAuditSQL)
	if err != nil {
		return nil, fmt.Errorf("attach the audit trail: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("attach the audit trail: %w", err)
	}
	for _, t := range tables {
		if _, err := conn.Exec(ctx, `SELECT audit_attach($1::regclass)`, pgx.Identifier{t}.Sanitize()); err != nil {
			return nil, fmt.Errorf("attach the audit trail to %s: %w", t, err)
		}
	}
	return tables, nil
}

// MigrateDSN opens the database at dsn, migrates it (Migrate, without
// logging) and closes it: the migrator of testenv.MigratedPostgres.
func MigrateDSN(ctx context.Context, dsn string) error {
	pool, err := Open(ctx, dsn, 2)
	if err != nil {
		return err
	}
	defer pool.Close()
	return Migrate(ctx, pool, slog.New(slog.DiscardHandler))
}

// Store is the PostgreSQL implementation of tiepnhan's stores.
type Store struct {
	Pool *pgxpool.Pool
	// Keys seals the raw messages, parsed bodies and attachment texts it
	// stores and opens them when read (Điều 4 khoản 4, sealed.go). The
	// service always sets it (internal/app); without it rows are stored in
	// clear and sealed rows cannot be read.
	Keys *crypto.Keyring
}

// New returns a Store on pool.
func New(pool *pgxpool.Pool) *Store { return &Store{Pool: pool} }

// InTx runs fn in a transaction, committing when it returns nil.
func (s *Store) InTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.Pool, fn)
}

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return intake.ErrNotFound
	}
	return err
}
