package workers_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/workers/workerstest"
)

// trustedAuthServ is the receiving server of the spoofing corpus.
const trustedAuthServ = "mx.moj.gov.vn"

// TestSpoofingCorpus (issue 12, findings 1 and 2) runs testdata/spoof
// through the pipeline, from the intake batch on, after a genuine document
// got its supplement request: no forged reply answers the request, no
// forged item makes the service mail its claimed sender, and the author's
// genuine answer still completes the item.
func TestSpoofingCorpus(t *testing.T) {
	h := workerstest.New(t)
	h.Deps.SenderAuth = true
	h.Deps.Derive.Auth = mailauth.Options{AuthServID: trustedAuthServ}
	c, cerr := derive.DefaultClassifier()
	if cerr != nil {
		t.Fatal(cerr)
	}
	h.Deps.Classify.Rules = c.Rules
	h.Run()
	ctx := context.Background()
	mb, err := h.Store.Mailbox(ctx, "spoof@test", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	var uid uint32
	deliver := func(raw []byte) {
		t.Helper()
		uid++
		m := intake.RawMessage{MailboxID: mb.ID, UIDValidity: mb.UIDValidity, UID: uid, ReceivedAt: time.Now(), Size: int64(len(raw)), Raw: raw,
			MessageID: messageIDOf(raw), SHA256: intake.HashRaw(raw)}
		if _, err := h.Store.CommitBatch(ctx, mb, []intake.RawMessage{m}, pipeline.EnqueueParse(h.Client)); err != nil {
			t.Fatal(err)
		}
		mb.LastUID = uid
		idle(h)
	}
	doc := []byte(mustRead(t, filepath.Join("..", "testdata", "corpus", "002-cv-lien-thong-khai-sinh-hctp.eml")))
	doc = append([]byte("Authentication-Results: mx.moj.gov.vn; spf=pass smtp.mailfrom=moj.gov.vn; dkim=pass header.d=moj.gov.vn; dmarc=pass header.from=moj.gov.vn\r\n"), doc...)
	deliver(doc)
	var sid int64
	var ref, ours string
	if err := h.Store.Pool.QueryRow(ctx, `SELECT s.id, s.reference, r.message_id FROM supplement_request r JOIN submission s ON s.id = r.submission_id
		WHERE r.requested_at IS NOT NULL`).Scan(&sid, &ref, &ours); err != nil {
		t.Fatalf("the genuine document got no supplement request: %v", err)
	}
	if strings.HasPrefix(ours, ref+".bosung@") || !strings.HasPrefix(ours, ref+".bosung.") {
		t.Fatalf("Message-ID %q has no random token", ours)
	}
	answered := func() bool {
		var at *time.Time
		h.Store.Pool.QueryRow(ctx, `SELECT answered_at FROM supplement_request WHERE submission_id = $1`, sid).Scan(&at)
		return at != nil
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "spoof", "*.eml"))
	if len(files) < 10 {
		t.Fatalf("spoofing corpus has %d files", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "control-") {
			continue
		}
		raw := []byte(strings.NewReplacer("{{REF}}", ref, "{{OURS}}", ours, "{{DOMAIN}}", ownDomain).Replace(mustRead(t, f)))
		deliver(raw)
		if answered() {
			t.Fatalf("%s answered the supplement request", name)
		}
		var attached int64
		var flags []string
		h.Store.Pool.QueryRow(ctx, `SELECT coalesce(submission_id, 0), flags FROM message WHERE message_id = $1`, messageIDOf(raw)).Scan(&attached, &flags)
		isReply := strings.Contains(string(raw), ours)
		switch {
		case isReply && (attached != sid || !contains(flags, "unverified_reply")):
			t.Errorf("%s: attached to %d (item %d), flags %v; want attached and flagged for a person", name, attached, sid, flags)
		case !isReply && attached == sid:
			t.Errorf("%s attached to the item without a Message-ID of ours", name)
		}
	}
	for _, m := range h.Mail.Sent() {
		for _, to := range m.To {
			if to != "lvtuan@moj.gov.vn" {
				t.Errorf("automatic mail to %s", to)
			}
		}
		if bytes.Contains(m.Raw, []byte("evil.example")) || bytes.Contains(m.Raw, []byte("GIẢM")) {
			t.Errorf("automatic mail echoes the sender's text:\n%.400s", m.Raw)
		}
	}
	var held int
	h.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE kind = 'supplement_held'`).Scan(&held)
	if held == 0 {
		t.Error("no automatic supplement request was held for an unauthenticated sender")
	}
	// The genuine answer still completes the item.
	deliver([]byte(strings.NewReplacer("{{REF}}", ref, "{{OURS}}", ours).Replace(mustRead(t, filepath.Join("..", "testdata", "spoof", "control-genuine-reply.eml")))))
	if !answered() {
		t.Fatal("the author's genuine answer did not complete the item")
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// messageIDOf reads the Message-ID of raw, without angle brackets.
func messageIDOf(raw []byte) string {
	for _, line := range strings.Split(string(raw), "\r\n") {
		if v, ok := strings.CutPrefix(line, "Message-ID: "); ok {
			return strings.Trim(v, "<> ")
		}
		if line == "" {
			break
		}
	}
	return ""
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// idle waits until no job is due or running (a job scheduled later, such
// as the Điều 11 khoản 2 timer, does not count).
func idle(h *workerstest.Pipeline) {
	h.T.Helper()
	for end := time.Now().Add(90 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		var n int
		h.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending')
			OR (state = 'scheduled' AND scheduled_at < now() + interval '2 seconds')`).Scan(&n)
		if n == 0 {
			return
		}
	}
	rows, _ := h.Store.Pool.Query(context.Background(), `SELECT kind, state::text, scheduled_at::text, coalesce(errors::text, '') FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`)
	for rows.Next() {
		var k, st, at, e string
		rows.Scan(&k, &st, &at, &e)
		h.T.Logf("job %s %s %s %.1500s", k, st, at, e)
	}
	rows.Close()
	h.T.Fatal("jobs still running after 90 s")
}
