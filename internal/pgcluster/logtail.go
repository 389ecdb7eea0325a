package pgcluster

import (
	"bytes"
	"strings"
	"sync"
)

// tailBuffer keeps the last max bytes written to it, for error messages.
type tailBuffer struct {
	mu    sync.Mutex
	max   int
	buf   []byte
	total int64 // bytes ever written
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

// Write implements io.Writer; it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	t.total += int64(len(p))
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// mark returns the number of bytes written so far, for containsSince.
func (t *tailBuffer) mark() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// linesSince returns the last n lines written after mark m.
func (t *tailBuffer) linesSince(m int64, n int) string {
	t.mu.Lock()
	k := t.total - m
	if k > int64(len(t.buf)) || k < 0 {
		k = int64(len(t.buf))
	}
	b := bytes.TrimRight(t.buf[int64(len(t.buf))-k:], "\n")
	s := string(b)
	t.mu.Unlock()
	if s == "" {
		return ""
	}
	ls := strings.Split(s, "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// containsSince reports whether s occurs in what was written after mark m
// (as far as it is still retained).
func (t *tailBuffer) containsSince(m int64, s string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.total - m
	if n > int64(len(t.buf)) {
		n = int64(len(t.buf))
	}
	if n < 0 {
		n = 0
	}
	return bytes.Contains(t.buf[int64(len(t.buf))-n:], []byte(s))
}
