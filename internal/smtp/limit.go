package smtp

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// RateLimitError refuses a message because a recipient has had Max
// messages within Window; RetryAfter says when one more will be allowed.
type RateLimitError struct {
	Recipient  string
	Max        int
	Window     time.Duration
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("smtp: %s already had %d messages within %s; retry in %s", e.Recipient, e.Max, e.Window, e.RetryAfter.Round(time.Second))
}

// Limiter caps the messages sent to each recipient within a sliding window.
// It is safe for concurrent use. A nil *Limiter allows everything.
type Limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	sent map[string][]time.Time // recipient → send instants within the window, ascending
}

// NewLimiter allows max messages per recipient within window; now is the
// clock (nil: time.Now). max ≤ 0 means no cap (a nil Limiter).
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	if max <= 0 || window <= 0 {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{max: max, window: window, now: now, sent: map[string][]time.Time{}}
}

// Reserve counts one message to every recipient if each is under the cap,
// and returns a function that gives the reservation back (when sending
// failed). Otherwise nothing is counted and the error names the first
// recipient over the cap.
func (l *Limiter) Reserve(rcpts []string) (release func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	keys := make([]string, 0, len(rcpts))
	seen := map[string]bool{}
	for _, r := range rcpts {
		k := strings.ToLower(strings.TrimSpace(r))
		if seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		ts := l.prune(k, now)
		if len(ts) >= l.max {
			return nil, &RateLimitError{Recipient: r, Max: l.max, Window: l.window, RetryAfter: ts[len(ts)-l.max].Add(l.window).Sub(now)}
		}
	}
	for _, k := range keys {
		l.sent[k] = append(l.sent[k], now)
	}
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		for _, k := range keys {
			ts := l.sent[k]
			for i := len(ts) - 1; i >= 0; i-- {
				if ts[i].Equal(now) {
					l.sent[k] = append(ts[:i:i], ts[i+1:]...)
					break
				}
			}
		}
	}, nil
}

// prune drops the instants of k that left the window and returns the rest.
func (l *Limiter) prune(k string, now time.Time) []time.Time {
	ts := l.sent[k]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-l.window)) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.sent, k)
		return nil
	}
	l.sent[k] = ts
	return ts
}
