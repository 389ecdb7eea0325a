package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// benchItems is the size of the database the inbox must stay fast on.
const benchItems = 1_000_000

// seedMillion fills message, submission and triage with benchItems rows by
// COPY (triggers off, as a restore would): 90 % open, 20 units, 4 timing
// classes, 20 assignees, deadlines spread over ±30 days, 0.5 % quarantined.
func seedMillion(b *testing.B, e *env, assignees []int64) {
	ctx := context.Background()
	start := time.Now()
	conn := restoring(b, e)
	defer conn.Release()
	rnd := rand.New(rand.NewPCG(1, 2))
	now := time.Now()
	units := make([]string, 20)
	for i := range units {
		units[i] = fmt.Sprintf("unit-%02d", i)
	}
	units[0], units[1] = "cuc-pbgdpl", "cuc-htpt"
	timings := []string{"direction", "admin_document", "news_event", "other"}
	openStates := []string{workflow.StateAwaitingTriage, workflow.StateInEdit, workflow.StatePendingApproval, workflow.StateForwarded, workflow.StateAwaitingAuthor}
	copyN := func(table string, cols []string, row func(i int) []any) { copyItems(b, conn, table, cols, row) }
	recv := func(i int) time.Time { return now.Add(-time.Duration(benchItems-i) * 20 * time.Second) }
	copyN("message", []string{"id", "message_id", "sha256", "size", "received_at", "kind", "submission_id"}, func(i int) []any {
		return []any{int64(i), fmt.Sprintf("b%d@bench", i), fmt.Sprint(i), int64(5000), recv(i), "submission", int64(i)}
	})
	copyN("submission", []string{"id", "reference", "state", "subject", "from_addr", "from_name", "received_at", "first_message_id"}, func(i int) []any {
		return []any{int64(i), fmt.Sprintf("TN-B-%07d", i), "x", fmt.Sprintf("Đề nghị đăng tải văn bản số %d/KH-BTP về công tác phổ biến pháp luật", i),
			fmt.Sprintf("nguoigui%d@moj.gov.vn", i%5000), "Người gửi", recv(i), int64(i)}
	})
	copyN("triage", []string{"submission_id", "state", "open", "received_at", "kind", "category", "timing", "unit", "assignee_id", "next_due_at", "next_due_rule", "quarantined", "grounds"}, func(i int) []any {
		open := rnd.IntN(10) != 0
		state := workflow.StatePublished
		if open {
			state = openStates[rnd.IntN(len(openStates))]
		}
		var assignee *int64
		if rnd.IntN(3) != 0 {
			assignee = &assignees[rnd.IntN(len(assignees))]
		}
		var due *time.Time
		if rnd.IntN(20) != 0 {
			d := now.Add(time.Duration(rnd.IntN(60*24*60)-30*24*60) * time.Minute)
			due = &d
		}
		return []any{int64(i), state, open, recv(i), "publish", "8.3", timings[rnd.IntN(4)], units[rnd.IntN(20)], assignee, due, "13.1", rnd.IntN(200) == 0, []string{}}
	})
	// One deadline row per item (the page also reads each item's deadlines
	// still counting: postgres.UI.laterDeadlines), nine in ten running.
	copyN("deadline", []string{"submission_id", "rule_id", "article", "basis", "rule", "start_event", "starts_at", "allowed", "due_at", "state"}, func(i int) []any {
		state := "running"
		if rnd.IntN(10) == 0 {
			state = "met"
		}
		return []any{int64(i), "13.1", "Điều 13 khoản 1", "", "{}", "received", recv(i), 4 * time.Hour,
			now.Add(time.Duration(rnd.IntN(60*24*60)-30*24*60) * time.Minute), state}
	})
	if _, err := conn.Exec(ctx, `UPDATE submission s SET state = t.state FROM triage t WHERE t.submission_id = s.id`); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`SELECT setval('message_id_seq', $1)`, `SELECT setval('submission_id_seq', $1)`} {
		if _, err := conn.Exec(ctx, q, benchItems); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := conn.Exec(ctx, `ANALYZE message; ANALYZE submission; ANALYZE triage; ANALYZE deadline; ANALYZE account`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d items in %s", benchItems, time.Since(start).Round(time.Second))
}

// BenchmarkInbox renders inbox pages through the whole handler (session
// lookup, keyset query, count, template) on a database of a million items,
// cycling through the filters people use and deep pages, and reports the
// 95th percentile (goal: ≤ 100 ms). Run with `make bench-inbox`.
func BenchmarkInbox(b *testing.B) {
	if b.N < 10 {
		// The testing package's first probe run (b.N = 1) would seed a
		// million rows just to throw them away: run with a fixed count,
		// -benchtime 200x (make bench-inbox).
		return
	}
	e, assignees, boardCk, memberCk := benchMillion(b)
	h := e.srv.Config.Handler

	// A deep page: follow 20 pages of the default view.
	deep := "/inbox"
	for i := 0; i < 20; i++ {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", deep, nil)
		req.AddCookie(boardCk)
		h.ServeHTTP(rec, req)
		m := nextRE.FindStringSubmatch(rec.Body.String())
		if m == nil {
			b.Fatalf("page %d has no next link", i)
		}
		deep = htmlUnescape(m[1])
	}
	probes := []probe{
		{"/inbox", boardCk}, {deep, boardCk}, {"/inbox?unit=unit-07", boardCk}, {"/inbox?state=pending_approval", boardCk},
		{"/inbox?overdue=1", boardCk}, {fmt.Sprintf("/inbox?assignee=%d", assignees[3]), boardCk}, {"/inbox?timing=direction", boardCk},
		{"/inbox?quarantined=1", boardCk}, {"/inbox?unit=unit-05&timing=news_event&overdue=1", boardCk}, {"/inbox", memberCk},
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := probes[i%len(probes)]
		d, rec := p.served(h)
		lat = append(lat, d)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s = %d", p.path, rec.Code)
		}
	}
	b.StopTimer()
	reportLatency(b, "inbox", lat, 100*time.Millisecond)
}

// restoring acquires a connection of e's pool that writes as a restore
// does (triggers off: session_replication_role replica) and runs stmts on
// it; the caller releases it.
func restoring(b *testing.B, e *env, stmts ...string) *pgxpool.Conn {
	ctx := context.Background()
	conn, err := e.store.Pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range append([]string{`SET session_replication_role = replica`}, stmts...) {
		if _, err := conn.Exec(ctx, q); err != nil {
			conn.Release()
			b.Fatalf("%s: %v", q, err)
		}
	}
	return conn
}

// copyItems copies benchItems rows into table by COPY on conn, row i
// (from 1) given by row.
func copyItems(b *testing.B, conn *pgxpool.Conn, table string, cols []string, row func(i int) []any) {
	i := 0
	n, err := conn.Conn().CopyFrom(context.Background(), pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i >= benchItems {
			return nil, nil
		}
		i++
		return row(i), nil
	}))
	if err != nil || n != benchItems {
		b.Fatalf("copy %s: %d rows, %v", table, n, err)
	}
}

// benchMillion is the database of a million items the inbox and search
// benchmarks run on (seedMillion), with 20 editors as assignees and the
// session cookies of a Standing Board member ("lan") and of a board member
// of two units ("member").
func benchMillion(b *testing.B) (e *env, assignees []int64, boardCk, memberCk *http.Cookie) {
	e = newEnv(b)
	for i := 0; i < 20; i++ {
		assignees = append(assignees, e.account(fmt.Sprintf("bt%02d", i), auth.Grant{Role: auth.RoleEditor}))
	}
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	e.account("member", auth.Grant{Role: auth.RoleBoardMember, Unit: "cuc-pbgdpl"}, auth.Grant{Role: auth.RoleBoardMember, Unit: "cuc-htpt"})
	seedMillion(b, e, assignees)
	cookie := func(c *client) *http.Cookie {
		for _, ck := range c.http.Jar.Cookies(mustURL(e.srv.URL)) {
			if ck.Name == sessionCookie {
				return ck
			}
		}
		b.Fatal("no session cookie")
		return nil
	}
	return e, assignees, cookie(e.login("lan")), cookie(e.login("member"))
}

// probe is a page a latency benchmark asks for, as the person whose
// session cookie ck is.
type probe struct {
	path string
	ck   *http.Cookie
}

// served serves the probe's GET on h and returns how long it took and
// the response.
func (p probe) served(h http.Handler) (time.Duration, *httptest.ResponseRecorder) {
	req := httptest.NewRequest("GET", p.path, nil)
	req.AddCookie(p.ck)
	rec := httptest.NewRecorder()
	t0 := time.Now()
	h.ServeHTTP(rec, req)
	return time.Since(t0), rec
}

// reportLatency reports the 50th and 95th percentiles and the maximum of
// lat, and fails the benchmark when the 95th is over goal (20 samples or
// more).
func reportLatency(b *testing.B, what string, lat []time.Duration, goal time.Duration) {
	slices.Sort(lat)
	p95 := lat[(len(lat)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	if len(lat) >= 20 && p95 > goal {
		b.Errorf("%s p95 %s over %d samples: goal ≤ %s", what, p95, len(lat), goal)
	}
}
