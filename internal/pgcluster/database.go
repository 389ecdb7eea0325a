package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// CreateDatabase creates database name, owned by the superuser.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	return c.exec(ctx, "create database", name, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
}

// DropDatabase drops database name if it exists, terminating its sessions
// (DROP DATABASE … WITH (FORCE), PostgreSQL 13 and later).
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	return c.exec(ctx, "drop database", name, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

func (c *Cluster) exec(ctx context.Context, what, name, sql string) error {
	if err := ValidDatabaseName(name); err != nil {
		return fmt.Errorf("pgcluster: %s: %w", what, err)
	}
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: %s %q: connect: %w", what, name, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgcluster: %s %q: %w", what, name, err)
	}
	return nil
}

// ValidDatabaseName checks that name can be used as a database name:
// non-empty, at most 63 bytes (NAMEDATALEN-1, longer names are silently
// truncated by PostgreSQL), valid UTF-8 and free of NUL bytes.
func ValidDatabaseName(name string) error {
	switch {
	case name == "":
		return errors.New("database name is empty")
	case len(name) > 63:
		return fmt.Errorf("database name %q is %d bytes, the limit is 63", truncate(name, 70), len(name))
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("database name %q contains a NUL byte", name)
	case !utf8Valid(name):
		return fmt.Errorf("database name %q is not valid UTF-8", name)
	}
	return nil
}
