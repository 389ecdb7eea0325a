package app

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestServeReadsAnOAuthMailbox: `serve` configured with imap.auth =
// "xoauth2" reads a Dovecot that only takes OAuth tokens; the message is
// stored, and the rotated token is kept sealed in the database.
func TestServeReadsAnOAuthMailbox(t *testing.T) {
	p := testenv.NewOAuthProvider(t, testenv.DefaultUser, time.Hour)
	d := testenv.Dovecot(t, testenv.Options{OAuth2Introspection: p.IntrospectionURL()})
	cfg := testConfig(t)
	i := &cfg.IMAP
	i.Addr, i.Security, i.Username, i.Auth = d.Addr(), "none", testenv.DefaultUser, "xoauth2"
	i.OAuthFlow, i.OAuthTokenURL, i.OAuthRefreshToken = "refresh_token", p.TokenURL(), testenv.OAuthFirstRefresh
	i.OAuthClientID, i.OAuthClientSecret = testenv.OAuthClientID, testenv.OAuthClientSecret
	i.BackoffMin.Duration, i.BackoffMax.Duration = 50*time.Millisecond, 200*time.Millisecond
	svc := testService(t, cfg, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	d.Append(t, "INBOX", []byte("Message-ID: <oauth-1@moj.gov.vn>\r\nFrom: a@moj.gov.vn\r\nTo: "+testenv.DefaultUser+
		"\r\nSubject: Tin\r\nDate: Mon, 2 Mar 2026 09:00:00 +0700\r\n\r\nNoi dung\r\n"), time.Now())
	var n int
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if err := svc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM message`).Scan(&n); err == nil && n == 1 {
			break
		}
	}
	if n != 1 {
		t.Fatalf("messages stored: %d", n)
	}
	account := testenv.DefaultUser + "@" + d.Addr()
	var sealed []byte
	if err := svc.Pool.QueryRow(context.Background(), `SELECT sealed FROM mailbox_oauth_token WHERE account = $1`, account).Scan(&sealed); err != nil {
		t.Fatalf("no stored token: %v", err)
	}
	if bytes.Contains(sealed, []byte(`"refresh_token"`)) || bytes.Contains(sealed, []byte(`"access_token"`)) {
		t.Fatalf("token stored in clear: %q", sealed)
	}
	tok, err := svc.Store.OAuthToken(context.Background(), account)
	if err != nil || !bytes.Contains(tok, []byte(`"refresh_token":"R1"`)) {
		t.Fatalf("stored token: %s %v", tok, err)
	}
}
