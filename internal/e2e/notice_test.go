package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// ourAuthserv is the authserv-id the tests' "mail server" stamps.
const ourAuthserv = "mx.moj.gov.vn"

// withAuthResults returns raw with an Authentication-Results field of our
// server on top (RFC 8601), as the intake's mail server writes it: DMARC
// with result for the From domain.
func withAuthResults(t *testing.T, raw []byte, result string) []byte {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	from, err := mail.ParseAddress(m.Header.Get("From"))
	if err != nil {
		t.Fatal(err)
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	return append([]byte(fmt.Sprintf("Authentication-Results: %s;\r\n\tspf=pass smtp.mailfrom=%s;\r\n\tdmarc=%s header.from=%s\r\n", ourAuthserv, domain, result, domain)), raw...)
}

// noticesTo returns the notices (X-Tiepnhan-Notice) the relay took for
// rcpt about reference.
func noticesTo(t *testing.T, sink *testenv.Sink, rcpt, reference string) map[string][]*mailparse.Message {
	out := map[string][]*mailparse.Message{}
	for _, m := range deliveredTo(t, sink, rcpt) {
		if header(m, "X-Tiepnhan-Reference") == reference && header(m, "X-Tiepnhan-Notice") != "" {
			out[header(m, "X-Tiepnhan-Notice")] = append(out[header(m, "X-Tiepnhan-Notice")], m)
		}
	}
	return out
}

func header(m *mailparse.Message, name string) string {
	for _, h := range m.Header {
		if strings.EqualFold(h.Name, name) {
			return strings.TrimSpace(h.Value)
		}
	}
	return ""
}

// TestSenderNotices runs the whole service with its outgoing mail on
// Postfix's smtp-sink: the authenticated author of a document receives an
// acknowledgement (tracking code, receipt instant, the Điều 13 deadline)
// threaded on their mail and marked auto-replied, then the notice of its
// publication with the Portal URL; a refused article's author hears the
// Điều 14 ground in words; a citizen's forwarded question, the unit by
// name. Nothing goes to an automatic sender, about a quarantined item, or
// to a sender whose domain failed DMARC (recorded as skipped, with why);
// a notice enqueued twice is sent once.
func TestSenderNotices(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	u, sink := startMailService(t, func(cfg *config.Config) { cfg.Intake.AuthServID = ourAuthserv })
	svc, pool := u.svc, u.svc.Pool
	msgs := corpus(t)
	now := time.Now()
	docRaw := withAuthResults(t, msgs["001-qd-ke-hoach-pbgdpl.eml"], "pass")
	doc := u.deliver(t, docRaw, now.Add(-20*time.Minute))
	query := u.deliver(t, withAuthResults(t, msgs["072-hoi-tro-giup-phap-ly-nguoi-khuyet-tat.eml"], "pass"), now.Add(-15*time.Minute))
	refused := u.deliver(t, withAuthResults(t, msgs["057-bai-nghien-cuu-tai-san-so.eml"], "pass"), now.Add(-10*time.Minute))
	forged := u.deliver(t, withAuthResults(t, withMessageID(msgs["050-tin-hoi-nghi-thads-nghe-an.eml"], "forged-1@example.vn"), "fail"), now.Add(-8*time.Minute))
	secret := u.deliver(t, withAuthResults(t, secretMessage(), "pass"), now.Add(-6*time.Minute))
	// An out-of-office answer (RFC 3834): recorded, never a submission,
	// never answered.
	autoRaw := withAuthResults(t, msgs["092-tra-loi-tu-dong-outlook.eml"], "pass")
	autoID, _, err := svc.Store.InsertManual(ctx, intake.RawMessage{ReceivedAt: now.Add(-4 * time.Minute), Size: int64(len(autoRaw)), Raw: autoRaw,
		MessageID: "auto-1@test", SHA256: intake.HashRaw(autoRaw)}, "test", pipeline.EnqueueParse(svc.River))
	if err != nil {
		t.Fatal(err)
	}
	waitClassified(t, pool, doc, query, refused, forged, secret)
	ref := func(id int64) (ref, from string) { return referenceOf(t, pool, id) }

	// 1. The acknowledgement: threaded, auto-replied, with the tracking
	// code, the receipt instant (Vietnam time) and the deadline.
	docRef, docFrom := ref(doc)
	waitNotice(t, sink, docFrom, docRef, "ack")
	ack := noticesTo(t, sink, docFrom, docRef)["ack"][0]
	var received, due time.Time
	var article string
	pool.QueryRow(ctx, `SELECT received_at FROM submission WHERE id = $1`, doc).Scan(&received)
	if err := pool.QueryRow(ctx, `SELECT due_at, article FROM deadline WHERE submission_id = $1 AND rule_id LIKE '13.%' AND state = 'running' ORDER BY due_at LIMIT 1`, doc).Scan(&due, &article); err != nil {
		t.Fatalf("no running posting deadline: %v", err)
	}
	ict := time.FixedZone("ICT", 7*3600)
	origID := "" // the Message-ID of the author's mail
	if m, err := mail.ReadMessage(bytes.NewReader(docRaw)); err == nil {
		origID = strings.Trim(m.Header.Get("Message-ID"), "<> ")
	}
	for _, want := range []string{"Mã theo dõi: " + docRef, "Thời điểm tiếp nhận (giờ Việt Nam): " + received.In(ict).Format("15:04 ngày 02/01/2006"),
		"Thời hạn xử lý: " + due.In(ict).Format("15:04 ngày 02/01/2006") + " (" + article} {
		if !strings.Contains(ack.Text, want) {
			t.Errorf("acknowledgement lacks %q:\n%s", want, ack.Text)
		}
	}
	if !strings.HasPrefix(ack.Subject, "["+docRef+"]") || header(ack, "Auto-Submitted") != "auto-replied" ||
		header(ack, "In-Reply-To") != "<"+origID+">" || !strings.Contains(header(ack, "References"), "<"+origID+">") {
		t.Errorf("acknowledgement headers: subject %q auto %q in-reply-to %q references %q (author's %q)", ack.Subject,
			header(ack, "Auto-Submitted"), header(ack, "In-Reply-To"), header(ack, "References"), origID)
	}

	// 2. The forwarded question: acknowledged, and the unit named.
	queryRef, queryFrom := ref(query)
	waitNotice(t, sink, queryFrom, queryRef, "forwarded")
	fw := noticesTo(t, sink, queryFrom, queryRef)
	if !strings.Contains(fw["forwarded"][0].Text, "đã chuyển thông tin đến Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý") || len(fw["ack"]) != 1 {
		t.Errorf("forward notice: %q (acks %d)", fw["forwarded"][0].Text, len(fw["ack"]))
	}

	// 3. Publication and refusal from the UI.
	u.account(t, "lan", "Lan", auth.Grant{Role: auth.RoleStandingBoard})
	minhID := u.account(t, "minh", "Minh", auth.Grant{Role: auth.RoleEditor})
	lan, minh := signIn(t, u.base, "lan"), signIn(t, u.base, "minh")
	item := func(id int64, action string) string { return fmt.Sprintf("/items/%d/actions/%s", id, action) }
	lan.post(item(doc, "assign"), url.Values{"assignee": {fmt.Sprint(minhID)}})
	minh.post(item(doc, "submit_for_approval"), url.Values{})
	lan.post(item(doc, "approve"), url.Values{})
	link := "https://moj.gov.vn/qt/tintuc/Pages/ke-hoach-pbgdpl-2026.aspx"
	minh.post(item(doc, "publish"), url.Values{"url": {link}})
	waitNotice(t, sink, docFrom, docRef, "published")
	if p := noticesTo(t, sink, docFrom, docRef)["published"][0]; !strings.Contains(p.Text, "Địa chỉ bài đăng: "+link) || header(p, "In-Reply-To") != "<"+origID+">" {
		t.Errorf("publication notice:\n%s", p.Text)
	}
	refRef, refFrom := ref(refused)
	lan.post(item(refused, "refuse"), url.Values{"ground": {"14.3"}, "note": {"Số liệu chưa chính xác."}})
	waitNotice(t, sink, refFrom, refRef, "refused")
	if r := noticesTo(t, sink, refFrom, refRef)["refused"][0]; !strings.Contains(r.Text, "theo khoản 3 Điều 14 Quy chế") ||
		!strings.Contains(r.Text, "nội dung không chính xác, không đúng sự thật") || strings.Contains(r.Text, "Số liệu chưa chính xác") {
		t.Errorf("refusal notice (the ground in words, not the internal note):\n%s", r.Text)
	}

	// 4. Exactly once: the acknowledgement enqueued again is not sent again.
	if _, err := svc.River.Insert(ctx, jobs.SenderNoticeArgs{SubmissionID: doc, Notice: "ack"}, nil); err != nil {
		t.Fatal(err)
	}
	waitCount(t, pool, 0, 30*time.Second, `SELECT count(*) FROM river_job WHERE kind = 'sender_notice' AND state NOT IN ('completed', 'cancelled', 'discarded')`)

	// 5. Nothing to the forged sender, about the secret item, or to the
	// automatic sender; the first two are recorded as skipped, with why.
	for id, why := range map[int64]string{forged: "chưa được xác thực", secret: "cách ly"} {
		if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM sender_notice WHERE submission_id = $1 AND kind = 'ack' AND state = 'skipped' AND note LIKE '%'||$2||'%'`, id, why); n != 1 {
			dumpJobs(t, pool)
			t.Errorf("item %d: no acknowledgement skipped for %q", id, why)
		}
	}
	for _, id := range []int64{forged, secret} {
		r, from := ref(id)
		if got := noticesTo(t, sink, from, r); len(got) != 0 {
			t.Errorf("item %d (%s) got notices: %v", id, from, got)
		}
	}
	var autoFrom string
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM message WHERE id = $1 AND kind = 'auto_reply'`, autoID); n != 1 {
		t.Fatal("the out-of-office answer is not recorded as automatic")
	}
	if m, err := mail.ReadMessage(bytes.NewReader(autoRaw)); err == nil {
		a, _ := mail.ParseAddress(m.Header.Get("From"))
		autoFrom = a.Address
	}
	if got := deliveredTo(t, sink, autoFrom); len(got) != 0 {
		t.Errorf("the automatic sender %s received %d messages", autoFrom, len(got))
	}
	if got := noticesTo(t, sink, docFrom, docRef); len(got["ack"]) != 1 || len(got["published"]) != 1 {
		t.Errorf("the author of %s got %d acknowledgements and %d publication notices, want one each", docRef, len(got["ack"]), len(got["published"]))
	}
	var sent int
	pool.QueryRow(ctx, `SELECT count(*) FROM sender_notice WHERE state = 'sent'`).Scan(&sent)
	if sent != 6 { // doc: ack, published; query: ack, forwarded; refused: ack, refused
		rows, _ := pool.Query(ctx, `SELECT submission_id, kind, state, note FROM sender_notice ORDER BY id`)
		for rows.Next() {
			var id int64
			var k, s, n string
			rows.Scan(&id, &k, &s, &n)
			t.Logf("notice %d %s %s %s", id, k, s, n)
		}
		t.Errorf("%d notices sent, want 6", sent)
	}
}

// startMailService runs the whole service with its outgoing mail on
// Postfix's smtp-sink, tune changing the configuration first (nil: none).
func startMailService(t *testing.T, tune func(*config.Config)) (*uiService, *testenv.Sink) {
	t.Helper()
	sink := testenv.SMTPSink(t)
	dsn := testenv.Postgres(t)
	cfg := config.Default()
	cfg.Database.URL = dsn
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Log.Level = "warn"
	cfg.UI.KeyFile = writeKeyFile(t)
	cfg.SMTP.Addr, cfg.SMTP.Security = sink.Addr(), "none"
	if tune != nil {
		tune(&cfg)
	}
	svc := startService(t, cfg)
	return &uiService{svc: svc, base: "http://" + svc.HTTPAddr(), keyFile: cfg.UI.KeyFile, dsn: dsn}, sink
}

// waitClassified waits (three minutes at the most) until every submission
// of ids is classified.
func waitClassified(t *testing.T, pool *pgxpool.Pool, ids ...int64) {
	t.Helper()
	if n := waitCount(t, pool, len(ids), 3*time.Minute, `SELECT count(*) FROM classification WHERE submission_id = ANY($1)`, ids); n != len(ids) {
		dumpJobs(t, pool)
		t.Fatalf("%d of %d classified", n, len(ids))
	}
}

// referenceOf returns the tracking reference and the sender's address of
// the submission id.
func referenceOf(t *testing.T, pool *pgxpool.Pool, id int64) (ref, from string) {
	t.Helper()
	if err := pool.QueryRow(context.Background(), `SELECT reference, from_addr FROM submission WHERE id = $1`, id).Scan(&ref, &from); err != nil {
		t.Fatal(err)
	}
	return ref, from
}

// waitNotice waits for the notice kind about reference to reach rcpt.
func waitNotice(t *testing.T, sink *testenv.Sink, rcpt, reference, kind string) {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if len(noticesTo(t, sink, rcpt, reference)[kind]) > 0 {
			return
		}
	}
	t.Fatalf("no %s notice about %s reached %s", kind, reference, rcpt)
}

// secretMessage is a document marked secret (Điều 14 khoản 2).
func secretMessage() []byte {
	return []byte("Message-ID: <mat-1@thads.moj.gov.vn>\r\nDate: Mon, 2 Mar 2026 09:13:00 +0700\r\n" +
		"From: \"Văn thư\" <vanthu@thads.moj.gov.vn>\r\nTo: banbientap@moj.gov.vn\r\n" +
		"Subject: =?UTF-8?B?" + b64("Báo cáo tình hình thi hành án") + "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n\r\nTỐI MẬT\r\n\r\nKính gửi Ban Biên tập,\r\n\r\nBáo cáo tình hình thi hành án dân sự quý I để đăng tải.\r\n\r\nTrân trọng.\r\n")
}
