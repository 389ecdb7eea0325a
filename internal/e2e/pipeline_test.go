package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// TestPipelineOnDovecot runs the whole intake on real servers: corpus mail
// delivered to Dovecot is fetched by the watcher, stored, parsed, read and
// handed to triage; auto-replies are recorded but are no submissions; a
// reply to one of our messages attaches to its submission; an oversize
// message is kept with its headers and flagged.
func TestPipelineOnDovecot(t *testing.T) {
	d, cfg := intakeOnDovecot(t)
	ctx := context.Background()
	cfg.Intake.MaxMessageBytes = 2 << 20
	svc := startService(t, cfg)
	pool := svc.Pool

	base := time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	msgs := corpus(t)
	names := make([]string, 0, len(msgs))
	for n := range msgs {
		names = append(names, n)
	}
	sort.Strings(names)
	// 26 ordinary messages and every auto-reply or bounce of the corpus.
	var picked, autos []string
	for _, n := range names {
		if derive.Envelope(msgs[n], derive.Options{}).Report.Message.AutoSubmitted {
			autos = append(autos, n)
		} else if len(picked) < 26 {
			picked = append(picked, n)
		}
	}
	names = append(picked, autos...)
	// Deliver the picked corpus messages with known receipt times.
	internal := map[string]time.Time{}
	for i, n := range names {
		at := base.Add(time.Duration(i) * 7 * time.Minute)
		d.Append(t, "INBOX", msgs[n], at)
		internal[n] = at
	}
	auto := []byte("From: MAILER-DAEMON@mx.example.vn\r\nTo: banbientap@moj.gov.vn\r\nSubject: Out of office\r\n" +
		"Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@example.vn>\r\n\r\nToi dang nghi phep.\r\n")
	d.Append(t, "INBOX", auto, base)
	big := append(withMessageID(msgs[names[0]], "big-1@example.vn"), []byte(strings.Repeat("A", 3<<20))...)
	d.Append(t, "INBOX", big, base)

	// The picked messages + 1 oversize become submissions; the auto-reply does not,
	// nor do the corpus' own auto-replies and bounces.
	autoInCorpus := 0
	for _, n := range names {
		if derive.Envelope(msgs[n], derive.Options{}).Report.Message.AutoSubmitted {
			autoInCorpus++
		}
	}
	if autoInCorpus == 0 {
		t.Fatal("the corpus holds no auto-reply: the test would not test that path")
	}
	wantSubs := len(names) + 1 - autoInCorpus
	// Past intake: awaiting triage, or a query the machine forwarded to its
	// unit (Điều 11 khoản 1, bước 2).
	got := waitCount(t, pool, wantSubs, 3*time.Minute, `SELECT count(*) FROM submission WHERE state IN ('awaiting_triage', 'forwarded')`)
	if got != wantSubs {
		dumpJobs(t, pool)
		t.Fatalf("%d submissions awaiting triage, want %d", got, wantSubs)
	}

	// Receipt time is INTERNALDATE, never Date:.
	rows, _ := pool.Query(ctx, `SELECT m.message_id, m.received_at, s.received_at FROM message m JOIN submission s ON s.first_message_id = m.id`)
	checked := 0
	for rows.Next() {
		var mid string
		var mr, sr time.Time
		rows.Scan(&mid, &mr, &sr)
		for n, at := range internal {
			if strings.Contains(string(msgs[n]), mid) && mid != "" {
				if !mr.Equal(at) || !sr.Equal(at) {
					t.Errorf("%s: received_at message %s submission %s, want INTERNALDATE %s", n, mr, sr, at)
				}
				checked++
				break
			}
		}
	}
	if checked < 25 {
		t.Fatalf("checked receipt time of %d messages only", checked)
	}

	var kind string
	var subID *int64
	pool.QueryRow(ctx, `SELECT kind, submission_id FROM message WHERE message_id = 'ooo-1@example.vn'`).Scan(&kind, &subID)
	if kind != "auto_reply" || subID != nil {
		t.Errorf("auto-reply: kind %q submission %v; want auto_reply and none", kind, subID)
	}
	var flags []string
	var headerOnly bool
	pool.QueryRow(ctx, `SELECT m.header_only, s.flags FROM message m JOIN submission s ON s.id = m.submission_id WHERE m.message_id = 'big-1@example.vn'`).Scan(&headerOnly, &flags)
	if !headerOnly || !contains(flags, "oversize") {
		t.Errorf("oversize message: header_only %v, flags %v", headerOnly, flags)
	}

	// A reply to our own message attaches to its submission.
	var subRef string
	var sid int64
	pool.QueryRow(ctx, `SELECT id, reference FROM submission ORDER BY id LIMIT 1`).Scan(&sid, &subRef)
	ours := pipeline.OutboundMessageID(subRef, "req1", cfg.Intake.OwnDomain)
	if _, err := pool.Exec(ctx, `INSERT INTO outbound_message (submission_id, message_id, kind, to_addr) VALUES ($1, $2, 'supplement_request', 'a@example.vn')`, sid, ours); err != nil {
		t.Fatal(err)
	}
	reply := fmt.Sprintf("From: a@example.vn\r\nTo: banbientap@moj.gov.vn\r\nSubject: Re: Đề nghị bổ sung\r\n"+
		"Message-ID: <reply-1@example.vn>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nMã số thuế: 0100109106\r\n", ours, ours)
	d.Append(t, "INBOX", []byte(reply), base.Add(time.Hour))
	n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM message WHERE message_id = 'reply-1@example.vn' AND submission_id = $1`, sid)
	if n != 1 {
		t.Fatal("reply did not attach to its submission")
	}
	var total int
	pool.QueryRow(ctx, `SELECT count(*) FROM submission`).Scan(&total)
	if total != wantSubs {
		t.Errorf("%d submissions after the reply, want still %d", total, wantSubs)
	}

	// Probes and metrics; /metrics only with the scraper's token.
	if resp, err := http.Get("http://" + svc.HTTPAddr() + "/metrics"); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /metrics without token: %d, want 401", resp.StatusCode)
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": `"database":"ok"`, "/metrics": "tiepnhan_imap_messages_stored_total"} {
		req, _ := http.NewRequest("GET", "http://"+svc.HTTPAddr()+path, nil)
		req.Header.Set("Authorization", "Bearer "+e2eMetricsToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body[:min(len(body), 200)])
		}
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func dumpJobs(t testing.TB, pool *pgxpool.Pool) {
	rows, err := pool.Query(context.Background(), `SELECT kind, state, count(*), max(coalesce(errors::text, '')) FROM river_job GROUP BY 1, 2`)
	if err != nil {
		return
	}
	for rows.Next() {
		var kind, state, errs string
		var n int
		rows.Scan(&kind, &state, &n, &errs)
		t.Logf("river_job %s %s: %d %s", kind, state, n, errs[:min(len(errs), 500)])
	}
}
