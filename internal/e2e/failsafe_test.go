package e2e

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
)

// unsureMail is an article the embedded model takes for a research text
// (Điều 13 khoản 2) without being sure it is not news (khoản 1): a short
// greeting, a title and one sentence (m2-8a92701bcb5c: P(other) 0.92,
// below the fail-safe's 0.95).
func unsureMail() []byte {
	return []byte("From: \"Trần Thu Hà\" <thuha.nguyen@gmail.com>\r\nTo: banbientap@moj.gov.vn\r\nSubject: \r\n" +
		"Date: Wed, 4 Mar 2026 09:10:00 +0700\r\nMessage-ID: <failsafe-1@example.vn>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Kính gửi Ban Biên tập,\r\n\r\nKinh nghiệm quốc tế về hòa giải ở cơ sở\r\n\r\nBài viết giới thiệu kinh nghiệm của Nhật Bản.\r\n")
}

// TestFailSafeDeadlineThroughPipeline: an item the learned model is unsure
// of (Điều 13 khoản 1 or 2) goes through the real pipeline (PostgreSQL,
// River, the service's workers): it gets the stricter khoản 1 deadline and
// the flag "cần xác nhận loại thời hạn", stored with the model's version
// and confidence; the inbox shows the flag; a person's correction of the
// timing class (the existing correction flow) recomputes the deadline as
// khoản 2 and clears the flag.
func TestFailSafeDeadlineThroughPipeline(t *testing.T) {
	u := startUIService(t)
	ctx := context.Background()
	pool := u.svc.Pool
	id := u.deliver(t, unsureMail(), time.Now().Add(-5*time.Minute))
	if n := waitCount(t, pool, 1, 3*time.Minute, `SELECT count(*) FROM classification WHERE submission_id = $1`, id); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("not classified")
	}
	var version, timing string
	var conf float64
	var flag, reason bool
	if err := pool.QueryRow(ctx, `SELECT model_version, confidence, needs_confirmation, timing,
			EXISTS (SELECT 1 FROM jsonb_array_elements(result->'reasons') r WHERE r->>'source' = 'failsafe:timing'
				AND r->>'article' = 'Điều 13 khoản 1' AND r->>'evidence' LIKE '%' || $2 || '%')
		FROM classification WHERE submission_id = $1`, id, classify.ConfirmFlag).Scan(&version, &conf, &flag, &timing, &reason); err != nil {
		t.Fatal(err)
	}
	m, err := learn.Default()
	if err != nil {
		t.Fatal(err)
	}
	if version != m.Version || !flag || conf >= classify.DefaultMinConfidence || !classify.Strict(timing) || !reason {
		t.Fatalf("classification: model %q confidence %v flag %v timing %q fail-safe reason %v; want %s, < %v, flagged, a khoản 1 class with the fail-safe's reason",
			version, conf, flag, timing, reason, m.Version, classify.DefaultMinConfidence)
	}
	posting := func() []string {
		var out []string
		rows, err := pool.Query(ctx, `SELECT rule_id || ':' || state FROM deadline WHERE submission_id = $1 AND rule_id IN ('13.1', '13.2') ORDER BY id`, id)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	waitUntil(t, time.Minute, "a running 13.1 deadline", func() bool { return slices.Contains(posting(), "13.1:running") })
	if got := posting(); slices.Contains(got, "13.2:running") {
		t.Fatalf("posting deadlines %v: want 13.1 only", got)
	}

	h, _ := auth.Hasher{}.Hash(uiPassword)
	if _, err := u.svc.Store.CreateAccount(ctx, "test", auth.Account{Username: "lan", DisplayName: "lan", PasswordHash: h},
		[]auth.Grant{{Role: auth.RoleStandingBoard}}); err != nil {
		t.Fatal(err)
	}
	lan := signIn(t, u.base, "lan")
	var ref string
	pool.QueryRow(ctx, `SELECT reference FROM submission WHERE id = $1`, id).Scan(&ref)
	inboxRow := func() string {
		page := lan.get("/inbox")
		i := strings.Index(page, ref)
		if i < 0 {
			t.Fatalf("%s not in the inbox", ref)
		}
		start := strings.LastIndex(page[:i], "<tr")
		end := strings.Index(page[i:], "</tr>")
		return page[start : i+end]
	}
	if row := inboxRow(); !strings.Contains(row, "Cần xác nhận loại thời hạn") {
		t.Fatalf("inbox row without the flag: %s", row)
	}

	// The person says it is a research article (Điều 8 khoản 4, timing
	// other): the deadline becomes 13.2 and the flag goes.
	lan.post(fmt.Sprintf("/items/%d/actions/classify", id), url.Values{"c_kind": {"publish"}, "c_category": {"8.4"}, "c_timing": {"other"},
		"c_unit": {"cuc-pbgdpl"}, "c_target": {"portal_editor"}, "c_language": {"vi"}})
	// (Intake started a 13.2 from the receipt before classification,
	// which the fail-safe's 13.1 replaced.)
	if got := posting(); len(got) < 2 || !slices.Equal(got[len(got)-2:], []string{"13.1:cancelled", "13.2:running"}) || slices.Contains(got, "13.1:running") {
		t.Fatalf("posting deadlines after the correction: %v", got)
	}
	if row := inboxRow(); strings.Contains(row, "Cần xác nhận loại thời hạn") {
		t.Errorf("flag still shown after the correction: %s", row)
	}
	var corrected int
	pool.QueryRow(ctx, `SELECT count(*) FROM classification_correction WHERE submission_id = $1 AND field = 'timing' AND corrected_value = 'other'`, id).Scan(&corrected)
	if corrected != 1 {
		t.Errorf("%d timing corrections recorded", corrected)
	}
}
