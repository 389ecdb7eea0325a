// Package pgcluster runs a private PostgreSQL cluster from the server
// binaries installed on the machine. It is used at run time by `make demo`
// and by tests (through internal/testenv).
//
// Start initialises a data directory on first use (initdb: UTF8, locale
// C.UTF-8 or C, trust authentication on loopback only), then starts the
// postmaster as a child process listening on 127.0.0.1 and waits until it
// accepts connections. A second Start on the same directory reuses the data,
// removes a stale postmaster.pid and, after a crash or Kill, lets PostgreSQL
// run its crash recovery.
//
// Layout of Options.Dir:
//
//	Dir/data   the cluster (PGDATA)
//	Dir/run    the unix socket directory (unix_socket_directories)
//
// Server settings are passed on the postmaster command line (-c name=value),
// never written into postgresql.conf, so that each Start can pick its own
// port and durability settings.
//
// The postmaster is supervised directly rather than through pg_ctl: it runs in
// its own process group (a terminal's Ctrl-C reaches the Go program only, which
// stops the cluster in order) and receives SIGINT, a fast shutdown, when the
// Go process dies for any reason, so a cluster is never left running behind a
// crashed test binary or demo.
//
// initdb and postgres refuse to run as root. When the effective user is root,
// both run as an existing unprivileged account (Options.RunAs, else
// "postgres", else "nobody"), and Dir is chowned to it; every directory above
// Dir must then be searchable by that account.
//
// Replication and backups use PostgreSQL's own tools, run as the same
// account: StartStandby makes a streaming standby with `pg_basebackup -R`,
// SetSynchronousStandby makes the primary wait for it at every commit,
// Promote runs `pg_ctl promote`; Options.ArchiveDir turns on WAL archiving
// (archive_command), BaseBackup takes a base backup and Restore starts a
// fresh cluster from one, replaying the archive up to a point in time
// (recovery_target_time). MultiHostDSN names a primary and its standbys in
// one URL with target_session_attrs=read-write. Replication connections are
// trusted on loopback like every other.
//
// Binaries are looked up on PATH, then with `pg_config --bindir`, then in the
// highest /usr/lib/postgresql/*/bin (Debian's postgresql-common layout). A set
// is accepted only when initdb reports the same version as postgres: initdb
// from the postgres binary's own directory (after resolving symbolic links) is
// preferred over another initdb on PATH, which may be a wrapper or a
// different build.
package pgcluster
