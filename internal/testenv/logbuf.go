package testenv

import (
	"sync"
	"testing"
)

// LogBuffer collects a server's or a goroutine's output, safe for
// concurrent writers and readers; it is safe to write after the test has
// finished (servers outlive t.Log's validity by a few milliseconds).
type LogBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// NewLogBuffer returns a LogBuffer keeping the last MiB written.
func NewLogBuffer() *LogBuffer { return &LogBuffer{max: 1 << 20} }

// Write implements io.Writer, keeping the last max bytes (all of them in
// a zero LogBuffer).
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if over := len(l.buf) - l.max; l.max > 0 && over > 0 {
		l.buf = append(l.buf[:0], l.buf[over:]...)
	}
	return len(p), nil
}

// String returns the retained output.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf)
}

// logOnFailure registers a cleanup that prints the server's output when the
// test has failed. Register it before the server's own cleanup so that it
// runs after the server has stopped and written its last lines.
func logOnFailure(t testing.TB, name string, l *LogBuffer) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("--- %s log ---\n%s", name, l.String())
		}
	})
}
