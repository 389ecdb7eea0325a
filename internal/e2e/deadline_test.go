package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// stallProxy forwards SMTP connections to a server, or, while stalled,
// accepts them and answers nothing: the client hangs waiting for the
// greeting, as with a relay that stopped responding.
type stallProxy struct {
	t      testing.TB
	ln     net.Listener
	target string
	stall  atomic.Bool
	mu     sync.Mutex
	held   []net.Conn
}

func newStallProxy(t testing.TB, target string) *stallProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{t: t, ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.setStall(false) })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if p.stall.Load() {
				p.mu.Lock()
				p.held = append(p.held, c)
				p.mu.Unlock()
				continue
			}
			go p.forward(c)
		}
	}()
	return p
}

func (p *stallProxy) forward(c net.Conn) {
	defer c.Close()
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer s.Close()
	done := make(chan struct{}, 2)
	go func() { io.Copy(s, c); done <- struct{}{} }()
	go func() { io.Copy(c, s); done <- struct{}{} }()
	<-done
}

func (p *stallProxy) addr() string { return p.ln.Addr().String() }

// heldCount is how many connections are held while stalled.
func (p *stallProxy) heldCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.held)
}

func (p *stallProxy) setStall(on bool) {
	p.stall.Store(on)
	if !on {
		p.mu.Lock()
		for _, c := range p.held {
			c.Close()
		}
		p.held = nil
		p.mu.Unlock()
	}
}

// alertMail is one alert received by the sink.
type alertMail struct {
	kind, to, subject, messageID string
}

func alertMails(t testing.TB, sink *testenv.Sink) []alertMail {
	var out []alertMail
	for _, d := range sink.Deliveries(t) {
		m, err := mailparse.Parse(bytes.NewReader(d.Data), mailparse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := alertMail{to: strings.Join(d.RcptTo, ","), subject: m.Subject, messageID: m.MessageID}
		for _, f := range m.Header {
			if strings.EqualFold(f.Name, "X-Tiepnhan-Alert") {
				a.kind = f.Value
			}
		}
		out = append(out, a)
	}
	return out
}

func countKind(ms []alertMail, kind, to string) int {
	n := 0
	for _, m := range ms {
		if m.kind == kind && strings.Contains(m.to, to) {
			n++
		}
	}
	return n
}

// waitUntil polls cond every 100 ms for up to within.
func waitUntil(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(within)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("waited %s for %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// runCLI runs the binary with env and returns its output and exit code.
func runCLI(t testing.TB, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// oneDayRule is Điều 13 khoản 2 for every timing class, so that the test
// does not depend on how classification classes a plain message.
const oneDayRule = `[[rule]]
id = "13.2"
article = "Điều 13 khoản 2"
basis = "Đối với các loại thông tin khác: Việc đăng tải được thực hiện ngay và không quá 01 ngày làm việc kể từ thời điểm tiếp nhận thông tin cần đăng tải."
start = "received"
stop = "published"
applies_to = ["direction", "admin_document", "news_event", "other"]
days = 1
`

// TestBreachAlertExactlyOnceAcrossKills runs the service as a child
// process on a 24-hour working calendar (the CLI declares the days around
// today working), with a message received 1 working day minus 40 s ago: its
// Điều 13 khoản 2 deadline falls due 40 s into the test. The service is
// SIGKILLed 2 s before the breach instant and restarted 2 s after it; then
// SIGKILLed again while it is handing the breach alert to a relay that
// stopped answering (the alert's intent recorded, the mail not sent);
// restarted, it sends the alert; SIGKILLed once more right after the alert
// is recorded sent, and restarted. (A kill in the milliseconds between the
// relay's acceptance and that record would send it twice, with the same
// Message-ID: the documented limit of internal/pipeline/alert.go; the first
// escalation comes alerts.escalation_delay after the breach alert was sent,
// so no other alert is in flight at that kill.) The sink must hold exactly one 80 % warning (the 50 % one was
// overtaken), one breach alert to the desk and one escalation to each head,
// with one alert record each and one "breached" event.
func TestBreachAlertExactlyOnceAcrossKills(t *testing.T) {
	if testing.Short() {
		t.Skip("fault-injection test")
	}
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	d := testenv.Dovecot(t, testenv.Options{})
	sink := testenv.SMTPSink(t)
	px := newStallProxy(t, sink.Addr())
	bin := buildBinary(t)
	rules := filepath.Join(t.TempDir(), "rules.toml")
	if err := os.WriteFile(rules, []byte(oneDayRule), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"DATABASE_URL=" + dsn,
		"TIEPNHAN_IMAP_ADDR=" + d.Addr(), "TIEPNHAN_IMAP_SECURITY=none",
		"TIEPNHAN_IMAP_USERNAME=" + d.User(), "TIEPNHAN_IMAP_PASSWORD=" + d.Password(),
		"TIEPNHAN_IMAP_BACKOFF_MIN=50ms", "TIEPNHAN_IMAP_BACKOFF_MAX=1s",
		"TIEPNHAN_HTTP_ADDR=127.0.0.1:0", "TIEPNHAN_LOG_LEVEL=info", "TIEPNHAN_LOG_FORMAT=text",
		"TIEPNHAN_WORKERS_JOB_TIMEOUT=3s", "TIEPNHAN_WORKERS_PARSE_TIMEOUT=4s", "TIEPNHAN_WORKERS_RESCUE_AFTER=5s",
		"TIEPNHAN_SMTP_ADDR=" + px.addr(), "TIEPNHAN_SMTP_SECURITY=none",
		"TIEPNHAN_DEADLINES_OFFICE_HOURS=00:00-24:00", "TIEPNHAN_DEADLINES_RULES_FILE=" + rules,
		"TIEPNHAN_ALERTS_DESK=desk@moj.gov.vn", "TIEPNHAN_ALERTS_STANDING_BOARD_HEAD=cvp@moj.gov.vn",
		"TIEPNHAN_ALERTS_BOARD_HEAD=truongban@moj.gov.vn", "TIEPNHAN_ALERTS_ESCALATION_DELAY=4s",
	}
	today := workday.DateOf(time.Now())
	for i := -2; i <= 2; i++ {
		out, code := runCLI(t, bin, env, "calendar", "set-working", today.AddDays(i).String(), "--reason", "thử nghiệm e2e", "--actor", "e2e")
		if code != 0 || !strings.Contains(out, "là ngày làm việc") {
			t.Fatalf("calendar set-working: exit %d\n%s", code, out)
		}
	}
	var log bytes.Buffer
	p := &proc{t: t, bin: bin, log: &syncWriter{w: &log}, env: env}
	defer func() {
		if t.Failed() {
			t.Logf("service log (tail):\n%s", tail(log.String(), 8000))
		}
	}()
	p.start()
	defer p.stop()

	due := time.Now().Add(40 * time.Second).Truncate(time.Second)
	a := &appender{d: d}
	defer a.close()
	if err := a.append(simpleMessage(4001), due.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if n := waitCount(t, pool, 1, 60*time.Second, `SELECT count(*) FROM deadline WHERE due_at = $1 AND state = 'running'`, due); n != 1 {
		t.Fatalf("no running 13.2 deadline due at %s", due)
	}
	waitUntil(t, 30*time.Second, "the 80% warning", func() bool { return len(alertMails(t, sink)) >= 1 })

	// Kill 2 s before the breach instant; come back 2 s after it, with the
	// relay hanging.
	time.Sleep(time.Until(due.Add(-2 * time.Second)))
	p.kill()
	px.setStall(true)
	time.Sleep(time.Until(due.Add(2 * time.Second)))
	p.start()
	waitUntil(t, 90*time.Second, "the breach alert's intent and a connection to the hung relay", func() bool {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM alert WHERE kind = 'breach' AND state = 'pending'`).Scan(&n)
		return n == 1 && px.heldCount() > 0
	})
	p.kill() // in the middle of the SMTP conversation
	px.setStall(false)
	if ms := alertMails(t, sink); countKind(ms, "breach", "") != 0 {
		t.Fatalf("breach alert delivered although the relay never answered: %+v", ms)
	}
	p.start()
	waitUntil(t, 120*time.Second, "the breach alert", func() bool { return countKind(alertMails(t, sink), "breach", "") >= 1 })
	waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM alert WHERE kind = 'breach' AND state = 'sent'`)
	p.kill() // right after the alert was recorded sent
	p.start()
	waitUntil(t, 120*time.Second, "both escalation steps", func() bool { return countKind(alertMails(t, sink), "escalation", "") >= 2 })
	time.Sleep(8 * time.Second) // a duplicate would arrive by now (River's scheduler runs every 5 s)

	var ms []alertMail
	for _, m := range alertMails(t, sink) {
		if m.kind != "" { // other mail (a supplement request to the sender) is not an alert
			ms = append(ms, m)
		}
	}
	for _, c := range []struct {
		kind, to string
	}{{"warning", "desk@"}, {"breach", "desk@"}, {"escalation", "cvp@"}, {"escalation", "truongban@"}} {
		if n := countKind(ms, c.kind, c.to); n != 1 {
			t.Errorf("%d %s alerts to %s, want exactly 1", n, c.kind, c.to)
		}
	}
	if len(ms) != 4 {
		t.Errorf("sink holds %d alerts, want 4: %+v", len(ms), ms)
	}
	// The chain keeps its order even when the breach alert was delayed.
	if len(ms) == 4 && (ms[0].kind != "warning" || ms[1].kind != "breach" || !strings.Contains(ms[2].to, "cvp@") || !strings.Contains(ms[3].to, "truongban@")) {
		t.Errorf("alerts out of order: %+v", ms)
	}
	for _, m := range ms {
		if m.kind == "warning" && !strings.Contains(m.subject, "80%") {
			t.Errorf("warning %q, want the 80%% one only (50%% was overtaken)", m.subject)
		}
	}
	var breachRows, breachSent, breachAttempts, events, held int
	pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE state = 'sent'), max(attempts) FROM alert WHERE kind = 'breach'`).Scan(&breachRows, &breachSent, &breachAttempts)
	pool.QueryRow(ctx, `SELECT count(*) FROM deadline_event WHERE kind = 'breached'`).Scan(&events)
	pool.QueryRow(ctx, `SELECT count(*) FROM alert WHERE state <> 'sent' AND kind <> 'warning'`).Scan(&held)
	if breachRows != 1 || breachSent != 1 || breachAttempts != 1 || events != 1 || held != 0 {
		t.Errorf("breach alert rows %d (sent %d, attempts %d), breached events %d, unsent alerts %d; want 1, 1, 1, 1, 0",
			breachRows, breachSent, breachAttempts, events, held)
	}
	var state string
	pool.QueryRow(ctx, `SELECT state FROM deadline WHERE due_at = $1`, due).Scan(&state)
	if state != "breached" {
		t.Errorf("deadline state %q, want breached", state)
	}
}

// syncWriter serialises writes from the child's stdout and stderr.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

// TestCalendarChangeMovesOpenDeadlines: the service runs with the
// Ministry's calendar; a message received now gets its Điều 13 deadline. An
// administrator declares its due date a day off with the CLI: the
// deadline moves to the instant a calendar with that day off gives (built
// here independently), the CLI prints the move, the deadline_event row
// holds the old and new due instants, and the breach job is rescheduled.
// Clearing the override moves it back.
func TestCalendarChangeMovesOpenDeadlines(t *testing.T) {
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	d := testenv.Dovecot(t, testenv.Options{})
	bin := buildBinary(t)
	svc := startService(t, serviceConfig(dsn, d))
	received := time.Now().Truncate(time.Second)
	d.Append(t, "INBOX", simpleMessage(4002), received)
	waitCount(t, svc.Pool, 1, 60*time.Second, `SELECT count(*) FROM message_parsed WHERE read_at IS NOT NULL`)
	waitCount(t, svc.Pool, 1, 30*time.Second, `SELECT count(*) FROM deadline WHERE state = 'running' AND rule_id LIKE '13.%'`)
	time.Sleep(time.Second) // let read_message's refresh of the deadlines commit
	var id int64
	var rule string
	var days float64
	var due time.Time
	// The Điều 13 deadline (a supplement request may have started an 11.2 one too).
	if err := svc.Pool.QueryRow(ctx, `SELECT id, rule_id, (rule->>'Days')::float8, due_at FROM deadline WHERE state = 'running' AND rule_id LIKE '13.%'`).Scan(&id, &rule, &days, &due); err != nil {
		t.Fatal(err)
	}
	off := workday.DateOf(due)
	sched, _ := workday.EmbeddedSchedule()
	sched.DaysOff = append(sched.DaysOff, workday.DayOff{From: off, To: off, Name: "nghỉ đột xuất"})
	cfg := workday.DefaultConfig()
	cfg.Schedule = sched
	withOff, err := workday.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	wantDue := withOff.AddDays(received, days)

	env := []string{"DATABASE_URL=" + dsn, "TIEPNHAN_LOG_LEVEL=warn"}
	out, code := runCLI(t, bin, env, "calendar", "set-day-off", off.String(), "--reason", "nghỉ đột xuất", "--actor", "admin@moj.gov.vn")
	stamp := func(t time.Time) string { return t.In(workday.Zone).Format("15:04 02/01/2006") }
	wantLine := fmt.Sprintf("quy tắc %s: %s → %s", rule, stamp(due), stamp(wantDue))
	if code != 0 || !strings.Contains(out, wantLine) {
		t.Fatalf("calendar set-day-off: exit %d, want a line %q:\n%s", code, wantLine, out)
	}
	var newDue, oldEv, newEv time.Time
	var actor, reason string
	svc.Pool.QueryRow(ctx, `SELECT due_at FROM deadline WHERE id = $1`, id).Scan(&newDue)
	svc.Pool.QueryRow(ctx, `SELECT old_due, new_due, actor, reason FROM deadline_event WHERE deadline_id = $1 AND kind = 'recomputed' ORDER BY id DESC LIMIT 1`, id).
		Scan(&oldEv, &newEv, &actor, &reason)
	if !newDue.Equal(wantDue) || !oldEv.Equal(due) || !newEv.Equal(wantDue) || actor != "admin@moj.gov.vn" || !strings.Contains(reason, off.VN()) {
		t.Fatalf("after the change: due %s; event %s → %s by %q (%q); want %s → %s", newDue, oldEv, newEv, actor, reason, due, wantDue)
	}
	waitCount(t, svc.Pool, 1, 10*time.Second, `SELECT count(*) FROM river_job WHERE kind = 'deadline_breach' AND (args->>'deadline_id')::bigint = $1
		AND (args->>'due')::timestamptz = $2 AND state = 'scheduled'`, id, wantDue)

	out, code = runCLI(t, bin, env, "calendar", "clear", off.String(), "--actor", "admin@moj.gov.vn")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%s → %s", stamp(wantDue), stamp(due))) {
		t.Fatalf("calendar clear: exit %d\n%s", code, out)
	}
	svc.Pool.QueryRow(ctx, `SELECT due_at FROM deadline WHERE id = $1`, id).Scan(&newDue)
	if !newDue.Equal(due) {
		t.Errorf("after clearing the override the deadline is due %s, want %s again", newDue, due)
	}
	out, code = runCLI(t, bin, env, "calendar", "set-day-off", off.String())
	if code != 2 || !strings.Contains(out, "--reason") {
		t.Errorf("set-day-off without a reason: exit %d\n%s", code, out)
	}
}
