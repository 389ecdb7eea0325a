package audit

import (
	"context"
	"log/slog"
	"time"
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
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SealAll(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("audit seal failed", "err", err)
		} else if n > 0 {
			s.Log.Debug("audit rows sealed", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
