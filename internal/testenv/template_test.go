package testenv

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestMigratedPostgresClonesOneTemplate: the schema is built once per test
// binary; each test gets its own copy of it.
func TestMigratedPostgresClonesOneTemplate(t *testing.T) {
	var runs atomic.Int32
	migrate := func(ctx context.Context, dsn string) error {
		runs.Add(1)
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `CREATE TABLE item (id int PRIMARY KEY)`)
		return err
	}
	ctx := context.Background()
	var dsns []string
	for range 2 {
		dsns = append(dsns, MigratedPostgres(t, migrate))
	}
	if n := runs.Load(); n != 1 {
		t.Fatalf("migrated %d times, want once", n)
	}
	for i, dsn := range dsns {
		conn := connectDB(t, dsn)
		if _, err := conn.Exec(ctx, `INSERT INTO item VALUES (1)`); err != nil {
			t.Fatalf("clone %d: %v (the schema is not there, or the clones share rows)", i, err)
		}
	}
}
