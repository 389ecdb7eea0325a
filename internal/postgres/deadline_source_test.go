package postgres

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDeadlineSourceMigrationOnAnOlderDatabase: on a database migrated
// before it (the inbox exists, goose applies it out of order), migration
// 00011 replaces the refresh that fell back on the stored report's
// deadlines and drops them from the reports: an item whose deadlines are
// not set yet shows no due time instead of the report's, and no trigger
// function of the inbox reads the report any more.
func TestDeadlineSourceMigrationOnAnOlderDatabase(t *testing.T) {
	t.Parallel()
	s, _, _, id := newsItem(t)
	ctx := context.Background()
	// The database as 00035 left it: the refresh falls back on the
	// report's deadlines, no migration 00011.
	asBefore(t, s, 11, id,
		refreshAs("triage_refresh_due_many", `UPDATE triage t SET next_due_at = (SELECT (p.derived -> 'deadlines' -> 0 ->> 'due_at')::timestamptz
				FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id WHERE s.id = t.submission_id)
			WHERE t.submission_id = ANY(sids)`),
		`SELECT triage_refresh_due($1)`,
	)
	var due *time.Time
	if err := s.Pool.QueryRow(ctx, `SELECT next_due_at FROM triage WHERE submission_id = $1`, id).Scan(&due); err != nil || due == nil {
		t.Fatalf("before the migration: due %v (%v), want the report's", due, err)
	}
	migrateAgain(t, s)
	var hasKey bool
	if err := s.Pool.QueryRow(ctx, `SELECT p.derived ? 'deadlines', t.next_due_at FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
		JOIN triage t ON t.submission_id = s.id WHERE s.id = $1`, id).Scan(&hasKey, &due); err != nil {
		t.Fatal(err)
	}
	if hasKey || due != nil {
		t.Errorf("after the migration: report holds deadlines %v, inbox due %v; want neither (no deadline stored)", hasKey, due)
	}
	if src := functionSource(t, s, "triage_refresh_due_many"); strings.Contains(src, "derived") || !strings.Contains(src, "deadline d") {
		t.Errorf("the refresh does not read the deadline table only:\n%s", src)
	}
}
