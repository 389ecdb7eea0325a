package app

import (
	"crypto/x509"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// intake.trust_store fills the roots the signatures are chained to; a
// store that cannot be read stops the start, naming the key.
func TestLoadTrustStore(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	root, err := pdfsigtest.NewRoot("Test Root CA", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gov.pem"), root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	var cfg config.Config
	var opts derive.Options
	if err := loadTrustStore(cfg, &opts, log); err != nil || opts.Signatures.Roots != nil {
		t.Fatalf("no store configured: %v %v", err, opts.Signatures.Roots)
	}
	cfg.Intake.TrustStore = dir
	if err := loadTrustStore(cfg, &opts, log); err != nil || opts.Signatures.Roots == nil {
		t.Fatalf("store: %v", err)
	}
	if _, err := root.Cert.Verify(x509.VerifyOptions{Roots: opts.Signatures.Roots}); err != nil {
		t.Fatalf("the root is not in the pool: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.crt"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts = derive.Options{}
	if err := loadTrustStore(cfg, &opts, log); err == nil || !strings.Contains(err.Error(), "intake.trust_store") {
		t.Fatalf("broken store: %v", err)
	}
}
