package app

import (
	"context"
	"encoding/json"
	"net"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/mailbox"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// tokenStore keeps a mailbox's OAuth token sealed in PostgreSQL
// (migration 00060, Store.Keys).
type tokenStore struct {
	store   *postgres.Store
	account string
}

func (t tokenStore) LoadToken(ctx context.Context) (*oauth2.Token, error) {
	b, err := t.store.OAuthToken(ctx, t.account)
	if err != nil || b == nil {
		return nil, err
	}
	var tok oauth2.Token
	if err := json.Unmarshal(b, &tok); err != nil {
		return nil, err
	}
	return &tok, nil
}

func (t tokenStore) SaveToken(ctx context.Context, tok *oauth2.Token) error {
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	return t.store.SaveOAuthToken(ctx, t.account, b)
}

// mailboxAuth builds the watcher's authenticator from imap.auth: LOGIN by
// default; XOAUTH2 or OAUTHBEARER (RFC 7628) with tokens from the
// oauth_* settings, refreshed before expiry and kept sealed.
func mailboxAuth(i config.IMAP, store *postgres.Store) mailbox.Authenticator {
	if i.Auth != "xoauth2" && i.Auth != "oauthbearer" {
		return mailbox.PasswordAuth{Username: i.Username, Password: i.Password}
	}
	src := mailbox.OAuthTokens(mailbox.OAuthConfig{
		Flow: i.OAuthFlow, TokenURL: i.OAuthTokenURL, ClientID: i.OAuthClientID, ClientSecret: i.OAuthClientSecret,
		Scopes: strings.Fields(i.OAuthScopes), RefreshToken: i.OAuthRefreshToken,
		Store: tokenStore{store: store, account: config.Mailbox{IMAP: i}.Account()},
	})
	if i.Auth == "xoauth2" {
		return mailbox.XOAUTH2Auth{Username: i.Username, Token: src}
	}
	host, port, _ := net.SplitHostPort(i.Addr)
	p, _ := strconv.Atoi(port)
	return mailbox.OAuthBearerAuth{Username: i.Username, Host: host, Port: p, Token: src}
}
