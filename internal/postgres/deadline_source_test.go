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

// TestDeadlineSourceMigrationOnAnOlderDatabase: on a database migrated
// before it (the inbox exists, goose applies it out of order), migration
// 00011 replaces the refresh that fell back on the stored report's
// deadlines and drops them from the reports: an item whose deadlines are
// not set yet shows no due time instead of the report's, and no trigger
// function of the inbox reads the report any more.
func TestDeadlineSourceMigrationOnAnOlderDatabase(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	id := seedItem(t, s, 1, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(4*time.Hour)))
	// The database as 00035 left it: the refresh falls back on the
	// report's deadlines, no migration 00011.
	for _, q := range []string{
		`DELETE FROM goose_db_version WHERE version_id = 11`,
		`CREATE OR REPLACE FUNCTION triage_refresh_due_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE triage t SET next_due_at = (SELECT (p.derived -> 'deadlines' -> 0 ->> 'due_at')::timestamptz
				FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id WHERE s.id = t.submission_id)
			WHERE t.submission_id = ANY(sids);
		END $$`,
		`SELECT triage_refresh_due(` + "$1" + `)`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = append(args, id)
		}
		if _, err := s.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var due *time.Time
	if err := s.Pool.QueryRow(ctx, `SELECT next_due_at FROM triage WHERE submission_id = $1`, id).Scan(&due); err != nil || due == nil {
		t.Fatalf("before the migration: due %v (%v), want the report's", due, err)
	}
	if err := Migrate(ctx, s.Pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	var hasKey bool
	if err := s.Pool.QueryRow(ctx, `SELECT p.derived ? 'deadlines', t.next_due_at FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
		JOIN triage t ON t.submission_id = s.id WHERE s.id = $1`, id).Scan(&hasKey, &due); err != nil {
		t.Fatal(err)
	}
	if hasKey || due != nil {
		t.Errorf("after the migration: report holds deadlines %v, inbox due %v; want neither (no deadline stored)", hasKey, due)
	}
	var src string
	s.Pool.QueryRow(ctx, `SELECT prosrc FROM pg_proc WHERE proname = 'triage_refresh_due_many'`).Scan(&src)
	if strings.Contains(src, "derived") || !strings.Contains(src, "deadline d") {
		t.Errorf("the refresh does not read the deadline table only:\n%s", src)
	}
}
