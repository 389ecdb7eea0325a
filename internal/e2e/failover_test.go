package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestFailoverToSynchronousStandby is the continuity test of Điều 6
// khoản 3: a primary and a synchronous streaming standby, two `serve`
// processes on a multi-host URL (target_session_attrs=read-write) and
// Dovecot. While messages arrive and drain, the primary's postmaster is
// SIGKILLed, the standby promoted (pg_ctl promote) and the serve holding
// the mailbox lock SIGKILLed too. Every message must yield exactly one
// submission with its INTERNALDATE; deadlines and alerts must be neither
// lost nor doubled; the audit chain must verify. It prints the recovery
// time (kill → first message committed on the new primary) and the
// messages lost.
func TestFailoverToSynchronousStandby(t *testing.T) {
	if testing.Short() {
		t.Skip("failover test")
	}
	const n = 300
	ctx := context.Background()
	repl := testenv.ReplicatedPostgres(t)
	if err := repl.Primary.CreateDatabase(ctx, "failover"); err != nil {
		t.Fatal(err)
	}
	dsn := repl.DSN("failover")
	d := testenv.Dovecot(t, testenv.Options{})
	bin := buildBinary(t)
	keyFile := writeKeyFile(t)
	env := func(name string) []string {
		// The mailbox lock's session carries the process's name.
		return serveEnv(dsn+"&application_name="+name, d, append([]string{"TIEPNHAN_SMTP_SINK_DIR=" + t.TempDir()}, quickRescue...)...)
	}
	serves := map[string]*proc{}
	for _, name := range []string{"serve_a", "serve_b"} {
		p := &proc{t: t, bin: bin, log: testenv.NewLogBuffer(), env: env(name), keyFile: keyFile}
		serves[name] = p
		p.start()
		defer p.stop()
	}
	defer func() {
		if t.Failed() {
			for name, p := range serves {
				t.Logf("%s log (tail):\n%s", name, tail(fmt.Sprint(p.log), 6000))
			}
		}
	}()

	appended := make(chan struct{})
	go func() {
		defer close(appended)
		a := &appender{d: d}
		defer a.close()
		for i := 0; i < n; i++ {
			if err := a.append(simpleMessage(i), simpleDate(i)); err != nil {
				t.Errorf("append %d: %v", i, err)
				return
			}
			time.Sleep(15 * time.Millisecond)
		}
	}()

	primary, err := pgxpool.New(ctx, repl.Primary.DSN("failover"))
	if err != nil {
		t.Fatal(err)
	}
	committedBefore := waitCount(t, primary, n/3, time.Minute, `SELECT count(*) FROM message`)
	primary.Close()
	if committedBefore < n/3 {
		t.Fatalf("only %d messages committed before the failover", committedBefore)
	}
	killedAt := time.Now()
	if err := repl.Primary.Kill(); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := repl.Standby.Promote(pctx); err != nil {
		t.Fatal(err)
	}
	promotedAt := time.Now()

	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	holder := lockHolder(t, pool, time.Minute)
	serves[holder].kill()
	killedServeAt := time.Now()
	// The other serve takes the lock over; a supervisor restarts the
	// killed one a little later.
	time.AfterFunc(3*time.Second, serves[holder].start)

	var firstAfter time.Time
	deadline := time.Now().Add(time.Minute)
	for firstAfter.IsZero() && time.Now().Before(deadline) {
		_ = pool.QueryRow(ctx, `SELECT coalesce(min(created_at), 'epoch') FROM message WHERE created_at > $1`, killedAt).Scan(&firstAfter)
		if firstAfter.Equal(time.Unix(0, 0)) {
			firstAfter = time.Time{}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if firstAfter.IsZero() {
		t.Fatal("no message committed within a minute of the primary's death")
	}
	<-appended
	settled := waitSettled(t, pool, n, 3*time.Minute)
	time.Sleep(2 * time.Second) // let any straggler (a double) show itself

	lost := checkExactlyOnce(t, pool, n, simpleDate)
	checkDeadlinesAndAlerts(t, pool, n)
	out, err := runAuditVerify(bin, dsn, keyFile)
	if err != nil {
		t.Fatalf("audit verify after the failover: %v\n%s", err, out)
	}
	t.Logf("failover: %d messages (%d committed before SIGKILL of the primary); promote took %s; serve %s (mailbox lock holder) SIGKILLed %s after the kill",
		n, committedBefore, promotedAt.Sub(killedAt).Round(time.Millisecond), holder, killedServeAt.Sub(killedAt).Round(time.Millisecond))
	t.Logf("failover: recovery time (kill → first new message committed) %s; messages lost %d; all %d submissions settled %s after the kill; %s",
		firstAfter.Sub(killedAt).Round(time.Millisecond), lost, n, settled.Sub(killedAt).Round(time.Millisecond), bytes.TrimSpace(out))
}

// lockHolder returns the application_name of the session holding the
// mailbox lock (an advisory lock taken by the watcher's own connection).
func lockHolder(t *testing.T, pool *pgxpool.Pool, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var name string
		err := pool.QueryRow(context.Background(), `
			SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'serve_%'`).Scan(&name)
		if err == nil {
			return name
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no serve took the mailbox lock on the promoted standby")
	return ""
}

// waitSettled waits until n submissions exist and no job of the intake
// pipeline is left to run; it returns when that happened.
func waitSettled(t *testing.T, pool *pgxpool.Pool, n int, within time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var subs, pending int
		_ = pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM submission),
			(SELECT count(*) FROM river_job WHERE (state IN ('available', 'running', 'retryable', 'pending')
			   OR state = 'scheduled' AND scheduled_at < now())
			   AND kind NOT IN ('deadline_sweep', 'notify_intake_stalled', 'notify_digest'))`).Scan(&subs, &pending)
		if subs >= n && pending == 0 {
			return time.Now()
		}
		time.Sleep(100 * time.Millisecond)
	}
	dumpJobs(t, pool)
	t.Fatalf("the pipeline did not settle within %s", within)
	return time.Time{}
}

// checkExactlyOnce asserts one message row and one submission per appended
// message, each with the INTERNALDATE the server gave it; it returns the
// number of messages with no submission.
func checkExactlyOnce(t *testing.T, pool *pgxpool.Pool, n int, internalDate func(int) time.Time) int {
	t.Helper()
	ctx := context.Background()
	var msgs, distinct, subs, distinctSubs int
	pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT message_id) FROM message`).Scan(&msgs, &distinct)
	pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT first_message_id) FROM submission`).Scan(&subs, &distinctSubs)
	if msgs != n || distinct != n || subs != n || distinctSubs != n {
		t.Errorf("%d message rows (%d distinct ids), %d submissions (%d distinct); want %d of each", msgs, distinct, subs, distinctSubs, n)
	}
	rows, err := pool.Query(ctx, `SELECT m.message_id, s.received_at FROM submission s JOIN message m ON m.id = s.first_message_id`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	wrong := 0
	for rows.Next() {
		var mid string
		var at time.Time
		if err := rows.Scan(&mid, &at); err != nil {
			t.Fatal(err)
		}
		var i int
		fmt.Sscanf(mid, "fault-%d@", &i)
		seen[i] = true
		if !at.Equal(internalDate(i)) {
			if wrong++; wrong < 5 {
				t.Errorf("%s: received_at %s, want %s", mid, at, internalDate(i))
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d submissions with a wrong receipt time", wrong)
	}
	lost := 0
	for i := 0; i < n; i++ {
		if !seen[i] {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d messages lost", lost)
	}
	var failed int
	pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state IN ('discarded', 'cancelled')`).Scan(&failed)
	if failed > 0 {
		dumpJobs(t, pool)
		t.Errorf("%d jobs discarded or cancelled", failed)
	}
	return lost
}

// checkDeadlinesAndAlerts asserts that every submission got the same
// number of deadlines that were not replaced (cancelled), one per rule, and
// every deadline past due exactly one breach alert. (Which deadlines a
// classification replaced depends on the order the jobs ran in, which the
// faults change: a replaced one is history, not a lost deadline.)
func checkDeadlinesAndAlerts(t *testing.T, pool *pgxpool.Pool, n int) {
	t.Helper()
	ctx := context.Background()
	var minPer, maxPer, doubled int
	if err := pool.QueryRow(ctx, `SELECT coalesce(min(c), 0), coalesce(max(c), 0) FROM (
		SELECT s.id, count(d.id) c FROM submission s LEFT JOIN deadline d ON d.submission_id = s.id AND d.state <> 'cancelled' GROUP BY s.id) x`).Scan(&minPer, &maxPer); err != nil {
		t.Fatal(err)
	}
	pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM deadline WHERE state <> 'cancelled' GROUP BY submission_id, rule_id HAVING count(*) > 1) x`).Scan(&doubled)
	if minPer == 0 || minPer != maxPer || doubled > 0 {
		t.Errorf("deadlines per submission: min %d, max %d, %d doubled (submission, rule) pairs; want the same non-zero set for each of %d submissions", minPer, maxPer, doubled, n)
	}
	var overdue, withBreach, alertDoubles int
	pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM alert a WHERE a.deadline_id = d.id AND a.kind = 'breach'))
		FROM deadline d WHERE d.state IN ('running', 'breached') AND d.due_at < now() - interval '5 seconds'`).Scan(&overdue, &withBreach)
	pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM alert GROUP BY deadline_id, kind, step, scope HAVING count(*) > 1) x`).Scan(&alertDoubles)
	if overdue != withBreach || alertDoubles > 0 {
		t.Errorf("%d overdue deadlines, %d with a breach alert; %d doubled alerts", overdue, withBreach, alertDoubles)
	}
	rows, _ := pool.Query(ctx, `SELECT rule_id, start_event, state, count(*), count(DISTINCT submission_id) FROM deadline GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	for rows.Next() {
		var rule, ev, st string
		var c, ds int
		rows.Scan(&rule, &ev, &st, &c, &ds)
		t.Logf("deadline %s %s %s: %d (%d submissions)", rule, ev, st, c, ds)
	}
	t.Logf("deadlines: %d per submission; %d overdue, each with one breach alert", minPer, overdue)
}

// runAuditVerify runs `tiepnhan audit verify` against dsn.
func runAuditVerify(bin, dsn, keyFile string) ([]byte, error) {
	cmd := exec.Command(bin, "audit", "verify")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn, "TIEPNHAN_UI_KEY_FILE="+keyFile, "TIEPNHAN_LOG_LEVEL=warn")
	return cmd.CombinedOutput()
}
