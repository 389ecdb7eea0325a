package postgres

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// TestOAuthTokenSealed: a mailbox's OAuth token is stored sealed and bound
// to its account, replaced in place, and unreadable without the keys.
func TestOAuthTokenSealed(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	if _, err := s.OAuthToken(ctx, "a"); !errors.Is(err, ErrNoKeys) {
		t.Fatalf("without keys: %v", err)
	}
	keys, _ := mailKeys(t, "k1")
	s.Keys = keys
	if got, err := s.OAuthToken(ctx, "banbientap@moj.gov.vn@outlook.office365.com:993"); err != nil || got != nil {
		t.Fatalf("none stored: %q %v", got, err)
	}
	const acct = "banbientap@moj.gov.vn@outlook.office365.com:993"
	for _, tok := range []string{`{"refresh_token":"R1-secret"}`, `{"refresh_token":"R2-secret"}`} {
		if err := s.SaveOAuthToken(ctx, acct, []byte(tok)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.OAuthToken(ctx, acct)
	if err != nil || string(got) != `{"refresh_token":"R2-secret"}` {
		t.Fatalf("read back: %q %v", got, err)
	}
	var sealed []byte
	var n int
	if err := s.Pool.QueryRow(ctx, `SELECT sealed, (SELECT count(*) FROM mailbox_oauth_token) FROM mailbox_oauth_token WHERE account = $1`, acct).Scan(&sealed, &n); err != nil {
		t.Fatal(err)
	}
	if n != 1 || bytes.Contains(sealed, []byte("secret")) || !bytes.HasPrefix(sealed, []byte("k1:")) {
		t.Fatalf("stored in clear or twice: %d rows, %q", n, sealed)
	}
	// Copied to another account, the sealed token does not open.
	if _, err := s.Pool.Exec(ctx, `INSERT INTO mailbox_oauth_token (account, sealed) VALUES ('other', $1)`, sealed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OAuthToken(ctx, "other"); err == nil {
		t.Fatal("a token moved to another account opened")
	}
	// The audit trail holds its digest, never the value.
	var audit string
	if err := s.Pool.QueryRow(ctx, `SELECT coalesce(string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' '), '')
		FROM audit_log WHERE table_name = 'mailbox_oauth_token'`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	if audit == "" || bytes.Contains([]byte(audit), []byte("secret")) || bytes.Contains([]byte(audit), []byte("k1:")) {
		t.Fatalf("the audit trail is missing or holds the token: %s", audit)
	}
}

// TestOAuthTokenRewrapped: after a key rotation, `tiepnhan pii rewrap`
// re-seals the mailboxes' OAuth tokens with the new key, so that the old
// key can be removed from the key file without stopping the mailbox.
func TestOAuthTokenRewrapped(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	old, lines := mailKeys(t, "k1")
	s.Keys = old
	const acct = "english@moj.gov.vn@imap.gmail.com:993"
	if err := s.SaveOAuthToken(ctx, acct, []byte(`{"refresh_token":"R-secret"}`)); err != nil {
		t.Fatal(err)
	}
	_, newLine := mailKeys(t, "k2")
	rotated := parseKeys(t, lines[0], newLine[0]) // k2 seals, k1 still opens
	n, err := s.RewrapOAuthTokens(ctx, rotated)
	if err != nil || n != 1 {
		t.Fatalf("rewrap: %d tokens, %v; want 1", n, err)
	}
	if n, err := s.RewrapOAuthTokens(ctx, rotated); err != nil || n != 0 {
		t.Fatalf("second rewrap: %d tokens, %v; want 0", n, err)
	}
	s.Keys = parseKeys(t, newLine[0]) // k1 removed from the key file
	got, err := s.OAuthToken(ctx, acct)
	if err != nil || string(got) != `{"refresh_token":"R-secret"}` {
		t.Fatalf("token with the new key only: %q %v", got, err)
	}
}
