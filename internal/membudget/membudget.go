// Package membudget bounds the memory held by work whose footprint grows
// with its input (parsing a batch of mail, reading a message's attachments)
// so that a burst of large mail cannot push the process over the memory
// ceiling the office configured (memory.limit_mb): each piece of work
// acquires its estimated bytes before it loads anything and releases them
// when done; what does not fit waits its turn. A piece larger than the
// whole budget runs alone rather than never.
package membudget

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

// Budget is a number of bytes shared by concurrent work. A nil Budget
// never waits.
type Budget struct {
	total int64
	sem   *semaphore.Weighted
	used  atomic.Int64
	peak  atomic.Int64
}

// New returns a Budget of total bytes; total <= 0 returns nil (no bound).
func New(total int64) *Budget {
	if total <= 0 {
		return nil
	}
	return &Budget{total: total, sem: semaphore.NewWeighted(total)}
}

// Acquire waits until n bytes are free (n is clamped to the whole budget)
// or ctx ends. The returned release gives them back; it must be called
// exactly once.
func (b *Budget) Acquire(ctx context.Context, n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	n = max(1, min(n, b.total))
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, err
	}
	used := b.used.Add(n)
	for {
		p := b.peak.Load()
		if used <= p || b.peak.CompareAndSwap(p, used) {
			break
		}
	}
	return func() {
		b.used.Add(-n)
		b.sem.Release(n)
	}, nil
}

// Total is the size of the budget (0 for a nil Budget).
func (b *Budget) Total() int64 {
	if b == nil {
		return 0
	}
	return b.total
}

// InUse is the number of bytes held now.
func (b *Budget) InUse() int64 {
	if b == nil {
		return 0
	}
	return b.used.Load()
}

// Peak is the most bytes ever held at once.
func (b *Budget) Peak() int64 {
	if b == nil {
		return 0
	}
	return b.peak.Load()
}
