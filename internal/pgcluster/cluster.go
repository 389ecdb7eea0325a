package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the name of the cluster's superuser role (initdb -U).
const Superuser = "postgres"

// DefaultStartTimeout bounds how long Start waits for the server to accept
// connections when the context has no earlier deadline; crash recovery after
// Kill is included.
const DefaultStartTimeout = 2 * time.Minute

// Options configures a cluster.
type Options struct {
	// Dir holds the cluster (Dir/data) and its unix socket (Dir/run). It is
	// created when missing. Required.
	Dir string
	// Port is the TCP port; 0 picks a free loopback port at each start
	// (Restart keeps the port in use).
	Port int
	// Host is the loopback address to listen on; "" means 127.0.0.1. Other
	// addresses are refused: the cluster trusts every local connection.
	Host string
	// Log receives the server's log output; nil discards it. The last lines
	// are kept anyway for error messages.
	Log io.Writer
	// NoFsync turns off fsync and full_page_writes and runs initdb
	// --no-sync: much faster, and unsafe after an operating system crash,
	// but a killed server (Kill) still keeps every committed transaction.
	// For tests only.
	NoFsync bool
	// Settings are extra server settings passed as -c name=value.
	Settings map[string]string
	// RunAs names the account to run the server as when the process is root;
	// "" tries "postgres" then "nobody". Ignored when not root.
	RunAs string
	// BinDir, when set, is the only directory searched for postgres and initdb.
	BinDir string
	// StartTimeout bounds the wait for connections; 0 means DefaultStartTimeout.
	StartTimeout time.Duration
	// Name is the cluster_name setting; a standby's walreceiver reports it
	// as its application_name, the name synchronous_standby_names lists
	// (PostgreSQL manual §20.6.2). "" leaves it unset.
	Name string
	// ArchiveDir, when set, turns on continuous archiving: every completed
	// WAL segment is copied there (archive_mode=on and an archive_command
	// after the manual's, §26.3.1). It is created when missing. A standby
	// archives only once promoted, so primary and standby may share it.
	ArchiveDir string
}

// Cluster is a running (or stopped) private PostgreSQL cluster.
type Cluster struct {
	opts Options
	bins Binaries
	acct *account
	dir  string // absolute Options.Dir
	host string
	tail *tailBuffer
	log  io.Writer
	mu   sync.Mutex
	port int
	proc *process
}

// managedSettings are derived from Options and may not be overridden: the
// cluster trusts every connection, so it must stay on loopback.
var managedSettings = map[string]bool{
	"listen_addresses":        true,
	"port":                    true,
	"unix_socket_directories": true,
	"hba_file":                true,
	"data_directory":          true,
}

// maxSocketPath is the longest unix socket path PostgreSQL accepts
// (sizeof(sun_path) - 1 on Linux).
const maxSocketPath = 107

// Start initialises opts.Dir on first use, starts the server and waits until
// it accepts connections or ctx ends.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	c, err := newCluster(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := c.prepareDir(); err != nil {
		return nil, err
	}
	if err := c.initdb(ctx); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// newCluster validates opts and finds the binaries and the account; it
// touches no file.
func newCluster(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("pgcluster: Options.Dir is empty")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: Options.Dir %q: %w", opts.Dir, err)
	}
	host := opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("pgcluster: Options.Host %q is not a loopback IP address; the cluster trusts every connection and must listen on loopback only", host)
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("pgcluster: Options.Port %d out of range 0-65535", opts.Port)
	}
	for k := range opts.Settings {
		if k == "" || strings.ContainsAny(k, " =\n\x00") {
			return nil, fmt.Errorf("pgcluster: Options.Settings has an invalid name %q", k)
		}
		if managedSettings[strings.ToLower(k)] {
			return nil, fmt.Errorf("pgcluster: Options.Settings may not set %q; it follows from Options (Host, Port, Dir)", k)
		}
	}
	if opts.ArchiveDir != "" {
		if opts.ArchiveDir, err = filepath.Abs(opts.ArchiveDir); err != nil {
			return nil, fmt.Errorf("pgcluster: Options.ArchiveDir: %w", err)
		}
		if err := quotablePath(opts.ArchiveDir); err != nil {
			return nil, fmt.Errorf("pgcluster: Options.ArchiveDir: %w", err)
		}
	}
	bins, err := FindBinaries(ctx, opts.BinDir)
	if err != nil {
		return nil, err
	}
	acct, err := runAsAccount(opts.RunAs)
	if err != nil {
		return nil, err
	}
	c := &Cluster{opts: opts, bins: bins, acct: acct, dir: dir, host: host, tail: newTailBuffer(64 << 10), port: opts.Port}
	c.log = io.Writer(c.tail)
	if opts.Log != nil {
		c.log = io.MultiWriter(c.tail, opts.Log)
	}
	return c, nil
}

func (c *Cluster) dataDir() string   { return filepath.Join(c.dir, "data") }
func (c *Cluster) socketDir() string { return filepath.Join(c.dir, "run") }

// prepareDir creates Dir and Dir/run and, as root, hands them to the account.
func (c *Cluster) prepareDir() error {
	// Missing parents are made searchable (0755) so that the account can
	// reach Dir; Dir itself stays private.
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o755); err != nil {
		return fmt.Errorf("pgcluster: create %s: %w", filepath.Dir(c.dir), err)
	}
	if err := os.Mkdir(c.dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("pgcluster: create %s: %w", c.dir, err)
	}
	if err := os.MkdirAll(c.socketDir(), 0o700); err != nil {
		return fmt.Errorf("pgcluster: create %s: %w", c.socketDir(), err)
	}
	if err := c.acct.checkReachable(c.dir); err != nil {
		return err
	}
	if err := c.acct.chownTree(c.dir); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if a := c.opts.ArchiveDir; a != "" {
		if err := c.ownedDir(a); err != nil {
			return err
		}
	}
	return nil
}

// env is the whole environment of initdb and postgres: the caller's PG*
// variables (PGDATA, PGPORT…) must not leak into the private cluster.
func (c *Cluster) env() []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + c.dir,
		"LC_ALL=C",
		"TMPDIR=" + os.TempDir(),
	}
}

// initdb creates the cluster unless Dir/data already holds one of the same
// major version.
func (c *Cluster) initdb(ctx context.Context) error {
	pgv, err := os.ReadFile(filepath.Join(c.dataDir(), "PG_VERSION"))
	if err == nil {
		if got := strings.TrimSpace(string(pgv)); got != c.bins.Major() {
			return fmt.Errorf("pgcluster: %s was initialised by PostgreSQL %s but %s is version %s", c.dataDir(), got, c.bins.Postgres, c.bins.Version)
		}
		// A cluster made before replication was allowed gets the lines.
		return c.writeHBA()
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if entries, err := os.ReadDir(c.dataDir()); err == nil && len(entries) > 0 {
		return fmt.Errorf("pgcluster: %s is not empty but holds no PG_VERSION: not a PostgreSQL cluster, refusing to touch it", c.dataDir())
	}
	// UTF8 with locale C.UTF-8 gives case mapping of Vietnamese letters
	// (upper('đ')) and byte-order collation; plain C when the system lacks it.
	var lastErr error
	for _, locale := range []string{"C.UTF-8", "C"} {
		mark := c.tail.mark()
		args := []string{"-D", c.dataDir(), "-U", Superuser, "-E", "UTF8", "--locale=" + locale,
			"--auth=trust", "--no-instructions"}
		if c.opts.NoFsync {
			args = append(args, "--no-sync")
		}
		err := c.runOnce(ctx, c.bins.Initdb, args)
		if err == nil {
			return c.writeHBA()
		}
		lastErr = fmt.Errorf("pgcluster: %s failed: %w\n%s", c.bins.Initdb, err, c.tail.linesSince(mark, 20))
		if !c.tail.containsSince(mark, "invalid locale") {
			break
		}
	}
	return lastErr
}

func (c *Cluster) runOnce(ctx context.Context, path string, args []string) error {
	p, err := spawn(path, args, c.env(), c.dir, c.acct.credential(), c.log)
	if err != nil {
		return err
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		_ = p.signal(syscall.SIGKILL)
		<-p.done
		<-p.logDone
		return ctx.Err()
	}
	<-p.logDone
	return p.err
}

// hbaHeader starts every pg_hba.conf pgcluster writes.
const hbaHeader = "# Written by internal/pgcluster: trust on loopback and the private socket only.\n"

// writeHBA restricts trust authentication to loopback connections and the
// private unix socket (pg_hba.conf, PostgreSQL manual §21.1), for sessions
// and for replication (a standby's walreceiver and pg_basebackup match only
// the "replication" database keyword, §21.1).
func (c *Cluster) writeHBA() error {
	const hba = hbaHeader +
		"local all all trust\n" +
		"host  all all 127.0.0.1/32 trust\n" +
		"host  all all ::1/128 trust\n" +
		"local replication all trust\n" +
		"host  replication all 127.0.0.1/32 trust\n" +
		"host  replication all ::1/128 trust\n"
	path := filepath.Join(c.dataDir(), "pg_hba.conf")
	if old, err := os.ReadFile(path); err == nil && string(old) == hba {
		return nil
	} else if err == nil && !strings.HasPrefix(string(old), hbaHeader) {
		return nil // the operator's own file
	}
	if err := os.WriteFile(path, []byte(hba), 0o600); err != nil {
		return fmt.Errorf("pgcluster: write %s: %w", path, err)
	}
	if c.acct != nil {
		if err := os.Chown(path, int(c.acct.uid), int(c.acct.gid)); err != nil {
			return fmt.Errorf("pgcluster: chown %s: %w", path, err)
		}
	}
	return nil
}

// serverArgs builds the postmaster command line for port.
func (c *Cluster) serverArgs(port int) []string {
	set := map[string]string{
		"listen_addresses":        c.host,
		"port":                    strconv.Itoa(port),
		"unix_socket_directories": c.socketSetting(port),
		"logging_collector":       "off",
		"log_destination":         "stderr",
	}
	if c.opts.Name != "" {
		set["cluster_name"] = c.opts.Name
	}
	if a := c.opts.ArchiveDir; a != "" {
		set["archive_mode"] = "on"
		// The manual's command (§26.3.1), made safe for a promoted standby,
		// which archives again the segments the old primary archived: an
		// identical copy already there is success, a different one an
		// error; the copy is renamed into place so that a crash never
		// leaves half a segment under its final name.
		f := "'" + a + "/%f'"
		set["archive_command"] = "if test -f " + f + "; then cmp -s %p " + f + "; else cp %p " + f + ".tmp && mv " + f + ".tmp " + f + "; fi"
	}
	if c.opts.NoFsync {
		// Both matter only when the operating system crashes; a killed
		// server loses no committed transaction (synchronous_commit stays on).
		set["fsync"] = "off"
		set["full_page_writes"] = "off"
	}
	for k, v := range c.opts.Settings {
		set[k] = v
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := []string{"-D", c.dataDir()}
	for _, k := range keys {
		args = append(args, "-c", k+"="+set[k])
	}
	return args
}

// socketSetting returns Dir/run, or "" (no unix socket) when the socket
// path would be too long for sun_path or the path cannot be written as a
// list element.
func (c *Cluster) socketSetting(port int) string {
	d := c.socketDir()
	sock := filepath.Join(d, ".s.PGSQL."+strconv.Itoa(port)+".lock")
	if len(sock) > maxSocketPath || strings.ContainsAny(d, ",\" \t\n'") {
		return ""
	}
	return d
}

// start launches the postmaster and waits for connections. Called with a
// stopped cluster.
func (c *Cluster) start(ctx context.Context) error {
	timeout := c.opts.StartTimeout
	if timeout <= 0 {
		timeout = DefaultStartTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.clearStalePID(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		port := c.port
		if c.opts.Port == 0 && port == 0 {
			p, err := FreePort(c.host)
			if err != nil {
				return fmt.Errorf("pgcluster: %w", err)
			}
			port = p
		}
		mark := c.tail.mark()
		proc, err := spawn(c.bins.Postgres, c.serverArgs(port), c.env(), c.dataDir(), c.acct.credential(), c.log)
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		err = c.waitReady(ctx, proc, port)
		if err == nil {
			c.mu.Lock()
			c.proc, c.port = proc, port
			c.mu.Unlock()
			return nil
		}
		if proc.running() {
			_ = proc.signal(syscall.SIGQUIT)
			select {
			case <-proc.done:
			case <-time.After(10 * time.Second):
				_ = proc.signal(syscall.SIGKILL)
				<-proc.done
			}
		}
		select {
		case <-proc.logDone:
		case <-time.After(time.Second):
		}
		retry := false
		switch {
		case ctx.Err() != nil:
		case c.tail.containsSince(mark, "Address already in use") && c.opts.Port == 0 && attempt < 5:
			// Another process took the free port between probe and bind.
			c.port = 0
			retry = true
		case c.tail.containsSince(mark, "is still in use") || c.tail.containsSince(mark, "lock file"):
			// Backends of a killed postmaster still hold the old shared
			// memory block or lock file; they exit on their own once they
			// notice the postmaster is gone.
			retry = true
		}
		if !retry {
			return fmt.Errorf("pgcluster: %s on %s:%d: %w\n--- server log (last lines) ---\n%s",
				c.bins.Postgres, c.host, port, err, c.tail.linesSince(mark, 30))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: %s on %s:%d: %w\n--- server log (last lines) ---\n%s",
				c.bins.Postgres, c.host, port, ctx.Err(), c.tail.linesSince(mark, 30))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// waitReady polls until a connection succeeds, the process exits or ctx ends.
func (c *Cluster) waitReady(ctx context.Context, proc *process, port int) error {
	dsn := c.dsn(port, "postgres")
	for {
		select {
		case <-proc.done:
			return fmt.Errorf("exited before accepting connections: %v", proc.err)
		default:
		}
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		conn, err := pgx.Connect(cctx, dsn)
		cancel()
		if err == nil {
			var one int
			err = conn.QueryRow(ctx, "SELECT 1").Scan(&one)
			conn.Close(context.Background())
			if err == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not accepting connections: %w (last attempt: %v)", ctx.Err(), err)
		case <-proc.done:
			return fmt.Errorf("exited before accepting connections: %v", proc.err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// DSN returns a connection URL for database db as the superuser over TCP.
func (c *Cluster) DSN(db string) string {
	c.mu.Lock()
	port := c.port
	c.mu.Unlock()
	return c.dsn(port, db)
}

func (c *Cluster) dsn(port int, db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Host:     net.JoinHostPort(c.host, strconv.Itoa(port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port returns the TCP port the server listens (or last listened) on.
func (c *Cluster) Port() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.port
}

// Dir returns the absolute cluster directory (Options.Dir).
func (c *Cluster) Dir() string { return c.dir }

// Binaries returns the programs the cluster runs.
func (c *Cluster) Binaries() Binaries { return c.bins }

// PID returns the postmaster's process ID, or 0 when it is not running.
func (c *Cluster) PID() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc == nil || !c.proc.running() {
		return 0
	}
	return c.proc.pid()
}

// Running reports whether the postmaster process is alive.
func (c *Cluster) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.proc != nil && c.proc.running()
}

// LogTail returns the last n lines of the server log.
func (c *Cluster) LogTail(n int) string { return c.tail.linesSince(0, n) }

// Stop shuts the server down with a fast shutdown (SIGINT: sessions are
// disconnected, a checkpoint is written). When ctx ends first it escalates to
// an immediate shutdown and then SIGKILL, and returns the context's error.
// Stopping a stopped cluster does nothing.
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	proc := c.proc
	c.mu.Unlock()
	if proc == nil || !proc.running() {
		return nil
	}
	if err := proc.signal(syscall.SIGINT); err != nil {
		return fmt.Errorf("pgcluster: stop %s: %w", c.bins.Postgres, err)
	}
	select {
	case <-proc.done:
		select {
		case <-proc.logDone:
		case <-time.After(2 * time.Second):
		}
		return nil
	case <-ctx.Done():
	}
	_ = proc.signal(syscall.SIGQUIT)
	select {
	case <-proc.done:
	case <-time.After(5 * time.Second):
		_ = proc.signal(syscall.SIGKILL)
		<-proc.done
	}
	return fmt.Errorf("pgcluster: fast shutdown of %s (pid %d) did not finish, forced: %w\n%s",
		c.bins.Postgres, proc.pid(), ctx.Err(), c.tail.linesSince(0, 10))
}

// Kill sends SIGKILL to the postmaster and waits until it is reaped, to
// simulate a crash. Its backends exit on their own shortly after; the next
// Start or Restart runs crash recovery.
func (c *Cluster) Kill() error {
	c.mu.Lock()
	proc := c.proc
	c.mu.Unlock()
	if proc == nil || !proc.running() {
		return nil
	}
	if err := proc.signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("pgcluster: kill %s: %w", c.bins.Postgres, err)
	}
	<-proc.done
	return nil
}

// Restart stops the server (if running) and starts it again on the same
// port with the same data.
func (c *Cluster) Restart(ctx context.Context) error {
	if err := c.Stop(ctx); err != nil {
		return err
	}
	return c.start(ctx)
}

// FreePort asks the kernel for a free TCP port on host (a loopback address).
// Another process may take it before it is used; callers retry on
// "address already in use".
func FreePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port on %s: %w", host, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
