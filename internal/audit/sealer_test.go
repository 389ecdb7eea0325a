package audit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type countingStore struct {
	mu    sync.Mutex
	calls []time.Time
}

func (c *countingStore) SealAudit(context.Context, string, []byte, int) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, time.Now())
	return 0, nil
}

func (c *countingStore) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.calls)
}

// TestSealerDefersWhileBusyButNotForever: while Defer says the service is
// busy, rounds are skipped; MaxDefer bounds how long sealing can wait; once
// Defer says idle, every round seals again.
func TestSealerDefersWhileBusyButNotForever(t *testing.T) {
	store := &countingStore{}
	var busy atomic.Bool
	busy.Store(true)
	s := &Sealer{Store: store, Interval: 10 * time.Millisecond, MaxDefer: 200 * time.Millisecond,
		Defer: func(context.Context) bool { return busy.Load() }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()

	time.Sleep(120 * time.Millisecond)
	if n := store.count(); n != 0 {
		t.Fatalf("sealed %d times within 120 ms while busy (MaxDefer 200 ms), want 0", n)
	}
	time.Sleep(250 * time.Millisecond)
	if n := store.count(); n < 1 || n > 2 {
		t.Fatalf("sealed %d times in 370 ms of constant busy, want 1 or 2 (once per MaxDefer)", n)
	}
	busy.Store(false)
	before := store.count()
	time.Sleep(150 * time.Millisecond)
	if n := store.count() - before; n < 2 {
		t.Fatalf("idle: sealed %d times in 150 ms at a 10 ms interval, want a round every interval", n)
	}
	cancel()
	<-done
}
