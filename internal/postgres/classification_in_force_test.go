package postgres

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestPrecedenceMigrationOnAnOlderDatabase: on a database migrated before
// it (the inbox exists, goose applies it out of order), migration 00024
// moves the decisions people took in the inbox rows into
// classification_decision and replaces the refresh that decided the
// precedence in SQL; after it, no trigger function of the inbox names
// classified_by.
func TestPrecedenceMigrationOnAnOlderDatabase(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	id := seedItem(t, s, 1, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(4*time.Hour)))
	acc := mustAccount(t, s, "lan")
	// The database as 00035 left it: the person's decision in the inbox
	// row, the refresh deciding, no migration 00024.
	for _, q := range []string{
		`DROP TABLE classification_decision`,
		`DELETE FROM goose_db_version WHERE version_id = 24`,
		`CREATE OR REPLACE FUNCTION triage_refresh_derived_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE triage t SET kind = CASE WHEN t.classified_by IS NULL THEN 'x' ELSE t.kind END WHERE t.submission_id = ANY(sids);
		END $$`,
	} {
		if _, err := s.Pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET kind = 'query', category = '', timing = 'other', unit = 'vu-pl', target = 'unit', language = 'vi',
		classified_by = $2, classified_at = now() WHERE submission_id = $1`, id, acc); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, s.Pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := s.Pool.QueryRow(ctx, `SELECT concat_ws('/', kind, category, timing, unit, target, language, decided_by) FROM classification_decision
		WHERE submission_id = $1`, id).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "query//other/vu-pl/unit/vi/user:lan"; got != want {
		t.Errorf("backfilled decision %s, want %s", got, want)
	}
	var src string
	s.Pool.QueryRow(ctx, `SELECT prosrc FROM pg_proc WHERE proname = 'triage_refresh_derived_many'`).Scan(&src)
	if strings.Contains(src, "classified_by") || strings.Contains(src, "'classification'") {
		t.Errorf("the refresh still decides the classification:\n%s", src)
	}
}
