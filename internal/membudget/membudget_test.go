package membudget_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/membudget"
)

func TestBudgetNeverHoldsMoreThanItsTotal(t *testing.T) {
	b := membudget.New(100)
	var held, peak atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := int64(10 + i%5*15) // 10 … 70
			release, err := b.Acquire(context.Background(), n)
			if err != nil {
				t.Error(err)
				return
			}
			now := held.Add(n)
			for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
			}
			time.Sleep(time.Millisecond)
			held.Add(-n)
			release()
		}()
	}
	wg.Wait()
	if peak.Load() > 100 || b.Peak() > 100 {
		t.Fatalf("held %d bytes at once (budget says %d), budget 100", peak.Load(), b.Peak())
	}
	if peak.Load() <= 70 {
		t.Fatalf("peak %d: work never ran side by side", peak.Load())
	}
	if b.InUse() != 0 {
		t.Fatalf("%d bytes still held", b.InUse())
	}
}

func TestBudgetLetsOversizedWorkRunAlone(t *testing.T) {
	b := membudget.New(100)
	release, err := b.Acquire(context.Background(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := b.Acquire(ctx, 1); err == nil {
		t.Fatal("a second piece ran beside one that holds the whole budget")
	}
	release()
	r2, err := b.Acquire(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	r2()
}

func TestNilBudgetNeverWaits(t *testing.T) {
	var b *membudget.Budget = membudget.New(0)
	release, err := b.Acquire(context.Background(), 1<<40)
	if err != nil || b.Total() != 0 {
		t.Fatalf("nil budget: %v, total %d", err, b.Total())
	}
	release()
}
