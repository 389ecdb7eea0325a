package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// tinyRealCorpus writes a six-item corpus in the realcorpus format.
func tinyRealCorpus(t *testing.T) string {
	var b bytes.Buffer
	for i, x := range []struct{ subj, body, kind, timing, cat string }{
		{"Tin hội nghị", "Bộ Tư pháp tổ chức hội nghị tập huấn tại Huế.", "publish", "news_event", "8.3"},
		{"Tin hội nghị", "Cục tổ chức hội nghị tại Cần Thơ.", "publish", "news_event", "8.3"},
		{"Hỏi", "Xin hỏi đăng ký khai sinh ở đâu?", "query", "other", ""},
		{"Hỏi", "Cho tôi hỏi thủ tục chứng thực ở đâu?", "query", "other", ""},
		{"Bài viết", "Một số vấn đề lý luận về hoàn thiện pháp luật.", "publish", "other", "8.4"},
		{"Bài viết", "Thực tiễn và giải pháp hoàn thiện pháp luật.", "publish", "other", "8.4"},
	} {
		it := map[string]any{"id": fmt.Sprintf("rc-%04d", i+1), "source_url": "https://x", "source_site": "x", "retrieved": "2026-12-07",
			"title": x.body, "lead": "", "split": "train",
			"labels": map[string]string{"kind": x.kind, "timing": x.timing, "category": x.cat, "unit": "", "language": "vi"},
			"mail":   map[string]string{"from": fmt.Sprintf("a%d@gmail.com", i), "subject": x.subj, "body": x.body}}
		line, _ := json.Marshal(it)
		b.Write(append(line, '\n'))
	}
	p := filepath.Join(t.TempDir(), "items.jsonl")
	os.WriteFile(p, b.Bytes(), 0o644)
	return p
}

// Learning from the desk and the model in force: a staff correction joins
// training (--with-corrections); a candidate worse than the model in force
// on the held-out real items is refused; the embedded model's own file is
// not worse than itself and is promoted; a rollback puts the embedded one
// back; the database records which is in force.
func TestTrainPromoteRollback(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	pool, s, _ := correctedSubmission(t, `{"message":{"subject":"Tin hội nghị","from":"x@moj.gov.vn"},"body":{"text":"Hội nghị tập huấn tại Huế"}}`,
		classify.Result{RulesVersion: "r", Kind: "publish", Category: "8.3", Timing: "other", Language: "vi"}, "timing", "news_event")
	dir := t.TempDir()

	tiny := filepath.Join(dir, "tiny.json")
	var out, errb bytes.Buffer
	if code := runTrain(ctx, []string{"--with-corrections", "--realcorpus", tinyRealCorpus(t), "--corpus", "", "--folds", "2", "--out", tiny}, &out, &errb); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errb.String())
	}
	f, _ := os.Open(tiny)
	m, err := learn.Load(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if m.Data.Items["correction"] != 1 || m.Data.Items["realcorpus"] != 6 {
		t.Fatalf("trained on %v, want the correction and six items", m.Data.Items)
	}

	model := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := runModel(ctx, append([]string{"--realcorpus", "../../testdata/realcorpus/items.jsonl"}, args...), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, msg := model("promote", tiny); code != 1 || !strings.Contains(msg, "kém hơn") {
		t.Fatalf("a worse candidate: exit %d\n%s", code, msg)
	}
	emb, _ := learn.Default()
	if v, _ := s.ModelVersionInForce(ctx, pool); v != "" {
		t.Fatalf("in force after a refusal: %q", v)
	}
	same := filepath.Join(dir, "same.json")
	os.WriteFile(same, learn.DefaultBytes(), 0o644)
	if code, msg := model("promote", same); code != 0 {
		t.Fatalf("the model in force itself: exit %d\n%s", code, msg)
	}
	if v, _ := s.ModelVersionInForce(ctx, pool); v != emb.Version {
		t.Fatalf("in force %q, want %q", v, emb.Version)
	}
	if code, msg := model("show"); code != 0 || !strings.Contains(msg, emb.Version) || !strings.Contains(msg, "cli:") {
		t.Errorf("show: exit %d\n%s", code, msg)
	}
	if code, msg := model("rollback"); code != 0 || !strings.Contains(msg, "gắn sẵn") {
		t.Fatalf("rollback: exit %d\n%s", code, msg)
	}
	if v, _ := s.ModelVersionInForce(ctx, pool); v != "" {
		t.Fatalf("in force after rollback: %q", v)
	}
	if code, _ := model("rollback"); code != 1 {
		t.Errorf("a second rollback with nothing promoted: exit %d, want 1", code)
	}
	var n int
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'classify_model' AND actor LIKE 'cli:%'`).Scan(&n)
	if n == 0 {
		t.Error("promotion not in the audit trail")
	}
}

// correctedSubmission makes a database (DATABASE_URL is set to it) with
// one submission whose report is derived, classified as machine and
// corrected by a person (field = value).
func correctedSubmission(t *testing.T, derived string, machine classify.Result, field, value string) (*pgxpool.Pool, *postgres.Store, int64) {
	t.Helper()
	dsn := testenv.Postgres(t)
	ctx := context.Background()
	pool := openPool(t, dsn, 4)
	if err := postgres.Migrate(ctx, pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	s := postgres.New(pool)
	var mid, sid int64
	pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ('e@x', 'e', 1, now(), 'submission') RETURNING id`).Scan(&mid)
	pool.Exec(ctx, `INSERT INTO message_parsed (message_id, derived) VALUES ($1, $2)`, mid, derived)
	if err := pool.QueryRow(ctx, `INSERT INTO submission (reference, received_at, first_message_id) VALUES ('TN-2026-000001', now(), $1) RETURNING id`, mid).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	tx, _ := pool.Begin(ctx)
	if err := s.SaveClassification(ctx, tx, sid, machine); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordCorrection(ctx, tx, sid, field, value, "user:ttbbt1", ""); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", dsn)
	return pool, s, sid
}
