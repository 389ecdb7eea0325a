package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

func startStandby(t *testing.T, primary *pgcluster.Cluster, opts pgcluster.Options) *pgcluster.Cluster {
	t.Helper()
	return launch(t, func(ctx context.Context) (*pgcluster.Cluster, error) {
		return pgcluster.StartStandby(ctx, primary, opts)
	})
}

func count(t *testing.T, dsn, sql string) int {
	t.Helper()
	conn := connect(t, dsn)
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// A synchronous standby loses no acknowledged commit when the primary's
// postmaster is SIGKILLed mid-write; once promoted it takes writes, and a
// multi-host URL with target_session_attrs=read-write finds it by itself.
func TestSynchronousStandbyTakesOverWithoutLoss(t *testing.T) {
	ctx := context.Background()
	base := filepath.Dir(clusterDir(t))
	logs := testenv.NewLogBuffer()
	defer func() {
		if t.Failed() {
			t.Logf("server logs:\n%s", logs.String())
		}
	}()
	primary := start(t, pgcluster.Options{Dir: filepath.Join(base, "primary"), NoFsync: true, Log: logs,
		ArchiveDir: filepath.Join(base, "archive")})
	standby := startStandby(t, primary, pgcluster.Options{Dir: filepath.Join(base, "standby"), NoFsync: true, Log: logs, Name: "replica_b",
		ArchiveDir: filepath.Join(base, "archive")})
	if in, err := standby.InRecovery(ctx); err != nil || !in {
		t.Fatalf("standby InRecovery = %v, %v; want a hot standby in recovery", in, err)
	}
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := primary.SetSynchronousStandby(sctx, "replica_b"); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, connect(t, primary.DSN("postgres")), "SHOW synchronous_standby_names"); got != `"replica_b"` {
		t.Fatalf("synchronous_standby_names = %q", got)
	}
	if err := primary.CreateDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	multi := pgcluster.MultiHostDSN("app", primary, standby)
	if _, err := connect(t, multi).Exec(ctx, "CREATE TABLE t (n int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}

	// A writer commits one row at a time; every acknowledged row must
	// survive the kill.
	var mu sync.Mutex
	var acked []int
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := pgx.Connect(ctx, primary.DSN("app"))
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := conn.Exec(ctx, "INSERT INTO t VALUES ($1)", i); err != nil {
				return // the primary is gone
			}
			mu.Lock()
			acked = append(acked, i)
			mu.Unlock()
		}
	}()
	time.Sleep(700 * time.Millisecond)
	if err := primary.Kill(); err != nil {
		t.Fatal(err)
	}
	close(stop)
	<-done
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	if n < 20 {
		t.Fatalf("only %d commits before the kill", n)
	}
	// Before the promotion no host takes writes.
	cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
	if c, err := pgx.Connect(cctx, multi); err == nil {
		c.Close(ctx)
		ccancel()
		t.Fatal("the multi-host URL connected while only a read-only standby was up")
	}
	ccancel()
	pctx, pcancel := context.WithTimeout(ctx, time.Minute)
	defer pcancel()
	if err := standby.Promote(pctx); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, multi)
	var missing int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM unnest($1::int[]) a(n) WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.n = a.n)", acked).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing != 0 {
		t.Fatalf("%d of %d acknowledged commits missing on the promoted standby", missing, n)
	}
	if _, err := conn.Exec(ctx, "INSERT INTO t VALUES (-1)"); err != nil {
		t.Fatalf("the promoted standby refuses writes: %v", err)
	}
	if got := queryString(t, conn, "SELECT inet_server_port()::text"); got != strconv.Itoa(standby.Port()) {
		t.Fatalf("the multi-host URL reached port %s, want the promoted standby's %d", got, standby.Port())
	}
	// The promoted standby archives into the same directory: segments the
	// old primary archived already are accepted as identical copies.
	actx, acancel := context.WithTimeout(ctx, 30*time.Second)
	defer acancel()
	if _, err := standby.SwitchWAL(actx); err != nil {
		t.Fatalf("the promoted standby does not archive: %v", err)
	}
	t.Logf("%d acknowledged commits before SIGKILL of the primary, all on the promoted standby", n)
}

// Point-in-time recovery: a base backup and the WAL archive restore into a
// fresh cluster exactly what was committed up to the target time.
func TestRestoreToPointInTime(t *testing.T) {
	ctx := context.Background()
	base := filepath.Dir(clusterDir(t))
	archive := filepath.Join(base, "archive")
	logs := testenv.NewLogBuffer()
	defer func() {
		if t.Failed() {
			t.Logf("server logs:\n%s", logs.String())
		}
	}()
	primary := start(t, pgcluster.Options{Dir: filepath.Join(base, "primary"), NoFsync: true, Log: logs, ArchiveDir: archive})
	if err := primary.CreateDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, primary.DSN("app"))
	exec := func(sql string) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("CREATE TABLE t (phase text, n int)")
	exec("INSERT INTO t SELECT 'before-backup', g FROM generate_series(1, 100) g")
	if err := primary.BaseBackup(ctx, filepath.Join(base, "backup")); err != nil {
		t.Fatal(err)
	}
	exec("INSERT INTO t SELECT 'after-backup', g FROM generate_series(1, 50) g")
	var target time.Time
	if err := conn.QueryRow(ctx, "SELECT clock_timestamp()").Scan(&target); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	exec("INSERT INTO t SELECT 'after-target', g FROM generate_series(1, 25) g")
	exec("DELETE FROM t WHERE phase = 'before-backup' AND n <= 10") // a mistake to undo
	if _, err := primary.SwitchWAL(ctx); err != nil {
		t.Fatal(err)
	}

	restored, err := pgcluster.Restore(ctx, pgcluster.RestoreOptions{
		Backup: filepath.Join(base, "backup"), ArchiveDir: archive, TargetTime: target,
	}, pgcluster.Options{Dir: filepath.Join(base, "restored"), NoFsync: true, Log: logs})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Stop(ctx)
	rconn := connect(t, restored.DSN("app"))
	got := queryString(t, rconn, "SELECT string_agg(phase || '=' || c, ' ' ORDER BY phase) FROM (SELECT phase, count(*) c FROM t GROUP BY phase) x")
	if got != "after-backup=50 before-backup=100" {
		t.Fatalf("restored to %s: %s; want the 150 rows committed before it and nothing after", target.Format(time.RFC3339Nano), got)
	}
	if _, err := rconn.Exec(ctx, "INSERT INTO t VALUES ('restored', 1)"); err != nil {
		t.Fatalf("the restored cluster refuses writes: %v", err)
	}
	// The backup alone, without the archive: what was there when it ended.
	only, err := pgcluster.Restore(ctx, pgcluster.RestoreOptions{Backup: filepath.Join(base, "backup")},
		pgcluster.Options{Dir: filepath.Join(base, "only"), NoFsync: true, Log: logs})
	if err != nil {
		t.Fatal(err)
	}
	defer only.Stop(ctx)
	if n := count(t, only.DSN("app"), "SELECT count(*) FROM t"); n != 100 {
		t.Fatalf("the backup alone holds %d rows, want 100", n)
	}
	// The backup directory was not changed by the restores.
	if _, err := os.Stat(filepath.Join(base, "backup", "recovery.signal")); err == nil {
		t.Fatal("Restore wrote into the backup")
	}
}

func TestRestoreRefusesTargetWithoutArchive(t *testing.T) {
	_, err := pgcluster.Restore(context.Background(), pgcluster.RestoreOptions{Backup: "b", TargetTime: time.Now()},
		pgcluster.Options{Dir: "x"})
	if err == nil || !strings.Contains(err.Error(), "ArchiveDir") {
		t.Fatalf("Restore = %v", err)
	}
}
