package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
)

// requireKeyFile refuses to run the service without its personal-data key
// file (Quy chế 1319/QĐ-BTP Điều 4 khoản 4): raw mail, bodies and texts are
// stored sealed with it, and a key created on the fly by a misconfigured
// server would seal data that nobody can read once the file is lost. Only
// the demo (Options.CreateKeyFile) creates the file; tests write one.
func requireKeyFile(path string, create bool) error {
	if create {
		return nil
	}
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("ui.key_file %s does not exist: the personal-data key file is required (Điều 4 khoản 4); "+
			"create it with `(umask 077; tiepnhan pii keygen > %s)` and keep a backup (only `tiepnhan demo` creates one itself)", path, path)
	}
	if err != nil {
		return fmt.Errorf("ui.key_file: %w", err)
	}
	return nil
}

// warnUnsealed logs when the store still holds mail stored in clear (rows
// older than migration 00003): `tiepnhan pii rewrap` seals them.
func (s *Service) warnUnsealed(ctx context.Context, log *slog.Logger) {
	clear, err := s.Store.HasUnsealed(ctx)
	if err != nil {
		log.Warn("could not check for mail stored in clear", "err", err)
		return
	}
	if clear {
		log.Warn("some raw messages, bodies or attachment texts are stored in clear (older than personal-data sealing): run `tiepnhan pii rewrap` to seal them (Điều 4 khoản 4)")
	}
}
