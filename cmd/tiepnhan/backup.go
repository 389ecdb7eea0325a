package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/pgcluster"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Exit codes of `backup check`, for the scripts and monitors that run it.
const (
	backupOK         = 0 // restored, audit chain intact, sample opened
	backupDamaged    = 1 // restored, but the audit chain or sealed mail failed
	backupUsage      = 2 // bad flags or configuration
	backupUnrestored = 3 // the backup could not be restored at all
)

// runBackup is `tiepnhan backup check`: it proves that a backup can be
// restored (Điều 6 khoản 3: backups that restore the information after an
// incident) by restoring it into a private cluster, verifying the audit
// chain (Điều 6 khoản 2) and opening a sample of sealed messages with the
// key file (Điều 4 khoản 4).
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const synopsis = "backup check --base DIR [--wal-archive DIR] [--target-time TIME] [--config FILE] [--sample N] [--work DIR]\n" +
		"       tiepnhan backup resume-jobs [--config FILE] [--force]"
	if len(args) > 0 && args[0] == "resume-jobs" {
		return runResumeJobs(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "Usage: tiepnhan "+synopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return backupUsage
	}
	fs := newFlags("backup check", synopsis, stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML): the key file (ui.key_file) and the database name (database.url)")
	base := fs.String("base", "", "base backup directory (pg_basebackup -D DIR, plain or tar format)")
	archive := fs.String("wal-archive", "", "WAL archive directory (where archive_command copies); empty: the base backup alone")
	target := fs.String("target-time", "", "restore up to this instant (RFC 3339, e.g. 2026-12-07T17:30:00+07:00); empty: all of the archive")
	dbName := fs.String("database", "", "the service's database inside the backup (default: the name in database.url, else tiepnhan)")
	sample := fs.Int("sample", 20, "sealed messages to open with the key file")
	work := fs.String("work", "", "directory to restore into (must not exist; default: a temporary directory, removed afterwards)")
	if code, done := parseFlags(fs, args[1:], stdout); done {
		return code
	}
	if *base == "" || *sample < 1 {
		fmt.Fprintln(stderr, "tiepnhan backup check: --base is required and --sample must be at least 1")
		return backupUsage
	}
	var at time.Time
	if *target != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, *target); err != nil {
			fmt.Fprintf(stderr, "tiepnhan backup check: --target-time: %v\n", err)
			return backupUsage
		}
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return backupUsage
	}
	if *dbName == "" {
		*dbName = databaseName(cfg)
	}
	keys, err := app.OpenKeyring(cfg.UI.KeyFile, log)
	if err != nil {
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: không mở được tệp khóa %s: %v\n", cfg.UI.KeyFile, err)
		return backupDamaged
	}
	dir, cleanup, err := restoreDir(*work)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan backup check: %v\n", err)
		return backupUsage
	}
	defer cleanup()
	fmt.Fprintf(stdout, "Khôi phục bản sao lưu %s", *base)
	if *archive != "" {
		fmt.Fprintf(stdout, " và WAL lưu trữ %s", *archive)
	}
	if !at.IsZero() {
		fmt.Fprintf(stdout, " đến thời điểm %s", at.Format(time.RFC3339))
	}
	fmt.Fprintf(stdout, " vào %s …\n", dir)
	started := time.Now()
	c, err := pgcluster.Restore(ctx, pgcluster.RestoreOptions{Backup: *base, ArchiveDir: *archive, TargetTime: at},
		pgcluster.Options{Dir: filepath.Join(dir, "pg"), NoFsync: true})
	if err != nil {
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: không khôi phục được bản sao lưu: %v\n", err)
		return backupUnrestored
	}
	defer c.Stop(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "Đã khôi phục sau %s (PostgreSQL %s).\n", time.Since(started).Round(time.Millisecond), c.Binaries().Version)
	pool, err := postgres.Open(ctx, c.DSN(*dbName), 4)
	if err != nil {
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: bản khôi phục không có cơ sở dữ liệu %q: %v\n", *dbName, err)
		return backupUnrestored
	}
	defer pool.Close()
	store := postgres.New(pool)
	store.Keys = keys
	return checkRestored(ctx, store, *sample, stdout)
}

// checkRestored reports what the restored database holds, verifies its
// audit chain and opens a sample of sealed messages.
func checkRestored(ctx context.Context, store *postgres.Store, sample int, stdout io.Writer) int {
	code := backupOK
	contents, err := store.Contents(ctx)
	if err != nil {
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: không đọc được dữ liệu đã khôi phục: %v\n", err)
		return backupUnrestored
	}
	fmt.Fprintf(stdout, "Dữ liệu: %d thư, %d hồ sơ, %d thời hạn; thư nhận gần nhất %s, lưu gần nhất %s.\n",
		contents.Messages, contents.Submissions, contents.Deadlines, stamp(contents.LastReceived), stamp(contents.LastStored))
	// The roles of a restored copy are the restorer's: the chain is checked,
	// who wrote each row is checked by `audit verify` on the live database.
	r, unsealed, err := verifyAuditChain(ctx, store, store.Keys, false)
	switch {
	case err != nil:
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: không kiểm tra được nhật ký kiểm toán: %v\n", err)
		code = backupDamaged
	case !r.OK():
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "  SAI LỆCH %s\n", p)
		}
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: nhật ký kiểm toán có %d chỗ sai lệch (Điều 6 khoản 2).\n", len(r.Problems))
		code = backupDamaged
	default:
		fmt.Fprintf(stdout, "Nhật ký kiểm toán toàn vẹn: %d dòng đã niêm phong, đầu chuỗi %d:%s, %d dòng chưa niêm phong.\n",
			r.Sealed, r.HeadSeq, r.Head, unsealed)
	}
	opened, err := store.OpenSealedSample(ctx, sample)
	if err != nil {
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: %v\n", err)
		return backupDamaged
	}
	failed := 0
	for _, o := range opened {
		if o.Err != nil {
			failed++
			if failed <= 5 {
				fmt.Fprintf(stdout, "  không mở được thư %d: %v\n", o.ID, o.Err)
			}
		}
	}
	switch {
	case failed > 0:
		fmt.Fprintf(stdout, "KHÔNG ĐẠT: %d/%d thư niêm phong không mở được bằng tệp khóa (Điều 4 khoản 4).\n", failed, len(opened))
		code = backupDamaged
	case len(opened) == 0 && contents.Messages > 0:
		fmt.Fprintln(stdout, "KHÔNG ĐẠT: không có thư niêm phong nào để thử mở.")
		code = backupDamaged
	default:
		fmt.Fprintf(stdout, "Đã mở %d/%d thư niêm phong bằng tệp khóa.\n", len(opened), len(opened))
	}
	if code == backupOK {
		fmt.Fprintln(stdout, "ĐẠT: bản sao lưu khôi phục được, nhật ký kiểm toán toàn vẹn, thư niêm phong đọc được.")
	}
	return code
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(workday.Zone).Format("02/01/2006 15:04:05")
}

// databaseName is the database named by database.url, else the embedded
// default.
func databaseName(cfg config.Config) string {
	if cfg.Database.URL != "" {
		if pc, err := pgx.ParseConfig(cfg.Database.URL); err == nil && pc.Database != "" {
			return pc.Database
		}
	}
	return app.EmbeddedDatabase
}

// restoreDir returns the directory to restore into: work (which must not
// exist yet, and is kept), else a temporary one removed by cleanup. It is
// searchable by all (0755) so that the server's unprivileged account can
// reach the cluster inside when running as root.
func restoreDir(work string) (string, func(), error) {
	if work != "" {
		if _, err := os.Stat(work); err == nil {
			return "", nil, fmt.Errorf("--work %s exists already; give a new directory", work)
		}
		if err := os.MkdirAll(work, 0o755); err != nil {
			return "", nil, err
		}
		return work, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "tiepnhan-backup-check-")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	if err != nil {
		return "", nil, errors.Join(err, os.RemoveAll(dir))
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// runResumeJobs is `tiepnhan backup resume-jobs`, run once on a restored
// database before serve starts: the jobs that were running when the backup
// was taken have no process left to finish them, and River would rescue
// them only after workers.rescue_after (15 minutes by default). They are
// made available again at once; every worker is safe to run twice.
func runResumeJobs(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backup resume-jobs", "backup resume-jobs [--config FILE] [--force]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	force := fs.Bool("force", false, "go on even though a serve process is connected")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return backupUsage
	}
	pool, closeDB, ok := openCommandDB(ctx, &cfg, log, "backup resume-jobs", stderr, 1, false) // one session: see OtherServiceSessions
	if !ok {
		return 1
	}
	defer closeDB()
	store := postgres.New(pool)
	others, err := store.OtherServiceSessions(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan backup resume-jobs: %v\n", err)
		return 1
	}
	if others > 0 && !*force {
		fmt.Fprintf(stdout, "Có %d kết nối của tiến trình tiepnhan khác đang mở: dừng serve trước (hoặc dùng --force nếu chắc chắn chúng không chạy việc nào).\n", others)
		return 1
	}
	n, err := store.ResumeRunningJobs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan backup resume-jobs: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Đã đưa %d việc đang dở khi sao lưu trở lại hàng đợi.\n", n)
	return 0
}
