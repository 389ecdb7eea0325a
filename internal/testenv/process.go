package testenv

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// proc is a supervised server process.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// startProc starts path with its output going to log, in its own process
// group, with SIGTERM from the kernel should the test binary die. A program
// that makes itself a session leader (Postfix's master calls setsid(2),
// which a group leader may not) passes newGroup false: it gets its own
// group from setsid, with the same number as its PID. A non-nil cred
// switches to that account before exec: a program that switches accounts
// itself loses PR_SET_PDEATHSIG (the kernel clears it when the effective
// UID changes), so privileges must be dropped here instead. The child is
// started and reaped on a goroutine locked to its OS thread
// (pgcluster.StartLocked) because PR_SET_PDEATHSIG follows the forking
// thread.
func startProc(path string, args []string, dir string, log io.Writer, newGroup bool, cred *syscall.Credential) (*proc, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TZ=UTC"}
	cmd.Stdout, cmd.Stderr = w, w
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: newGroup, Pdeathsig: syscall.SIGTERM, Credential: cred}
	p := &proc{name: path, cmd: cmd, done: make(chan struct{})}
	err = pgcluster.StartLocked(cmd, p.done, &p.err)
	w.Close()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	go func() {
		defer r.Close()
		_, _ = io.Copy(log, r)
	}()
	return p, nil
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM to the whole process group (Dovecot's imap processes
// then drop their clients at once instead of after noticing the master's
// death) and waits up to grace, then SIGKILLs what is left of the group.
func (p *proc) stop(grace time.Duration) {
	pgid := p.cmd.Process.Pid
	if p.running() {
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(grace):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
		}
	}
	// Children may outlive the leader briefly; none may survive the stop.
	killAt, giveUp := time.Now().Add(grace), time.Now().Add(2*grace)
	for syscall.Kill(-pgid, 0) == nil && time.Now().Before(giveUp) {
		if time.Now().After(killAt) {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			killAt = giveUp
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// unprivileged is an account a server switches to when run as root.
type unprivileged struct {
	name, group string
	uid, gid    int
}

// lookupUser returns the first existing account among names with a uid
// other than 0.
func lookupUser(names ...string) (unprivileged, error) {
	for _, n := range names {
		u, err := user.Lookup(n)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		group := strconv.Itoa(gid)
		if g, err := user.LookupGroupId(u.Gid); err == nil {
			group = g.Name
		}
		return unprivileged{name: n, group: group, uid: uid, gid: gid}, nil
	}
	return unprivileged{}, fmt.Errorf("none of the accounts %v exists", names)
}

// currentUser returns the account the test runs as.
func currentUser() (unprivileged, error) {
	u, err := user.Current()
	if err != nil {
		return unprivileged{}, err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	group := u.Gid
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		group = g.Name
	}
	return unprivileged{name: u.Username, group: group, uid: uid, gid: gid}, nil
}
