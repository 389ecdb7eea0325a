package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestCalendarSetDayOffInTheDatabase: `calendar set-day-off` runs the
// administrators' use case (desk.Desk.ChangeCalendar): the override is
// stored once, in the operator's name in the audit trail (Điều 6 khoản 2),
// and the same declaration again changes nothing.
func TestCalendarSetDayOffInTheDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("TIEPNHAN_UI_KEY_FILE", filepath.Join(t.TempDir(), "pii.keys"))
	t.Setenv("TIEPNHAN_LOG_LEVEL", "error")
	run := func() (int, string) {
		var out, errs bytes.Buffer
		code := runCalendar(ctx, []string{"set-day-off", "2027-03-03", "--reason", "nghỉ bù theo thông báo số 12/TB-BTP", "--actor", "quantri"}, &out, &errs)
		return code, out.String() + errs.String()
	}
	if code, out := run(); code != 0 || !strings.Contains(out, "Đã khai báo") || !strings.Contains(out, "người khai báo: quantri") {
		t.Fatalf("set-day-off: %d\n%s", code, out)
	}
	if code, out := run(); code != 0 || !strings.Contains(out, "Không thay đổi") {
		t.Fatalf("set-day-off again: %d\n%s", code, out)
	}
	pool, err := postgres.Open(ctx, dsn, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var overrides, audited int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM calendar_override WHERE actor = 'quantri'),
		(SELECT count(*) FROM audit_log WHERE table_name = 'calendar_override' AND actor = 'quantri')`).Scan(&overrides, &audited); err != nil {
		t.Fatal(err)
	}
	if overrides != 1 || audited != 1 {
		t.Fatalf("overrides by quantri %d, audited in their name %d; want 1 and 1", overrides, audited)
	}
}
