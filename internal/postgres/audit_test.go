package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/audit"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/migrations"
)

var chainKey = []byte("0123456789abcdef0123456789abcdef")

func verifyChain(t *testing.T, s *Store) audit.Report {
	t.Helper()
	v := audit.NewVerifier(func(string) ([]byte, error) { return chainKey, nil })
	if err := s.AuditChain(context.Background(), func(e audit.Entry) error { v.Add(e); return nil }); err != nil {
		t.Fatal(err)
	}
	return v.Report()
}

func TestAuditTriggerRecordsEveryChangeAndChainDetectsTampering(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	id := mustAccount(t, s, "hoa", auth.Grant{Role: auth.RoleEditor})
	if err := s.SetAccountState(ctx, "user:admin", id, "locked", "thử"); err != nil {
		t.Fatal(err)
	}
	// A row of a lead-owned table written with no actor set is attributed to
	// the database user.
	var mid int64
	if err := s.Pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, source) VALUES ('a@x', 'ab', 3, now(), 'paper') RETURNING id`).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 5000)
	if _, err := s.Pool.Exec(ctx, `INSERT INTO message_raw (message_id, raw) VALUES ($1, $2)`, mid, []byte(big)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `DELETE FROM message_raw WHERE message_id = $1`, mid); err != nil {
		t.Fatal(err)
	}

	type row struct{ actor, action, table, before, after string }
	rows, _ := s.Pool.Query(ctx, `SELECT actor, action, table_name, coalesce(before::text, ''), coalesce(after::text, '') FROM audit_log ORDER BY id`)
	var got []row
	for rows.Next() {
		var r row
		rows.Scan(&r.actor, &r.action, &r.table, &r.before, &r.after)
		got = append(got, r)
	}
	find := func(action, table string) row {
		for _, r := range got {
			if r.action == action && r.table == table {
				return r
			}
		}
		t.Fatalf("no %s on %s in %v", action, table, got)
		return row{}
	}
	ins := find("insert", "account")
	if ins.actor != "user:admin" || !strings.Contains(ins.after, `"password_hash": "[redacted]"`) || strings.Contains(ins.after, "argon2id") {
		t.Errorf("account insert: %+v", ins)
	}
	upd := find("update", "account")
	if !strings.Contains(upd.before, `"state": "active"`) || !strings.Contains(upd.after, `"state": "locked"`) {
		t.Errorf("account update before/after: %+v", upd)
	}
	find("insert", "account_grant")
	if r := find("insert", "message"); r.actor != SystemActor {
		t.Errorf("a row the service writes with no person's actor: %q, want %q", r.actor, SystemActor)
	}
	// A session opened outside the service (psql, a DBA) shows its user.
	conn, err := pgx.Connect(ctx, s.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var outside string
	if err := conn.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, source) VALUES ('b@x', 'cd', 3, now(), 'paper') RETURNING (SELECT coalesce(nullif(current_setting('tiepnhan.actor', true), ''), 'db:' || session_user))`).Scan(&outside); err != nil {
		t.Fatal(err)
	}
	var logged string
	s.Pool.QueryRow(ctx, `SELECT actor FROM audit_log WHERE table_name = 'message' AND after->>'message_id' = 'b@x'`).Scan(&logged)
	if !strings.HasPrefix(logged, "db:") || logged != outside {
		t.Errorf("a row written outside the service: actor %q (session says %q), want db:<user>", logged, outside)
	}
	raw := find("insert", "message_raw")
	if strings.Contains(raw.after, "xxxx") || !strings.Contains(raw.after, `"bytes": 5000`) {
		t.Errorf("raw bytes must be digested: %s", raw.after)
	}
	if del := find("delete", "message_raw"); del.before == "" || del.after != "" {
		t.Errorf("delete: %+v", del)
	}
	for _, r := range got {
		if r.table == "session" || r.table == "login_throttle" {
			t.Errorf("plumbing table audited: %+v", r)
		}
	}

	// Append-only.
	if _, err := s.Pool.Exec(ctx, `UPDATE audit_log SET actor = 'user:ai-do' WHERE id = (SELECT min(id) FROM audit_log)`); err == nil {
		t.Fatal("audit row updated")
	}
	if _, err := s.Pool.Exec(ctx, `DELETE FROM audit_log`); err == nil {
		t.Fatal("audit rows deleted")
	}
	if _, err := s.Pool.Exec(ctx, `TRUNCATE audit_log`); err == nil {
		t.Fatal("audit log truncated")
	}

	// Seal, verify, tamper as a superuser who bypasses the guard, verify again.
	n, err := s.SealAudit(ctx, "k1", chainKey, 3)
	if err != nil || n != 3 {
		t.Fatalf("seal: %d %v", n, err)
	}
	sealer := audit.Sealer{Store: s, KeyID: "k1", Key: chainKey}
	if _, err := sealer.SealAll(ctx); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.AuditUnsealed(ctx); left != 0 {
		t.Fatalf("%d rows left unsealed", left)
	}
	var total int64
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&total)
	r := verifyChain(t, s)
	if !r.OK() || r.Sealed != total {
		t.Fatalf("untouched chain: %+v (rows %d)", r, total)
	}
	// The sealed row cannot be re-sealed either.
	if _, err := s.Pool.Exec(ctx, `UPDATE audit_log SET hash = '\x00' WHERE seq = 1`); err == nil {
		t.Fatal("sealed row re-sealed")
	}
	tamper := func(sql string) {
		t.Helper()
		tx, err := s.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
		tx.Commit(ctx)
	}
	tamper(`UPDATE audit_log SET after = jsonb_set(after, '{state}', '"active"') WHERE seq = (SELECT seq FROM audit_log WHERE action = 'update' AND table_name = 'account' LIMIT 1)`)
	r = verifyChain(t, s)
	if r.OK() || !strings.Contains(r.Problems[0].Reason, "altered") {
		t.Fatalf("altered row not detected: %+v", r)
	}
	tamper(`DELETE FROM audit_log WHERE seq = 2`)
	r = verifyChain(t, s)
	found := false
	for _, p := range r.Problems {
		found = found || strings.Contains(p.Reason, "missing")
	}
	if !found {
		t.Fatalf("removed row not detected: %+v", r.Problems)
	}
}

func TestAuditAttachesToTablesCreatedLater(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	if _, err := s.Pool.Exec(ctx, `CREATE TABLE later_table (id bigserial PRIMARY KEY, v text)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `INSERT INTO later_table (v) VALUES ('x')`); err != nil {
		t.Fatal(err)
	}
	var n int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'later_table' AND row_id = '1'`).Scan(&n)
	if n != 1 {
		t.Fatalf("table created after the audit migration: %d audit rows, want 1", n)
	}
}

// TestAuditRecordsEachRowOfAMultiRowStatement: one statement writing many
// rows (as the intake batch jobs do) gives one audit row per changed row, in
// the statement's order, with its before and after images; a row an UPDATE
// left as it was gives none; bytea columns are digested; small images are
// kept whole and a password hash is always redacted (audit_compact's fast
// path, migration 00036).
func TestAuditRecordsEachRowOfAMultiRowStatement(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	rows, err := s.Pool.Query(ctx, `INSERT INTO message (message_id, sha256, size, received_at, source)
		SELECT 'batch-' || i || '@x', 'h' || i, i, now(), 'paper' FROM generate_series(1, 5) i RETURNING id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	type entry struct{ action, rid, before, after string }
	logOf := func(table string) []entry {
		rows, _ := s.Pool.Query(ctx, `SELECT action, row_id, coalesce(before::text, ''), coalesce(after::text, '')
			FROM audit_log WHERE table_name = $1 ORDER BY id`, table)
		var out []entry
		for rows.Next() {
			var e entry
			rows.Scan(&e.action, &e.rid, &e.before, &e.after)
			out = append(out, e)
		}
		return out
	}
	got := logOf("message")
	if len(got) != 5 {
		t.Fatalf("5 rows inserted in one statement: %d audit rows %+v", len(got), got)
	}
	for i, e := range got {
		if e.action != "insert" || e.rid != strconv.FormatInt(ids[i], 10) || e.before != "" || !strings.Contains(e.after, `"batch-`+strconv.Itoa(i+1)+`@x"`) {
			t.Errorf("insert %d: %+v", i, e)
		}
	}
	// Two of five rows change; the other three are written unchanged.
	if _, err := s.Pool.Exec(ctx, `UPDATE message SET size = CASE WHEN id IN ($1, $2) THEN size + 100 ELSE size END WHERE id = ANY($3)`,
		ids[1], ids[3], ids); err != nil {
		t.Fatal(err)
	}
	got = logOf("message")[5:]
	if len(got) != 2 {
		t.Fatalf("update of 2 changed and 3 unchanged rows: %d audit rows %+v", len(got), got)
	}
	for i, id := range []int64{ids[1], ids[3]} {
		e := got[i]
		if e.action != "update" || e.rid != strconv.FormatInt(id, 10) ||
			!strings.Contains(e.before, `"size": `+strconv.FormatInt(id-ids[0]+1, 10)+`,`) || !strings.Contains(e.after, `"size": `+strconv.FormatInt(id-ids[0]+101, 10)+`,`) {
			t.Errorf("update of message %d: %+v", id, e)
		}
	}
	// Bytea columns: digested, never hex-encoded, in one multi-row statement.
	if _, err := s.Pool.Exec(ctx, `INSERT INTO message_raw (message_id, raw) SELECT id, convert_to(repeat('y', 3000), 'UTF8') FROM unnest($1::bigint[]) id`, ids[:2]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `DELETE FROM message_raw WHERE message_id = ANY($1)`, ids[:2]); err != nil {
		t.Fatal(err)
	}
	raw := logOf("message_raw")
	if len(raw) != 4 || raw[0].action != "insert" || raw[3].action != "delete" {
		t.Fatalf("message_raw: %+v", raw)
	}
	for _, e := range raw {
		if strings.Contains(e.after+e.before, "yyyy") || strings.Contains(e.after+e.before, `\\x`) || !strings.Contains(e.after+e.before, `"bytes": 3000`) {
			t.Errorf("raw bytes must be digested: %+v", e)
		}
	}
	var small, redacted string
	s.Pool.QueryRow(ctx, `SELECT audit_compact('{"a": 1, "b": "x"}'), audit_compact('{"password_hash": "argon2id$short"}')`).Scan(&small, &redacted)
	if small != `{"a": 1, "b": "x"}` || redacted != `{"password_hash": "[redacted]"}` {
		t.Errorf("audit_compact: small image %s, password hash %s", small, redacted)
	}
	if r := verifyAfterSeal(t, s); !r.OK() {
		t.Fatalf("chain over the rows of multi-row statements: %+v", r)
	}
}

// verifyAfterSeal seals every audit row and verifies the chain.
func verifyAfterSeal(t *testing.T, s *Store) audit.Report {
	t.Helper()
	sealer := audit.Sealer{Store: s, KeyID: "k1", Key: chainKey}
	if _, err := sealer.SealAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	return verifyChain(t, s)
}

// TestAuditCompactMatchesTheOriginal: the faster audit_compact of migration
// 00036 gives exactly what 00031's gave, on small and large images, long
// strings and objects, escapes that make a small value's text long, and
// password hashes.
func TestAuditCompactMatchesTheOriginal(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	// 00031's function as that migration wrote it, under another name.
	mig, err := migrations.FS.ReadFile("00031_audit.sql")
	if err != nil {
		t.Fatal(err)
	}
	const head = "CREATE FUNCTION audit_compact(j jsonb)"
	from := strings.Index(string(mig), head)
	to := strings.Index(string(mig[max(from, 0):]), "\n$$;")
	if from < 0 || to < 0 {
		t.Fatalf("00031_audit.sql defines no %s … $$;", head)
	}
	original := strings.Replace(string(mig[from:from+to+3]), "audit_compact(", "audit_compact_00031(", 1)
	if _, err := s.Pool.Exec(ctx, original); err != nil {
		t.Fatal(err)
	}
	cases := []string{
		`'{}'`,
		`'{"a": 1, "b": "x", "c": null, "d": true, "e": [1, 2], "f": {"g": "h"}}'`,
		`'{"password_hash": "argon2id$v=19$m=65536"}'`,
		`jsonb_build_object('s', repeat('a', 1024), 't', repeat('b', 1025))`,
		`jsonb_build_object('s', repeat('ế', 1024), 't', repeat('ệ', 1025), 'u', repeat('ệ', 400))`,
		`jsonb_build_object('o', jsonb_build_object('k', repeat('x', 4090)), 'p', jsonb_build_object('k', repeat('x', 5000)))`,
		`jsonb_build_object('arr', jsonb_build_array(repeat(E'\x01', 700)))`,
		`jsonb_build_object('arr', jsonb_build_array(repeat(E'\x01', 1000)), 'n', 1)`,
		`jsonb_build_object('s', repeat(E'\x01', 1000))`,
		`jsonb_build_object('password_hash', repeat('h', 2000), 'b', repeat('y', 3000), 'c', '[]'::jsonb)`,
		`(SELECT jsonb_object_agg('k' || i, repeat('v', i * 37)) FROM generate_series(1, 60) i)`,
	}
	for _, c := range cases {
		var same bool
		var got, want string
		if err := s.Pool.QueryRow(ctx, `SELECT audit_compact(j) = audit_compact_00031(j), audit_compact(j)::text, audit_compact_00031(j)::text FROM (SELECT (`+c+`)::jsonb AS j) x`).Scan(&same, &got, &want); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if !same {
			t.Errorf("%s:\n got  %.300s\n want %.300s", c, got, want)
		}
	}
}

// TestGeneratedAuditTriggersMatchTheGenericOne: the per-table trigger
// functions that audit_attach writes (migration 00036) record what 00031's
// generic audit_row records, on a table with a bytea column and a table
// with a two-column key, for inserts, changes, unchanged updates and
// deletes.
func TestGeneratedAuditTriggersMatchTheGenericOne(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	execAll(t, s, 0,
		// Created after the audit migration: the event trigger attaches
		// the generated function (audit_row__<table>).
		`CREATE TABLE eq_gen (id bigserial PRIMARY KEY, name text, blob bytea, big text, meta jsonb)`,
		`CREATE TABLE eq_ref (id bigserial PRIMARY KEY, name text, blob bytea, big text, meta jsonb)`,
		`CREATE TABLE eq2_gen (day date, who text, n int, PRIMARY KEY (who, day))`,
		`CREATE TABLE eq2_ref (day date, who text, n int, PRIMARY KEY (who, day))`,
		`DROP TRIGGER audit_row ON eq_ref`,
		`CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON eq_ref FOR EACH ROW EXECUTE FUNCTION audit_row('id', 'blob')`,
		`DROP TRIGGER audit_row ON eq2_ref`,
		`CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON eq2_ref FOR EACH ROW EXECUTE FUNCTION audit_row('who,day', '')`,
	)
	var fn string
	s.Pool.QueryRow(ctx, `SELECT tgfoid::regproc::text FROM pg_trigger WHERE tgrelid = 'eq_gen'::regclass AND tgname = 'audit_row'`).Scan(&fn)
	if fn != "audit_row__eq_gen" {
		t.Fatalf("eq_gen's audit trigger runs %q, want the generated audit_row__eq_gen", fn)
	}
	for _, table := range []string{"eq_gen", "eq_ref"} {
		for _, q := range []string{
			`INSERT INTO %s (name, blob, big, meta) VALUES ('a', '\x0102', repeat('x', 2000), '{"k": [1, 2]}'), ('b', NULL, 'short', NULL)`,
			`UPDATE %s SET name = 'a2', blob = '\x03' WHERE name = 'a'`,
			`UPDATE %s SET name = name`,
			`UPDATE %s SET meta = jsonb_build_object('arr', jsonb_build_array(repeat(E'\x01', 700))) WHERE name = 'b'`,
			`DELETE FROM %s WHERE name = 'a2'`,
		} {
			if _, err := s.Pool.Exec(ctx, fmt.Sprintf(q, table)); err != nil {
				t.Fatalf("%s: %v", fmt.Sprintf(q, table), err)
			}
		}
	}
	for _, table := range []string{"eq2_gen", "eq2_ref"} {
		for _, q := range []string{
			`INSERT INTO %s VALUES ('2026-11-27', 'lan', 1), ('2026-11-28', 'minh', 2)`,
			`UPDATE %s SET n = n + 1 WHERE who = 'lan'`,
			`DELETE FROM %s WHERE who = 'minh'`,
		} {
			if _, err := s.Pool.Exec(ctx, fmt.Sprintf(q, table)); err != nil {
				t.Fatal(err)
			}
		}
	}
	logOf := func(table string) []string {
		rows, _ := s.Pool.Query(ctx, `SELECT actor || ' ' || action || ' ' || row_id || ' ' || coalesce(before::text, '-') || ' ' || coalesce(after::text, '-')
			FROM audit_log WHERE table_name = $1 ORDER BY id`, table)
		out, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		return out
	}
	for _, pair := range [][2]string{{"eq_gen", "eq_ref"}, {"eq2_gen", "eq2_ref"}} {
		got, want := logOf(pair[0]), logOf(pair[1])
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("%s: %d audit rows, %s: %d\n%v\n%v", pair[0], len(got), pair[1], len(want), got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s row %d:\n got  %s\n want %s", pair[0], i, got[i], want[i])
			}
		}
	}
}

// TestMigrateAttachesTheAuditTrail: a table that lacks its audit trigger —
// created by a migration run by an owner that is not a superuser, whose
// event trigger (migration 00031) cannot fire — gets it at the next
// migrate (Điều 6 khoản 2).
func TestMigrateAttachesTheAuditTrail(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	if _, err := s.Pool.Exec(ctx, `DROP TRIGGER audit_row ON publish_proposal`); err != nil {
		t.Fatal(err)
	}
	migrateAgain(t, s)
	var triggers, unaudited int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_trigger WHERE tgrelid = 'publish_proposal'::regclass AND tgname = 'audit_row'`).Scan(&triggers)
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM (`+attachAuditSQL+`) missing`).Scan(&unaudited)
	if triggers != 1 || unaudited != 0 {
		t.Fatalf("after migrate: publish_proposal has %d audit triggers (want 1), %d audited tables lack theirs (want 0)", triggers, unaudited)
	}
}
