package mailbox

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// watchdog closes the client when a command makes no progress for
// CommandTimeout: go-imap waits for a response forever, and a half-open TCP
// connection would hang the watcher (pitfalls.md).
type watchdog struct {
	t     *time.Timer
	d     time.Duration
	fired atomic.Bool
}

func (w *Watcher) watchdog(c *imapclient.Client, what string) *watchdog {
	wd := &watchdog{d: w.cfg.CommandTimeout}
	wd.t = time.AfterFunc(wd.d, func() {
		wd.fired.Store(true)
		w.metrics.WatchdogFired.Inc()
		w.log.Warn("imap command made no progress; closing the connection", "command", what, "timeout", wd.d)
		c.Close()
	})
	return wd
}

func (wd *watchdog) progress() { wd.t.Reset(wd.d) }
func (wd *watchdog) stop()     { wd.t.Stop() }

// guarded runs one command under the watchdog.
func guarded[T any](w *Watcher, c *imapclient.Client, what string, fn func() (T, error)) (T, error) {
	wd := w.watchdog(c, what)
	defer wd.stop()
	return fn()
}

// guardedConn is guarded for the time before a client exists.
func guardedConn[T any](w *Watcher, conn net.Conn, what string, fn func() (T, error)) (T, error) {
	t := time.AfterFunc(w.cfg.CommandTimeout, func() {
		w.metrics.WatchdogFired.Inc()
		w.log.Warn("imap server made no progress; closing the connection", "command", what)
		conn.Close()
	})
	defer t.Stop()
	return fn()
}

// progressReader resets the watchdog as a literal streams in.
type progressReader struct {
	r  io.Reader
	wd *watchdog
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.wd.progress()
	}
	return n, err
}

// sleep waits d or until ctx ends; it reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// jitter spreads reconnects of several processes: d ± 20%.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return d
	}
	return d + time.Duration(rand.Int64N(int64(d)/5+1)) - d/10
}
