package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/crypto"
)

func oauthContext(account string) string { return "mailbox_oauth_token.sealed:" + account }

// OAuthToken returns the stored OAuth token of a mailbox account (the
// caller's encoding, e.g. JSON), opened with Store.Keys; nil when none
// (migration 00060).
func (s *Store) OAuthToken(ctx context.Context, account string) ([]byte, error) {
	if s.Keys == nil {
		return nil, fmt.Errorf("oauth token: %w", ErrNoKeys)
	}
	var sealed []byte
	err := s.Pool.QueryRow(ctx, `SELECT sealed FROM mailbox_oauth_token WHERE account = $1`, account).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("oauth token of %s: %w", account, err)
	}
	return s.Keys.OpenBytes(sealed, oauthContext(account))
}

// SaveOAuthToken seals and stores the current OAuth token of a mailbox
// account, replacing the one before.
func (s *Store) SaveOAuthToken(ctx context.Context, account string, token []byte) error {
	if s.Keys == nil {
		return fmt.Errorf("oauth token: %w", ErrNoKeys)
	}
	sealed, err := s.Keys.SealBytes(token, oauthContext(account))
	if err != nil {
		return err
	}
	_, err = s.Pool.Exec(ctx, `
		INSERT INTO mailbox_oauth_token (account, sealed) VALUES ($1, $2)
		ON CONFLICT (account) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`, account, sealed)
	if err != nil {
		return fmt.Errorf("save oauth token of %s: %w", account, err)
	}
	return nil
}

// RewrapOAuthTokens re-seals every stored OAuth token sealed with an older
// key with the keyring's active key (key rotation, `tiepnhan pii rewrap`):
// a token left under a retired key could no longer be opened once that key
// is removed from the key file, and the mailbox would stop. It returns how
// many tokens changed.
func (s *Store) RewrapOAuthTokens(ctx context.Context, keys *crypto.Keyring) (int, error) {
	if keys == nil {
		return 0, ErrNoKeys
	}
	rows, err := s.Pool.Query(ctx, `SELECT account FROM mailbox_oauth_token ORDER BY account`)
	if err != nil {
		return 0, fmt.Errorf("rewrap oauth tokens: %w", err)
	}
	accounts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("rewrap oauth tokens: %w", err)
	}
	total := 0
	for _, account := range accounts {
		err := s.inTxAs(ctx, "system:rewrap", func(tx pgx.Tx) error {
			var sealed []byte
			if err := tx.QueryRow(ctx, `SELECT sealed FROM mailbox_oauth_token WHERE account = $1 FOR UPDATE`, account).Scan(&sealed); err != nil {
				return err
			}
			out, changed, err := keys.RewrapBytes(sealed, oauthContext(account))
			if err != nil || !changed {
				return err
			}
			total++
			_, err = tx.Exec(ctx, `UPDATE mailbox_oauth_token SET sealed = $2, updated_at = now() WHERE account = $1`, account, out)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("rewrap oauth token of %s: %w", account, err)
		}
	}
	return total, nil
}
