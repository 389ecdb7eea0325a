package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
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
