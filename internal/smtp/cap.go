package smtp

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Cap is a per-recipient cap of automatic mail: at most Max messages to one
// address within the window (Max ≤ 0: no cap). The window is the last
// Window (sliding), or with Daily the current day in Vietnam. A message
// over the cap waits until a counted one leaves the window; it is never
// dropped.
type Cap struct {
	Max    int
	Window time.Duration
	Daily  bool
}

// Off reports whether the cap allows everything.
func (c Cap) Off() bool { return c.Max <= 0 || (!c.Daily && c.Window <= 0) }

// Since is the start of the window that ends at now.
func (c Cap) Since(now time.Time) time.Time {
	if c.Daily {
		return workday.DateOf(now).Start()
	}
	return now.Add(-c.Window)
}

// RetryAfter is how long a message refused at now waits: until oldest, the
// first message counted in the window, leaves it (at least a second).
func (c Cap) RetryAfter(now, oldest time.Time) time.Duration {
	next := oldest.Add(c.Window)
	if c.Daily {
		next = workday.DateOf(now).AddDays(1).Start()
	}
	return max(next.Sub(now), time.Second)
}
