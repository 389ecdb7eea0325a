package desk_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertest"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// TestPaperRegistrationSealsPersonalData: a submission registered by hand
// (Điều 9 khoản 1) is stored as a message with its parse_message job; the
// sender's personal numbers never enter the message and are sealed apart
// (Điều 4 khoản 4); only the Standing Board registers and reveals them.
func TestPaperRegistrationSealsPersonalData(t *testing.T) {

	h := newHarness(t)
	s := h.Store
	line, _ := crypto.GenerateKey("k1", rand.Reader)
	keys, _ := crypto.ParseKeyring(strings.NewReader(line), "test")
	u := &postgres.UI{Store: s, Keys: keys}
	ctx := context.Background()
	board := h.lan()
	editor := h.person("minh", "minh@moj.gov.vn", auth.Grant{Role: auth.RoleEditor})
	paper := view.Paper{Channel: "paper", ReceivedAt: time.Now().Add(-time.Hour), Subject: "Công văn 12/STP-VP về tập huấn",
		Organization: "Sở Tư pháp Hà Nam", Name: "Trần Văn Bình", CitizenID: "035090001234", TaxCode: "0100109106", Phone: "0912 345 678",
		Address: "Số 1 Lê Lợi, Phủ Lý, Hà Nam", ScanName: "cv12.pdf", ScanType: "application/pdf", Scan: []byte("%PDF-1.4 scan")}
	if _, err := h.desk.RegisterPaper(ctx, board, paper); err == nil || !strings.Contains(err.Error(), "pii.key_file") {
		t.Fatalf("registered without keys: %v (the sender data would be stored in clear)", err)
	}
	s.Keys = keys
	if _, err := h.desk.RegisterPaper(ctx, editor, paper); !errors.Is(err, workflow.ErrForbidden) {
		t.Fatalf("editor registers: %v", err)
	}
	bad := paper
	bad.CitizenID = "12345"
	if _, err := h.desk.RegisterPaper(ctx, board, bad); err == nil || strings.Contains(err.Error(), "12345") {
		t.Fatalf("bad citizen ID: %v (must be refused without echoing it)", err)
	}
	mid, err := h.desk.RegisterPaper(ctx, board, paper)
	if err != nil {
		t.Fatal(err)
	}
	// Its pipeline starts in the same transaction: one parse_message job.
	job := rivertest.RequireInserted(ctx, t, riverpgxv5.New(s.Pool), &jobs.ParseMessageArgs{}, nil)
	if enqueued := job.Args.MessageIDs; len(enqueued) != 1 || enqueued[0] != mid {
		t.Fatalf("parse_message of %v, want [%d]", enqueued, mid)
	}
	raw, _ := s.Raw(ctx, s.Pool, mid)
	// The whole phone number, not its "0912" prefix alone: a random MIME
	// boundary or Message-ID may hold those four digits by chance.
	for _, secret := range []string{"035090001234", "0100109106", "0912 345 678", "0912345678", "345 678", "Lê Lợi"} {
		if strings.Contains(string(raw), secret) {
			t.Fatalf("raw message holds %q in clear", secret)
		}
	}
	var sealed, mask string
	s.Pool.QueryRow(ctx, `SELECT citizen_id, citizen_id_mask FROM submitter_data WHERE message_id = $1`, mid).Scan(&sealed, &mask)
	if !strings.HasPrefix(sealed, "k1:") || strings.Contains(mask, "0900012") {
		t.Fatalf("stored %q / %q", sealed, mask)
	}
	// A clear value is refused by the table itself.
	if _, err := s.Pool.Exec(ctx, `UPDATE submitter_data SET citizen_id = '035090001234' WHERE message_id = $1`, mid); err == nil {
		t.Fatal("clear citizen ID accepted by submitter_data")
	}
	// Reveal needs the submission; make it as create_submission would.
	var sid int64
	s.Pool.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, received_at, first_message_id) VALUES ('TN-2026-000900', 'awaiting_triage', 'x', now(), $1) RETURNING id`, mid).Scan(&sid)
	if _, err := u.RevealSubmitter(ctx, editor, sid); !errors.Is(err, workflow.ErrForbidden) {
		t.Fatalf("editor reveals: %v", err)
	}
	got, err := u.RevealSubmitter(ctx, board, sid)
	if err != nil || got.CitizenID != "035090001234" || got.Phone != "+84912345678" || !got.Revealed {
		t.Fatalf("reveal = %+v, %v", got, err)
	}
	var reveals int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND actor = 'user:lan' AND row_id = $1`, fmt.Sprint(sid)).Scan(&reveals)
	if reveals != 1 {
		t.Fatalf("%d reveal audit rows", reveals)
	}
	var leaked int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE before::text LIKE '%035090001234%' OR after::text LIKE '%035090001234%'`).Scan(&leaked)
	if leaked != 0 {
		t.Fatal("citizen ID in clear in the audit trail")
	}
}
