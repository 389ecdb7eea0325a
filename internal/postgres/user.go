package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// setActor names who acts in tx: the audit trigger (migration 00031) reads
// it for every row the transaction changes (Điều 6 khoản 2).
func setActor(ctx context.Context, tx pgx.Tx, actor string) error {
	if _, err := tx.Exec(ctx, `SELECT set_config('tiepnhan.actor', $1, true)`, actor); err != nil {
		return fmt.Errorf("set audit actor: %w", err)
	}
	return nil
}

// inTxAs runs fn in a transaction whose changes the audit trail attributes
// to actor.
func (s *Store) inTxAs(ctx context.Context, actor string, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if err := setActor(ctx, tx, actor); err != nil {
			return err
		}
		return fn(tx)
	})
}

func authNotFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.ErrNotFound
	}
	return err
}

// AccountForLogin implements auth.Store.
func (s *Store) AccountForLogin(ctx context.Context, username string) (auth.Account, error) {
	var a auth.Account
	err := s.Pool.QueryRow(ctx, `SELECT id, username, display_name, email, locale, state, password_hash FROM account WHERE username = $1`, username).
		Scan(&a.ID, &a.Username, &a.DisplayName, &a.Email, &a.Locale, &a.State, &a.PasswordHash)
	return a, authNotFound(err)
}

// CreateAccount implements auth.AdminStore.
func (s *Store) CreateAccount(ctx context.Context, actor string, a auth.Account, grants []auth.Grant) (id int64, err error) {
	for _, g := range grants {
		if err := g.Validate(); err != nil {
			return 0, err
		}
	}
	if a.Locale == "" {
		a.Locale = "vi"
	}
	err = s.inTxAs(ctx, actor, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO account (username, display_name, email, password_hash, locale, created_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.Username, a.DisplayName, a.Email, a.PasswordHash, a.Locale, actor).Scan(&id)
		if err != nil {
			return fmt.Errorf("create account %q: %w", a.Username, err)
		}
		for _, g := range grants {
			if err := insertGrant(ctx, tx, actor, id, g); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

func insertGrant(ctx context.Context, tx pgx.Tx, actor string, accountID int64, g auth.Grant) error {
	_, err := tx.Exec(ctx, `INSERT INTO account_grant (account_id, role, unit, granted_by, expires_at, note) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id, role, unit) DO UPDATE SET expires_at = EXCLUDED.expires_at, note = EXCLUDED.note, granted_by = EXCLUDED.granted_by, granted_at = now()`,
		accountID, string(g.Role), g.Unit, actor, g.ExpiresAt, g.Note)
	if err != nil {
		return fmt.Errorf("grant %s/%s to account %d: %w", g.Role, g.Unit, accountID, err)
	}
	return nil
}

// AddGrant implements auth.AdminStore. A revoked account gets no grants.
func (s *Store) AddGrant(ctx context.Context, actor string, accountID int64, g auth.Grant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.inTxAs(ctx, actor, func(tx pgx.Tx) error {
		var state string
		if err := tx.QueryRow(ctx, `SELECT state FROM account WHERE id = $1 FOR UPDATE`, accountID).Scan(&state); err != nil {
			return authNotFound(err)
		}
		if state == string(auth.StateRevoked) {
			return auth.Invalidf("tài khoản %d đã bị thu hồi: không thể cấp quyền", accountID)
		}
		return insertGrant(ctx, tx, actor, accountID, g)
	})
}

// RemoveGrant implements auth.AdminStore; it takes effect on the next
// request of the account (grants are read on every request).
func (s *Store) RemoveGrant(ctx context.Context, actor string, accountID, grantID int64) error {
	return s.inTxAs(ctx, actor, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM account_grant WHERE id = $1 AND account_id = $2`, grantID, accountID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return auth.ErrNotFound
		}
		return nil
	})
}

// SetAccountState implements auth.AdminStore: lock, unlock or revoke
// (Điều 7 khoản 3). Locking and revoking end every session of the account
// in the same transaction; revoking also removes its grants and is final.
func (s *Store) SetAccountState(ctx context.Context, actor string, id int64, state auth.AccountState, reason string) error {
	switch state {
	case auth.StateActive, auth.StateLocked, auth.StateRevoked:
	default:
		return auth.Invalidf("trạng thái tài khoản %q không tồn tại", state)
	}
	return s.inTxAs(ctx, actor, func(tx pgx.Tx) error {
		var old string
		if err := tx.QueryRow(ctx, `SELECT state FROM account WHERE id = $1 FOR UPDATE`, id).Scan(&old); err != nil {
			return authNotFound(err)
		}
		if old == string(auth.StateRevoked) && state != auth.StateRevoked {
			return auth.Invalidf("tài khoản %d đã bị thu hồi: không thể mở lại, hãy tạo tài khoản mới", id)
		}
		if _, err := tx.Exec(ctx, `UPDATE account SET state = $2, state_reason = $3, state_changed_by = $4, state_changed_at = now(), updated_at = now() WHERE id = $1`,
			id, string(state), reason, actor); err != nil {
			return err
		}
		if state != auth.StateActive {
			if _, err := tx.Exec(ctx, `DELETE FROM session WHERE account_id = $1`, id); err != nil {
				return err
			}
		}
		if state == auth.StateRevoked {
			if _, err := tx.Exec(ctx, `DELETE FROM account_grant WHERE account_id = $1`, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPassword implements auth.AdminStore; it ends the account's sessions.
func (s *Store) SetPassword(ctx context.Context, actor string, id int64, hash string) error {
	return s.inTxAs(ctx, actor, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE account SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`, id, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return auth.ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM session WHERE account_id = $1`, id)
		return err
	})
}

const accountInfoColumns = `a.id, a.username, a.display_name, a.email, a.locale, a.state, a.created_by, a.created_at,
	a.state_reason, a.state_changed_by, a.state_changed_at, a.password_changed_at, a.last_login_at, a.last_login_ip,
	(SELECT count(*) FROM session x WHERE x.account_id = a.id AND x.expires_at > now())`

func scanAccountInfo(row pgx.Row) (auth.AccountInfo, error) {
	var a auth.AccountInfo
	err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &a.Email, &a.Locale, &a.State, &a.CreatedBy, &a.CreatedAt,
		&a.StateReason, &a.StateChangedBy, &a.StateChangedAt, &a.PasswordChangedAt, &a.LastLoginAt, &a.LastLoginIP, &a.Sessions)
	return a, err
}

// Accounts implements auth.AdminStore: every account with its grants, for
// the account list and the access review.
func (s *Store) Accounts(ctx context.Context) ([]auth.AccountInfo, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+accountInfoColumns+` FROM account a ORDER BY a.state, a.username`)
	if err != nil {
		return nil, err
	}
	var out []auth.AccountInfo
	for rows.Next() {
		a, err := scanAccountInfo(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	grants, err := s.grants(ctx, s.Pool, nil)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Grants = grants[out[i].ID]
	}
	return out, nil
}

// AccountInfo implements auth.AdminStore.
func (s *Store) AccountInfo(ctx context.Context, id int64) (auth.AccountInfo, error) {
	a, err := scanAccountInfo(s.Pool.QueryRow(ctx, `SELECT `+accountInfoColumns+` FROM account a WHERE a.id = $1`, id))
	if err != nil {
		return a, authNotFound(err)
	}
	grants, err := s.grants(ctx, s.Pool, []int64{id})
	a.Grants = grants[id]
	return a, err
}

// grants loads the grants of the given accounts (all when ids is nil).
func (s *Store) grants(ctx context.Context, q Querier, ids []int64) (map[int64][]auth.Grant, error) {
	rows, err := q.Query(ctx, `SELECT account_id, id, role, unit, granted_by, granted_at, expires_at, note FROM account_grant
		WHERE $1::bigint[] IS NULL OR account_id = ANY($1) ORDER BY account_id, role, unit`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]auth.Grant{}
	for rows.Next() {
		var acc int64
		var g auth.Grant
		var role string
		if err := rows.Scan(&acc, &g.ID, &role, &g.Unit, &g.GrantedBy, &g.GrantedAt, &g.ExpiresAt, &g.Note); err != nil {
			return nil, err
		}
		g.Role = auth.Role(role)
		out[acc] = append(out[acc], g)
	}
	return out, rows.Err()
}

// AccountsWithRole lists the active accounts holding one of roles (for the
// assignment menus), ordered by display name.
func (s *Store) AccountsWithRole(ctx context.Context, roles []auth.Role) ([]auth.Account, error) {
	rs := make([]string, len(roles))
	for i, r := range roles {
		rs[i] = string(r)
	}
	rows, err := s.Pool.Query(ctx, `SELECT DISTINCT a.id, a.username, a.display_name FROM account a JOIN account_grant g ON g.account_id = a.id
		WHERE a.state = 'active' AND g.role = ANY($1) AND (g.expires_at IS NULL OR g.expires_at > now()) ORDER BY a.display_name`, rs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.Account, error) {
		var a auth.Account
		err := r.Scan(&a.ID, &a.Username, &a.DisplayName)
		return a, err
	})
}
