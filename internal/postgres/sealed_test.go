package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

func mailKeys(t testing.TB, ids ...string) (*crypto.Keyring, []string) {
	t.Helper()
	var lines []string
	for _, id := range ids {
		l, err := crypto.GenerateKey(id, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	return parseKeys(t, lines...), lines
}

func parseKeys(t testing.TB, lines ...string) *crypto.Keyring {
	t.Helper()
	k, err := crypto.ParseKeyring(strings.NewReader(strings.Join(lines, "\n")), "test keys")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

const sealedMail = "Subject: =?utf-8?q?CCCD_001203004567?=\r\nFrom: a@b.vn\r\n\r\nMã số thuế: 0100109106\r\n\x00\xff binary tail"

func noEnqueue(context.Context, pgx.Tx, []int64) error { return nil }

// storeMail stores raw through the intake path (CommitBatch) and a parsed
// row with two attachments through SaveParsed.
func storeMail(t *testing.T, s *Store, uid uint32, raw string) int64 {
	t.Helper()
	ctx := context.Background()
	mb, err := s.Mailbox(ctx, "acct", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.CommitBatch(ctx, mb, []intake.RawMessage{{UID: uid, ReceivedAt: time.Now(), Size: int64(len(raw)), Raw: []byte(raw),
		MessageID: "m" + strings.Repeat("x", int(uid)) + "@b.vn", SHA256: intake.HashRaw([]byte(raw))}}, noEnqueue)
	if err != nil || len(res.Inserted) != 1 {
		t.Fatalf("commit: %v %+v", err, res)
	}
	id := res.Inserted[0]
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		return s.SaveParsed(ctx, tx, intake.ParsedMessage{MessageID: id, Kind: intake.MessageKindSubmission,
			Subject: "Đề nghị đăng tải (CCCD 001203004567)", FromAddr: "a@b.vn",
			TextBody: "Số CCCD: 001203004567, MST 0100109106", HTMLBody: "<p>Điện thoại 0912 345 678</p>", Derived: []byte(`{"body": {"text": "0012******67"}}`),
			Outline: []byte(`{"v":1,"subject":"Đề nghị đăng tải (CCCD 001203004567)"}`),
			Attachments: []intake.AttachmentMeta{
				{Idx: 0, Filename: "CCCD_001203004567.pdf", Text: "Mã số thuế 0100109106", Error: "trang 2 có số 0912345678"},
				{Idx: 1, Filename: "anh.jpg"},
			}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// sealedMailStored returns a Store on a fresh database that seals with
// its keys (k1) and the message id of sealedMail stored there (storeMail).
func sealedMailStored(t *testing.T) (*Store, int64) {
	t.Helper()
	s := testStore(t)
	s.Keys, _ = mailKeys(t, "k1")
	return s, storeMail(t, s, 1, sealedMail)
}

// TestMailIsSealedAtRest: with keys, the raw message, bodies and attachment
// texts are stored sealed and bound to their row; the subject, file names
// and errors are stored redacted; every reader gets the clear values back.
func TestMailIsSealedAtRest(t *testing.T) {
	t.Parallel()
	s, id := sealedMailStored(t)
	ctx := context.Background()

	var raw []byte
	var keyID, subject, text, html, outline, atext, fname, aerr string
	if err := s.Pool.QueryRow(ctx, `SELECT r.raw, r.key_id, p.subject, p.text_body, p.html_body, p.outline, a.text, a.filename, a.error
		FROM message_raw r JOIN message_parsed p USING (message_id) JOIN attachment a ON a.message_id = r.message_id AND a.idx = 0
		WHERE r.message_id = $1`, id).Scan(&raw, &keyID, &subject, &text, &html, &outline, &atext, &fname, &aerr); err != nil {
		t.Fatal(err)
	}
	if keyID != "k1" || !bytes.HasPrefix(raw, []byte("k1:")) || bytes.Contains(raw, []byte("0100109106")) {
		t.Errorf("raw stored as key %q, %d bytes, clear text inside: %v", keyID, len(raw), bytes.Contains(raw, []byte("0100109106")))
	}
	for name, v := range map[string]string{"subject": subject, "text_body": text, "html_body": html, "outline": outline, "attachment.text": atext, "filename": fname, "error": aerr} {
		for _, clear := range []string{"001203004567", "0100109106", "0912 345 678", "0912345678"} {
			if strings.Contains(v, clear) {
				t.Errorf("%s stored with %s in clear: %q", name, clear, v)
			}
		}
	}
	if !strings.HasPrefix(text, "k1:") || !strings.HasPrefix(html, "k1:") || !strings.HasPrefix(outline, "k1:") || !strings.HasPrefix(atext, "k1:") {
		t.Errorf("texts not sealed: %q %q %q", text[:min(8, len(text))], html[:min(8, len(html))], atext[:min(8, len(atext))])
	}
	if subject != "Đề nghị đăng tải (CCCD 0012******67)" || fname != "CCCD_0012******67.pdf" {
		t.Errorf("subject %q, file name %q: want them masked", subject, fname)
	}

	// Every reader opens.
	got, err := s.Raw(ctx, s.Pool, id)
	if err != nil || string(got) != sealedMail {
		t.Fatalf("Raw = %q, %v", got, err)
	}
	p, err := s.Parsed(ctx, s.Pool, id)
	if err != nil || p.TextBody != "Số CCCD: 001203004567, MST 0100109106" || p.HTMLBody != "<p>Điện thoại 0912 345 678</p>" ||
		string(p.Outline) != `{"v":1,"subject":"Đề nghị đăng tải (CCCD 001203004567)"}` {
		t.Fatalf("Parsed = %q %q %q, %v", p.TextBody, p.HTMLBody, p.Outline, err)
	}
	texts, err := s.AttachmentTexts(ctx, s.Pool, id)
	if err != nil || len(texts) != 2 || texts[0] != "Mã số thuế 0100109106" || texts[1] != "" {
		t.Fatalf("AttachmentTexts = %q, %v", texts, err)
	}
	body, texts2, err := s.MessageTexts(ctx, s.Pool, id)
	if err != nil || body != p.TextBody || len(texts2) != 2 || texts2[0] != texts[0] {
		t.Fatalf("MessageTexts = %q %q, %v", body, texts2, err)
	}
	if clear, err := s.HasUnsealed(ctx); err != nil || clear {
		t.Fatalf("HasUnsealed = %v, %v", clear, err)
	}

	// Bound to the row: a ciphertext copied into another message's row does
	// not open there.
	other := storeMail(t, s, 2, "From: c@d.vn\r\n\r\nkhác")
	if _, err := s.Pool.Exec(ctx, `UPDATE message_raw SET raw = (SELECT raw FROM message_raw WHERE message_id = $1) WHERE message_id = $2`, id, other); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Raw(ctx, s.Pool, other); !errors.Is(err, crypto.ErrWrongKey) {
		t.Errorf("raw copied to another row: err = %v, want ErrWrongKey", err)
	}
	// A store without keys cannot read sealed rows, and says why.
	bare := New(s.Pool)
	if _, err := bare.Raw(ctx, s.Pool, id); !errors.Is(err, ErrNoKeys) {
		t.Errorf("Raw without keys: err = %v", err)
	}
	if _, err := bare.AttachmentTexts(ctx, s.Pool, id); !errors.Is(err, ErrNoKeys) {
		t.Errorf("AttachmentTexts without keys: err = %v", err)
	}
	// The CHECK of migration 00003: a row cannot claim a key it was not
	// sealed with, nor a sealed value be stored as clear text under a key.
	if _, err := s.Pool.Exec(ctx, `UPDATE message_raw SET key_id = 'k2' WHERE message_id = $1`, id); err == nil {
		t.Error("raw sealed with k1 accepted under key_id k2")
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE message_parsed SET text_body = 'Số CCCD 001203004567' WHERE message_id = $1`, id); err == nil {
		t.Error("clear text_body accepted on a row marked sealed")
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE message_parsed SET outline = '{"subject":"CCCD 001203004567"}' WHERE message_id = $1`, id); err == nil {
		t.Error("clear outline accepted on a row marked sealed")
	}
}

// TestRewrapMailRotatesKeysAndSealsClearRows: rows stored in clear (before
// migration 00003, or without keys) and rows under an older key are sealed
// with the new key by RewrapMail; afterwards the old key can be dropped.
func TestRewrapMailRotatesKeysAndSealsClearRows(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	legacy := storeMail(t, s, 1, "From: x@y.vn\r\n\r\nCCCD 001203004567 (lưu trước khi niêm phong)")
	if clear, err := s.HasUnsealed(ctx); err != nil || !clear {
		t.Fatalf("HasUnsealed with a clear row = %v, %v", clear, err)
	}
	k1, lines := mailKeys(t, "k1")
	s.Keys = k1
	old := storeMail(t, s, 2, sealedMail)

	k2, l2 := mailKeys(t, "k2")
	_ = k2
	rotated := parseKeys(t, lines[0], l2[0])
	n, err := s.RewrapMail(ctx, rotated)
	if err != nil {
		t.Fatal(err)
	}
	// legacy: raw, parsed, one attachment text; old: the same.
	if n != 6 {
		t.Errorf("RewrapMail changed %d rows, want 6", n)
	}
	var notK2 int
	s.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM message_raw WHERE key_id <> 'k2') + (SELECT count(*) FROM message_parsed WHERE key_id <> 'k2')
		+ (SELECT count(*) FROM attachment WHERE key_id <> 'k2' AND text <> '')`).Scan(&notK2)
	if notK2 != 0 {
		t.Errorf("%d rows not under k2 after rewrap", notK2)
	}
	if again, err := s.RewrapMail(ctx, rotated); err != nil || again != 0 {
		t.Errorf("second rewrap: %d rows, %v", again, err)
	}
	s.Keys = parseKeys(t, l2[0]) // k1 dropped
	for id, want := range map[int64]string{legacy: "From: x@y.vn\r\n\r\nCCCD 001203004567 (lưu trước khi niêm phong)", old: sealedMail} {
		raw, err := s.Raw(ctx, s.Pool, id)
		if err != nil || string(raw) != want {
			t.Errorf("message %d after rotation: %q, %v", id, raw, err)
		}
		p, err := s.Parsed(ctx, s.Pool, id)
		if err != nil || p.TextBody != "Số CCCD: 001203004567, MST 0100109106" || !strings.Contains(string(p.Outline), "CCCD 001203004567") {
			t.Errorf("parsed %d after rotation: %q %q, %v", id, p.TextBody, p.Outline, err)
		}
		texts, err := s.AttachmentTexts(ctx, s.Pool, id)
		if err != nil || texts[0] != "Mã số thuế 0100109106" {
			t.Errorf("texts of %d after rotation: %q, %v", id, texts, err)
		}
	}
	if clear, err := s.HasUnsealed(ctx); err != nil || clear {
		t.Errorf("HasUnsealed after rewrap = %v, %v", clear, err)
	}
	// A key file without the key that sealed a row: the rewrap stops with
	// the row named, nothing is lost.
	s.Keys = nil
	_, l3 := mailKeys(t, "k3")
	if _, err := s.RewrapMail(ctx, parseKeys(t, l3[0])); !errors.Is(err, crypto.ErrWrongKey) || !strings.Contains(err.Error(), "message_raw of message") {
		t.Errorf("rewrap without the old key: err = %v", err)
	}
}

// TestMarkPublishedKeepsTextRedacted: a submission published without a
// fingerprint gives the published item its body, masked.
func TestMarkPublishedKeepsTextRedacted(t *testing.T) {
	t.Parallel()
	s, mid := sealedMailStored(t)
	ctx := context.Background()
	var sid int64
	if err := s.Pool.QueryRow(ctx, `INSERT INTO submission (reference, subject, from_addr, received_at, first_message_id) VALUES ('TN-2026-000001', 's', 'a@b.vn', now(), $1) RETURNING id`, mid).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		return s.MarkPublished(ctx, tx, sid, "https://moj.gov.vn/tin/1", "Tin", time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	var text string
	s.Pool.QueryRow(ctx, `SELECT text FROM published_item WHERE submission_id = $1`, sid).Scan(&text)
	if text != pii.Redact("Số CCCD: 001203004567, MST 0100109106") || strings.Contains(text, "0100109106") || strings.Contains(text, "001203004567") {
		t.Errorf("published text %q: want the body with numbers masked", text)
	}
}
