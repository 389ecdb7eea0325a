package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// tool returns the path of a PostgreSQL client program (pg_basebackup,
// pg_ctl) shipped beside the postgres binary; Debian installs them all in
// /usr/lib/postgresql/N/bin.
func (b Binaries) tool(name string) (string, error) {
	p := filepath.Join(filepath.Dir(b.Postgres), name)
	if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("pgcluster: %s not found beside %s (Debian package postgresql)", name, b.Postgres)
	}
	return p, nil
}

// quotablePath refuses paths that cannot be written between single quotes
// in a shell command (archive_command, restore_command).
func quotablePath(p string) error {
	if strings.ContainsAny(p, "'\n\x00%") {
		return fmt.Errorf("path %q contains a quote, %% or a control character", p)
	}
	return nil
}

// ownedDir creates dir (0700) when missing and gives it to the account the
// server runs as.
func (c *Cluster) ownedDir(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("pgcluster: create %s: %w", filepath.Dir(dir), err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("pgcluster: create %s: %w", dir, err)
	}
	if err := c.acct.checkReachable(dir); err != nil {
		return err
	}
	if c.acct != nil {
		if err := os.Chown(dir, int(c.acct.uid), int(c.acct.gid)); err != nil {
			return fmt.Errorf("pgcluster: chown %s: %w", dir, err)
		}
	}
	return nil
}

// replicationConnString is a libpq connection string to the cluster for
// pg_basebackup; -R writes it into the standby's primary_conninfo.
func (c *Cluster) replicationConnString() string {
	return fmt.Sprintf("host=%s port=%d user=%s sslmode=disable", c.host, c.Port(), Superuser)
}

// basebackup runs pg_basebackup against c as the server account, writing a
// plain-format copy into dst with the WAL needed to make it consistent
// (-X stream) after an immediate checkpoint (-c fast). standby adds -R
// (standby.signal and primary_conninfo, PostgreSQL manual §27.2.4).
func (c *Cluster) basebackup(ctx context.Context, dst string, standby bool) error {
	bin, err := c.bins.tool("pg_basebackup")
	if err != nil {
		return err
	}
	args := []string{"-d", c.replicationConnString(), "-D", dst, "-X", "stream", "-c", "fast", "--no-password"}
	if standby {
		args = append(args, "-R")
	}
	if c.opts.NoFsync {
		args = append(args, "--no-sync")
	}
	mark := c.tail.mark()
	if err := c.runOnce(ctx, bin, args); err != nil {
		return fmt.Errorf("pgcluster: %s: %w\n%s", bin, err, c.tail.linesSince(mark, 20))
	}
	return nil
}

// BaseBackup writes a base backup of the running cluster into dir (created
// when missing, must be empty): plain format, with the WAL that makes it
// consistent, taken by pg_basebackup as the server account. Restore starts
// a cluster from it and from the WAL archive.
func (c *Cluster) BaseBackup(ctx context.Context, dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := c.ownedDir(dir); err != nil {
		return err
	}
	return c.basebackup(ctx, dir, false)
}

// StartStandby makes a streaming standby of primary in opts.Dir (which
// must hold no cluster yet) with `pg_basebackup -R` and starts it. The
// standby connects to primary with the name opts.Name ("standby" when
// empty), the name SetSynchronousStandby expects, and retries a lost
// primary every 500 ms (wal_retrieve_retry_interval) unless opts.Settings
// says otherwise. A standby never waits for
// standbys of its own: synchronous_standby_names is "" unless opts.Settings
// sets it, whatever the primary's postgresql.auto.conf says.
func StartStandby(ctx context.Context, primary *Cluster, opts Options) (*Cluster, error) {
	if opts.Name == "" {
		opts.Name = "standby"
	}
	opts.Settings = withDefault(opts.Settings, "synchronous_standby_names", "")
	// A standby that lost its primary retries the connection every
	// wal_retrieve_retry_interval (5 s by default) and notices a promote
	// request only between tries: keep the switch short.
	opts.Settings = withDefault(opts.Settings, "wal_retrieve_retry_interval", "500ms")
	if opts.BinDir == "" {
		opts.BinDir = filepath.Dir(primary.bins.Postgres)
	}
	c, err := newCluster(ctx, opts)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); err == nil {
		return nil, fmt.Errorf("pgcluster: %s already holds a cluster; a standby starts from an empty directory", c.dataDir())
	}
	if err := c.prepareDir(); err != nil {
		return nil, err
	}
	if err := primary.basebackup(ctx, c.dataDir(), true); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func withDefault(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	if _, ok := out[k]; !ok {
		out[k] = v
	}
	return out
}

// SetSynchronousStandby makes commits on c wait until the standby named
// name has flushed them (ALTER SYSTEM SET synchronous_standby_names,
// reloaded; PostgreSQL manual §27.2.8): a primary lost after a commit loses
// nothing the standby does not hold. It returns once that standby streams
// as "sync", or when ctx ends.
func (c *Cluster) SetSynchronousStandby(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: synchronous standby: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// ALTER SYSTEM takes no parameters; the name is quoted as an identifier
	// inside a string literal.
	value := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "ALTER SYSTEM SET synchronous_standby_names = '"+strings.ReplaceAll(value, "'", "''")+"'"); err != nil {
		return fmt.Errorf("pgcluster: synchronous standby: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		return fmt.Errorf("pgcluster: synchronous standby: %w", err)
	}
	for {
		var state string
		err := conn.QueryRow(ctx, "SELECT sync_state FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'", name).Scan(&state)
		if err == nil && state == "sync" {
			return nil
		}
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("pgcluster: synchronous standby: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: standby %q is not streaming synchronously (state %q): %w", name, state, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Promote ends a standby's recovery with `pg_ctl promote -w` (PostgreSQL
// manual §27.2.9): it returns once the cluster accepts writes.
func (c *Cluster) Promote(ctx context.Context) error {
	bin, err := c.bins.tool("pg_ctl")
	if err != nil {
		return err
	}
	mark := c.tail.mark()
	if err := c.runOnce(ctx, bin, []string{"promote", "-D", c.dataDir(), "-w", "-t", "60"}); err != nil {
		return fmt.Errorf("pgcluster: %s promote: %w\n%s", bin, err, c.tail.linesSince(mark, 20))
	}
	return c.waitWritable(ctx)
}

// InRecovery reports whether the cluster is a standby still replaying WAL
// (pg_is_in_recovery()).
func (c *Cluster) InRecovery(ctx context.Context) (bool, error) {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return false, fmt.Errorf("pgcluster: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var in bool
	if err := conn.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&in); err != nil {
		return false, fmt.Errorf("pgcluster: %w", err)
	}
	return in, nil
}

// waitWritable polls until recovery has ended, the postmaster exits or ctx
// ends.
func (c *Cluster) waitWritable(ctx context.Context) error {
	for {
		in, err := c.InRecovery(ctx)
		if err == nil && !in {
			return nil
		}
		if !c.Running() {
			return fmt.Errorf("pgcluster: the server exited during recovery\n--- server log (last lines) ---\n%s", c.LogTail(30))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: still in recovery (last check: %v): %w\n--- server log (last lines) ---\n%s", err, ctx.Err(), c.LogTail(30))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// SwitchWAL closes the current WAL segment (pg_switch_wal()) and waits
// until the archiver has copied it to Options.ArchiveDir, so that every
// transaction committed before the call can be restored from the archive.
// It returns the segment's file name.
func (c *Cluster) SwitchWAL(ctx context.Context) (string, error) {
	if c.opts.ArchiveDir == "" {
		return "", errors.New("pgcluster: SwitchWAL needs Options.ArchiveDir")
	}
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return "", fmt.Errorf("pgcluster: switch wal: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var seg string
	if err := conn.QueryRow(ctx, "SELECT pg_walfile_name(pg_switch_wal())").Scan(&seg); err != nil {
		return "", fmt.Errorf("pgcluster: switch wal: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(c.opts.ArchiveDir, seg)); err == nil {
			return seg, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("pgcluster: WAL segment %s not archived into %s: %w\n%s", seg, c.opts.ArchiveDir, ctx.Err(), c.LogTail(10))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Host returns the loopback address the server listens on.
func (c *Cluster) Host() string { return c.host }

// MultiHostDSN returns a connection URL for database db naming every
// cluster in order, with target_session_attrs=read-write: a client (libpq,
// pgx) connects to the first one that accepts writes, so after a standby is
// promoted new connections find it by themselves (PostgreSQL manual
// §34.1.1.3).
func MultiHostDSN(db string, clusters ...*Cluster) string {
	hosts := make([]string, len(clusters))
	for i, c := range clusters {
		hosts[i] = net.JoinHostPort(c.host, strconv.Itoa(c.Port()))
	}
	return "postgres://" + Superuser + "@" + strings.Join(hosts, ",") + "/" + url.PathEscape(db) +
		"?sslmode=disable&target_session_attrs=read-write&connect_timeout=5"
}
