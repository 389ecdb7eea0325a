package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/audit"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// asRole is a pool on dsn logging in as role (trust authentication in
// tests).
func asRole(t *testing.T, dsn, role string) *pgxpool.Pool {
	t.Helper()
	dsn = testenv.DSNAs(t, dsn, role)
	pool, err := Open(context.Background(), dsn, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func denied(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501" // insufficient_privilege
}

// TestServiceRoleCannotForgeTheAuditTrail: issue 12, finding 8 (Điều 6
// khoản 2). With the roles `tiepnhan migrate` sets up, the service's role
// cannot write, change or remove audit rows except through the owner's
// functions, which record its role; a row it writes under a forged actor
// still names it; a hand-made row of the owner or of another role fails
// verification; the verifier only reads.
func TestServiceRoleCannotForgeTheAuditTrail(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, MigrateDSN)
	owner, err := Open(ctx, dsn, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(owner.Close)
	svcName, verName, dbaName := testenv.RoleName(t, owner, "svc"), testenv.RoleName(t, owner, "ver"), testenv.RoleName(t, owner, "dba")
	notes, err := SetupRoles(ctx, owner, svcName, verName)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "created database role "+svcName) {
		t.Fatalf("notes: %q, want the two roles created", notes)
	}
	// Idempotent: a second run creates nothing and changes nothing.
	if notes, err := SetupRoles(ctx, owner, svcName, verName); err != nil || len(notes) != 0 {
		t.Fatalf("second run: %q %v", notes, err)
	}
	svc := New(asRole(t, dsn, svcName))
	if r, err := Role(ctx, svc.Pool); err != nil || r.Name != svcName || r.Owner || r.Superuser {
		t.Fatalf("service role: %+v %v", r, err)
	}
	if r, err := Role(ctx, owner); err != nil || !r.Owner {
		t.Fatalf("owner role: %+v %v", r, err)
	}

	// The service works: a person's action, an event, the sealer.
	var mid int64
	err = svc.InTxAs(ctx, "user:lan", func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, source) VALUES ('a@x', 'ab', 3, now(), 'paper') RETURNING id`).Scan(&mid)
	})
	if err != nil {
		t.Fatalf("service DML: %v", err)
	}
	if err := svc.AuditEvent(ctx, "user:lan", "reveal", "message", fmt.Sprint(mid), map[string]any{"field": "phone"}); err != nil {
		t.Fatalf("service event: %v", err)
	}

	// No direct write of audit rows, no change, no removal, no DDL.
	for _, sql := range []string{
		`INSERT INTO audit_log (actor, action) VALUES ('user:lan', 'login')`,
		`UPDATE audit_log SET actor = 'user:hoa'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`CREATE TABLE shadow (id int)`,
		`ALTER TABLE message DISABLE TRIGGER audit_row`,
		`DROP TRIGGER audit_log_guard ON audit_log`,
		`SELECT db_roles_grant('x', 'y')`,
		`UPDATE goose_db_version SET is_applied = false`,
	} {
		if _, err := svc.Pool.Exec(ctx, sql); !denied(err) {
			t.Errorf("service role: %s: %v, want permission denied", sql, err)
		}
	}

	// A forged actor is kept as said, but the row names the service's role;
	// a temporary table named audit_log does not catch the row.
	conn, err := svc.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE audit_log (LIKE public.audit_log)`); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.Exec(ctx, `SET LOCAL tiepnhan.actor = 'user:giam-doc'`)
	if _, err := tx.Exec(ctx, `UPDATE message SET size = 4 WHERE id = $1`, mid); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	conn.Exec(ctx, `DROP TABLE pg_temp.audit_log`)
	conn.Release()
	var actor, role string
	if err := owner.QueryRow(ctx, `SELECT actor, db_role FROM audit_log WHERE table_name = 'message' AND action = 'update'`).Scan(&actor, &role); err != nil {
		t.Fatalf("the forged update left no audit row: %v", err)
	}
	if actor != "user:giam-doc" || role != svcName {
		t.Errorf("forged update: actor %q role %q, want the actor said and role %q", actor, role, svcName)
	}

	// The sealer runs as the service; the trail verifies.
	sealer := audit.Sealer{Store: svc, KeyID: "k1", Key: chainKey}
	verify := func() audit.Report {
		t.Helper()
		if _, err := sealer.SealAll(ctx); err != nil {
			t.Fatalf("seal as the service: %v", err)
		}
		roles, err := svc.AuditRoles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if roles.Owner == "" || len(roles.Service) != 1 || roles.Service[0] != svcName {
			t.Fatalf("writer roles %+v, want the owner and %s", roles, svcName)
		}
		v := audit.NewVerifier(func(string) ([]byte, error) { return chainKey, nil })
		v.Roles = roles
		if err := svc.AuditChain(ctx, func(e audit.Entry) error { v.Add(e); return nil }); err != nil {
			t.Fatal(err)
		}
		if n := v.Report().ByRole[svcName]; n < 3 {
			t.Errorf("rows by the service role: %v", v.Report().ByRole)
		}
		return v.Report()
	}
	if r := verify(); !r.OK() {
		t.Fatalf("legitimate trail: %v", r.Problems)
	}

	// The owner's hand-made row claiming a person's action and the service's
	// role: the stamp replaces the role, verification refuses the row.
	var forged int64
	if err := owner.QueryRow(ctx, `INSERT INTO audit_log (actor, action, table_name, row_id, after, db_role)
		VALUES ('user:lan', 'reveal', 'message', $1, '{}', $2) RETURNING id`, fmt.Sprint(mid), svcName).Scan(&forged); err != nil {
		t.Fatal(err)
	}
	r := verify()
	if r.OK() || r.Problems[0].ID != forged || !strings.Contains(r.Problems[0].Reason, "owner role") {
		t.Fatalf("owner's hand-made row: %+v, want refused", r.Problems)
	}

	// A role with DML rights given by hand (a DBA's): its change is audited
	// under its role, which verification refuses.
	if _, err := owner.Exec(ctx, fmt.Sprintf(`CREATE ROLE %[1]s LOGIN; GRANT INSERT ON message TO %[1]s; GRANT USAGE ON SEQUENCE message_id_seq TO %[1]s`, pgx.Identifier{dbaName}.Sanitize())); err != nil {
		t.Fatal(err)
	}
	dba := asRole(t, dsn, dbaName)
	if _, err := dba.Exec(ctx, `SET tiepnhan.actor = 'user:lan'; INSERT INTO message (message_id, sha256, size, received_at, source) VALUES ('b@x', 'cd', 3, now(), 'paper')`); err != nil {
		t.Fatal(err)
	}
	r = verify()
	if len(r.Problems) != 2 || !strings.Contains(r.Problems[1].Reason, dbaName) {
		t.Fatalf("a third role's row: %+v, want refused", r.Problems)
	}

	// The verifier reads the trail and nothing else.
	ver := New(asRole(t, dsn, verName))
	if n, err := ver.AuditUnsealed(ctx); err != nil || n != 0 {
		t.Errorf("verifier reads the trail: %d %v", n, err)
	}
	if ok, err := ver.AuditMaySeal(ctx); err != nil || ok {
		t.Errorf("verifier may seal: %v %v", ok, err)
	}
	for _, sql := range []string{
		`SELECT count(*) FROM message`,
		`SELECT audit_write('user:lan', 'login', '', '', NULL, NULL)`,
		`INSERT INTO audit_log (actor, action) VALUES ('user:lan', 'login')`,
	} {
		if _, err := ver.Pool.Exec(ctx, sql); !denied(err) {
			t.Errorf("verifier: %s: %v, want permission denied", sql, err)
		}
	}
}
