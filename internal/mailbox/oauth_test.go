package mailbox_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"golang.org/x/oauth2"

	"github.com/moj-portal/tiepnhan/internal/mailbox"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// memTokens is a mailbox.TokenStore in memory.
type memTokens struct {
	mu    sync.Mutex
	saved []*oauth2.Token
}

func (m *memTokens) LoadToken(context.Context) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.saved) == 0 {
		return nil, nil
	}
	return m.saved[len(m.saved)-1], nil
}

func (m *memTokens) SaveToken(_ context.Context, t *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, t)
	return nil
}

func oauthDovecot(t *testing.T, ttl time.Duration) (*testenv.DovecotServer, *testenv.OAuthProvider, string) {
	t.Helper()
	p := testenv.NewOAuthProvider(t, testenv.DefaultUser, ttl)
	d := testenv.Dovecot(t, testenv.Options{OAuth2Introspection: p.IntrospectionURL()})
	return d, p, p.TokenURL()
}

func dovecotConfig(d *testenv.DovecotServer, auth mailbox.Authenticator) mailbox.Config {
	return mailbox.Config{
		Addr: d.Addr(), Security: "none", Mailbox: "INBOX", Account: "oauth", Auth: auth, AfterCommit: "none",
		PollInterval: 50 * time.Millisecond, IdleRestart: time.Second, CommandTimeout: 5 * time.Second,
		DialTimeout: 2 * time.Second, Keepalive: time.Second, BackoffMin: 50 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		LockRetry: 20 * time.Millisecond, BatchSize: 10, MaxMessageBytes: 1 << 20,
	}
}

// login authenticates a fresh connection with auth.
func login(t *testing.T, d *testenv.DovecotServer, auth mailbox.Authenticator) error {
	t.Helper()
	c, err := imapclient.DialInsecure(d.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return auth.Authenticate(context.Background(), c)
}

func fixed(tok string) mailbox.TokenSource {
	return func(context.Context) (string, error) { return tok, nil }
}

// TestOAuthWatcherRefreshesMidRun: the watcher reads a Dovecot that only
// takes OAuth tokens (XOAUTH2, checked by introspection); the access token
// lapses, the server drops the session, and the watcher comes back with a
// token refreshed before use — the rotated refresh token saved — and keeps
// taking mail in.
func TestOAuthWatcherRefreshesMidRun(t *testing.T) {
	d, p, tokenURL := oauthDovecot(t, 3*time.Second)
	store := &memTokens{}
	src := mailbox.OAuthTokens(mailbox.OAuthConfig{
		Flow: mailbox.FlowRefreshToken, TokenURL: tokenURL, ClientID: testenv.OAuthClientID, ClientSecret: testenv.OAuthClientSecret,
		RefreshToken: "R0", EarlyRefresh: time.Second, Store: store,
	})
	auth := mailbox.XOAUTH2Auth{Username: testenv.DefaultUser, Token: src}
	if err := login(t, d, mailbox.XOAUTH2Auth{Username: testenv.DefaultUser, Token: fixed("not-a-token")}); err == nil {
		t.Fatal("Dovecot took a token the provider never issued: the test proves nothing")
	}
	sink := newMemSink()
	w := mailbox.New(dovecotConfig(d, auth), sink, &memLocker{}, quiet(), nil)
	stop := run(t, w)
	defer stop()
	d.Append(t, "INBOX", msg(1), time.Now())
	sink.waitFor(t, 1, 10*time.Second)
	if g := p.Grants(); g != 1 {
		t.Fatalf("token requests before the lapse: %d", g)
	}

	time.Sleep(2500 * time.Millisecond) // A1 now within EarlyRefresh of its end
	d.Restart(t)                        // the server drops every session
	d.Append(t, "INBOX", msg(2), time.Now())
	sink.waitFor(t, 2, 15*time.Second)
	if g := p.Grants(); g != 2 {
		t.Fatalf("token requests: %d, want 2 (the first and one refresh)", g)
	}
	last, _ := store.LoadToken(context.Background())
	if last == nil || last.RefreshToken != "R2" || last.AccessToken != "A2" {
		t.Fatalf("the rotated token was not saved: %+v", last)
	}
	time.Sleep(time.Second)
	if err := login(t, d, mailbox.XOAUTH2Auth{Username: testenv.DefaultUser, Token: fixed("A1")}); err == nil {
		t.Fatal("the lapsed token still logs in")
	}
}

// TestOAuthBearerAndRevokedConsent: OAUTHBEARER logs in with a client-
// credentials token; a revoked grant (invalid_grant) is ErrConsentRevoked,
// and the watcher says so in Vietnamese and on its metric.
func TestOAuthBearerAndRevokedConsent(t *testing.T) {
	d, p, tokenURL := oauthDovecot(t, time.Hour)
	host, port, _ := net.SplitHostPort(d.Addr())
	portN, _ := strconv.Atoi(port)
	cc := mailbox.OAuthTokens(mailbox.OAuthConfig{Flow: mailbox.FlowClientCredentials, TokenURL: tokenURL,
		ClientID: testenv.OAuthClientID, ClientSecret: testenv.OAuthClientSecret, Scopes: []string{"https://outlook.office365.com/.default"}})
	bearer := mailbox.OAuthBearerAuth{Username: testenv.DefaultUser, Host: host, Port: portN, Token: cc}
	if err := login(t, d, bearer); err != nil {
		t.Fatalf("OAUTHBEARER: %v", err)
	}
	if err := login(t, d, mailbox.OAuthBearerAuth{Username: testenv.DefaultUser, Token: fixed("A999")}); err == nil {
		t.Fatal("OAUTHBEARER took an unknown token")
	}

	p.Revoke()
	revoked := mailbox.XOAUTH2Auth{Username: testenv.DefaultUser, Token: mailbox.OAuthTokens(mailbox.OAuthConfig{
		Flow: mailbox.FlowRefreshToken, TokenURL: tokenURL, ClientID: testenv.OAuthClientID, ClientSecret: testenv.OAuthClientSecret, RefreshToken: "R0"})}
	err := login(t, d, revoked)
	if !errors.Is(err, mailbox.ErrConsentRevoked) {
		t.Fatalf("want ErrConsentRevoked, got %v", err)
	}
	logs := testenv.NewLogBuffer()
	metrics := mailbox.NewMetrics(nil)
	w := mailbox.New(dovecotConfig(d, revoked), newMemSink(), &memLocker{}, slogTo(logs), metrics)
	stop := run(t, w)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "quyền truy cập OAuth đã bị thu hồi") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if !strings.Contains(logs.String(), mailbox.ConsentRevokedVi) || testutil.ToFloat64(metrics.ConsentRevoked.WithLabelValues("oauth")) != 1 {
		t.Fatalf("no alert: gauge %v, log:\n%s", testutil.ToFloat64(metrics.ConsentRevoked.WithLabelValues("oauth")), logs.String())
	}
}

func slogTo(w *testenv.LogBuffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
