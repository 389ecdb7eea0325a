package testenv

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Migrate puts the schema into the database at dsn (postgres.MigrateDSN).
type Migrate func(ctx context.Context, dsn string) error

var template struct {
	mu   sync.Mutex
	name string // the migrated template database of this test binary
	err  error
}

// MigratedPostgres is Postgres with the schema in place: the first call of
// the test binary creates a template database and runs migrate on it; every
// call then clones the template (CREATE DATABASE … TEMPLATE, a copy of its
// files), so that a test's fresh database costs milliseconds instead of a
// full migration. The template is dropped when Main returns. Tests that
// start the service on the clone (app.New) find nothing left to migrate.
func MigratedPostgres(t testing.TB, migrate Migrate) string {
	t.Helper()
	srv, err := sharedServer(t)
	Require(t, "PostgreSQL server", err)
	tmpl, err := migratedTemplate(srv, migrate)
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	name := DatabaseName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := adminExec(ctx, srv, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{tmpl}.Sanitize()); err != nil {
		t.Fatalf("testenv: clone %s: %v", tmpl, err)
	}
	return ownDatabase(t, srv, name)
}

// migratedTemplate creates and migrates the template once per test binary.
func migratedTemplate(srv pgServer, migrate Migrate) (string, error) {
	template.mu.Lock()
	defer template.mu.Unlock()
	if template.name != "" || template.err != nil {
		return template.name, template.err
	}
	name := DatabaseName("template")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	template.err = func() error {
		if err := srv.create(ctx, name); err != nil {
			return err
		}
		if err := migrate(ctx, srv.dsn(name)); err != nil {
			srv.drop(ctx, name)
			return fmt.Errorf("migrate the template database: %w", err)
		}
		return nil
	}()
	if template.err == nil {
		template.name = name
	}
	return template.name, template.err
}

// dropTemplate drops the template database (from Main, before the shared
// server stops).
func dropTemplate(srv pgServer) error {
	template.mu.Lock()
	defer template.mu.Unlock()
	if template.name == "" || srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := srv.drop(ctx, template.name)
	template.name = ""
	return err
}

// adminExec runs one statement on the server's maintenance database.
func adminExec(ctx context.Context, srv pgServer, sql string) error {
	conn, err := pgx.Connect(ctx, srv.dsn("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}
