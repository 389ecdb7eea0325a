package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// buildBinary builds cmd/tiepnhan into a temporary folder.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tiepnhan")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/tiepnhan")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is the tiepnhan service run as a child process.
type proc struct {
	t    testing.TB
	bin  string
	env  []string
	cmd  *exec.Cmd
	log  io.Writer
	mu   sync.Mutex
	done chan struct{}
	// keyFile is the personal-data key file the process is given (serve
	// refuses to start without one); kept across restarts.
	keyFile string
}

func (p *proc) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	cmd := exec.Command(p.bin, "serve")
	if p.keyFile == "" {
		p.keyFile = writeKeyFile(p.t) // pii_rest_test.go
	}
	cmd.Env = append(append(os.Environ(), "TIEPNHAN_UI_KEY_FILE="+p.keyFile), p.env...)
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start tiepnhan: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	p.cmd, p.done = cmd, done
}

// kill sends SIGKILL: no shutdown, no cleanup, transactions cut midway.
func (p *proc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
		p.cmd = nil
	}
}

// alive restarts the process if it exited by itself (e.g. the database
// was down when it started), as a supervisor would.
func (p *proc) alive() {
	p.mu.Lock()
	exited := p.cmd != nil && isClosed(p.done)
	p.mu.Unlock()
	if exited {
		p.start()
	}
}

func (p *proc) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(60 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
		p.cmd = nil
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// TestExactlyOnceUnderFaults appends N messages while the service drains
// them, SIGKILLs the service at random moments (at least 5 times) and
// restarts it, restarts Dovecot once and PostgreSQL once (a private cluster
// of this test's own), and asserts that every message yields exactly one
// submission — none lost, none doubled — with the receipt time the server
// gave it.
func TestExactlyOnceUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("fault-injection test")
	}
	const n = 500
	cluster := testenv.PrivatePostgres(t)
	ctx := context.Background()
	if err := cluster.CreateDatabase(ctx, "faults"); err != nil {
		t.Fatal(err)
	}
	dsn := cluster.DSN("faults")
	d := testenv.Dovecot(t, testenv.Options{})
	bin := buildBinary(t)

	p := &proc{t: t, bin: bin, log: &bytes.Buffer{}, env: serveEnv(dsn, d, quickRescue...)}
	defer func() {
		if t.Failed() {
			t.Logf("service log (tail):\n%s", tail(fmt.Sprint(p.log), 6000))
		}
	}()
	p.start()
	defer p.stop()

	// The appender pauses while Dovecot restarts.
	var dovecotMu sync.Mutex
	appended := make(chan struct{})
	go func() {
		defer close(appended)
		a := &appender{d: d}
		defer a.close()
		for i := 0; i < n; i++ {
			for attempt := 0; ; attempt++ {
				dovecotMu.Lock()
				err := a.append(simpleMessage(i), simpleDate(i))
				dovecotMu.Unlock()
				if err == nil {
					break
				}
				if attempt > 50 {
					t.Errorf("append %d: %v", i, err)
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			if i%50 == 0 {
				time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
			}
		}
	}()

	// Faults while the appends run and the service drains.
	kills := 0
	faults := []string{"kill", "kill", "dovecot", "kill", "postgres", "kill", "kill", "kill"}
	for _, f := range faults {
		time.Sleep(time.Duration(700+rand.IntN(1500)) * time.Millisecond)
		switch f {
		case "kill":
			p.kill()
			kills++
			time.Sleep(time.Duration(rand.IntN(500)) * time.Millisecond)
			p.start()
		case "dovecot":
			dovecotMu.Lock()
			d.Restart(t)
			dovecotMu.Unlock()
		case "postgres":
			if err := cluster.Restart(ctx); err != nil {
				t.Fatalf("restart postgres: %v", err)
			}
		}
		p.alive()
	}
	<-appended
	if kills < 5 {
		t.Fatalf("only %d kills", kills)
	}

	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	deadline := time.Now().Add(4 * time.Minute)
	var got int
	for time.Now().Before(deadline) {
		p.alive()
		pool.QueryRow(ctx, `SELECT count(*) FROM submission WHERE state = 'awaiting_triage'`).Scan(&got)
		if got >= n {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // let any straggler (a double) show itself
	if got < n {
		dumpJobs(t, pool)
	}

	// Exactly one message row and one submission per Message-ID, each with
	// its INTERNALDATE; no job given up (failover_test.go).
	if lost := checkExactlyOnce(t, pool, n, simpleDate); lost > 0 || t.Failed() {
		t.FailNow()
	}
	var subs int
	pool.QueryRow(ctx, `SELECT count(*) FROM submission`).Scan(&subs)
	t.Logf("%d messages, %d kills, Dovecot and PostgreSQL restarted once each: %d submissions, none lost, none doubled", n, kills, subs)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
