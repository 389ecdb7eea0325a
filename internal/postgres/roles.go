package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Database roles (issue 12, finding 8; Điều 6 khoản 2): the owner runs the
// migrations and owns every object; the service's role reads and writes the
// service's tables but has no DDL, no CREATE on the schema and no INSERT,
// UPDATE, DELETE or TRUNCATE on audit_log (it writes audit rows only
// through the owner's SECURITY DEFINER functions, which record its role);
// the verifier's role reads audit_log only. Migration 00041.

// SetupRoles gives the service role and the verifier role their rights on
// the database of pool, creating either role when missing and the pool's
// role may create roles; pool must be connected as the owner. An empty name
// is skipped. It is idempotent and returns notes for the operator (a role
// it could not create, a service role with too many rights).
func SetupRoles(ctx context.Context, pool *pgxpool.Pool, service, verifier string) ([]string, error) {
	var notes []string
	// Two migrate runs at once may both try to create a role.
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT db_roles_grant($1, $2)`, service, verifier).Scan(&notes)
	})
	if err != nil {
		return nil, fmt.Errorf("database roles: %w", err)
	}
	return notes, nil
}

// SessionRole is the role a pool's sessions log in as and whether it owns
// the audit trail or is a superuser (the service should be neither).
type SessionRole struct {
	Name      string
	Owner     bool
	Superuser bool
}

// Role returns the role of the pool's sessions.
func Role(ctx context.Context, pool *pgxpool.Pool) (SessionRole, error) {
	var r SessionRole
	err := pool.QueryRow(ctx, `SELECT session_user,
		pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_log'::regclass), 'USAGE'),
		(SELECT rolsuper FROM pg_roles WHERE rolname = session_user)`).Scan(&r.Name, &r.Owner, &r.Superuser)
	if err != nil {
		return r, fmt.Errorf("database role: %w", err)
	}
	return r, nil
}

// URLUser is the role a connection string logs in as (libpq's defaults
// apply: PGUSER, else the operating system's user).
func URLUser(url string) (string, error) {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	return cfg.User, nil
}
