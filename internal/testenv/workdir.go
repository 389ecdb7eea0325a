package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// dirPrefix starts the name of every server directory in os.TempDir().
const dirPrefix = "tiepnhan-testenv-"

// lockName is the lock file each owner keeps flock'ed while it lives.
const lockName = ".owner.lock"

// sweepAge protects directories that were just created and whose owner may
// not have taken its lock yet.
const sweepAge = time.Minute

var sweepOnce sync.Once

// workDir is a server directory owned by this process.
type workDir struct {
	path string
	lock *os.File
}

// newWorkDir creates os.TempDir()/tiepnhan-testenv-<kind>-*, mode 0755,
// locked by this process; remove() deletes it.
func newWorkDir(kind string) (*workDir, error) {
	sweepOnce.Do(func() { sweep(os.TempDir(), time.Now()) })
	path, err := os.MkdirTemp("", dirPrefix+kind+"-")
	if err != nil {
		return nil, fmt.Errorf("create server directory: %w", err)
	}
	if err := os.Chmod(path, 0o755); err != nil {
		os.RemoveAll(path)
		return nil, fmt.Errorf("chmod %s: %w", path, err)
	}
	f, err := os.OpenFile(filepath.Join(path, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		os.RemoveAll(path)
		return nil, fmt.Errorf("create lock file in %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		os.RemoveAll(path)
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return &workDir{path: path, lock: f}, nil
}

// remove deletes the directory and releases the lock.
func (w *workDir) remove() error {
	err := os.RemoveAll(w.path)
	w.lock.Close()
	return err
}

// sweep removes server directories under tmp left by dead test processes
// (their lock is free) and stops a postmaster still running in one of them.
// It returns the directories it removed.
func sweep(tmp string, now time.Time) []string {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), dirPrefix) {
			continue
		}
		dir := filepath.Join(tmp, e.Name())
		if fi, err := e.Info(); err != nil || now.Sub(fi.ModTime()) < sweepAge {
			continue
		}
		if !ownerGone(dir) {
			continue
		}
		stopLeftoverPostmaster(dir)
		if os.RemoveAll(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}

// ownerGone reports whether the lock file of dir is missing or unlocked.
func ownerGone(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// stopLeftoverPostmaster sends SIGQUIT (immediate shutdown) to a postmaster
// whose data directory is dir/data, should one have outlived its owner.
func stopLeftoverPostmaster(dir string) {
	data := filepath.Join(dir, "data")
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return
	}
	pf, err := pgcluster.ParsePIDFile(b)
	if err != nil {
		return
	}
	if real, err := filepath.EvalSymlinks(data); err == nil {
		data = real
	}
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pf.PID) + "/cwd")
	if err != nil || cwd != data {
		return
	}
	_ = syscall.Kill(pf.PID, syscall.SIGQUIT)
	for i := 0; i < 50; i++ {
		if syscall.Kill(pf.PID, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
