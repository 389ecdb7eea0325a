package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// MailboxOf names the mailbox a message came in by as config.Mailbox.Key
// does; the history says which decisions the mailbox's defaults took; a
// person's classification still wins over them (issue 15).
func TestMailboxDefaultsStored(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	mb, err := s.Mailbox(ctx, "english@moj.gov.vn@127.0.0.1:143", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	sid := classifySeed(t, s, 1, time.Now())
	paper := classifySeed(t, s, 2, time.Now())
	var mid, paperMid int64
	s.Pool.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mid)
	s.Pool.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, paper).Scan(&paperMid)
	if _, err := s.Pool.Exec(ctx, `UPDATE message SET mailbox_id = $2 WHERE id = $1`, mid, mb.ID); err != nil {
		t.Fatal(err)
	}
	if k, err := s.MailboxOf(ctx, s.Pool, mid); err != nil || k != "english@moj.gov.vn@127.0.0.1:143/INBOX" {
		t.Fatalf("MailboxOf = %q, %v", k, err)
	}
	if k, err := s.MailboxOf(ctx, s.Pool, paperMid); err != nil || k != "" {
		t.Fatalf("MailboxOf(no mailbox) = %q, %v", k, err)
	}

	// A person set the timing class before the machine classified.
	var acc int64
	if err := s.Pool.QueryRow(ctx, `INSERT INTO account (username, display_name, password_hash) VALUES ('btv1', 'Biên tập viên 1', '$argon2id$x') RETURNING id`).Scan(&acc); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `INSERT INTO classification_decision (submission_id, kind, category, timing, target, language, decided_by)
		VALUES ($1, 'publish', '8.3', 'other', 'english_team', 'vi', 'user:btv1')`, sid); err != nil {
		t.Fatal(err)
	}
	r := classify.Result{RulesVersion: "v1", Kind: "publish", Category: "8.3", Timing: "news_event", Target: "english_team", Language: "vi",
		Mailbox: "Cổng tiếng Anh", MailboxDefaults: []string{"timing", "target"}, Reasons: []classify.Reason{}}
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveClassification(ctx, tx, sid, r); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	var timing, note string
	s.Pool.QueryRow(ctx, `SELECT timing FROM classification WHERE submission_id = $1`, sid).Scan(&timing)
	if timing != "other" {
		t.Errorf("stored timing %q: the person's 'other' must win over the mailbox's default", timing)
	}
	s.Pool.QueryRow(ctx, `SELECT coalesce(detail->>'mailbox', '') FROM submission_event WHERE submission_id = $1 AND kind = 'classified'`, sid).Scan(&note)
	if want := "loại thời hạn, nơi xử lý theo mặc định của hộp thư «Cổng tiếng Anh»"; !strings.Contains(note, want) {
		t.Errorf("history note %q, want %q", note, want)
	}
}
