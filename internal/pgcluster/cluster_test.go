package pgcluster_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// clusterDir returns a directory for a cluster that the unprivileged
// account can reach when the tests run as root (t.TempDir is 0700).
func clusterDir(t *testing.T) string {
	t.Helper()
	_, err := pgcluster.FindBinaries(context.Background(), "")
	testenv.Require(t, "PostgreSQL server binaries", err)
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "cluster")
}

func start(t *testing.T, opts pgcluster.Options) *pgcluster.Cluster {
	t.Helper()
	return launch(t, func(ctx context.Context) (*pgcluster.Cluster, error) {
		return pgcluster.Start(ctx, opts)
	})
}

// launch starts a cluster with start (two minutes at the most) and stops it
// when the test ends.
func launch(t *testing.T, start func(context.Context) (*pgcluster.Cluster, error)) *pgcluster.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return c
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", dsn, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func queryString(t *testing.T, conn *pgx.Conn, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func TestStartStopRestartKeepsDataAndPort(t *testing.T) {
	ctx := context.Background()
	c := start(t, pgcluster.Options{Dir: clusterDir(t), NoFsync: true})
	if !c.Running() || c.PID() == 0 || c.Port() == 0 {
		t.Fatalf("after Start: Running=%v PID=%d Port=%d", c.Running(), c.PID(), c.Port())
	}
	if err := c.CreateDatabase(ctx, "tiepnhan_app"); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, c.DSN("tiepnhan_app"))
	if _, err := conn.Exec(ctx, "CREATE TABLE t (v text); INSERT INTO t VALUES ('đã tiếp nhận')"); err != nil {
		t.Fatal(err)
	}
	// Settings Start promises: loopback only, UTF8, a case mapping that
	// knows Vietnamese letters (locale C.UTF-8), fsync off as asked.
	if got := queryString(t, conn, "SHOW listen_addresses"); got != "127.0.0.1" {
		t.Errorf("listen_addresses = %q", got)
	}
	if got := queryString(t, conn, "SHOW server_encoding"); got != "UTF8" {
		t.Errorf("server_encoding = %q", got)
	}
	if got := queryString(t, conn, "SHOW fsync"); got != "off" {
		t.Errorf("fsync = %q with NoFsync", got)
	}
	if got := queryString(t, conn, "SHOW synchronous_commit"); got != "on" {
		t.Errorf("synchronous_commit = %q, want on (Kill must not lose commits)", got)
	}
	if got := queryString(t, conn, "SELECT upper('đường dây nóng')"); got != "ĐƯỜNG DÂY NÓNG" {
		t.Errorf("upper() = %q: locale lacks Vietnamese case mapping", got)
	}
	conn.Close(ctx)

	port, pid := c.Port(), c.PID()
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Running() || c.PID() != 0 {
		t.Fatalf("after Stop: Running=%v PID=%d", c.Running(), c.PID())
	}
	if syscall.Kill(pid, 0) == nil {
		t.Fatalf("postmaster %d still exists after Stop", pid)
	}
	if _, err := pgx.Connect(ctx, c.DSN("tiepnhan_app")); err == nil {
		t.Fatal("connected to a stopped cluster")
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if err := c.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Port() != port {
		t.Errorf("Restart moved the port from %d to %d", port, c.Port())
	}
	conn = connect(t, c.DSN("tiepnhan_app"))
	if got := queryString(t, conn, "SELECT v FROM t"); got != "đã tiếp nhận" {
		t.Fatalf("after restart: %q", got)
	}
}

func TestKillThenRestartRecoversCommittedData(t *testing.T) {
	ctx := context.Background()
	logs := testenv.NewLogBuffer()
	// fsync on (the default): the durable configuration.
	c := start(t, pgcluster.Options{Dir: clusterDir(t), Log: logs})
	if err := c.CreateDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, c.DSN("app"))
	if _, err := conn.Exec(ctx, "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 1000)"); err != nil {
		t.Fatal(err)
	}
	// An open session and an open transaction at the time of the crash.
	if _, err := conn.Exec(ctx, "BEGIN; INSERT INTO t VALUES (-1)"); err != nil {
		t.Fatal(err)
	}
	pid := c.PID()
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	if c.Running() {
		t.Fatal("Running after Kill")
	}
	if syscall.Kill(pid, 0) == nil {
		t.Fatalf("postmaster %d alive after Kill", pid)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "data", "postmaster.pid")); err != nil {
		t.Fatalf("a killed postmaster leaves its postmaster.pid behind: %v", err)
	}
	if err := c.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "automatic recovery in progress") {
		t.Errorf("no crash recovery in the server log:\n%s", c.LogTail(20))
	}
	conn = connect(t, c.DSN("app"))
	var n, neg int
	if err := conn.QueryRow(ctx, "SELECT count(*), count(*) FILTER (WHERE n < 0) FROM t").Scan(&n, &neg); err != nil {
		t.Fatal(err)
	}
	if n != 1000 || neg != 0 {
		t.Fatalf("after crash recovery: %d rows (%d uncommitted), want 1000 committed rows only", n, neg)
	}
}

func TestSecondStartReusesDataAndClearsStalePID(t *testing.T) {
	ctx := context.Background()
	dir := clusterDir(t)
	first := testenv.NewLogBuffer()
	c := start(t, pgcluster.Options{Dir: dir, NoFsync: true, Log: first})
	if !strings.Contains(first.String(), "initdb") && !strings.Contains(first.String(), "creating directory") {
		t.Fatalf("first Start ran no initdb:\n%s", first.String())
	}
	if err := c.CreateDatabase(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	// A postmaster.pid naming a live process that is no postmaster of this
	// directory (here: the test binary), as after a crash and PID reuse.
	// PostgreSQL alone would refuse to start.
	pidFile := filepath.Join(dir, "data", "postmaster.pid")
	stale := fmt.Sprintf("%d\n%s\n0\n5432\n\n\n", os.Getpid(), filepath.Join(dir, "data"))
	if err := os.WriteFile(pidFile, []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	second := testenv.NewLogBuffer()
	c2 := start(t, pgcluster.Options{Dir: dir, NoFsync: true, Log: second})
	if strings.Contains(second.String(), "creating directory") {
		t.Fatal("second Start ran initdb again")
	}
	conn := connect(t, c2.DSN("kept"))
	if got := queryString(t, conn, "SELECT current_database()"); got != "kept" {
		t.Fatalf("current_database = %q", got)
	}
}

func TestStartRefusesDirOfRunningCluster(t *testing.T) {
	dir := clusterDir(t)
	c := start(t, pgcluster.Options{Dir: dir, NoFsync: true})
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, NoFsync: true})
	if err == nil || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), strconv.Itoa(c.PID())) {
		t.Fatalf("Start on a running cluster's Dir = %v, want an 'in use' error naming pid %d", err, c.PID())
	}
	if !c.Running() {
		t.Fatal("the first cluster died")
	}
}

func TestStartValidatesOptions(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		opts pgcluster.Options
		want string
	}{
		{"no dir", pgcluster.Options{}, "Options.Dir is empty"},
		{"wildcard host", pgcluster.Options{Dir: "x", Host: "0.0.0.0"}, "not a loopback"},
		{"lan host", pgcluster.Options{Dir: "x", Host: "192.0.2.10"}, "not a loopback"},
		{"name host", pgcluster.Options{Dir: "x", Host: "db.example"}, "not a loopback"},
		{"port", pgcluster.Options{Dir: "x", Port: 70000}, "Options.Port 70000"},
		{"setting name", pgcluster.Options{Dir: "x", Settings: map[string]string{"a=b": "c"}}, "invalid name"},
		{"listen override", pgcluster.Options{Dir: "x", Settings: map[string]string{"Listen_Addresses": "*"}}, "may not set"},
		{"hba override", pgcluster.Options{Dir: "x", Settings: map[string]string{"hba_file": "/tmp/open"}}, "may not set"},
	} {
		_, err := pgcluster.Start(ctx, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Start = %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

// A Dir too deep for a unix socket path (sun_path holds 107 bytes) still
// works over TCP.
func TestLongDirWithoutUnixSocket(t *testing.T) {
	dir := clusterDir(t)
	deep := filepath.Join(dir, strings.Repeat("thư-mục-rất-dài-", 6))
	c := start(t, pgcluster.Options{Dir: deep, NoFsync: true, Settings: map[string]string{"max_connections": "20"}})
	conn := connect(t, c.DSN("postgres"))
	if got := queryString(t, conn, "SHOW unix_socket_directories"); got != "" {
		t.Errorf("unix_socket_directories = %q for a %d-byte Dir", got, len(deep))
	}
	if got := queryString(t, conn, "SHOW max_connections"); got != "20" {
		t.Errorf("Settings not applied: max_connections = %q", got)
	}
	// A short Dir gets its socket inside Dir/run.
	short := start(t, pgcluster.Options{Dir: dir + "-s", NoFsync: true})
	t.Cleanup(func() { os.RemoveAll(dir + "-s") })
	sconn := connect(t, short.DSN("postgres"))
	if got := queryString(t, sconn, "SHOW unix_socket_directories"); got != filepath.Join(dir+"-s", "run") {
		t.Errorf("unix_socket_directories = %q, want Dir/run", got)
	}
}

func TestStartErrorNamesBinaryAndShowsLog(t *testing.T) {
	dir := clusterDir(t)
	bins, _ := pgcluster.FindBinaries(context.Background(), "")
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{
		Dir: dir, NoFsync: true, Settings: map[string]string{"shared_buffers": "plenty"},
	})
	if err == nil {
		t.Fatal("Start with shared_buffers=plenty succeeded")
	}
	for _, want := range []string{bins.Postgres, `invalid value for parameter "shared_buffers"`, "server log"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestStartRefusesForeignDataDir(t *testing.T) {
	dir := clusterDir(t)
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "no PG_VERSION") {
		t.Fatalf("Start over a foreign directory = %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "data", "notes.txt")); err != nil || string(b) != "mine" {
		t.Fatalf("foreign file touched: %q, %v", b, err)
	}
}

func TestCreateAndDropDatabase(t *testing.T) {
	ctx := context.Background()
	c := start(t, pgcluster.Options{Dir: clusterDir(t), NoFsync: true})
	if err := c.CreateDatabase(ctx, "Hồ sơ \"đặc biệt\""); err != nil {
		t.Fatalf("quoted name: %v", err)
	}
	if err := c.CreateDatabase(ctx, "Hồ sơ \"đặc biệt\""); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate CreateDatabase = %v", err)
	}
	for _, bad := range []string{"", strings.Repeat("a", 64), "a\x00b", "\xff"} {
		if err := c.CreateDatabase(ctx, bad); err == nil {
			t.Errorf("CreateDatabase(%q) succeeded", bad)
		}
	}
	// DropDatabase ends sessions still connected (WITH (FORCE)).
	held := connect(t, c.DSN("Hồ sơ \"đặc biệt\""))
	_ = held
	if err := c.DropDatabase(ctx, "Hồ sơ \"đặc biệt\""); err != nil {
		t.Fatal(err)
	}
	admin := connect(t, c.DSN("postgres"))
	var n int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", "Hồ sơ \"đặc biệt\"").Scan(&n); err != nil || n != 0 {
		t.Fatalf("database still listed: %d, %v", n, err)
	}
	if err := c.DropDatabase(ctx, "never_created"); err != nil {
		t.Fatalf("DropDatabase of a missing database: %v", err)
	}
}

func TestRunsUnprivilegedWhenRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only meaningful as root")
	}
	dir := clusterDir(t)
	c := start(t, pgcluster.Options{Dir: dir, NoFsync: true})
	status, err := os.ReadFile("/proc/" + strconv.Itoa(c.PID()) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) >= 3 && f[0] == "Uid:" {
			if f[1] == "0" || f[2] == "0" {
				t.Fatalf("postmaster runs as root: %s", sc.Text())
			}
			var st syscall.Stat_t
			if err := syscall.Stat(dir, &st); err != nil {
				t.Fatal(err)
			}
			if strconv.Itoa(int(st.Uid)) != f[2] {
				t.Fatalf("Dir owned by uid %d, server runs as %s", st.Uid, f[2])
			}
			return
		}
	}
	t.Fatal("no Uid line in /proc status")
}

func TestRootNeedsReachableDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only meaningful as root")
	}
	locked := t.TempDir() // 0700, root's
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(locked, "pg")})
	if err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Fatalf("Start under a 0700 root directory = %v, want 'cannot reach'", err)
	}
}

// TestHelperProcess is not a test: TestNoLeakWhenOwnerDies runs the test
// binary with PGCLUSTER_HELPER_DIR set to start a cluster here and exit
// without stopping it.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv("PGCLUSTER_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, NoFsync: true})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("PID", c.PID())
	os.Exit(0) // no Stop: the kernel must take the postmaster down
}

func TestNoLeakWhenOwnerDies(t *testing.T) {
	dir := clusterDir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "PGCLUSTER_HELPER_DIR="+dir)
	out, err := cmd.Output()
	var pid int
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "PID "); ok {
			pid, _ = strconv.Atoi(v)
		}
	}
	var ee *exec.ExitError
	if pid == 0 || err != nil && !errors.As(err, &ee) {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("postmaster %d outlived the process that started it", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// And the directory is usable again: the shutdown was clean.
	c := start(t, pgcluster.Options{Dir: dir, NoFsync: true})
	conn := connect(t, c.DSN("postgres"))
	queryString(t, conn, "SELECT 'ok'")
}
