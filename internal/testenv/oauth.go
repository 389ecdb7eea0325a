package testenv

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The client the OAuthProvider knows.
const (
	OAuthClientID     = "tiepnhan"
	OAuthClientSecret = "bi-mat"
	// OAuthFirstRefresh is the refresh token the provider starts with.
	OAuthFirstRefresh = "R0"
)

// OAuthProvider is an OAuth 2.0 authorisation server for one mailbox,
// served on loopback for the test: a token endpoint (RFC 6749 §6 refresh
// with rotation, §4.4 client credentials; access tokens A1, A2… living
// TTL) and a token-introspection endpoint (RFC 7662) for Dovecot's oauth2
// passdb (Options.OAuth2Introspection = IntrospectionURL()).
type OAuthProvider struct {
	User string
	TTL  time.Duration
	srv  *httptest.Server

	mu      sync.Mutex
	refresh string               // the one valid refresh token
	access  map[string]time.Time // valid access tokens and their expiry
	revoked bool
	issued  int
	grants  []string
}

// NewOAuthProvider starts a provider for user, stopped at cleanup.
func NewOAuthProvider(t testing.TB, user string, ttl time.Duration) *OAuthProvider {
	p := &OAuthProvider{User: user, TTL: ttl, refresh: OAuthFirstRefresh, access: map[string]time.Time{}}
	p.srv = httptest.NewServer(p)
	t.Cleanup(p.srv.Close)
	return p
}

// TokenURL is the token endpoint.
func (p *OAuthProvider) TokenURL() string { return p.srv.URL + "/token" }

// IntrospectionURL is the introspection endpoint.
func (p *OAuthProvider) IntrospectionURL() string { return p.srv.URL + "/introspect" }

// Revoke withdraws the grant: refreshing answers invalid_grant.
func (p *OAuthProvider) Revoke() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revoked = true
}

// Grants is how many token requests were answered or refused.
func (p *OAuthProvider) Grants() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.grants)
}

// ServeHTTP implements http.Handler.
func (p *OAuthProvider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/token":
		p.token(w, r)
	case "/introspect":
		exp, ok := p.access[r.FormValue("token")]
		json.NewEncoder(w).Encode(map[string]any{"active": ok && time.Now().Before(exp), "username": p.User})
	default:
		http.NotFound(w, r)
	}
}

func (p *OAuthProvider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.FormValue("client_id"), r.FormValue("client_secret")
	}
	if id != OAuthClientID || secret != OAuthClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client"})
		return
	}
	g := r.FormValue("grant_type")
	p.grants = append(p.grants, g)
	if g == "refresh_token" && (p.revoked || r.FormValue("refresh_token") != p.refresh) {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "AADSTS50173: the grant was revoked"})
		return
	}
	p.issued++
	access := "A" + strconv.Itoa(p.issued)
	p.access[access] = time.Now().Add(p.TTL)
	tok := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": int(p.TTL.Seconds())}
	if g == "refresh_token" {
		p.refresh = "R" + strconv.Itoa(p.issued) // rotated: the old one is spent
		tok["refresh_token"] = p.refresh
	}
	json.NewEncoder(w).Encode(tok)
}
