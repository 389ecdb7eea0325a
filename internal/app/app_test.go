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

// testConfig is the default configuration on a migrated database of the
// test, with a key file of its own.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Database.URL = testenv.MigratedPostgres(t, postgres.MigrateDSN)
	cfg.UI.KeyFile = filepath.Join(t.TempDir(), "pii.key")
	return cfg
}

// testService makes the service of cfg with opts, on a free local port,
// creating its key file; without opts.Log it logs nothing.
func testService(t *testing.T, cfg config.Config, opts Options) *Service {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts.HTTPListener, opts.CreateKeyFile = ln, true
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	svc, err := New(context.Background(), cfg, opts)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return svc
}

// TestStopDuringStartUpIsClean: a stop asked for while the service starts
// (the demo's Ctrl-C right after its banner) is a clean stop, exit 0, not
// "start river: context canceled".
func TestStopDuringStartUpIsClean(t *testing.T) {
	svc := testService(t, testConfig(t), Options{NoWatcher: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := svc.Run(ctx); err != nil {
		t.Fatalf("Run with a context cancelled during start-up: %v, want nil", err)
	}
}
