package workers

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// Orphans finds this process's jobs whose completion was lost and runs
// them again at once, instead of after workers.rescue_after (15 min).
//
// When the database switches to the standby (Điều 6 khoản 3), a job that
// finished in the seconds of the switch cannot record its completion:
// River's completer gives up after a few seconds of errors, and the row
// stays "running", attempted by this client, until River's rescuer takes
// it — a quarter of an hour in which an item is not read or an alert not
// sent. This process knows which jobs it is really running: every job
// passes through Orphans' middleware. A row still "running" under this
// client's ID, attempted more than Grace ago, that this process neither
// runs nor finished within Grace, is an orphan: Sweep makes it retryable
// now. Every worker is safe to run twice (the exactly-once design of
// internal/pipeline/alert.go and the idempotent intake stages), so a job whose
// completion was merely slow and is swept costs one more run, never a
// lost or doubled effect.
type Orphans struct {
	river.MiddlewareDefaults
	// Grace is how long a job may be fetched but not yet started, or
	// finished but not yet recorded completed, before it counts as an
	// orphan (30 s when zero).
	Grace time.Duration

	mu       sync.Mutex
	running  map[int64]struct{}
	finished map[int64]time.Time
}

// Work implements rivertype.WorkerMiddleware: it records the job as
// running in this process while it runs.
func (o *Orphans) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	o.mu.Lock()
	if o.running == nil {
		o.running, o.finished = map[int64]struct{}{}, map[int64]time.Time{}
	}
	o.running[job.ID] = struct{}{}
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.running, job.ID)
		o.finished[job.ID] = time.Now()
		o.mu.Unlock()
	}()
	return doInner(ctx)
}

func (o *Orphans) grace() time.Duration {
	if o.Grace > 0 {
		return o.Grace
	}
	return 30 * time.Second
}

// busy lists the jobs that are not orphans: running here, or finished
// within Grace (their completion may still be on its way). Older
// finishes are forgotten.
func (o *Orphans) busy(now time.Time) []int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	ids := make([]int64, 0, len(o.running)+len(o.finished))
	for id := range o.running {
		ids = append(ids, id)
	}
	for id, at := range o.finished {
		if now.Sub(at) > o.grace() {
			delete(o.finished, id)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// sweepSQL makes this client's orphaned jobs retryable now, recording why
// in the job's errors as River's rescuer does.
const sweepSQL = `
UPDATE river_job SET state = 'retryable', scheduled_at = now(),
	errors = array_append(errors, jsonb_build_object('at', now(), 'attempt', attempt,
		'error', 'orphaned: its completion was lost (database switch); run again by the process that ran it', 'trace', ''))
WHERE state = 'running'
  AND attempted_by[cardinality(attempted_by)] = $1
  AND attempted_at < now() - make_interval(secs => $2)
  AND NOT (id = ANY ($3::bigint[]))
RETURNING id`

// Sweep makes the orphans of client clientID retryable and returns their
// ids.
func (o *Orphans) Sweep(ctx context.Context, db postgres.Querier, clientID string) ([]int64, error) {
	rows, err := db.Query(ctx, sweepSQL, clientID, o.grace().Seconds(), o.busy(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("sweep orphaned jobs: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
