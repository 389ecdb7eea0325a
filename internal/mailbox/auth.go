package mailbox

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// Authenticator logs a client in. PasswordAuth is what is used today;
// XOAUTH2 is the seam for OAuth 2.0 tokens (Microsoft 365, Google).
type Authenticator interface {
	Authenticate(ctx context.Context, c *imapclient.Client) error
	// Mechanism names the method for logs ("LOGIN", "XOAUTH2").
	Mechanism() string
}

// PasswordAuth logs in with LOGIN (RFC 3501 §6.2.3).
type PasswordAuth struct {
	Username, Password string
}

// Authenticate implements Authenticator.
func (a PasswordAuth) Authenticate(ctx context.Context, c *imapclient.Client) error {
	if err := c.Login(a.Username, a.Password).Wait(); err != nil {
		return fmt.Errorf("login as %s: %w", a.Username, err)
	}
	return nil
}

// Mechanism implements Authenticator.
func (PasswordAuth) Mechanism() string { return "LOGIN" }

// TokenSource returns a current OAuth 2.0 access token; it refreshes tokens
// itself (an expiring token must not silently stop intake).
type TokenSource func(ctx context.Context) (string, error)

// XOAUTH2Auth authenticates with SASL XOAUTH2 (the Google/Microsoft
// mechanism): "user=" user ^A "auth=Bearer " token ^A ^A.
type XOAUTH2Auth struct {
	Username string
	Token    TokenSource
}

// Authenticate implements Authenticator.
func (a XOAUTH2Auth) Authenticate(ctx context.Context, c *imapclient.Client) error {
	tok, err := a.Token(ctx)
	if err != nil {
		return fmt.Errorf("oauth token for %s: %w", a.Username, err)
	}
	if err := c.Authenticate(xoauth2{user: a.Username, token: tok}); err != nil {
		return fmt.Errorf("authenticate %s with XOAUTH2: %w", a.Username, err)
	}
	return nil
}

// Mechanism implements Authenticator.
func (XOAUTH2Auth) Mechanism() string { return "XOAUTH2" }

type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers a server challenge (an error report in JSON) with an empty
// response, as the mechanism requires; the server then fails the command.
func (x xoauth2) Next(challenge []byte) ([]byte, error) { return []byte{}, nil }

var _ sasl.Client = xoauth2{}
