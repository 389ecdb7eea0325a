package auth

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// ErrBusy is returned when too many passwords are being checked at once:
// each argon2id check holds Params.Memory (64 MiB by default), so their
// number is capped (Policy.MaxHashes) and the rest are turned away rather
// than queued without end. The web answers 503 with Retry-After.
var ErrBusy = errors.New("hệ thống đang bận kiểm tra đăng nhập; vui lòng thử lại sau ít giây")

// Counter is the login throttle's state for one key: the attempts counted
// since the key was last quiet for Policy.Window, when the last one came,
// and until when the key is refused.
type Counter struct {
	Failures     int
	LastAt       time.Time
	BlockedUntil time.Time
}

// step counts one attempt on c at now, for a key allowed that many
// attempts before it must wait: a key quiet for window (since its last
// attempt or block) starts over; an attempt while the key is blocked is
// refused and not counted. The attempt that uses up the allowance, and
// each one after it, blocks the key's next attempt for delay, doubling
// each time up to maxDelay: the waits grow, they never lock for good. It
// returns the new counter and whether this attempt may go on to the
// password check.
func step(c Counter, now time.Time, allowed int, window, delay, maxDelay time.Duration) (Counter, bool) {
	if now.Before(c.BlockedUntil) {
		return c, false
	}
	quiet := c.LastAt
	if c.BlockedUntil.After(quiet) {
		quiet = c.BlockedUntil
	}
	if c.LastAt.IsZero() || now.Sub(quiet) >= window {
		c = Counter{}
	}
	c.Failures++
	c.LastAt = now
	if c.Failures < allowed {
		return c, true
	}
	d := delay
	for i := allowed; i < c.Failures && d < maxDelay; i++ {
		d *= 2
	}
	c.BlockedUntil = now.Add(min(d, maxDelay))
	return c, true
}

// throttleKeys are the keys an attempt counts under: the pair (username,
// client), so that failures from one client never block the same account
// from another one (an account is never locked by unauthenticated traffic
// alone), and the client, which may try more usernames before it waits.
func throttleKeys(username, client string) (pair, byClient string) {
	return "pair:" + client + "/" + username, "client:" + client
}

// countAttempt counts the attempt under both keys before any password is
// checked, atomically (the store locks the rows): of N concurrent attempts
// at most the allowance reaches the hash. It returns a *ThrottledError
// when either key refuses it.
func (s *Service) countAttempt(ctx context.Context, pair, byClient string, now time.Time) error {
	p := s.Policy
	var until time.Time
	err := s.Store.LoginAttempt(ctx, []string{pair, byClient}, func(key string, c Counter) Counter {
		max := p.MaxFailures
		if key == byClient {
			max = p.ClientFailures
		}
		c, ok := step(c, now, max, p.Window, p.Delay, p.Block)
		if !ok && c.BlockedUntil.After(until) {
			until = c.BlockedUntil
		}
		return c
	})
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return &ThrottledError{Until: until}
	}
	return nil
}

// giveBack uncounts an attempt that never reached the password check
// (ErrBusy) under each key; a block that attempt set is lifted when the
// failures left are within the key's allowance.
func (s *Service) giveBack(ctx context.Context, pair, byClient string) error {
	p := s.Policy
	return s.Store.LoginAttempt(ctx, []string{pair, byClient}, func(key string, c Counter) Counter {
		allowed := p.MaxFailures
		if key == byClient {
			allowed = p.ClientFailures
		}
		c.Failures = max(c.Failures-1, 0)
		if c.Failures < allowed {
			c.BlockedUntil = time.Time{}
		}
		return c
	})
}

// acquireHash takes one of the Policy.MaxHashes slots and the hash's
// memory from the work budget, waiting at most Policy.HashWait for both;
// release gives them back.
//
// release first collects the garbage: the hash just done left its
// argon2id memory (Params.Memory, 64 MiB) unreachable, and Go's collector
// would otherwise let the heap grow to twice the live hashes before
// reclaiming it — the next holders of the slots would take fresh memory
// from the system, and 50 concurrent logins pushed RSS to start + 4 to 6
// hashes (issue 12, finding 4). Collected, the memory is reused by the
// next hash: RSS stays near start + MaxHashes hashes (make bench-login).
func (s *Service) acquireHash(ctx context.Context) (release func(), err error) {
	wait, cancel := context.WithTimeout(ctx, s.Policy.HashWait)
	defer cancel()
	busy := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return ErrBusy
		}
		return err
	}
	select {
	case s.hashes <- struct{}{}:
	case <-wait.Done():
		return nil, busy(wait.Err())
	}
	memory := func() {}
	if s.Policy.Memory != nil {
		if memory, err = s.Policy.Memory.AcquireFirst(wait, s.hashBytes()); err != nil {
			<-s.hashes
			return nil, busy(err)
		}
	}
	return func() {
		runtime.GC()
		memory()
		<-s.hashes
	}, nil
}

// hashBytes is the memory of one password check: the argon2id memory of
// the hasher's parameters.
func (s *Service) hashBytes() int64 {
	p := s.Hasher.Params
	if p == nil {
		p = DefaultParams
	}
	return int64(p.Memory) << 10
}
