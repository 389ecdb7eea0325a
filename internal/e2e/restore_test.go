package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestRestoreBackupToPointInTime is the backup half of Điều 6 khoản 3: a
// base backup (pg_basebackup) taken while the service drains, WAL archived
// (archive_command), then restored up to an instant into a fresh cluster.
// The restored database holds exactly what was committed before that
// instant, `backup check` passes on it (and fails with a wrong key file),
// and a serve started on it takes the mail after that instant again from
// the mailbox: every message once, with its INTERNALDATE, the audit chain
// intact.
func TestRestoreBackupToPointInTime(t *testing.T) {
	if testing.Short() {
		t.Skip("restore test")
	}
	const n = 120
	ctx := context.Background()
	pg := testenv.ArchivingPostgres(t)
	if err := pg.Primary.CreateDatabase(ctx, "tiepnhan"); err != nil {
		t.Fatal(err)
	}
	d := testenv.Dovecot(t, testenv.Options{})
	bin := buildBinary(t)
	keyFile := writeKeyFile(t)
	env := func(dsn string) []string { return serveEnv(dsn, d, "TIEPNHAN_SMTP_SINK_DIR="+t.TempDir()) }
	serve := &proc{t: t, bin: bin, log: testenv.NewLogBuffer(), env: env(pg.Primary.DSN("tiepnhan")), keyFile: keyFile}
	serve.start()
	defer serve.stop()
	defer func() {
		if t.Failed() {
			t.Logf("serve log (tail):\n%s", tail(fmt.Sprint(serve.log), 6000))
		}
	}()
	// The appender holds back the last 40 % of the mail until the target
	// instant is taken.
	appended, resume := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(appended)
		a := &appender{d: d}
		defer a.close()
		for i := 0; i < n; i++ {
			if i == n*3/5 {
				<-resume
			}
			if err := a.append(simpleMessage(i), simpleDate(i)); err != nil {
				t.Errorf("append %d: %v", i, err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	pool, err := pgxpool.New(ctx, pg.Primary.DSN("tiepnhan"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	// The base backup is taken while mail arrives and drains.
	waitCount(t, pool, n/5, time.Minute, `SELECT count(*) FROM message`)
	backup := filepath.Join(pg.Dir, "backup")
	if err := pg.Primary.BaseBackup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// The instant to restore to: taken with the service frozen (SIGSTOP), so
	// that what is committed then is exactly what the restore must hold.
	waitCount(t, pool, n*3/5, time.Minute, `SELECT count(*) FROM message`)
	before, target := freezeAndSnapshot(t, serve, pool)
	close(resume)
	<-appended
	waitSettled(t, pool, n, 3*time.Minute)
	if _, err := pg.Primary.SwitchWAL(ctx); err != nil {
		t.Fatal(err)
	}
	serve.stop()
	if len(before) == 0 || len(before) >= n {
		t.Fatalf("%d messages committed at the target instant; want some, not all", len(before))
	}

	// `backup check` restores on its own and passes; with another key file
	// the sealed mail and the audit chain fail.
	out, code := runBackupCheck(bin, keyFile, backup, pg.Archive, target)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("Dữ liệu: %d thư", len(before))) || !strings.Contains(out, "ĐẠT: bản sao lưu khôi phục được") {
		t.Fatalf("backup check: exit %d\n%s", code, out)
	}
	t.Logf("backup check:\n%s", out)
	if out, code := runBackupCheck(bin, writeKeyFile(t), backup, pg.Archive, target); code != 1 || !strings.Contains(out, "không mở được") {
		t.Fatalf("backup check with a wrong key file: exit %d, want 1\n%s", code, out)
	}

	// Restore by hand into a fresh cluster: exactly the state at the target.
	restored, err := pgcluster.Restore(ctx, pgcluster.RestoreOptions{Backup: backup, ArchiveDir: pg.Archive, TargetTime: target},
		pgcluster.Options{Dir: filepath.Join(pg.Dir, "restored"), NoFsync: true, Log: pg.Logs})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Stop(ctx)
	rpool, err := pgxpool.New(ctx, restored.DSN("tiepnhan"))
	if err != nil {
		t.Fatal(err)
	}
	defer rpool.Close()
	if after := messageIDs(t, rpool); !slices.Equal(after, before) {
		t.Fatalf("restored to %s: %d messages, want the %d committed before it", target.Format(time.RFC3339Nano), len(after), len(before))
	}
	if out, err := runAuditVerify(bin, restored.DSN("tiepnhan"), keyFile); err != nil {
		t.Fatalf("audit verify on the restored database: %v\n%s", err, out)
	}
	// The jobs running at the target instant are put back in the queue
	// (nothing else would run them before workers.rescue_after); then a
	// serve on the restored database takes the later mail again from the
	// mailbox (imap.after_commit = none keeps it there).
	rj := exec.Command(bin, "backup", "resume-jobs")
	rj.Env = append(os.Environ(), "DATABASE_URL="+restored.DSN("tiepnhan"), "TIEPNHAN_LOG_LEVEL=warn")
	if out, err := rj.CombinedOutput(); err != nil || !strings.Contains(string(out), "trở lại hàng đợi") {
		t.Fatalf("backup resume-jobs: %v\n%s", err, out)
	} else {
		t.Logf("backup resume-jobs: %s", bytes.TrimSpace(out))
	}
	again := &proc{t: t, bin: bin, log: testenv.NewLogBuffer(), env: env(restored.DSN("tiepnhan")), keyFile: keyFile}
	again.start()
	defer again.stop()
	waitSettled(t, rpool, n, 3*time.Minute)
	time.Sleep(time.Second)
	if lost := checkExactlyOnce(t, rpool, n, simpleDate); lost != 0 {
		t.Fatalf("%d messages lost after the restore", lost)
	}
	again.stop()
	if out, err := runAuditVerify(bin, restored.DSN("tiepnhan"), keyFile); err != nil {
		t.Fatalf("audit verify after serving the restored database: %v\n%s", err, out)
	}
	t.Logf("restore: base backup during the drain, restored to %s with %d of %d messages; serve on it took the other %d from the mailbox, each once",
		target.Format(time.RFC3339Nano), len(before), n, n-len(before))
}

// freezeAndSnapshot stops the serve process (SIGSTOP), lets commits in
// flight land, reads the stored Message-IDs and the server's clock, and
// lets the process go on (SIGCONT).
func freezeAndSnapshot(t *testing.T, p *proc, pool *pgxpool.Pool) ([]string, time.Time) {
	t.Helper()
	p.mu.Lock()
	pid := p.cmd.Process.Pid
	p.mu.Unlock()
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(pid, syscall.SIGCONT)
	time.Sleep(500 * time.Millisecond)
	ids := messageIDs(t, pool)
	var at time.Time
	if err := pool.QueryRow(context.Background(), `SELECT clock_timestamp()`).Scan(&at); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	return ids, at
}

func messageIDs(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT message_id FROM message ORDER BY message_id`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// runBackupCheck runs `tiepnhan backup check` and returns its output and
// exit code.
func runBackupCheck(bin, keyFile, backup, archive string, target time.Time) (string, int) {
	cmd := exec.Command(bin, "backup", "check", "--base", backup, "--wal-archive", archive,
		"--target-time", target.Format(time.RFC3339Nano), "--sample", "10")
	cmd.Env = append(os.Environ(), "TIEPNHAN_UI_KEY_FILE="+keyFile, "TIEPNHAN_LOG_LEVEL=warn", "DATABASE_URL=postgres://x@127.0.0.1:1/tiepnhan")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		return out.String() + err.Error(), -1
	}
	return out.String(), 0
}
