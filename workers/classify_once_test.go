package workers_test

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/workers/workerstest"
)

// TestClassificationOncePerKey: classify_submission computes a
// submission's classification once per key (rules and model versions,
// directory, what was read) and reuses the stored one when it runs again
// on the same (a message read again), computing it anew under other rules.
func TestClassificationOncePerKey(t *testing.T) {
	p := workerstest.New(t)
	rs, err := classify.Load(bytes.NewReader(config.ClassifyRules), config.ClassifyRulesName, classify.LoadOptions{Units: p.Dir.UnitCodes()})
	if err != nil {
		t.Fatal(err)
	}
	var rules atomic.Pointer[classify.Rules]
	rules.Store(rs)
	p.Deps.Classify.Rules = rules.Load
	ctx := context.Background()
	received := time.Now().Add(-time.Hour)
	raw := "From: Tác giả <tacgia@example.vn>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Tin hội nghị\r\nMessage-ID: <once1@b.vn>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nĐề nghị đăng tin hội nghị.\r\n"
	var id int64
	// A submission as the read leaves it, its classification stored
	// without a key (as before keys).
	if err := p.Store.InTx(ctx, func(tx pgx.Tx) error {
		var mid int64
		if err := tx.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ('once1@b.vn', 'once1', $1, $2, 'submission')
			RETURNING id`, len(raw), received).Scan(&mid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_raw (message_id, raw) VALUES ($1, $2)`, mid, []byte(raw)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, text_body, derived)
			VALUES ($1, 'Tin hội nghị', 'tacgia@example.vn', 'Đề nghị đăng tin hội nghị.', '{"body": {"text": "Đề nghị đăng tin hội nghị."}}')`, mid); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, from_addr, received_at, first_message_id)
			VALUES ('TN-2026-000001', 'awaiting_triage', 'Tin hội nghị', 'tacgia@example.vn', $1, $2) RETURNING id`, received, mid).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, mid, id); err != nil {
			return err
		}
		return p.Store.SaveClassification(ctx, tx, id, classify.Result{RulesVersion: "v-test", Kind: "publish", Timing: "news_event", Target: "portal_editor"})
	}); err != nil {
		t.Fatal(err)
	}
	p.Run()
	classified := func() int {
		var n int
		p.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE submission_id = $1 AND kind = 'classified'`, id).Scan(&n)
		return n
	}
	run := func(n int) {
		t.Helper()
		if _, err := p.Client.Insert(ctx, jobs.ClassifySubmissionArgs{SubmissionID: id}, nil); err != nil {
			t.Fatal(err)
		}
		for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			var done int
			p.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'classify_submission' AND state = 'completed'`).Scan(&done)
			if done >= n {
				return
			}
			if time.Now().After(end) {
				t.Fatalf("%d classify_submission jobs completed, want %d", done, n)
			}
		}
	}
	// The stored classification has no key: computed.
	run(1)
	if got := classified(); got != 2 {
		t.Fatalf("%d classifications after the first run, want 2 (the seed's and the worker's)", got)
	}
	c, err := p.Store.Classification(ctx, p.Store.Pool, id)
	if err != nil || c.Result.Key == "" || c.RulesVersion != rs.Version {
		t.Fatalf("stored %+v, %v: want the key and rules version", c.Result, err)
	}
	run(2)
	if got := classified(); got != 2 {
		t.Errorf("%d classifications after a second run on the same key, want 2 (reused)", got)
	}
	// Other rules: computed again.
	other := *rs
	other.Version = rs.Version + "-b"
	rules.Store(&other)
	run(3)
	if got := classified(); got != 3 {
		t.Errorf("%d classifications after the rules changed, want 3", got)
	}
	if c, _ := p.Store.Classification(ctx, p.Store.Pool, id); c.RulesVersion != other.Version {
		t.Errorf("stored rules version %q, want %q", c.RulesVersion, other.Version)
	}
}
