package mailbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuthBearerAuth authenticates with SASL OAUTHBEARER (RFC 7628 §3.1),
// the standard form of what XOAUTH2 does.
type OAuthBearerAuth struct {
	Username string
	// Host and Port are the server's, sent as the mechanism asks.
	Host  string
	Port  int
	Token TokenSource
}

// Authenticate implements Authenticator.
func (a OAuthBearerAuth) Authenticate(ctx context.Context, c *imapclient.Client) error {
	tok, err := a.Token(ctx)
	if err != nil {
		return fmt.Errorf("oauth token for %s: %w", a.Username, err)
	}
	cl := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: a.Username, Token: tok, Host: a.Host, Port: a.Port})
	if err := c.Authenticate(cl); err != nil {
		return fmt.Errorf("authenticate %s with OAUTHBEARER: %w", a.Username, err)
	}
	return nil
}

// Mechanism implements Authenticator.
func (OAuthBearerAuth) Mechanism() string { return sasl.OAuthBearer }

// ErrConsentRevoked is the token endpoint's invalid_grant (RFC 6749
// §5.2): the refresh token was revoked or expired, or the client's
// consent withdrawn. Intake stops until an administrator signs in again.
var ErrConsentRevoked = errors.New("oauth consent revoked or refresh token expired (invalid_grant)")

// ConsentRevokedVi is the alert an administrator reads when the
// mailbox's OAuth consent is gone.
const ConsentRevokedVi = "Hộp thư không đăng nhập được: quyền truy cập OAuth đã bị thu hồi hoặc hết hạn (invalid_grant). " +
	"Thư mới KHÔNG được tiếp nhận cho đến khi quản trị viên cấp lại quyền (đăng nhập lại tài khoản hộp thư và nạp refresh token mới)."

// TokenStore keeps the mailbox's current token between runs, sealed at
// rest: providers rotate refresh tokens, so the one from the
// configuration is good once.
type TokenStore interface {
	// LoadToken returns the stored token, nil when there is none.
	LoadToken(ctx context.Context) (*oauth2.Token, error)
	SaveToken(ctx context.Context, t *oauth2.Token) error
}

// Flows of OAuthConfig.Flow (RFC 6749 §6 and §4.4).
const (
	FlowRefreshToken      = "refresh_token"
	FlowClientCredentials = "client_credentials"
)

// OAuthConfig is how the mailbox's access tokens are obtained.
type OAuthConfig struct {
	Flow                             string
	TokenURL, ClientID, ClientSecret string
	Scopes                           []string
	// RefreshToken is the first refresh token (refresh_token flow),
	// used when the store holds none.
	RefreshToken string
	// EarlyRefresh: a token this close to its expiry is refreshed before
	// use (5 minutes when 0), so a session never starts with one about to
	// lapse.
	EarlyRefresh time.Duration
	Store        TokenStore
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// OAuthTokens returns a TokenSource over golang.org/x/oauth2: the stored
// token while it is good for EarlyRefresh more, else a new one from the
// token endpoint, saved before it is used. invalid_grant comes back as
// ErrConsentRevoked.
func OAuthTokens(cfg OAuthConfig) TokenSource {
	if cfg.EarlyRefresh == 0 {
		cfg.EarlyRefresh = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &oauthSource{cfg: cfg}
	return s.token
}

type oauthSource struct {
	cfg    OAuthConfig
	mu     sync.Mutex
	tok    *oauth2.Token
	loaded bool
}

func (s *oauthSource) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded && s.cfg.Store != nil {
		t, err := s.cfg.Store.LoadToken(ctx)
		if err != nil {
			return "", fmt.Errorf("load stored token: %w", err)
		}
		s.tok, s.loaded = t, true
	}
	if s.tok != nil && s.tok.AccessToken != "" && s.cfg.Now().Add(s.cfg.EarlyRefresh).Before(s.tok.Expiry) {
		return s.tok.AccessToken, nil
	}
	t, err := s.fetch(ctx)
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			return "", fmt.Errorf("%w: %s", ErrConsentRevoked, re.ErrorDescription)
		}
		return "", fmt.Errorf("token endpoint: %w", err)
	}
	if s.cfg.Store != nil {
		if err := s.cfg.Store.SaveToken(ctx, t); err != nil {
			return "", fmt.Errorf("save token: %w", err)
		}
	}
	s.tok = t
	return t.AccessToken, nil
}

// fetch asks the token endpoint for a new token.
func (s *oauthSource) fetch(ctx context.Context) (*oauth2.Token, error) {
	c := s.cfg
	if c.Flow == FlowClientCredentials {
		cc := clientcredentials.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, TokenURL: c.TokenURL, Scopes: c.Scopes}
		return cc.Token(ctx)
	}
	refresh := c.RefreshToken
	if s.tok != nil && s.tok.RefreshToken != "" {
		refresh = s.tok.RefreshToken
	}
	if refresh == "" {
		return nil, errors.New("no refresh token: an administrator must authorise the mailbox first")
	}
	conf := oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, Endpoint: oauth2.Endpoint{TokenURL: c.TokenURL}, Scopes: c.Scopes}
	// An expired token makes the library refresh at once; it keeps the
	// old refresh token when the server does not rotate it.
	return conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh, Expiry: time.Unix(1, 0)}).Token()
}
