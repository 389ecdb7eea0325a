package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ErrNotFound is returned by a Store for a missing account or session.
var ErrNotFound = errors.New("not found")

// ErrBadCredentials is the one answer to a failed login, whatever failed
// (unknown user, wrong password, locked or revoked account), so that the
// form does not tell which usernames exist.
var ErrBadCredentials = errors.New("tên đăng nhập hoặc mật khẩu không đúng")

// ThrottledError is returned while too many recent failures block a login.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("đăng nhập sai quá nhiều lần; thử lại sau %s", e.Until.In(vietnam).Format("15:04"))
}

var vietnam = time.FixedZone("ICT", 7*3600)

// AccountState is whether an account may sign in (Điều 7 khoản 3).
type AccountState string

// Account states. A locked account can be unlocked; a revoked one stays
// revoked (its history is kept).
const (
	StateActive  AccountState = "active"
	StateLocked  AccountState = "locked"
	StateRevoked AccountState = "revoked"
)

// Account is a person who may sign in.
type Account struct {
	ID           int64
	Username     string
	DisplayName  string
	Email        string
	Locale       string
	State        AccountState
	PasswordHash string
}

// Session is a signed-in browser. Only the token's hash is stored.
type Session struct {
	TokenHash  []byte
	AccountID  int64
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end
	IP         string
	UserAgent  string
}

// Store is what the service needs from the database.
type Store interface {
	// AccountForLogin finds an account by username (ErrNotFound).
	AccountForLogin(ctx context.Context, username string) (Account, error)
	CreateSession(ctx context.Context, s Session) error
	// SessionPrincipal loads a session and its account's active grants; a
	// session of a locked or revoked account, or an expired one, is
	// ErrNotFound.
	SessionPrincipal(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (Principal, Session, error)
	TouchSession(ctx context.Context, tokenHash []byte, now time.Time) error
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// Throttle returns the instant until which any of keys is blocked
	// (zero when none is).
	Throttle(ctx context.Context, keys []string, now time.Time) (time.Time, error)
	// LoginFailed counts a failure for each key; a key reaching max failures
	// within window is blocked for block.
	LoginFailed(ctx context.Context, keys []string, now time.Time, window time.Duration, max int, block time.Duration) error
	LoginSucceeded(ctx context.Context, accountID int64, keys []string, now time.Time, ip string) error
	// AuditEvent appends an application event to the audit trail.
	AuditEvent(ctx context.Context, actor, action, table, rowID string, detail map[string]any) error
}

// Policy tunes sessions and login throttling.
type Policy struct {
	// IdleTimeout ends a session not used for this long.
	IdleTimeout time.Duration
	// MaxAge ends every session this long after sign-in.
	MaxAge time.Duration
	// MaxFailures failed logins within Window block the username (and,
	// at 4×, the client address) for Block.
	MaxFailures int
	Window      time.Duration
	Block       time.Duration
}

// DefaultPolicy: 30 minutes idle, 10 hours at most (a working day), 5
// failures in 15 minutes block for 15 minutes.
var DefaultPolicy = Policy{IdleTimeout: 30 * time.Minute, MaxAge: 10 * time.Hour, MaxFailures: 5, Window: 15 * time.Minute, Block: 15 * time.Minute}

// Service signs people in and out and resolves session cookies.
type Service struct {
	Store  Store
	Hasher Hasher
	Policy Policy
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// dummy is a valid hash verified for unknown users, so that a failed
	// login takes the same time whether or not the user exists.
	dummy func() (string, error)
}

// NewService returns a Service. The dummy hash (an argon2id computation of
// a second of CPU on a small server) is made in the background rather than
// in the service's start-up, where it delayed the intake of mail.
func NewService(store Store, h Hasher, p Policy) (*Service, error) {
	s := &Service{Store: store, Hasher: h, Policy: p, dummy: sync.OnceValues(func() (string, error) {
		return h.Hash("tiepnhan-dummy-password-for-timing")
	})}
	go s.dummy()
	return s, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// NormalizeUsername lower-cases and trims a username.
func NormalizeUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// Login checks a username and password and opens a session; it returns the
// token for the cookie. Failures count towards throttling by username and by
// client address.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent string) (token string, sess Session, err error) {
	now := s.now()
	username = NormalizeUsername(username)
	keys := []string{"user:" + username}
	ipKey := "ip:" + ip
	until, err := s.Store.Throttle(ctx, append(keys, ipKey), now)
	if err != nil {
		return "", sess, err
	}
	if until.After(now) {
		return "", sess, &ThrottledError{Until: until}
	}
	acc, err := s.Store.AccountForLogin(ctx, username)
	hash := acc.PasswordHash
	if errors.Is(err, ErrNotFound) {
		d, derr := s.dummy()
		if derr != nil {
			return "", sess, derr
		}
		hash = d
	} else if err != nil {
		return "", sess, err
	}
	ok, verr := s.Hasher.Verify(password, hash)
	if verr != nil || !ok || err != nil || acc.State != StateActive {
		if ferr := s.Store.LoginFailed(ctx, keys, now, s.Policy.Window, s.Policy.MaxFailures, s.Policy.Block); ferr != nil {
			return "", sess, ferr
		}
		if ferr := s.Store.LoginFailed(ctx, []string{ipKey}, now, s.Policy.Window, 4*s.Policy.MaxFailures, s.Policy.Block); ferr != nil {
			return "", sess, ferr
		}
		reason := "bad_password"
		switch {
		case err != nil:
			reason = "unknown_user"
		case acc.State != StateActive:
			reason = "account_" + string(acc.State)
		}
		s.Store.AuditEvent(ctx, "anonymous", "login_failed", "account", "", map[string]any{"username": username, "reason": reason, "ip": ip})
		return "", sess, ErrBadCredentials
	}
	token = NewToken()
	sess = Session{
		TokenHash: HashToken(token), AccountID: acc.ID, CSRF: NewToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Policy.MaxAge),
		IP: ip, UserAgent: truncateUA(userAgent),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", sess, err
	}
	if err := s.Store.LoginSucceeded(ctx, acc.ID, append(keys, ipKey), now, ip); err != nil {
		return "", sess, err
	}
	return token, sess, nil
}

// Authenticate resolves a session cookie. Idle sessions end; a session is
// touched at most once a minute to keep requests cheap.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, Session, error) {
	if token == "" || len(token) > 100 {
		return Principal{}, Session{}, ErrNotFound
	}
	now := s.now()
	h := HashToken(token)
	p, sess, err := s.Store.SessionPrincipal(ctx, h, now, s.Policy.IdleTimeout)
	if err != nil {
		return p, sess, err
	}
	p.Now = now
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.Store.TouchSession(ctx, h, now); err != nil {
			return p, sess, err
		}
	}
	return p, sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}

func truncateUA(ua string) string {
	if len(ua) > 300 {
		return ua[:300]
	}
	return ua
}
