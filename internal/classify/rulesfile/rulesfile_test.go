package rulesfile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

func shipped(t *testing.T) []byte {
	b, err := os.ReadFile("../../../config/classify.rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A bad edit is rejected with file, line and reason; the rules in force
// stay; a good edit is taken up by the watcher; SIGHUP reloads.
func TestReload(t *testing.T) {
	good := shipped(t)
	path := filepath.Join(t.TempDir(), "rules.toml")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := New(path, nil, "", classify.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v1 := l.Rules()
	var rejected []error
	reloaded := make(chan string, 10)
	l.OnError = func(err error) { rejected = append(rejected, err) }
	l.OnReload = func(rs *classify.Rules) { reloaded <- rs.Version }

	bad := strings.Replace(string(good), `decide = "category"`, `decide = "categroy"`, 1)
	os.WriteFile(path, []byte(bad), 0o644)
	err = l.Reload()
	var fe *classify.FileError
	if !errors.As(err, &fe) || fe.File != path || fe.Line == 0 || !strings.Contains(err.Error(), "decide") {
		t.Fatalf("bad edit: err %v", err)
	}
	if got := strings.Split(bad, "\n")[fe.Line-1]; got != `decide = "categroy"` {
		t.Errorf("line %d is %q", fe.Line, got)
	}
	if l.Rules() != v1 || l.LastError() == nil || len(rejected) != 1 {
		t.Fatalf("rules in force replaced after a bad edit (rejected %v)", rejected)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, 20*time.Millisecond)
	next := strings.Replace(string(good), `version = "`, `version = "edited-`, 1)
	time.Sleep(30 * time.Millisecond) // a different modification time
	os.WriteFile(path, []byte(next), 0o644)
	select {
	case v := <-reloaded:
		if !strings.HasPrefix(v, "edited-") || l.Rules().Version != v || l.LastError() != nil {
			t.Fatalf("reloaded version %q, in force %q", v, l.Rules().Version)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher did not take up the edited file")
	}

	// SIGHUP reloads even without a change.
	time.Sleep(50 * time.Millisecond)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	select {
	case <-reloaded:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGHUP did not reload")
	}
}

func TestFirstLoadMustSucceed(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "missing.toml"), nil, "", classify.LoadOptions{}); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Fatalf("err = %v", err)
	}
	l, err := New("", shipped(t), "config/classify.rules.toml", classify.LoadOptions{})
	if err != nil || l.Rules() == nil || l.Path() != "" {
		t.Fatalf("shipped rules: %v", err)
	}
}
