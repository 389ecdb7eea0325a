package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestAuditVerifyChecksTheDatabaseRole: issue 12, finding 8 (Điều 6 khoản
// 2). `migrate` with database.owner_url creates the service's and the
// verifier's roles; `audit verify` prints who wrote the rows, passes the
// service's, refuses a row the owner wrote by hand in a person's name, and
// run as the verifier only reads.
func TestAuditVerifyChecksTheDatabaseRole(t *testing.T) {
	ctx := context.Background()
	ownerDSN := commandDB(t)
	owner := openPool(t, ownerDSN, 2)
	svc, ver := testenv.RoleName(t, owner, "cmd"), testenv.RoleName(t, owner, "cmdver")
	as := func(role string) string { return testenv.DSNAs(t, ownerDSN, role) }
	t.Setenv("DATABASE_URL", as(svc))
	t.Setenv("TIEPNHAN_DATABASE_OWNER_URL", ownerDSN)
	t.Setenv("TIEPNHAN_DATABASE_VERIFIER_ROLE", ver)
	run := func(f func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string) {
		return runCommand(ctx, f, args...)
	}
	if code, out := run(runMigrate); code != 0 || !strings.Contains(out, "rights granted") || !strings.Contains(out, "created database role "+svc) {
		t.Fatalf("migrate: %d %s", code, out)
	}
	pool := openPool(t, as(svc), 2)
	if err := postgres.New(pool).AuditEvent(ctx, "user:lan", "login", "account", "1", nil); err != nil {
		t.Fatal(err)
	}
	code, out := run(runAudit, "verify")
	if code != 0 || !strings.Contains(out, "intact") || !strings.Contains(out, "written by database role: ") || !strings.Contains(out, svc+" 1") {
		t.Fatalf("audit verify of the service's rows: %d\n%s", code, out)
	}

	if _, err := owner.Exec(ctx, `INSERT INTO audit_log (actor, action, table_name, row_id, after) VALUES ('user:lan', 'reveal', 'submission', '1', '{}')`); err != nil {
		t.Fatal(err)
	}
	code, out = run(runAudit, "verify")
	if code != 1 || !strings.Contains(out, "TAMPERED") || !strings.Contains(out, "written by the owner role") {
		t.Fatalf("audit verify of the owner's hand-made row: %d\n%s", code, out)
	}
	t.Log(out)

	t.Setenv("DATABASE_URL", as(ver))
	code, out = run(runAudit, "verify")
	if code != 1 || !strings.Contains(out, "not sealing") || !strings.Contains(out, "TAMPERED") {
		t.Fatalf("audit verify as the verifier: %d\n%s", code, out)
	}
}
