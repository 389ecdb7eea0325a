// Package rulesfile keeps the classification rules in force and reloads
// them when staff edit the rules file: when the file changes (checked every
// few seconds), on SIGHUP, or when an administrator asks (Reload). A file
// with an error is rejected with its name, line and reason, and the rules
// in force stay in force.
package rulesfile

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// Live holds the rules in force. It is safe for concurrent use.
type Live struct {
	path     string
	fallback []byte
	name     string
	opts     classify.LoadOptions

	cur     atomic.Pointer[classify.Rules]
	mu      sync.Mutex
	stamp   stamp
	lastErr error
	// OnReload and OnError are told of each reload and each rejected file
	// (for the log; set before Watch).
	OnReload func(*classify.Rules)
	OnError  func(error)
}

type stamp struct {
	mod  time.Time
	size int64
}

// New loads the rules: from path when it is set, else from fallback (the
// shipped rules, called name in errors). The first load must succeed.
func New(path string, fallback []byte, name string, opts classify.LoadOptions) (*Live, error) {
	l := &Live{path: path, fallback: fallback, name: name, opts: opts}
	if err := l.Reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// Rules returns the rules in force.
func (l *Live) Rules() *classify.Rules { return l.cur.Load() }

// Path is the watched file ("" when the shipped rules are used).
func (l *Live) Path() string { return l.path }

// LastError is the error of the last rejected file, nil after a good load.
func (l *Live) LastError() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// Reload reads the file again. On error the rules in force are kept and the
// error (a *classify.FileError naming file, line and reason) is returned.
func (l *Live) Reload() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var rs *classify.Rules
	var err error
	if l.path == "" {
		rs, err = classify.Load(bytes.NewReader(l.fallback), l.name, l.opts)
	} else {
		var st os.FileInfo
		if st, err = os.Stat(l.path); err == nil {
			l.stamp = stamp{st.ModTime(), st.Size()}
			var f *os.File
			if f, err = os.Open(l.path); err == nil {
				rs, err = classify.Load(f, l.path, l.opts)
				f.Close()
			}
		}
		if err != nil {
			var fe *classify.FileError
			if !errors.As(err, &fe) {
				err = &classify.FileError{File: l.path, Msg: "không đọc được tệp quy tắc: " + err.Error()}
			}
		}
	}
	if err != nil {
		l.lastErr = err
		if l.OnError != nil && l.cur.Load() != nil {
			l.OnError(err)
		}
		return err
	}
	l.lastErr = nil
	l.cur.Store(rs)
	if l.OnReload != nil {
		l.OnReload(rs)
	}
	return nil
}

// changed reports whether the file's modification time or size moved.
func (l *Live) changed() bool {
	if l.path == "" {
		return false
	}
	st, err := os.Stat(l.path)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		return false
	}
	return st.ModTime() != l.stamp.mod || st.Size() != l.stamp.size
}

// Watch reloads the file whenever it changes (checked every interval) and
// on SIGHUP, until ctx ends.
func (l *Live) Watch(ctx context.Context, every time.Duration) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			l.Reload()
		case <-t.C:
			if l.changed() {
				l.Reload()
			}
		}
	}
}
