package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// CreateSession implements auth.Store.
func (s *Store) CreateSession(ctx context.Context, x auth.Session) error {
	_, err := s.Pool.Exec(ctx, `INSERT INTO session (token_hash, account_id, csrf, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, x.TokenHash, x.AccountID, x.CSRF, x.CreatedAt, x.LastSeenAt, x.ExpiresAt, x.IP, x.UserAgent)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionPrincipal implements auth.Store: one round trip loads the session,
// its account (active only) and the account's grants in force, so that a
// lock, a revocation or a removed grant counts from the very next request.
func (s *Store) SessionPrincipal(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (auth.Principal, auth.Session, error) {
	var p auth.Principal
	var x auth.Session
	var roles, units []string
	var expires []*time.Time
	err := s.Pool.QueryRow(ctx, `
		SELECT x.account_id, x.csrf, x.created_at, x.last_seen_at, x.expires_at, x.ip,
			a.username, a.display_name, a.locale,
			coalesce(array_agg(g.role ORDER BY g.id) FILTER (WHERE g.id IS NOT NULL), '{}'),
			coalesce(array_agg(g.unit ORDER BY g.id) FILTER (WHERE g.id IS NOT NULL), '{}'),
			coalesce(array_agg(g.expires_at ORDER BY g.id) FILTER (WHERE g.id IS NOT NULL), '{}')
		FROM session x
		JOIN account a ON a.id = x.account_id AND a.state = 'active'
		LEFT JOIN account_grant g ON g.account_id = a.id AND (g.expires_at IS NULL OR g.expires_at > $2)
		WHERE x.token_hash = $1 AND x.expires_at > $2 AND x.last_seen_at > $3
		GROUP BY x.token_hash, a.id`, tokenHash, now, now.Add(-idle)).Scan(
		&x.AccountID, &x.CSRF, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt, &x.IP,
		&p.Username, &p.DisplayName, &p.Locale, &roles, &units, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, x, auth.ErrNotFound
	}
	if err != nil {
		return p, x, fmt.Errorf("load session: %w", err)
	}
	x.TokenHash = tokenHash
	p.AccountID = x.AccountID
	for i := range roles {
		p.Grants = append(p.Grants, auth.Grant{Role: auth.Role(roles[i]), Unit: units[i], ExpiresAt: expires[i]})
	}
	return p, x, nil
}

// TouchSession implements auth.Store.
func (s *Store) TouchSession(ctx context.Context, tokenHash []byte, now time.Time) error {
	_, err := s.Pool.Exec(ctx, `UPDATE session SET last_seen_at = $2 WHERE token_hash = $1`, tokenHash, now)
	return err
}

// DeleteSession implements auth.Store.
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.Pool.Exec(ctx, `DELETE FROM session WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions past their end; it returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int64, error) {
	tag, err := s.Pool.Exec(ctx, `DELETE FROM session WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-idle))
	return tag.RowsAffected(), err
}

// LoginAttempt implements auth.Store: the counters of keys are created if
// missing and locked in key order (two attempts never deadlock), stepped
// and written back in one transaction.
func (s *Store) LoginAttempt(ctx context.Context, keys []string, step func(key string, c auth.Counter) auth.Counter) error {
	keys = slices.Sorted(slices.Values(keys))
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO login_throttle (key, failures, last_at)
			SELECT k, 0, '-infinity' FROM unnest($1::text[]) k ORDER BY k ON CONFLICT (key) DO NOTHING`, keys); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT key, failures, last_at, blocked_until FROM login_throttle
			WHERE key = ANY($1) ORDER BY key FOR UPDATE`, keys)
		if err != nil {
			return err
		}
		type row struct {
			key string
			c   auth.Counter
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
			var x row
			var last pgtype.Timestamptz
			var until *time.Time
			err := r.Scan(&x.key, &x.c.Failures, &last, &until)
			if last.Valid && last.InfinityModifier == pgtype.Finite {
				x.c.LastAt = last.Time
			}
			if until != nil {
				x.c.BlockedUntil = *until
			}
			return x, err
		})
		if err != nil {
			return err
		}
		for _, x := range got {
			c := step(x.key, x.c)
			var until *time.Time
			if !c.BlockedUntil.IsZero() {
				until = &c.BlockedUntil
			}
			last := pgtype.Timestamptz{Time: c.LastAt, Valid: true}
			if c.LastAt.IsZero() {
				last.InfinityModifier = pgtype.NegativeInfinity
			}
			if _, err := tx.Exec(ctx, `UPDATE login_throttle SET failures = $2, last_at = $3, blocked_until = $4 WHERE key = $1`,
				x.key, c.Failures, last, until); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("count login attempt: %w", err)
	}
	return nil
}

// LoginSucceeded implements auth.Store: it clears the failure counters,
// records the login on the account and in the audit trail.
func (s *Store) LoginSucceeded(ctx context.Context, accountID int64, keys []string, now time.Time, ip string) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = ANY($1)`, keys); err != nil {
			return err
		}
		var username string
		if err := tx.QueryRow(ctx, `SELECT username FROM account WHERE id = $1`, accountID).Scan(&username); err != nil {
			return err
		}
		if err := setActor(ctx, tx, "user:"+username); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE account SET last_login_at = $2, last_login_ip = $3 WHERE id = $1`, accountID, now, ip)
		return err
	})
}
