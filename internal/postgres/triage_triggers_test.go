package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/moj-portal/tiepnhan/migrations"
)

// TestNoInboxTriggerOnParsedReports: the inbox row depends on no stored
// report (00011, 00024, 00025), so migration 00037 drops 00035's statement
// triggers on message_parsed; its Down brings them back as they were and
// its Up drops them again.
func TestNoInboxTriggerOnParsedReports(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	triggers := func() []string {
		t.Helper()
		rows, err := s.Pool.Query(ctx, `SELECT tgname::text FROM pg_trigger
			WHERE tgrelid = 'message_parsed'::regclass AND NOT tgisinternal AND tgname LIKE 'triage%' ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	if got := triggers(); len(got) != 0 {
		t.Fatalf("inbox triggers on message_parsed after migrating: %v, want none", got)
	}
	db := stdlib.OpenDBFromPool(s.Pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithAllowOutofOrder(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provider.ApplyVersion(ctx, 37, false); err != nil {
		t.Fatalf("00037 down: %v", err)
	}
	if got, want := triggers(), []string{"triage_on_parsed_insert", "triage_on_parsed_update"}; !slices.Equal(got, want) {
		t.Fatalf("after 00037 down: %v, want %v", got, want)
	}
	if _, err := provider.ApplyVersion(ctx, 37, true); err != nil {
		t.Fatalf("00037 up again: %v", err)
	}
	if got := triggers(); len(got) != 0 {
		t.Errorf("after 00037 up again: %v, want none", got)
	}
}
