package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// RestoreOptions says what Restore restores.
type RestoreOptions struct {
	// Backup is a base backup directory written by BaseBackup or
	// pg_basebackup: plain format (a copy of the data directory), or tar
	// format (base.tar or base.tar.gz, with pg_wal.tar[.gz] when the WAL
	// was streamed). Tablespaces are not supported.
	Backup string
	// ArchiveDir holds the archived WAL segments (archive_command's
	// copies). "" restores the backup alone, as it was when it ended.
	ArchiveDir string
	// TargetTime, when set, stops the replay of the archive at the last
	// transaction committed at or before it (recovery_target_time,
	// PostgreSQL manual §26.3.4, §20.5.5): point-in-time recovery. Zero
	// replays the whole archive. Needs ArchiveDir.
	TargetTime time.Time
}

// Restore copies a base backup into opts.Dir (which must hold no cluster),
// replays the WAL archive up to the target (restore_command, the manual's
// own `cp`, §26.3.4), promotes the result (recovery_target_action=promote)
// and returns it running and writable. The backup itself is not changed.
func Restore(ctx context.Context, r RestoreOptions, opts Options) (*Cluster, error) {
	if r.Backup == "" {
		return nil, errors.New("pgcluster: RestoreOptions.Backup is empty")
	}
	if !r.TargetTime.IsZero() && r.ArchiveDir == "" {
		return nil, errors.New("pgcluster: a recovery target time needs RestoreOptions.ArchiveDir")
	}
	set := withDefault(opts.Settings, "synchronous_standby_names", "")
	if r.ArchiveDir != "" {
		a, err := filepath.Abs(r.ArchiveDir)
		if err != nil {
			return nil, fmt.Errorf("pgcluster: %w", err)
		}
		if err := quotablePath(a); err != nil {
			return nil, fmt.Errorf("pgcluster: RestoreOptions.ArchiveDir: %w", err)
		}
		if _, err := os.Stat(a); err != nil {
			return nil, fmt.Errorf("pgcluster: WAL archive: %w", err)
		}
		set["restore_command"] = "cp '" + a + "/%f' %p"
		set["recovery_target_action"] = "promote"
		if !r.TargetTime.IsZero() {
			set["recovery_target_time"] = r.TargetTime.Format("2006-01-02 15:04:05.999999-07:00")
			set["recovery_target_inclusive"] = "on"
		}
	}
	opts.Settings = set
	c, err := newCluster(ctx, opts)
	if err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(c.dataDir()); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("pgcluster: %s is not empty; a restore starts from an empty directory", c.dataDir())
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	if err := unpackBackup(ctx, r.Backup, c.dataDir()); err != nil {
		return nil, err
	}
	// A backup taken with -R, or from a standby, would start as a standby.
	_ = os.Remove(filepath.Join(c.dataDir(), "standby.signal"))
	if r.ArchiveDir != "" {
		if err := os.WriteFile(filepath.Join(c.dataDir(), "recovery.signal"), nil, 0o600); err != nil {
			return nil, fmt.Errorf("pgcluster: %w", err)
		}
	}
	if err := c.prepareDir(); err != nil {
		return nil, err
	}
	if err := c.initdb(ctx); err != nil { // checks the version, writes no cluster
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if err := c.waitWritable(ctx); err != nil {
		_ = c.Stop(context.WithoutCancel(ctx))
		return nil, err
	}
	return c, nil
}

// unpackBackup copies a plain-format backup, or extracts a tar-format one,
// into data (mode 0700, as PostgreSQL requires).
func unpackBackup(ctx context.Context, backup, data string) error {
	if _, err := os.Stat(filepath.Join(backup, "PG_VERSION")); err == nil {
		return copyTree(backup, data)
	}
	base := firstExisting(backup, "base.tar.gz", "base.tar")
	if base == "" {
		return fmt.Errorf("pgcluster: %s holds no base backup (neither PG_VERSION nor base.tar[.gz])", backup)
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := untar(ctx, base, data); err != nil {
		return err
	}
	if wal := firstExisting(backup, "pg_wal.tar.gz", "pg_wal.tar"); wal != "" {
		if err := untar(ctx, wal, filepath.Join(data, "pg_wal")); err != nil {
			return err
		}
	}
	return os.Chmod(data, 0o700)
}

func firstExisting(dir string, names ...string) string {
	for _, n := range names {
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// untar extracts archive into dir with GNU tar (which detects gzip itself).
func untar(ctx context.Context, archive, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	out, err := exec.CommandContext(ctx, "tar", "-xf", archive, "-C", dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgcluster: extract %s: %w: %s", archive, err, out)
	}
	return nil
}

// copyTree copies directories, regular files and symbolic links from src
// to dst, keeping permission bits.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(to, info.Mode().Perm()|0o700)
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case info.Mode().IsRegular():
			return copyFile(p, to, info.Mode().Perm())
		}
		return nil // sockets, devices: never part of a backup
	})
}

func copyFile(from, to string, perm fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}
