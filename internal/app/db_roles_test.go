package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

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
	service := testenv.RoleName(t, owner, "app")
	verifier := testenv.RoleName(t, owner, "appver")

	keyFile := filepath.Join(t.TempDir(), "pii.key")
	start := func(db config.Database) string {
		t.Helper()
		cfg := config.Default()
		cfg.Database = db
		cfg.UI.KeyFile = keyFile
		cfg.UI.AuditSealEvery.Duration = 50 * time.Millisecond
		logs := testenv.NewLogBuffer()
		log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		svc := testService(t, cfg, Options{Log: log, NoWatcher: true})
		runCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if err := svc.Run(runCtx); err != nil {
			t.Fatalf("run: %v", err)
		}
		return logs.String()
	}

	db := config.Default().Database
	db.URL, db.OwnerURL, db.VerifierRole = testenv.DSNAs(t, ownerDSN, service), ownerDSN, verifier
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
