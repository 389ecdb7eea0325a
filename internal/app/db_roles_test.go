package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// withUser is dsn logging in as role (trust authentication in tests).
func withUser(t *testing.T, dsn, role string) string {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " user=" + role
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

// TestServiceRunsAsItsOwnRole: issue 12, finding 8. With database.owner_url
// the service migrates as the owner, gives its own role (the user of
// database.url) its rights and then runs as that role — River, the audit
// sealer — without warning; started again without owner_url it needs no
// DDL. Run with the owner's role it warns once.
func TestServiceRunsAsItsOwnRole(t *testing.T) {
	t.Parallel()
	ownerDSN := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	ctx := context.Background()
	owner, err := postgres.Open(ctx, ownerDSN, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(owner.Close)
	service := fmt.Sprintf("tn_app_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	verifier := service + "_ver"
	t.Cleanup(func() {
		for _, r := range []string{service, verifier} {
			id := pgx.Identifier{r}.Sanitize()
			owner.Exec(ctx, `DROP OWNED BY `+id)
			if _, err := owner.Exec(ctx, `DROP ROLE IF EXISTS `+id); err != nil {
				t.Errorf("drop role %s: %v", r, err)
			}
		}
	})

	keyFile := filepath.Join(t.TempDir(), "pii.key")
	start := func(db config.Database) string {
		t.Helper()
		cfg := config.Default()
		cfg.Database = db
		cfg.UI.KeyFile = keyFile
		cfg.UI.AuditSealEvery.Duration = 50 * time.Millisecond
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		logs := testenv.NewLogBuffer()
		log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		svc, err := New(ctx, cfg, Options{Log: log, NoWatcher: true, HTTPListener: ln, CreateKeyFile: true})
		if err != nil {
			t.Fatalf("start with %+v: %v", db, err)
		}
		runCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if err := svc.Run(runCtx); err != nil {
			t.Fatalf("run: %v", err)
		}
		return logs.String()
	}

	db := config.Default().Database
	db.URL, db.OwnerURL, db.VerifierRole = withUser(t, ownerDSN, service), ownerDSN, verifier
	logs := start(db)
	if !strings.Contains(logs, "created database role "+service) || strings.Contains(logs, "owner's role") || strings.Contains(logs, "permission denied") {
		t.Errorf("service with its own role, first start: %s", logs)
	}
	var unsealed int64
	if err := owner.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE seq IS NULL`).Scan(&unsealed); err != nil || unsealed != 0 {
		t.Errorf("the sealer running as the service role left %d rows unsealed (%v)", unsealed, err)
	}
	db.OwnerURL = ""
	if logs := start(db); strings.Contains(logs, "owner's role") || strings.Contains(logs, "permission denied") {
		t.Errorf("service with its own role, no owner_url: %s", logs)
	}
	db.URL = ownerDSN
	if logs := start(db); strings.Count(logs, "runs with the database owner's role") != 1 {
		t.Errorf("service as the owner: want one warning, logs: %s", logs)
	}
}
