package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"riverqueue.com/riverui"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/audit"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/periodic"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/web"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers"
)

// UIParts is the web UI with what runs beside it: the audit sealer and
// River's UI. Exported for tests that drive the UI directly.
type UIParts struct {
	HTTP   *web.UI
	Store  *postgres.UI
	Desk   *desk.Desk
	Keys   *crypto.Keyring
	Sealer *audit.Sealer
	river  *riverui.Handler
}

// OpenKeyring loads the personal-data key file, creating it with one fresh
// key when it does not exist (the embedded default).
func OpenKeyring(path string, log *slog.Logger) (*crypto.Keyring, error) {
	k, err := crypto.LoadKeyringFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	line, err := crypto.GenerateKey("k"+time.Now().UTC().Format("20060102"), rand.Reader)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	_, err = fmt.Fprintf(f, "# tiepnhan personal-data keys (Điều 4 khoản 4). The last key seals; keep every key until `tiepnhan pii rewrap` ran.\n%s\n", line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	log.Warn("created a new personal-data key file: back it up, data sealed with it cannot be read without it", "path", path)
	return crypto.LoadKeyringFile(path)
}

// Units lists the directory's units in force today, for the UI's forms.
func Units() ([]view.Unit, error) {
	versions, err := directory.Seed()
	if err != nil {
		return nil, err
	}
	now := time.Now().In(workday.Zone)
	d := directory.At(versions, workday.Date{Year: now.Year(), Month: now.Month(), Day: now.Day()})
	if d == nil {
		return nil, errors.New("directory: no version in force today")
	}
	out := make([]view.Unit, 0, len(d.Units))
	for _, u := range d.Units {
		out = append(out, view.Unit{Code: u.Code, Name: u.Name})
	}
	return out, nil
}

// buildUI assembles the web UI over the service's store and queue.
func (s *Service) buildUI(cfg config.Config, log *slog.Logger) (*UIParts, error) {
	keys, err := OpenKeyring(cfg.UI.KeyFile, log)
	if err != nil {
		return nil, err
	}
	policy := auth.DefaultPolicy
	policy.IdleTimeout, policy.MaxAge = cfg.UI.SessionIdle.Duration, cfg.UI.SessionMax.Duration
	if s.memory != nil { // a nil *Budget in the interface would not be nil
		policy.Memory = s.memory
	}
	svc, err := auth.NewService(s.Store, auth.Hasher{}, policy)
	if err != nil {
		return nil, err
	}
	units, err := Units()
	if err != nil {
		return nil, err
	}
	trusted, err := cfg.HTTP.Proxies()
	if err != nil {
		return nil, err
	}
	proxies := web.Proxies{Trusted: trusted, Header: cfg.HTTP.ClientIPHeader}
	store := &postgres.UI{Store: s.Store, Keys: keys}
	// People's actions, each with the mail, deadlines, corrections and
	// routing that follow it, in its transaction; the directory and the
	// calendar as administrators change them.
	dk := &desk.Desk{Deps: s.deps, Jobs: s.River}
	chainKey, err := keys.Derive(keys.ActiveID(), audit.Purpose)
	if err != nil {
		return nil, err
	}
	rui, err := riverui.NewHandler(&riverui.HandlerOpts{
		Endpoints: riverui.NewEndpoints(s.River, nil), Logger: log.With("component", "riverui"), Prefix: "/admin/river",
	})
	if err != nil {
		return nil, fmt.Errorf("river ui: %w", err)
	}
	return &UIParts{
		HTTP: &web.UI{Auth: svc, Admin: s.Store, Store: store, Desk: dk, Audit: s.Store, Units: units, Mailboxes: mailboxNames(cfg), RiverUI: rui, Directory: dk, Calendar: dk,
			SecureCookies: cfg.SecureCookies(), Proxies: proxies, Log: log.With("component", "ui"),
			Models: modelAdmin{store: s.Store, minConf: cfg.Classify.ModelMinConfidence,
				minKind: cfg.Classify.ModelMinKindConfidence}},
		Store: store, Desk: dk, Keys: keys, river: rui,
		Sealer: &audit.Sealer{Store: s.Store, KeyID: keys.ActiveID(), Key: chainKey, Interval: cfg.UI.AuditSealEvery.Duration, Log: log.With("component", "audit"),
			Defer: func(ctx context.Context) bool { busy, _ := workers.IntakeBusy(ctx, s.Pool); return busy }},
	}, nil
}

// start runs the audit sealer and River's UI until ctx ends.
func (p *UIParts) start(ctx context.Context) error {
	if err := p.river.Start(ctx); err != nil {
		return fmt.Errorf("start river ui: %w", err)
	}
	go p.Sealer.Run(ctx)
	go p.sweepSessions(ctx)
	return nil
}

// sweepSessions deletes ended sessions every hour (they are refused anyway;
// this keeps the table small).
func (p *UIParts) sweepSessions(ctx context.Context) {
	periodic.NowAndEvery(ctx, time.Hour, func() {
		if _, err := p.Store.DeleteExpiredSessions(ctx, time.Now(), p.HTTP.Auth.Policy.IdleTimeout); err != nil && ctx.Err() == nil {
			p.HTTP.Log.Warn("sweep sessions", "err", err)
		}
	})
}
