package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
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
	return fmt.Sprintf("đăng nhập sai quá nhiều lần; thử lại sau %s", e.Until.In(workday.Zone).Format("15:04:05"))
}

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
	// LoginAttempt counts one login attempt under each key atomically: it
	// locks each key's counter (a missing one is zero), replaces it with
	// step's result and commits, so that concurrent attempts are counted
	// one after the other.
	LoginAttempt(ctx context.Context, keys []string, step func(key string, c Counter) Counter) error
	// LoginSucceeded clears the counters of keys and records the login.
	LoginSucceeded(ctx context.Context, accountID int64, keys []string, now time.Time, ip string) error
	// AuditEvent appends an application event to the audit trail.
	AuditEvent(ctx context.Context, actor, action, table, rowID string, detail map[string]any) error
}

// Policy tunes sessions, login throttling and the cost of password checks.
type Policy struct {
	// IdleTimeout ends a session not used for this long.
	IdleTimeout time.Duration
	// MaxAge ends every session this long after sign-in.
	MaxAge time.Duration
	// MaxFailures attempts for one username from one client, and
	// ClientFailures from one client for any usernames, are checked; the
	// next waits Delay, doubling with each refusal up to Block. A key
	// quiet for Window starts over; a successful login clears its pair.
	MaxFailures    int
	ClientFailures int
	Window         time.Duration
	Delay          time.Duration
	Block          time.Duration
	// MaxHashes caps the password checks running at once (each holds the
	// hash's memory, 64 MiB by default); a login waits at most HashWait
	// for a slot, then gets ErrBusy.
	MaxHashes int
	HashWait  time.Duration
	// Memory, when set, is the process's work budget (memory.limit_mb,
	// issue 13): a password check holds the hash's memory from it, so
	// that sign-ins and the reading of a burst of mail together stay
	// under the ceiling.
	Memory Budget
}

// DefaultPolicy: 30 minutes idle, 10 hours at most (a working day); 5
// attempts per username and client, 20 per client, then 30 s doubling up
// to 15 minutes, forgotten after 15 quiet minutes; two password checks at
// once (the host has 2 cores: more would not check faster), a login waits
// up to 3 s for one.
var DefaultPolicy = Policy{IdleTimeout: 30 * time.Minute, MaxAge: 10 * time.Hour, MaxFailures: 5, ClientFailures: 20,
	Window: 15 * time.Minute, Delay: 30 * time.Second, Block: 15 * time.Minute, MaxHashes: 2, HashWait: 3 * time.Second}

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
	// hashes holds one token per password check running (Policy.MaxHashes).
	hashes chan struct{}
	// warmed is closed once the background dummy hash gave back its slot
	// and memory.
	warmed chan struct{}
}

// Budget is a byte budget shared with other work (membudget.Budget): a
// password check, which a person waits for, goes before the background
// work waiting for it (AcquireFirst).
type Budget interface {
	AcquireFirst(ctx context.Context, n int64) (release func(), err error)
}

// NewService returns a Service. The dummy hash (an argon2id computation of
// a second of CPU on a small server) is made in the background rather than
// in the service's start-up, where it delayed the intake of mail.
func NewService(store Store, h Hasher, p Policy) (*Service, error) {
	if p.MaxHashes < 1 {
		p.MaxHashes = 1
	}
	s := &Service{Store: store, Hasher: h, Policy: p, hashes: make(chan struct{}, p.MaxHashes), dummy: sync.OnceValues(func() (string, error) {
		return h.Hash("tiepnhan-dummy-password-for-timing")
	})}
	// The dummy hash takes its memory like any check (no slot free in
	// HashWait: the first unknown user's check makes it instead).
	s.warmed = make(chan struct{})
	go func() {
		defer close(s.warmed)
		if release, err := s.acquireHash(context.Background()); err == nil {
			s.dummy()
			release()
		}
	}()
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
// token for the cookie. client is the client's address (the web takes it
// from a trusted proxy's header). The attempt is counted before the
// password is checked (countAttempt), and the check waits for one of
// Policy.MaxHashes slots (ErrBusy when none frees in time).
func (s *Service) Login(ctx context.Context, username, password, client, userAgent string) (token string, sess Session, err error) {
	now := s.now()
	username = NormalizeUsername(username)
	pair, byClient := throttleKeys(username, client)
	if err := s.countAttempt(ctx, pair, byClient, now); err != nil {
		return "", sess, err
	}
	acc, reason, err := s.check(ctx, username, password)
	if errors.Is(err, ErrBusy) {
		// No password was checked: the attempt does not count, or a
		// person retrying when the page asks would throttle themself.
		return "", sess, errors.Join(err, s.giveBack(ctx, pair, byClient))
	}
	if err != nil {
		return "", sess, err
	}
	if reason != "" {
		s.Store.AuditEvent(ctx, "anonymous", "login_failed", "account", "", map[string]any{"username": username, "reason": reason, "ip": client})
		return "", sess, ErrBadCredentials
	}
	token = NewToken()
	sess = Session{
		TokenHash: HashToken(token), AccountID: acc.ID, CSRF: NewToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Policy.MaxAge),
		IP: client, UserAgent: truncateUA(userAgent),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", sess, err
	}
	if err := s.Store.LoginSucceeded(ctx, acc.ID, []string{pair}, now, client); err != nil {
		return "", sess, err
	}
	// The client's allowance counts failures: give back this attempt.
	return token, sess, s.Store.LoginAttempt(ctx, []string{byClient}, func(_ string, c Counter) Counter {
		c.Failures = max(c.Failures-1, 0)
		return c
	})
}

// check verifies the password within a hash slot; reason is empty on
// success, else why the login fails (for the audit trail only). An unknown
// user costs the same hash as a known one.
func (s *Service) check(ctx context.Context, username, password string) (acc Account, reason string, err error) {
	release, err := s.acquireHash(ctx)
	if err != nil {
		return acc, "", err
	}
	defer release()
	acc, err = s.Store.AccountForLogin(ctx, username)
	hash := acc.PasswordHash
	unknown := errors.Is(err, ErrNotFound)
	if unknown {
		if hash, err = s.dummy(); err != nil {
			return acc, "", err
		}
	} else if err != nil {
		return acc, "", err
	}
	ok, verr := s.Hasher.Verify(password, hash)
	switch {
	case unknown:
		return acc, "unknown_user", nil
	case verr != nil || !ok:
		return acc, "bad_password", nil
	case acc.State != StateActive:
		return acc, "account_" + string(acc.State), nil
	}
	return acc, "", nil
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
