// Package periodic runs a piece of work at a fixed interval until its
// context ends: the one loop of the service's background sweeps, imports
// and health checks.
package periodic

import (
	"context"
	"time"
)

// Every waits d and calls fn, again and again, until ctx ends or fn returns
// false.
func Every(ctx context.Context, d time.Duration, fn func() bool) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !fn() {
			return
		}
	}
}

// NowAndEvery calls fn at once and then every d, until ctx ends.
func NowAndEvery(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
