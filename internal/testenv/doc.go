// Package testenv starts real servers for integration tests: PostgreSQL
// (through internal/pgcluster), Dovecot 2.3 (IMAP, optional LMTP), Postfix's
// smtp-sink, and a throwaway Postfix relaying to Dovecot's LMTP (root only).
// Everything listens on 127.0.0.1 only, on ports the kernel reports free.
//
// Missing programs: a test that needs a server calls the helper, which skips
// the test when the program is not installed, unless CI=true, where it fails
// instead (Require). Start-up failures of an installed program always fail.
//
// PostgreSQL: Postgres(t) returns a DSN to a fresh database of the test's
// own, dropped at cleanup. The server is DATABASE_URL when that is set and
// reachable, else one private cluster shared by the whole test binary. Use
// this TestMain in every package that calls Postgres, so the shared cluster
// is stopped and its directory removed when the tests are done:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// Without it the cluster still stops when the test binary exits (its
// postmaster gets SIGINT from the kernel when its parent dies) and the
// directory left in os.TempDir() is removed by the next test binary that
// starts a server. PrivatePostgres(t) gives a test a cluster of its own, for
// tests that stop, restart or kill PostgreSQL.
//
// Server directories: each server gets a directory
// os.TempDir()/tiepnhan-testenv-* (mode 0755) rather than t.TempDir(),
// whose 0700 parent the unprivileged accounts that servers switch to when
// run as root (postgres, dovecot, dovenull, nobody) cannot enter. Each such
// directory holds a lock file that its test process keeps locked (flock);
// directories whose lock is free belong to a dead process and are removed.
package testenv
