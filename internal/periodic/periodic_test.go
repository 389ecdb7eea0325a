package periodic

import (
	"context"
	"testing"
	"time"
)

func TestEveryStopsWhenTheWorkSaysSo(t *testing.T) {
	calls := 0
	Every(context.Background(), time.Millisecond, func() bool {
		calls++
		return calls < 3
	})
	if calls != 3 {
		t.Fatalf("fn called %d times, want 3", calls)
	}
}

func TestEveryWaitsBeforeTheFirstCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	Every(ctx, time.Hour, func() bool {
		t.Fatal("fn called before the first interval")
		return false
	})
}

func TestNowAndEveryCallsAtOnceThenUntilTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	NowAndEvery(ctx, time.Millisecond, func() {
		calls++
		if calls == 3 {
			cancel()
		}
	})
	// Returning at all shows the loop ends with its context; a tick that
	// is due when the context ends may still run fn once more.
	if calls < 3 {
		t.Fatalf("fn called %d times, want at least 3", calls)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	once := 0
	NowAndEvery(ctx2, time.Hour, func() { once++ })
	if once != 1 {
		t.Fatalf("with the context ended fn was called %d times, want 1 (at once)", once)
	}
}
