package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
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
	ctx := context.Background()
	correctedSubmission(t, `{}`, classify.Result{RulesVersion: "2026-04-20", Kind: "publish", Category: "8.3", Timing: "admin_document"}, "category", "8.1")
	var out, errb bytes.Buffer
	if code := runEval(ctx, []string{"--corrections", "--since", (24 * time.Hour).String()}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "1 sửa đổi") || !strings.Contains(out.String(), "category   8.3                8.1                     1  2026-04-20") {
		t.Errorf("output:\n%s", out.String())
	}
}

// eval --cv-only cross-validates the configuration given by flags on the
// training part and never classes a held-out item: a held-out item whose
// mail would be classed is in the corpus, and nothing of the held-out
// section is printed.
func TestEvalCVOnly(t *testing.T) {
	items := tinyRealCorpus(t)
	b, err := os.ReadFile(items)
	if err != nil {
		t.Fatal(err)
	}
	held := strings.Replace(strings.SplitN(string(b), "\n", 2)[0], `"rc-0001"`, `"rc-0099"`, 1)
	held = strings.Replace(held, `"split":"train"`, `"split":"heldout"`, 1)
	os.WriteFile(items, append(b, []byte(held+"\n")...), 0o644)
	var out, errb bytes.Buffer
	code := runEval(context.Background(), []string{"--cv-only", "--realcorpus", items, "--corpus", "", "--folds", "2", "--strict-weight", "3", "--min-count", "1"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	if !strings.Contains(s, "kiểm chéo 2 phần") || !strings.Contains(s, "StrictWeight:3") || !strings.Contains(s, "MinCount:1") || !strings.Contains(s, "chỉ thư thật (6)") {
		t.Errorf("cross-validation of the flags' configuration not printed:\n%s", s)
	}
	if strings.Contains(s, "held-out") || strings.Contains(s, "rc-0099") {
		t.Errorf("--cv-only printed the held-out part:\n%s", s)
	}
}
