package pgcluster

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

// process is a supervised postmaster.
type process struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed once the process has exited and been reaped
	err     error         // exit status, valid after done
	logDone chan struct{} // closed when every writer of the log pipe is gone
}

// spawn starts path with args. Its stdout and stderr go through a pipe to
// log. The process gets its own process group and SIGINT (PostgreSQL's fast
// shutdown) when the Go process dies (StartLocked).
func spawn(path string, args, env []string, dir string, cred *syscall.Credential, log io.Writer) (*process, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe for %s: %w", path, err)
	}
	cmd := exec.Command(path, args...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout = w
	cmd.Stderr = w
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:    true,
		Pdeathsig:  syscall.SIGINT,
		Credential: cred,
	}
	p := &process{cmd: cmd, done: make(chan struct{}), logDone: make(chan struct{})}
	err = StartLocked(cmd, p.done, &p.err)
	w.Close() // the child holds its own copy
	if err != nil {
		r.Close()
		close(p.logDone)
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	go func() {
		defer close(p.logDone)
		defer r.Close()
		_, _ = io.Copy(log, r)
	}()
	return p, nil
}

// StartLocked starts cmd from a goroutine locked to its OS thread and
// reaps it there: done is closed once the process has exited and been
// reaped (or failed to start), and *exit then holds its status. It returns
// cmd.Start's error.
//
// PR_SET_PDEATHSIG (SysProcAttr.Pdeathsig) fires when the thread that
// forked the child exits, not the process; the Go runtime never retires a
// thread while it is locked and blocked in wait4.
func StartLocked(cmd *exec.Cmd, done chan struct{}, exit *error) error {
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			close(done)
			return
		}
		started <- nil
		*exit = cmd.Wait()
		close(done)
	}()
	return <-started
}

func (p *process) pid() int { return p.cmd.Process.Pid }

func (p *process) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// signal sends sig to the process; a process that has already exited is
// not an error.
func (p *process) signal(sig syscall.Signal) error {
	if !p.running() {
		return nil
	}
	if err := p.cmd.Process.Signal(sig); err != nil && p.running() {
		return fmt.Errorf("signal %v to pid %d: %w", sig, p.pid(), err)
	}
	return nil
}
