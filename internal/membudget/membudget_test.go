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

// TestFirstGoesBeforeOthers: while background work waits for the budget, a
// piece a person waits for (AcquireFirst) is served before it as soon as
// the bytes free up; a waiter that gives up leaves the queue, and the
// piece behind it goes on.
func TestFirstGoesBeforeOthers(t *testing.T) {
	b := membudget.New(100)
	ctx := context.Background()
	holding, err := b.Acquire(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 3)
	start := func(name string, acquire func(context.Context, int64) (func(), error), n int64) {
		go func() {
			release, err := acquire(ctx, n)
			if err != nil {
				t.Error(err)
				return
			}
			order <- name
			time.Sleep(5 * time.Millisecond)
			release()
		}()
	}
	start("reading-1", b.Acquire, 60)
	time.Sleep(20 * time.Millisecond) // reading-1 queued first
	start("reading-2", b.Acquire, 60)
	time.Sleep(20 * time.Millisecond)
	gone, cancel := context.WithCancel(ctx)
	if _, err := func() (func(), error) {
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		return b.AcquireFirst(gone, 100) // a person who gives up
	}(); err == nil {
		t.Fatal("a cancelled waiter got the budget")
	}
	start("sign-in", b.AcquireFirst, 64)
	time.Sleep(20 * time.Millisecond)
	holding()
	var got []string
	for range 3 {
		select {
		case name := <-order:
			got = append(got, name)
		case <-time.After(5 * time.Second):
			t.Fatalf("served %v, then nothing", got)
		}
	}
	if got[0] != "sign-in" || got[1] != "reading-1" || got[2] != "reading-2" {
		t.Fatalf("served in order %v, want sign-in, reading-1, reading-2", got)
	}
	if b.InUse() != 0 {
		time.Sleep(50 * time.Millisecond)
	}
	if b.InUse() != 0 || b.Peak() > 100 {
		t.Fatalf("in use %d, peak %d", b.InUse(), b.Peak())
	}
}

// TestResize: a budget made smaller holds no more than its new size once
// the work granted before gives its bytes back; made larger, it lets a
// waiter through at once.
func TestResize(t *testing.T) {
	b := membudget.New(100)
	ctx := context.Background()
	r1, _ := b.Acquire(ctx, 60)
	b.Resize(50)
	if b.Total() != 50 {
		t.Fatalf("total %d after Resize(50)", b.Total())
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := b.Acquire(short, 30); err == nil {
		t.Fatal("granted 30 beside 60 held in a budget of 50")
	}
	r1()
	got := make(chan struct{})
	go func() {
		r, err := b.Acquire(ctx, 80) // clamped to the whole budget, 50
		if err == nil {
			close(got)
			r()
		}
	}()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("work larger than the resized budget never ran")
	}
	r2, _ := b.Acquire(ctx, 50)
	waiting := make(chan struct{})
	go func() {
		r, err := b.Acquire(ctx, 40)
		if err == nil {
			close(waiting)
			r()
		}
	}()
	time.Sleep(20 * time.Millisecond)
	b.Resize(100)
	select {
	case <-waiting:
	case <-time.After(5 * time.Second):
		t.Fatal("a waiter that fits the larger budget still waits")
	}
	r2()
}
