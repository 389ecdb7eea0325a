package app

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
)

// loadTrustStore sets the trust store of the PDF signature checks from
// intake.trust_store unless the caller set one (Điều 6 khoản 1:
// authenticity is judged against roots an administrator chose). A store
// that cannot be read stops the start: signatures would all read as
// untrusted without anyone knowing why.
func loadTrustStore(cfg config.Config, opts *derive.Options, log *slog.Logger) error {
	dir := cfg.Intake.TrustStore
	if dir == "" || opts.Signatures.Roots != nil {
		return nil
	}
	roots, n, err := pdfsig.LoadRoots(os.DirFS(dir))
	if err != nil {
		return fmt.Errorf("intake.trust_store %s: %w", dir, err)
	}
	opts.Signatures.Roots = roots
	log.Info("trust store loaded", "dir", dir, "certificates", n)
	return nil
}
