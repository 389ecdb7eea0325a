package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

func benchDir(b *testing.B) string {
	_, err := pgcluster.FindBinaries(context.Background(), "")
	testenv.Require(b, "PostgreSQL server binaries", err)
	dir, err := os.MkdirTemp("", "pgcluster-bench-")
	if err != nil {
		b.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// BenchmarkFirstStart measures initdb, start and stop of a new cluster with
// NoFsync (what PrivatePostgres costs).
func BenchmarkFirstStart(b *testing.B) {
	dir := benchDir(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir, strconv.Itoa(i)), NoFsync: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRestart measures a fast shutdown and a start of an existing
// cluster.
func BenchmarkRestart(b *testing.B) {
	benchCycle(b, func(ctx context.Context, c *pgcluster.Cluster) error {
		return c.Restart(ctx)
	})
}

// BenchmarkKillRecover measures SIGKILL of the postmaster and a start with
// crash recovery.
func BenchmarkKillRecover(b *testing.B) {
	benchCycle(b, func(ctx context.Context, c *pgcluster.Cluster) error {
		if err := c.Kill(); err != nil {
			return err
		}
		return c.Restart(ctx)
	})
}

// benchCycle starts one cluster and measures step on it, again and again.
func benchCycle(b *testing.B, step func(context.Context, *pgcluster.Cluster) error) {
	ctx := context.Background()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(benchDir(b), "c"), NoFsync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Stop(ctx) })
	for b.Loop() {
		if err := step(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}
