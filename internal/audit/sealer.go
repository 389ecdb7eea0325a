package audit

import (
	"context"
	"log/slog"
	"time"

	"github.com/moj-portal/tiepnhan/internal/periodic"
)

// SealStore is what the Sealer needs from the database.
type SealStore interface {
	SealAudit(ctx context.Context, keyID string, key []byte, limit int) (int, error)
}

// Sealer seals committed audit rows into the chain every Interval.
type Sealer struct {
	Store    SealStore
	KeyID    string
	Key      []byte
	Interval time.Duration
	Log      *slog.Logger
	// Defer, when set and true, skips a round (the service is taking in a
	// backlog of mail: sealing rewrites every audit row, and can wait);
	// never for longer than MaxDefer (default 1 minute).
	Defer    func(context.Context) bool
	MaxDefer time.Duration
}

// SealAll seals until no committed unsealed row is left; it returns how
// many rows it sealed.
func (s *Sealer) SealAll(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.Store.SealAudit(ctx, s.KeyID, s.Key, 5000)
		total += n
		if err != nil || n < 5000 {
			return total, err
		}
	}
}

// Run seals every Interval until ctx ends.
func (s *Sealer) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = 2 * time.Second
	}
	maxDefer := s.MaxDefer
	if maxDefer <= 0 {
		maxDefer = time.Minute
	}
	last := time.Now()
	periodic.NowAndEvery(ctx, interval, func() {
		if s.Defer == nil || time.Since(last) >= maxDefer || !s.Defer(ctx) {
			last = time.Now()
			if n, err := s.SealAll(ctx); err != nil && ctx.Err() == nil {
				s.Log.Error("audit seal failed", "err", err)
			} else if n > 0 {
				s.Log.Debug("audit rows sealed", "rows", n)
			}
		}
	})
}
