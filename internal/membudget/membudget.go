// Package membudget bounds the memory held by work whose footprint grows
// with its input (parsing a batch of mail, reading a message's attachments)
// or is large (a password check) so that a burst of large mail cannot push
// the process over the memory ceiling the office configured
// (memory.limit_mb): each piece of work acquires its estimated bytes before
// it loads anything and releases them when done; what does not fit waits
// its turn. A piece larger than the whole budget runs alone rather than
// never. Work a person waits for (a sign-in) goes before background work
// (AcquireFirst).
package membudget

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"
)

// Budget is a number of bytes shared by concurrent work. A nil Budget
// never waits.
type Budget struct {
	total int64
	used  atomic.Int64
	peak  atomic.Int64

	mu sync.Mutex
	// first and others are the waiters, each in arrival order: first (a
	// person waits) is always served before others; within a queue only
	// the head is served, so that a large piece is never starved by
	// smaller ones arriving after it.
	first, others list.List
}

type waiter struct {
	n     int64
	ready chan struct{} // closed when the bytes are granted
}

// New returns a Budget of total bytes; total <= 0 returns nil (no bound).
func New(total int64) *Budget {
	if total <= 0 {
		return nil
	}
	return &Budget{total: total}
}

// Acquire waits until n bytes are free (n is clamped to the whole budget)
// or ctx ends, behind every waiter of AcquireFirst. The returned release
// gives them back; it must be called exactly once.
func (b *Budget) Acquire(ctx context.Context, n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	return b.acquire(ctx, n, &b.others)
}

// AcquireFirst is Acquire for work a person waits for: it goes before the
// waiters of Acquire.
func (b *Budget) AcquireFirst(ctx context.Context, n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	return b.acquire(ctx, n, &b.first)
}

func (b *Budget) acquire(ctx context.Context, n int64, q *list.List) (func(), error) {
	b.mu.Lock()
	n = max(1, min(n, b.total))
	ahead := b.first.Len() > 0 || (q == &b.others && b.others.Len() > 0)
	if !ahead && b.used.Load()+n <= b.total {
		b.grant(n)
		b.mu.Unlock()
		return b.releaser(n), nil
	}
	w := &waiter{n: n, ready: make(chan struct{})}
	e := q.PushBack(w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return b.releaser(n), nil
	case <-ctx.Done():
		b.mu.Lock()
		select {
		case <-w.ready: // granted meanwhile: give it back
			b.mu.Unlock()
			b.releaser(n)()
		default:
			q.Remove(e)
			b.serve() // a large head gone may let smaller ones through
			b.mu.Unlock()
		}
		return nil, ctx.Err()
	}
}

// grant counts n bytes as held; b.mu is held.
func (b *Budget) grant(n int64) {
	used := b.used.Add(n)
	for {
		p := b.peak.Load()
		if used <= p || b.peak.CompareAndSwap(p, used) {
			break
		}
	}
}

// serve grants the heads of the queues, first before others, while they
// fit; b.mu is held.
func (b *Budget) serve() {
	for _, q := range []*list.List{&b.first, &b.others} {
		for q.Len() > 0 {
			w := q.Front().Value.(*waiter)
			if b.used.Load()+w.n > b.total {
				return // the head waits; nothing behind it may pass
			}
			q.Remove(q.Front())
			b.grant(w.n)
			close(w.ready)
		}
	}
}

func (b *Budget) releaser(n int64) func() {
	return func() {
		b.mu.Lock()
		b.used.Add(-n)
		b.serve()
		b.mu.Unlock()
	}
}

// Resize sets the size of the budget to total (> 0): a process sizes its
// budget once it knows what it holds at rest. Work already granted keeps
// its bytes.
func (b *Budget) Resize(total int64) {
	if b == nil || total <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total = total
	b.serve()
}

// Total is the size of the budget (0 for a nil Budget).
func (b *Budget) Total() int64 {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
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
