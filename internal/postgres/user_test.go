package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// testStore returns a Store on a fresh, migrated database.
func testStore(t testing.TB) *Store {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	dsn := testenv.MigratedPostgres(t, MigrateDSN)
	ctx := context.Background()
	pool, err := Open(ctx, dsn, 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return New(pool)
}

var cheapHasher = auth.Hasher{Params: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}

func mustAccount(t testing.TB, s *Store, username string, grants ...auth.Grant) int64 {
	t.Helper()
	h, err := cheapHasher.Hash("mật-khẩu-thử-nghiệm")
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.CreateAccount(context.Background(), "user:admin", auth.Account{Username: username, DisplayName: username, PasswordHash: h}, grants)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAccountsSessionsAndLockEffectiveAtOnce(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	svc, err := auth.NewService(s, cheapHasher, auth.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	id := mustAccount(t, s, "lan", auth.Grant{Role: auth.RoleStandingBoard}, auth.Grant{Role: auth.RoleBoardMember, Unit: "cuc-pbgdpl"})
	tok, _, err := svc.Login(ctx, "lan", "mật-khẩu-thử-nghiệm", "10.1.1.1", "go test")
	if err != nil {
		t.Fatal(err)
	}
	p, sess, err := svc.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if p.AccountID != id || len(p.Grants) != 2 || sess.CSRF == "" {
		t.Fatalf("principal %+v session %+v", p, sess)
	}
	if !p.Can(auth.PermTriage, "x") || !p.Can(auth.PermApprove, "cuc-pbgdpl") {
		t.Fatalf("grants not loaded: %+v", p.Grants)
	}
	// The token itself is nowhere in the database.
	var n int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM session WHERE token_hash = $1::text::bytea OR csrf = $1`, tok).Scan(&n)
	if n != 0 {
		t.Fatal("session token stored in clear")
	}

	// Limiting: removing the standing_board grant counts from the next request.
	info, err := s.AccountInfo(ctx, id)
	if err != nil || len(info.Grants) != 2 || info.Sessions != 1 || info.LastLoginAt == nil {
		t.Fatalf("account info %+v, %v", info, err)
	}
	for _, g := range info.Grants {
		if g.Role == auth.RoleStandingBoard {
			if err := s.RemoveGrant(ctx, "user:admin", id, g.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	p, _, _ = svc.Authenticate(ctx, tok)
	if p.Can(auth.PermTriage, "x") {
		t.Fatal("removed grant still in force")
	}
	// An expired grant gives nothing.
	past := time.Now().Add(-time.Hour)
	if err := s.AddGrant(ctx, "user:admin", id, auth.Grant{Role: auth.RoleManager, ExpiresAt: &past}); err != nil {
		t.Fatal(err)
	}
	p, _, _ = svc.Authenticate(ctx, tok)
	if p.Has(auth.PermDashboard) {
		t.Fatal("expired grant in force")
	}

	// Locking ends the session at once (Điều 7 khoản 3).
	if err := s.SetAccountState(ctx, "user:admin", id, auth.StateLocked, "nghi vấn lộ mật khẩu"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, tok); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("session of a locked account: %v", err)
	}
	if _, _, err := svc.Login(ctx, "lan", "mật-khẩu-thử-nghiệm", "10.1.1.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
		t.Fatalf("login of a locked account: %v", err)
	}
	if err := s.SetAccountState(ctx, "user:admin", id, auth.StateActive, "đã đổi mật khẩu"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Login(ctx, "lan", "mật-khẩu-thử-nghiệm", "10.1.1.2", ""); err != nil {
		t.Fatalf("login after unlock: %v", err)
	}
	// Revoking is final and removes the grants.
	if err := s.SetAccountState(ctx, "user:admin", id, auth.StateRevoked, "nghỉ hưu"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAccountState(ctx, "user:admin", id, auth.StateActive, ""); err == nil {
		t.Fatal("revoked account reopened")
	}
	if err := s.AddGrant(ctx, "user:admin", id, auth.Grant{Role: auth.RoleEditor}); err == nil {
		t.Fatal("grant given to a revoked account")
	}
	info, _ = s.AccountInfo(ctx, id)
	if len(info.Grants) != 0 || info.Sessions != 0 || info.State != auth.StateRevoked || info.StateChangedBy != "user:admin" {
		t.Fatalf("revoked account %+v", info)
	}
}

func TestLoginThrottleInDatabase(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	svc, _ := auth.NewService(s, cheapHasher, auth.DefaultPolicy)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	mustAccount(t, s, "minh", auth.Grant{Role: auth.RoleEditor})
	for i := 0; i < auth.DefaultPolicy.MaxFailures; i++ {
		if _, _, err := svc.Login(ctx, "minh", "sai-mật-khẩu-nhé", "10.2.2.2", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	var te *auth.ThrottledError
	if _, _, err := svc.Login(ctx, "minh", "mật-khẩu-thử-nghiệm", "10.2.2.2", ""); !errors.As(err, &te) || !te.Until.Equal(now.Add(auth.DefaultPolicy.Delay)) {
		t.Fatalf("right password from the failing client: %v", err)
	}
	// Another client is not blocked by the first one's failures.
	if _, _, err := svc.Login(ctx, "minh", "mật-khẩu-thử-nghiệm", "10.2.2.3", ""); err != nil {
		t.Fatalf("other client: %v", err)
	}
	// Past the delay the failing client may try again.
	now = now.Add(auth.DefaultPolicy.Delay)
	if _, _, err := svc.Login(ctx, "minh", "mật-khẩu-thử-nghiệm", "10.2.2.2", ""); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	var rows, clientFailures int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM login_throttle WHERE key LIKE 'pair:%/minh'`).Scan(&rows)
	s.Pool.QueryRow(ctx, `SELECT failures FROM login_throttle WHERE key = 'client:10.2.2.2'`).Scan(&clientFailures)
	if rows != 0 || clientFailures != auth.DefaultPolicy.MaxFailures+1 {
		t.Fatalf("after success: %d pair counters, client counts %d; want 0 and %d", rows, clientFailures, auth.DefaultPolicy.MaxFailures+1)
	}
	// Failed logins are in the audit trail, without the password.
	var failed int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND after->>'username' = 'minh' AND after::text NOT LIKE '%sai-mật%'`).Scan(&failed)
	if failed != auth.DefaultPolicy.MaxFailures {
		t.Fatalf("%d login_failed audit rows, want %d", failed, auth.DefaultPolicy.MaxFailures)
	}
}
