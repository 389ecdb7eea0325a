package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/audit"
)

// auditSealLock serialises sealers of several processes.
const auditSealLock = 0x61756469 // "audi"

// AuditEvent implements auth.Store: it appends an application event (a
// sign-in, a reveal of personal data, an export) to the audit trail
// (Điều 6 khoản 2). detail is stored as the event's "after" image.
func (s *Store) AuditEvent(ctx context.Context, actor, action, table, rowID string, detail map[string]any) error {
	return auditEvent(ctx, s.Pool, actor, action, table, rowID, detail)
}

func auditEvent(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}, actor, action, table, rowID string, detail map[string]any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	var id int64
	// audit_write (migration 00041): the service role may not insert into
	// audit_log itself; the function records its database role.
	if err := q.QueryRow(ctx, `SELECT audit_write($1, $2, $3, $4, NULL, $5)`,
		actor, action, table, rowID, b).Scan(&id); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// SealAudit puts up to limit committed, unsealed audit rows into the hash
// chain (in id order, after the last sealed row) with the chain key of
// keyID, and returns how many it sealed. Rows of transactions still running
// are invisible here and are sealed by a later call.
func (s *Store) SealAudit(ctx context.Context, keyID string, key []byte, limit int) (int, error) {
	n := 0
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, auditSealLock); err != nil {
			return err
		}
		var seq int64
		var prev []byte
		err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
		if err != nil && err != pgx.ErrNoRows {
			return fmt.Errorf("audit chain head: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT id, at, actor, action, table_name, row_id, before::text, after::text, db_role
			FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1`, limit)
		if err != nil {
			return fmt.Errorf("read unsealed audit rows: %w", err)
		}
		var ids, seqs []int64
		var hashes [][]byte
		for rows.Next() {
			var e audit.Entry
			var before, after *string
			if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Table, &e.RowID, &before, &after, &e.DBRole); err != nil {
				rows.Close()
				return err
			}
			e.Before, e.After = bytesOrNil(before), bytesOrNil(after)
			seq++
			prev = audit.Hash(key, prev, seq, e)
			ids, seqs, hashes = append(ids, e.ID), append(seqs, seq), append(hashes, prev)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		// audit_seal (migration 00041): the service role has no UPDATE on
		// audit_log.
		if _, err := tx.Exec(ctx, `SELECT audit_seal($1::bigint[], $2::bigint[], $3::bytea[], $4)`, ids, seqs, hashes, keyID); err != nil {
			return fmt.Errorf("seal audit rows: %w", err)
		}
		n = len(ids)
		return nil
	})
	return n, err
}

func bytesOrNil(s *string) []byte {
	if s == nil {
		return nil
	}
	return []byte(*s)
}

// AuditChain calls fn for every sealed audit row in chain order, streaming.
func (s *Store) AuditChain(ctx context.Context, fn func(audit.Entry) error) error {
	rows, err := s.Pool.Query(ctx, `SELECT id, at, actor, action, table_name, row_id, before::text, after::text, db_role, seq, key_id, hash
		FROM audit_log WHERE seq IS NOT NULL ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("read audit chain: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		var before, after *string
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Table, &e.RowID, &before, &after, &e.DBRole, &e.Seq, &e.KeyID, &e.Hash); err != nil {
			return err
		}
		e.Before, e.After = bytesOrNil(before), bytesOrNil(after)
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditUnsealed counts the rows not sealed yet.
func (s *Store) AuditUnsealed(ctx context.Context) (int64, error) {
	var n int64
	err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE seq IS NULL`).Scan(&n)
	return n, err
}

// AuditRows returns the newest audit rows about one row of a table (table
// "" for all), newest first, at most limit; before < 1 starts at the newest.
func (s *Store) AuditRows(ctx context.Context, table, rowID string, before int64, limit int) ([]audit.Entry, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, at, actor, action, table_name, row_id, before::text, after::text, db_role, coalesce(seq, 0)
		FROM audit_log WHERE ($1 = '' OR (table_name = $1 AND row_id = $2)) AND ($3 < 1 OR id < $3) ORDER BY id DESC LIMIT $4`,
		table, rowID, before, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (audit.Entry, error) {
		var e audit.Entry
		var b, a *string
		err := r.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Table, &e.RowID, &b, &a, &e.DBRole, &e.Seq)
		e.Before, e.After = bytesOrNil(b), bytesOrNil(a)
		return e, err
	})
}

// AuditRoles returns the database roles allowed to write audit rows, as
// the database grants them (migration 00041): the owner of audit_log and
// the roles granted EXECUTE on audit_write (the service's).
func (s *Store) AuditRoles(ctx context.Context) (audit.Roles, error) {
	var r audit.Roles
	err := s.Pool.QueryRow(ctx, `SELECT pg_get_userbyid(c.relowner),
		coalesce((SELECT array_agg(DISTINCT pg_get_userbyid(x.grantee) ORDER BY pg_get_userbyid(x.grantee))
			FROM pg_proc p, aclexplode(p.proacl) x
			WHERE p.oid = 'audit_write(text, text, text, text, jsonb, jsonb)'::regprocedure
			  AND x.privilege_type = 'EXECUTE' AND x.grantee <> 0 AND x.grantee <> p.proowner), '{}')
		FROM pg_class c WHERE c.oid = 'audit_log'::regclass`).Scan(&r.Owner, &r.Service)
	if err != nil {
		return r, fmt.Errorf("audit writer roles: %w", err)
	}
	return r, nil
}

// AuditMaySeal reports whether the session's role may seal audit rows (a
// verifier's read-only role may not).
func (s *Store) AuditMaySeal(ctx context.Context) (bool, error) {
	var ok bool
	err := s.Pool.QueryRow(ctx, `SELECT has_function_privilege('audit_seal(bigint[], bigint[], bytea[], text)', 'EXECUTE')`).Scan(&ok)
	return ok, err
}
