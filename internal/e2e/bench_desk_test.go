package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// deskDone is the moment a person at the desk has the item to work on:
// in the inbox (its triage row), classified, with its deadlines, and
// routed (route_submission done).
const deskDone = `SELECT count(*) FROM message m
	JOIN submission s ON s.id = m.submission_id
	JOIN triage t ON t.submission_id = s.id
	JOIN classification c ON c.submission_id = s.id
	WHERE m.message_id = $1
	  AND EXISTS (SELECT 1 FROM deadline d WHERE d.submission_id = s.id)
	  AND EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'route_submission' AND j.state = 'completed'
	              AND (j.args ->> 'submission_id')::bigint = s.id)`

// BenchmarkDeskLatency measures what a person waits for: from APPEND (real
// Dovecot, the watcher in IDLE) to the item being in the inbox classified,
// with its deadlines and its route, one mail at a time, for a mail with a
// text PDF (corpus 001, goal p99 ≤ 2 s) and for one with a scanned page
// that needs OCR (corpus 010, goal p99 ≤ 15 s). Beside each it prints the
// IDLE latency of the same mails (APPEND → message stored), the reference.
// DESK_PDF_N and DESK_OCR_N set the number of mails (30 and 8).
func BenchmarkDeskLatency(b *testing.B) {
	_, a, conn, stop := benchService(b, "desk")
	defer stop()
	b.ResetTimer()
	for _, c := range []struct {
		name, file, env string
		n               int
		goal            time.Duration
	}{
		{"text PDF", "001-qd-ke-hoach-pbgdpl.eml", "DESK_PDF_N", 30, 2 * time.Second},
		{"scanned page (OCR)", "010-bc-so-ket-thads-ban-scan.eml", "DESK_OCR_N", 8, 15 * time.Second},
	} {
		raw, err := os.ReadFile(filepath.Join(repoRoot(b), "testdata", "corpus", c.file))
		if err != nil {
			b.Fatal(err)
		}
		n := c.n
		if s := os.Getenv(c.env); s != "" {
			fmt.Sscan(s, &n)
		}
		var desk, stored []time.Duration
		for i := range n {
			id := fmt.Sprintf("desk-%s-%d@example.vn", c.env, i)
			start := time.Now()
			if err := a.append(withMessageID(raw, id), time.Now()); err != nil {
				b.Fatal(err)
			}
			// The previous mail's submission row may come first.
			for notification(b, conn, fmt.Sprintf("%s %d", c.name, i)) != "bench_message" {
			}
			stored = append(stored, time.Since(start))
			desk = append(desk, waitDesk(b, conn, id, start, 5*time.Minute))
		}
		p50, p99 := percentiles(desk)
		r50, r99 := percentiles(stored)
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99_ms_"+c.env)
		fmt.Printf("desk latency, %s, %d mails: APPEND → in the inbox classified, with deadlines and route: p50 %s, p99 %s (goal p99 ≤ %s); reference APPEND → message stored (IDLE): p50 %s, p99 %s\n",
			c.name, n, p50.Round(time.Millisecond), p99.Round(time.Millisecond), c.goal, r50.Round(time.Millisecond), r99.Round(time.Millisecond))
	}
}

// waitDesk polls deskDone for the mail with Message-ID id and returns the
// time since start.
func waitDesk(b *testing.B, conn *pgx.Conn, id string, start time.Time, within time.Duration) time.Duration {
	ctx := context.Background()
	for {
		var n int
		if err := conn.QueryRow(ctx, deskDone, id).Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n == 1 {
			return time.Since(start)
		}
		if time.Since(start) > within {
			b.Fatalf("%s not at the desk within %s", id, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// percentiles returns the p50 and p99 of ds (sorted in place).
func percentiles(ds []time.Duration) (time.Duration, time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], ds[len(ds)*99/100]
}
