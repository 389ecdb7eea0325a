package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// shortSupplementRules keep Điều 13 khoản 2 and give the author's day of
// Điều 11 khoản 2 sixty seconds of a 24-hour working day, so that the
// day passes within the test.
var shortSupplementRules = oneDayRule + fmt.Sprintf(`
[[rule]]
id = "11.2"
article = "Điều 11 khoản 2"
basis = "Trong thời hạn 01 ngày làm việc không có thông tin phản hồi, Thường trực Ban Biên tập quyết định việc đăng tải hoặc không đăng tải thông tin đó."
start = "supplement_requested"
stop = "author_replied"
applies_to = ["direction", "admin_document", "news_event", "other"]
days = %g
pause_while_awaiting_author = false
on_expiry = "decision_needed"
`, 60.0/86400)

// TestSupplementMissingNotice runs the whole service with its outgoing
// mail on Postfix's smtp-sink, a 24-hour working calendar and the author's
// day of Điều 11 khoản 2 shortened to 60 s. The Standing Board asks two
// authenticated authors for a supplement from the UI; one answers in time
// (threaded on the request): 11.2 is met and no "still missing" notice
// goes out. The other does not: when the day passes, the item needs the
// Board's decision and its author receives, once, the notice that the
// supplement is still missing: the tracking code, the instant of the
// request (Vietnam time), Điều 11 khoản 2, threaded on the author's mail
// and marked auto-replied.
func TestSupplementMissingNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	rules := filepath.Join(t.TempDir(), "rules.toml")
	if err := os.WriteFile(rules, []byte(shortSupplementRules), 0o644); err != nil {
		t.Fatal(err)
	}
	u, sink := startMailService(t, func(cfg *config.Config) {
		cfg.Intake.AuthServID = ourAuthserv
		cfg.Deadlines.OfficeHours = "00:00-24:00"
		cfg.Deadlines.RulesFile = rules
	})
	svc, pool := u.svc, u.svc.Pool
	u.account(t, "root", "Quản trị", auth.Grant{Role: auth.RoleAdmin})
	u.account(t, "lan", "Lan", auth.Grant{Role: auth.RoleStandingBoard})
	root, lan := signIn(t, u.base, "root"), signIn(t, u.base, "lan")
	// Today and tomorrow are working days whatever the date of the run.
	today := workday.DateOf(time.Now())
	for _, d := range []workday.Date{today, today.AddDays(1)} {
		root.post("/admin/calendar", url.Values{"day": {d.String()}, "kind": {"working"}, "reason": {"thử nghiệm e2e"}})
	}

	msgs := corpus(t)
	now := time.Now()
	silentRaw := withAuthResults(t, msgs["001-qd-ke-hoach-pbgdpl.eml"], "pass")
	silent := u.deliver(t, silentRaw, now.Add(-10*time.Minute))
	answered := u.deliver(t, withAuthResults(t, msgs["057-bai-nghien-cuu-tai-san-so.eml"], "pass"), now.Add(-8*time.Minute))
	waitClassified(t, pool, silent, answered)
	silentRef, silentFrom := referenceOf(t, pool, silent)
	answeredRef, answeredFrom := referenceOf(t, pool, answered)

	// The answered one first, so that its answer is in before its day ends.
	lan.post(fmt.Sprintf("/items/%d/actions/request_supplement", answered), url.Values{"note": {"Đề nghị bổ sung số điện thoại liên hệ của tác giả."}})
	req := waitRequest(t, sink, answeredFrom, "số điện thoại liên hệ")
	reply := fmt.Sprintf("From: <%s>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Re: %s\r\nMessage-ID: <bo-sung-kip@b.vn>\r\nIn-Reply-To: <%s>\r\n"+
		"References: <%s>\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
		"Kính gửi Ban Biên tập, tác giả xin bổ sung số điện thoại liên hệ.\r\n", answeredFrom, "=?UTF-8?B?"+b64(req.Subject)+"?=", req.MessageID, req.MessageID,
		time.Now().Format(time.RFC1123Z))
	// Authenticated like the author's first mail: an unverified reply
	// waits for a person instead.
	replyRaw := withAuthResults(t, []byte(reply), "pass")
	if _, _, err := svc.Store.InsertManual(ctx, intake.RawMessage{ReceivedAt: time.Now(), Size: int64(len(replyRaw)), Raw: replyRaw,
		MessageID: "bo-sung-kip@b.vn", SHA256: intake.HashRaw(replyRaw)}, "test", pipeline.EnqueueParse(svc.River)); err != nil {
		t.Fatal(err)
	}

	// The silent one.
	lan.post(fmt.Sprintf("/items/%d/actions/request_supplement", silent), url.Values{"note": {"Đề nghị gửi bản Kế hoạch có chữ ký số."}})
	waitRequest(t, sink, silentFrom, "chữ ký số")
	waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM supplement_request WHERE submission_id = $1 AND requested_at IS NOT NULL`, silent)
	var requestedAt time.Time
	if err := pool.QueryRow(ctx, `SELECT requested_at FROM supplement_request WHERE submission_id = $1`, silent).Scan(&requestedAt); err != nil {
		t.Fatalf("no supplement request recorded: %v", err)
	}

	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'met'`, answered); n != 1 {
		dumpJobs(t, pool)
		rows, _ := pool.Query(ctx, `SELECT kind, actor, detail::text FROM submission_event WHERE submission_id = $1 ORDER BY id`, answered)
		for rows.Next() {
			var k, a, d string
			rows.Scan(&k, &a, &d)
			t.Logf("history of the answered item: %s %s %.200s", k, a, d)
		}
		t.Fatal("the author's answer in time did not meet 11.2")
	}
	if n := waitCount(t, pool, 1, 2*time.Minute, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'breached'`, silent); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the silent author's day of Điều 11 khoản 2 did not pass")
	}
	waitNotice(t, sink, silentFrom, silentRef, "supplement_missing")
	if n := waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM submission_event WHERE submission_id = $1 AND kind = 'decision_needed'`, silent); n != 1 {
		t.Error("the item does not ask for the Board's decision (Điều 11 khoản 2)")
	}
	got := noticesTo(t, sink, silentFrom, silentRef)["supplement_missing"]
	notice := got[0]
	origID := ""
	if m, err := mail.ReadMessage(bytes.NewReader(silentRaw)); err == nil {
		origID = strings.Trim(m.Header.Get("Message-ID"), "<> ")
	}
	ict := time.FixedZone("ICT", 7*3600)
	for _, want := range []string{"mã theo dõi " + silentRef, "Lúc " + requestedAt.In(ict).Format("15:04 ngày 02/01/2006"), "khoản 2 Điều 11",
		"quá thời hạn 01 ngày làm việc"} {
		if !strings.Contains(notice.Text, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice.Text)
		}
	}
	if notice.Subject != "["+silentRef+"] Chưa nhận được thông tin bổ sung" || header(notice, "Auto-Submitted") != "auto-replied" ||
		header(notice, "In-Reply-To") != "<"+origID+">" {
		t.Errorf("notice headers: subject %q auto %q in-reply-to %q (author's %q)", notice.Subject, header(notice, "Auto-Submitted"), header(notice, "In-Reply-To"), origID)
	}

	// Once, and none for the author who answered.
	time.Sleep(2 * time.Second)
	if n := len(noticesTo(t, sink, silentFrom, silentRef)["supplement_missing"]); n != 1 {
		t.Errorf("%d \"still missing\" notices to the silent author, want 1", n)
	}
	if n := len(noticesTo(t, sink, answeredFrom, answeredRef)["supplement_missing"]); n != 0 {
		t.Errorf("the author who answered got %d \"still missing\" notices", n)
	}
	var sent, other int
	pool.QueryRow(ctx, `SELECT count(*) FROM sender_notice WHERE kind = 'supplement_missing' AND state = 'sent' AND submission_id = $1`, silent).Scan(&sent)
	pool.QueryRow(ctx, `SELECT count(*) FROM sender_notice WHERE kind = 'supplement_missing' AND submission_id = $1`, answered).Scan(&other)
	if sent != 1 || other != 0 {
		t.Errorf("sender_notice rows: %d sent to the silent author, %d about the answered item; want 1, 0", sent, other)
	}
}

// waitRequest waits for the supplement request (not a notice) to rcpt
// that carries the person's note.
func waitRequest(t *testing.T, sink *testenv.Sink, rcpt, note string) *mailparse.Message {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		for _, m := range deliveredTo(t, sink, rcpt) {
			if header(m, "X-Tiepnhan-Notice") == "" && strings.Contains(m.Text, note) {
				return m
			}
		}
	}
	t.Fatalf("no supplement request with %q reached %s", note, rcpt)
	return nil
}
