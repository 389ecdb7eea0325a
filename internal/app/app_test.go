package app

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestStopDuringStartUpIsClean: a stop asked for while the service starts
// (the demo's Ctrl-C right after its banner) is a clean stop, exit 0, not
// "start river: context canceled".
func TestStopDuringStartUpIsClean(t *testing.T) {
	cfg := config.Default()
	cfg.Database.URL = testenv.MigratedPostgres(t, postgres.MigrateDSN)
	cfg.UI.KeyFile = filepath.Join(t.TempDir(), "pii.key")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := New(context.Background(), cfg, Options{Log: log, NoWatcher: true, HTTPListener: ln, CreateKeyFile: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := svc.Run(ctx); err != nil {
		t.Fatalf("Run with a context cancelled during start-up: %v, want nil", err)
	}
}
