package workers_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/workers"
)

type orphanArgs struct {
	Block bool `json:"block"`
}

func (orphanArgs) Kind() string { return "orphan_test" }

type orphanWorker struct {
	river.WorkerDefaults[orphanArgs]
	ran     atomic.Int32
	started chan int64
	release chan struct{}
}

func (w *orphanWorker) Work(ctx context.Context, job *river.Job[orphanArgs]) error {
	w.ran.Add(1)
	if job.Args.Block {
		w.started <- job.ID
		<-w.release
	}
	return nil
}

// TestOrphanedJobRunsAgain: a job of this process whose completion was
// lost (the row left "running" under this client's ID, as after a switch
// to the standby) is made retryable by Orphans.Sweep and runs again at
// once, not after River's rescue_after; a job this process is really
// running, however old its attempt, and a job of another process are left
// alone (Điều 6 khoản 3).
func TestOrphanedJobRunsAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	pool, err := postgres.Open(ctx, dsn, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	w := &orphanWorker{started: make(chan int64, 1), release: make(chan struct{})}
	ws := river.NewWorkers()
	river.AddWorker(ws, w)
	orphans := &workers.Orphans{Grace: 2 * time.Second}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Workers: ws,
		Queues:        map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		FetchCooldown: 20 * time.Millisecond, FetchPollInterval: 100 * time.Millisecond,
		Middleware:           []rivertype.Middleware{orphans},
		RescueStuckJobsAfter: time.Hour, // River's rescuer would not take them in this test
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		client.Stop(sctx)
	})

	// A job really running here, its attempt made to look old.
	busy, err := client.Insert(ctx, orphanArgs{Block: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	<-w.started
	// Two rows left "running" by a lost completion: one of this client,
	// one of another process.
	stuck := func(by string) int64 {
		var id int64
		if err := pool.QueryRow(ctx, `INSERT INTO river_job (kind, args, state, attempt, max_attempts, attempted_at, attempted_by, queue, priority, scheduled_at)
			VALUES ('orphan_test', '{}', 'running', 1, 25, now() - interval '1 minute', ARRAY[$1], 'default', 1, now() - interval '1 minute') RETURNING id`, by).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	mine, theirs := stuck(client.ID()), stuck("another-process")
	if _, err := pool.Exec(ctx, `UPDATE river_job SET attempted_at = now() - interval '1 minute' WHERE id = $1`, busy.Job.ID); err != nil {
		t.Fatal(err)
	}
	ids, err := orphans.Sweep(ctx, pool, client.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []int64{mine}) {
		t.Fatalf("swept %v, want only this process's orphan %d (running %d, another process's %d)", ids, mine, busy.Job.ID, theirs)
	}
	state := func(id int64) string {
		var s string
		pool.QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&s)
		return s
	}
	for end := time.Now().Add(30 * time.Second); state(mine) != string(rivertype.JobStateCompleted); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the orphan is %s 30 s after the sweep, want completed", state(mine))
		}
	}
	if s := state(busy.Job.ID); s != string(rivertype.JobStateRunning) {
		t.Errorf("the job running here is %s after the sweep, want running", s)
	}
	if s := state(theirs); s != string(rivertype.JobStateRunning) {
		t.Errorf("another process's job is %s after the sweep, want running (River's rescuer's)", s)
	}
	var errs int
	pool.QueryRow(ctx, `SELECT cardinality(errors) FROM river_job WHERE id = $1`, mine).Scan(&errs)
	if errs != 1 {
		t.Errorf("the orphan's errors record %d entries, want 1 (why it ran again)", errs)
	}
	close(w.release)
}
