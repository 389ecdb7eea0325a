package testenv

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// Replicated is a private primary with WAL archiving and, when made by
// ReplicatedPostgres, a streaming standby the primary waits for at every
// commit (synchronous replication).
type Replicated struct {
	Primary, Standby *pgcluster.Cluster
	// Archive is the WAL archive directory (the primary's archive_command
	// copies there; the standby will too once promoted).
	Archive string
	// Dir is a directory the servers' account can write to, for backups
	// and restored clusters.
	Dir string
	// Logs holds both servers' output (printed when the test fails).
	Logs *LogBuffer
}

// StandbyName is the standby's name in synchronous_standby_names.
const StandbyName = "standby_b"

// ArchivingPostgres starts a primary of the test's own with WAL archiving
// into Archive and no standby (Standby is nil), stopped and removed at
// cleanup. Without the server binaries the test skips, or fails under
// CI=true.
func ArchivingPostgres(t testing.TB) *Replicated {
	t.Helper()
	_, err := pgcluster.FindBinaries(context.Background(), "")
	Require(t, "PostgreSQL server binaries", err)
	dir, err := newWorkDir("pgrepl")
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() {
		if err := dir.remove(); err != nil {
			t.Errorf("testenv: remove %s: %v", dir.path, err)
		}
	})
	r := &Replicated{Archive: filepath.Join(dir.path, "archive"), Dir: dir.path, Logs: NewLogBuffer()}
	logOnFailure(t, "postgres", r.Logs)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r.Primary, err = pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir.path, "primary"), NoFsync: true,
		Log: r.Logs, Name: "primary_a", ArchiveDir: r.Archive})
	if err != nil {
		t.Fatalf("testenv: start the primary: %v", err)
	}
	stopAtCleanup(t, r.Primary)
	return r
}

// ReplicatedPostgres is ArchivingPostgres with a streaming standby that the
// primary waits for at every commit (synchronous replication).
func ReplicatedPostgres(t testing.TB) *Replicated {
	t.Helper()
	r := ArchivingPostgres(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var err error
	r.Standby, err = pgcluster.StartStandby(ctx, r.Primary, pgcluster.Options{Dir: filepath.Join(r.Dir, "standby"),
		NoFsync: true, Log: r.Logs, Name: StandbyName, ArchiveDir: r.Archive})
	if err != nil {
		t.Fatalf("testenv: start the standby: %v", err)
	}
	stopAtCleanup(t, r.Standby)
	if err := r.Primary.SetSynchronousStandby(ctx, StandbyName); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return r
}

func stopAtCleanup(t testing.TB, c *pgcluster.Cluster) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("testenv: %v", err)
		}
	})
}

// DSN is the multi-host URL of database db: primary first, then standby,
// target_session_attrs=read-write.
func (r *Replicated) DSN(db string) string {
	return pgcluster.MultiHostDSN(db, r.Primary, r.Standby)
}
