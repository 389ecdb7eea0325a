package pgcluster

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// account is the unprivileged system account the server runs as when the Go
// process is root.
type account struct {
	name     string
	uid, gid uint32
}

// defaultAccounts are tried in order when Options.RunAs is empty: Debian's
// postgresql-common creates "postgres"; "nobody" exists everywhere.
var defaultAccounts = []string{"postgres", "nobody"}

// runAsAccount returns nil when the process is not root (the server then runs
// as the current user), else the account to switch to.
func runAsAccount(preferred string) (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	names := defaultAccounts
	if preferred != "" {
		names = []string{preferred}
	}
	var problems []string
	for _, name := range names {
		a, err := lookupAccount(name)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		return a, nil
	}
	return nil, fmt.Errorf("pgcluster: running as root, initdb and postgres need an unprivileged account (set Options.RunAs): %s", strings.Join(problems, "; "))
}

func lookupAccount(name string) (*account, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("account %q: %w", name, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("account %q: uid %q: %w", name, u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("account %q: gid %q: %w", name, u.Gid, err)
	}
	if uid == 0 {
		return nil, fmt.Errorf("account %q has uid 0", name)
	}
	return &account{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
}

// credential returns the SysProcAttr credential for the account, with no
// supplementary groups (root's groups are dropped).
func (a *account) credential() *syscall.Credential {
	if a == nil {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: []uint32{}}
}

// chownTree gives dir and everything below it to the account when dir is
// not already its own.
func (a *account) chownTree(dir string) error {
	if a == nil {
		return nil
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == a.uid {
		// Already ours; a partial chown from an interrupted run is
		// finished below only when the data directory is foreign.
		if dfi, err := os.Lstat(filepath.Join(dir, "data")); err != nil || dfi.Sys().(*syscall.Stat_t).Uid == a.uid {
			return nil
		}
	}
	return filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(p, int(a.uid), int(a.gid)); err != nil {
			return fmt.Errorf("chown %s to %s: %w", p, a.name, err)
		}
		return nil
	})
}

// checkReachable verifies that every directory above dir lets the account
// search it; PostgreSQL would otherwise fail with a less helpful
// "permission denied".
func (a *account) checkReachable(dir string) error {
	if a == nil {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if ok {
			mode := fi.Mode().Perm()
			var can bool
			switch {
			case st.Uid == a.uid:
				can = mode&0o100 != 0
			case st.Gid == a.gid:
				can = mode&0o010 != 0
			default:
				can = mode&0o001 != 0
			}
			if !can {
				return fmt.Errorf("pgcluster: account %s (uid %d) cannot reach %s: directory %s has mode %04o and owner uid %d; choose a Dir under a directory it can search, such as %s",
					a.name, a.uid, abs, p, mode, st.Uid, os.TempDir())
			}
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
