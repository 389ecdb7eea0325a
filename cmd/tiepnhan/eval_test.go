package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// A rules file with an error is refused before anything is measured, with
// its file, line and reason.
func TestEvalRejectsBadRules(t *testing.T) {
	b, err := os.ReadFile("../../config/classify.rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "rules.toml")
	os.WriteFile(bad, bytes.Replace(b, []byte(`value = "8.2"`), []byte(`value = "8.9"`), 1), 0o644)
	var out, errb bytes.Buffer
	if code := runEval(context.Background(), []string{"--rules", bad, "--corpus", "../../testdata/corpus"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errb.String(), bad+":") || !strings.Contains(errb.String(), `value = "8.9"`) || out.Len() != 0 {
		t.Errorf("stderr %q stdout %q", errb.String(), out.String())
	}
}

// --corrections summarises what staff corrected, by field and values.
func TestEvalCorrections(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	dsn := testenv.Postgres(t)
	ctx := context.Background()
	pool, err := postgres.Open(ctx, dsn, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := postgres.Migrate(ctx, pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	s := postgres.New(pool)
	var mid, sid int64
	pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ('e@x', 'e', 1, now(), 'submission') RETURNING id`).Scan(&mid)
	pool.Exec(ctx, `INSERT INTO message_parsed (message_id, derived) VALUES ($1, '{}')`, mid)
	if err := pool.QueryRow(ctx, `INSERT INTO submission (reference, received_at, first_message_id) VALUES ('TN-2026-000001', now(), $1) RETURNING id`, mid).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	tx, _ := pool.Begin(ctx)
	if err := s.SaveClassification(ctx, tx, sid, classify.Result{RulesVersion: "2026-04-20", Kind: "publish", Category: "8.3", Timing: "admin_document"}, map[string]any{}, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordCorrection(ctx, tx, sid, "category", "8.1", "user:ttbbt1", ""); err != nil {
		t.Fatal(err)
	}
	tx.Commit(ctx)
	t.Setenv("DATABASE_URL", dsn)
	var out, errb bytes.Buffer
	if code := runEval(ctx, []string{"--corrections", "--since", (24 * time.Hour).String()}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "1 sửa đổi") || !strings.Contains(out.String(), "category   8.3                8.1                     1  2026-04-20") {
		t.Errorf("output:\n%s", out.String())
	}
}
