package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// Database roles (issue 12 finding 8, README "Security"): the owner
// (database.owner_url) migrates; the service (database.url) reads and
// writes data without DDL and writes the audit trail only through the
// owner's functions, which record its role; the verifier reads the trail.

// MigrateAsOwner applies the migrations with database.owner_url and gives
// the service role (the user of database.url) and database.verifier_role
// their rights, creating them where the owner may (postgres.SetupRoles). It
// returns the notes for the operator (a role created or missing, a service
// role with too many rights).
func MigrateAsOwner(ctx context.Context, db config.Database, log *slog.Logger) ([]string, error) {
	service, err := postgres.URLUser(db.URL)
	if err != nil {
		return nil, fmt.Errorf("database.url: %w", err)
	}
	owner, err := postgres.Open(ctx, db.OwnerURL, 2)
	if err != nil {
		return nil, fmt.Errorf("database.owner_url: %w", err)
	}
	defer owner.Close()
	if err := postgres.Migrate(ctx, owner, log); err != nil {
		return nil, err
	}
	return postgres.SetupRoles(ctx, owner, service, db.VerifierRole)
}

// logRoleNotes logs MigrateAsOwner's notes for the operator as warnings.
func logRoleNotes(log *slog.Logger, notes []string) {
	for _, n := range notes {
		log.Warn("database roles", "note", n)
	}
}

// MigrateAsOwnerLogged is MigrateAsOwner with its notes logged.
func MigrateAsOwnerLogged(ctx context.Context, db config.Database, log *slog.Logger) error {
	notes, err := MigrateAsOwner(ctx, db, log)
	logRoleNotes(log, notes)
	return err
}

// migrate applies the migrations for New without database.owner_url, on
// the service's own pool: one role for everything, or a service role when
// nothing is pending.
func migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	err := postgres.Migrate(ctx, pool, log)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "42501" {
		return fmt.Errorf("%w (migrations are pending and the service's role may not apply them: run `tiepnhan migrate` with database.owner_url)", err)
	}
	return err
}

// warnOwnerRole warns, once at start-up, when the service's sessions run as
// the owner of the audit trail or a superuser: then nothing in the
// database keeps a session of the service from writing audit rows by hand
// or changing the schema (README "Security").
func warnOwnerRole(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	r, err := postgres.Role(ctx, pool)
	if err != nil {
		return err
	}
	if r.Owner || r.Superuser {
		log.Warn("the service runs with the database owner's role: give it a role of its own (database.url) and migrate with database.owner_url (README, Security)",
			"db_role", r.Name, "superuser", r.Superuser)
	}
	return nil
}
