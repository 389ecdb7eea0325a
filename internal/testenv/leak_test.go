package testenv

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHelperAbandonServers is not a test: TestServersDieWithTheTestBinary
// runs it in a child process, which starts servers and exits without any
// cleanup, as a crashed or killed test binary would.
func TestHelperAbandonServers(t *testing.T) {
	helperOnly(t, "abandon")
	d := Dovecot(t, Options{LMTP: true})
	s := SMTPSink(t)
	c := PrivatePostgres(t)
	pids := fmt.Sprintf("%d %d %d", d.proc.cmd.Process.Pid, s.proc.cmd.Process.Pid, c.PID())
	dirs := fmt.Sprintf("%s %s %s", d.root.path, s.root.path, c.Dir())
	if os.Geteuid() == 0 {
		p := Postfix(t, PostfixOptions{LMTP: d.LMTPAddr()})
		pids += fmt.Sprintf(" %d", p.masterPID())
		dirs += " " + p.root.path
	}
	fmt.Println("PIDS", pids)
	fmt.Println("DIRS", dirs)
	os.Exit(0)
}

func TestServersDieWithTheTestBinary(t *testing.T) {
	out := runHelperTest(t, "TestHelperAbandonServers", "abandon")
	var pids []int
	var dirs []string
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "PIDS "); ok {
			for _, f := range strings.Fields(rest) {
				n, _ := strconv.Atoi(f)
				pids = append(pids, n)
			}
		}
		if rest, ok := strings.CutPrefix(line, "DIRS "); ok {
			dirs = strings.Fields(rest)
		}
	}
	want := 3
	if os.Geteuid() == 0 {
		want = 4 // and Postfix
	}
	if len(pids) != want || len(dirs) != want {
		t.Fatalf("helper output:\n%s", out)
	}
	for _, pid := range pids {
		if pid <= 1 { // kill(0) or kill(-1) would hit this test or everything
			t.Fatalf("helper reported pid %d:\n%s", pid, out)
		}
	}
	t.Cleanup(func() {
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for i, name := range []string{"dovecot", "smtp-sink", "postgres", "postfix"}[:want] {
		for syscall.Kill(pids[i], 0) == nil {
			if time.Now().After(deadline) {
				syscall.Kill(-pids[i], syscall.SIGKILL)
				t.Fatalf("%s (pid %d) outlived the test binary that started it", name, pids[i])
			}
			time.Sleep(50 * time.Millisecond)
		}
		// Nothing of its process group (Dovecot's children) is left either.
		for syscall.Kill(-pids[i], 0) == nil {
			if time.Now().After(deadline) {
				syscall.Kill(-pids[i], syscall.SIGKILL)
				t.Fatalf("children of %s (group %d) outlived the test binary", name, pids[i])
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// The abandoned directories are unlocked: the next sweep removes them.
	for _, d := range dirs {
		if !ownerGone(d) {
			t.Errorf("%s still locked after its owner died", d)
		}
	}
}
