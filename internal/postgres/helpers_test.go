package postgres

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// newsReceived is when newsItem's item was received.
var newsReceived = time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)

// testUI returns a Store on a fresh, migrated database and its UI.
func testUI(t testing.TB) (*Store, *UI) {
	t.Helper()
	s := testStore(t)
	return s, &UI{Store: s, Keys: testKeys(t)}
}

// newsItem returns a Store on a fresh database, its UI, a Standing Board
// member (lan) and the one item stored there: a news item for cuc-pbgdpl
// received at newsReceived, classified as its report says (seedItem), with
// the screening's grounds, no deadline set yet.
func newsItem(t testing.TB, grounds ...string) (*Store, *UI, auth.Principal, int64) {
	t.Helper()
	s, u := testUI(t)
	id := seedItem(t, s, 1, newsReceived, derivedJSON("publish", "news_event", "cuc-pbgdpl", newsReceived.Add(4*time.Hour), grounds...))
	return s, u, principal(s, t, "lan", auth.Grant{Role: auth.RoleStandingBoard}), id
}

// execAll runs each statement, the test stopping at the first that fails;
// a statement naming $1 gets id (the item it is about; 0 where none is).
func execAll(t testing.TB, s *Store, id int64, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		var args []any
		if strings.Contains(q, "$1") {
			args = append(args, id)
		}
		if _, err := s.Pool.Exec(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// asBefore puts the database back as it was before migration version:
// the statements undo what it did (execAll, with id), and its
// goose_db_version row goes, so that migrateAgain applies it again (goose
// applies migrations out of order), as on a database migrated before it.
func asBefore(t testing.TB, s *Store, version int, id int64, stmts ...string) {
	t.Helper()
	execAll(t, s, id, stmts...)
	if _, err := s.Pool.Exec(context.Background(), `DELETE FROM goose_db_version WHERE version_id = $1`, version); err != nil {
		t.Fatal(err)
	}
}

// refreshAs is the statement that makes the inbox's refresh function name
// (sids: the submissions to refresh) run update, as an older migration
// wrote it.
func refreshAs(name, update string) string {
	return `CREATE OR REPLACE FUNCTION ` + name + `(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			` + update + `;
		END $$`
}

// migrateAgain applies the migrations the database lacks, as a start of
// the service on an older database does.
func migrateAgain(t testing.TB, s *Store) {
	t.Helper()
	if err := Migrate(context.Background(), s.Pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
}

// functionSource is the body of the database function name.
func functionSource(t testing.TB, s *Store, name string) string {
	t.Helper()
	var src string
	if err := s.Pool.QueryRow(context.Background(), `SELECT prosrc FROM pg_proc WHERE proname = $1`, name).Scan(&src); err != nil {
		t.Fatalf("source of %s: %v", name, err)
	}
	return src
}
