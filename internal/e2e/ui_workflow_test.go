package e2e

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// webUser is a signed-in browser-like client of the UI.
type webUser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func signIn(t *testing.T, base, user string) *webUser {
	c, csrf := httpClient(t, base, user)
	return &webUser{t: t, base: base, c: c, csrf: csrf}
}

// post sends a form and wants a redirect (the action done), else fails
// with the page's message.
func (w *webUser) post(path string, form url.Values) {
	w.t.Helper()
	form.Set("csrf", w.csrf)
	resp, err := w.c.PostForm(w.base+path, form)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		msg := string(b)
		if i := strings.Index(msg, `class="error"`); i >= 0 {
			msg = msg[i:min(len(msg), i+400)]
		}
		w.t.Fatalf("POST %s %v: %d %.400s", path, form, resp.StatusCode, msg)
	}
}

func (w *webUser) get(path string) string {
	w.t.Helper()
	return get(w.t, w.c, w.base+path)
}

// deliveredTo returns the messages the relay took for rcpt.
func deliveredTo(t *testing.T, sink *testenv.Sink, rcpt string) []*mailparse.Message {
	t.Helper()
	var out []*mailparse.Message
	for _, d := range sink.Deliveries(t) {
		for _, r := range d.RcptTo {
			if strings.Contains(strings.ToLower(r), "<"+strings.ToLower(rcpt)+">") {
				m, err := mailparse.Parse(bytes.NewReader(d.Data), mailparse.Options{})
				if err != nil {
					t.Fatalf("mail to %s: %v", rcpt, err)
				}
				out = append(out, m)
			}
		}
	}
	return out
}

func waitDelivered(t *testing.T, sink *testenv.Sink, rcpt string, n int, within time.Duration) []*mailparse.Message {
	t.Helper()
	end := time.Now().Add(within)
	for {
		ms := deliveredTo(t, sink, rcpt)
		if len(ms) >= n {
			return ms
		}
		if time.Now().After(end) {
			t.Fatalf("%d messages to %s after %s, want %d", len(ms), rcpt, within, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestUIActionsMailAndDeadlines runs the whole service with its outgoing
// mail on Postfix's smtp-sink and drives the web UI over HTTP as the
// Standing Board, a board member, an editor and an administrator do: a
// classification correction is recorded and sends the forwarded query to
// the unit chosen; a supplement request from the UI mails the author with
// the person's note and starts the Điều 11 khoản 2 day; a corrected timing
// class replaces 13.1 by 13.2; the review of Điều 12 khoản 3 runs and is
// met; the publication meets 13.2 and is recorded for the 14.4 screen; a
// refusal cancels; a day off declared on the calendar page moves an open
// deadline; a new directory version sends the next forward to the unit's
// new address; the audit trail names the person behind each change.
func TestUIActionsMailAndDeadlines(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	u, sink := startMailService(t, nil)
	svc, pool := u.svc, u.svc.Pool
	msgs := corpus(t)
	now := time.Now()
	doc := u.deliver(t, msgs["001-qd-ke-hoach-pbgdpl.eml"], now.Add(-20*time.Minute))
	query := u.deliver(t, msgs["072-hoi-tro-giup-phap-ly-nguoi-khuyet-tat.eml"], now.Add(-15*time.Minute))
	query2 := u.deliver(t, msgs["073-hoi-cong-chung-hop-dong-tai-nha.eml"], now.Add(-12*time.Minute))
	refused := u.deliver(t, msgs["057-bai-nghien-cuu-tai-san-so.eml"], now.Add(-10*time.Minute))
	spare := u.deliver(t, msgs["050-tin-hoi-nghi-thads-nghe-an.eml"], now.Add(-5*time.Minute))
	// The machine classifies everything and forwards the queries.
	waitClassified(t, pool, doc, query, query2, refused)
	if n := waitCount(t, pool, 2, time.Minute, `SELECT count(*) FROM forward WHERE sent_at IS NOT NULL AND submission_id = ANY($1)`, []int64{query, query2}); n != 2 {
		dumpJobs(t, pool)
		t.Fatalf("%d of 2 queries forwarded by the machine", n)
	}
	var firstUnit string
	pool.QueryRow(ctx, `SELECT unit FROM forward WHERE submission_id = $1`, query).Scan(&firstUnit)
	if firstUnit != "cuc-pbgdpl" {
		t.Fatalf("the machine forwarded the query to %q", firstUnit)
	}

	create := func(name, email string, g auth.Grant) {
		h, _ := auth.Hasher{}.Hash(uiPassword)
		if _, err := svc.Store.CreateAccount(ctx, "test", auth.Account{Username: name, DisplayName: name, Email: email, PasswordHash: h}, []auth.Grant{g}); err != nil {
			t.Fatal(err)
		}
	}
	create("lan", "ttbbt1@moj.gov.vn", auth.Grant{Role: auth.RoleStandingBoard})
	create("son", "tvbbt1@moj.gov.vn", auth.Grant{Role: auth.RoleBoardMember})
	create("minh", "btv2@moj.gov.vn", auth.Grant{Role: auth.RoleEditor})
	create("root", "", auth.Grant{Role: auth.RoleAdmin})
	lan := signIn(t, u.base, "lan")
	item := func(id int64, action string) string { return fmt.Sprintf("/items/%d/actions/%s", id, action) }

	// 1. The query's unit corrected: recorded, and forwarded to that unit.
	lan.post(item(query, "classify"), url.Values{"c_kind": {"query"}, "c_unit": {"cuc-hctp"}, "c_target": {"unit"}, "c_language": {"vi"}})
	var queryRef string
	pool.QueryRow(ctx, `SELECT reference FROM submission WHERE id = $1`, query).Scan(&queryRef)
	var toUnit *mailparse.Message
	for end := time.Now().Add(time.Minute); toUnit == nil && time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		for _, m := range deliveredTo(t, sink, "cuchctp@moj.gov.vn") {
			if strings.Contains(m.Subject, queryRef) {
				toUnit = m
			}
		}
	}
	if toUnit == nil {
		dumpJobs(t, pool)
		t.Fatalf("the corrected unit did not receive %s", queryRef)
	}
	if !headerIs(toUnit, "Auto-Submitted", "auto-generated") || !strings.Contains(toUnit.Text, "Mã theo dõi: "+queryRef) {
		t.Errorf("forward to the corrected unit: %q", toUnit.Text)
	}
	if n := len(deliveredTo(t, sink, "cucpbgdpl@moj.gov.vn")); n != 1 {
		t.Errorf("the first unit received %d messages, want its one forward", n)
	}
	var corrected int
	pool.QueryRow(ctx, `SELECT count(*) FROM classification_correction WHERE submission_id = $1 AND field = 'unit' AND machine_value = 'cuc-pbgdpl'
		AND corrected_value = 'cuc-hctp' AND actor = 'user:lan'`, query).Scan(&corrected)
	if corrected != 1 {
		t.Errorf("unit correction recorded %d times", corrected)
	}
	if n := waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM forward WHERE submission_id = $1 AND unit = 'cuc-hctp' AND sent_at IS NOT NULL`, query); n != 1 {
		t.Error("the forward row does not name the unit chosen")
	}

	// 2. A supplement request from the UI, with the person's note.
	var author string
	pool.QueryRow(ctx, `SELECT from_addr FROM submission WHERE id = $1`, doc).Scan(&author)
	before := len(deliveredTo(t, sink, author))
	lan.post(item(doc, "request_supplement"), url.Values{"note": {"Đề nghị gửi bản Kế hoạch có chữ ký số và dấu của Cục."}})
	ms := waitDelivered(t, sink, author, before+1, time.Minute)
	last := ms[len(ms)-1]
	if !strings.Contains(last.Text, "chữ ký số và dấu của Cục") || !strings.Contains(last.Text, "01 ngày làm việc") {
		t.Errorf("the request does not carry the note: %q", last.Text)
	}
	if n := waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'running'`, doc); n != 1 {
		t.Error("no 11.2 deadline after the request")
	}
	if u.state(t, doc) != "awaiting_author" {
		t.Errorf("state %s after the request", u.state(t, doc))
	}
	// The author answers, threaded to the request: 11.2 is met and the item
	// goes back to where it was ("an answer resumes the item").
	reply := fmt.Sprintf("From: <%s>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Re: %s\r\nMessage-ID: <tra-loi-ui@b.vn>\r\nIn-Reply-To: <%s>\r\n"+
		"References: <%s>\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
		"Kính gửi Ban Biên tập, Cục gửi lại Kế hoạch có chữ ký số.\r\n", author, "=?UTF-8?B?"+b64(last.Subject)+"?=", last.MessageID, last.MessageID,
		time.Now().Format(time.RFC1123Z))
	if _, _, err := svc.Store.InsertManual(ctx, intake.RawMessage{ReceivedAt: time.Now(), Size: int64(len(reply)), Raw: []byte(reply),
		MessageID: "tra-loi-ui@b.vn", SHA256: intake.HashRaw([]byte(reply))}, "test", pipeline.EnqueueParse(svc.River)); err != nil {
		t.Fatal(err)
	}
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'met'`, doc); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the author's answer did not meet 11.2")
	}
	u.waitState(t, doc, "awaiting_triage")

	// 3. The timing class corrected (an administrative document read as
	// "other"): 13.1 replaced by 13.2.
	var d131 int64
	if err := pool.QueryRow(ctx, `SELECT id FROM deadline WHERE submission_id = $1 AND rule_id = '13.1' AND state = 'running'`, doc).Scan(&d131); err != nil {
		t.Fatalf("no running 13.1 for the administrative document: %v", err)
	}
	lan.post(item(doc, "classify"), url.Values{"c_kind": {"publish"}, "c_category": {"8.1"}, "c_timing": {"other"}, "c_unit": {"cuc-pbgdpl"},
		"c_target": {"portal_editor"}, "c_language": {"vi"}})
	var states []string
	rows, _ := pool.Query(ctx, `SELECT rule_id || ':' || state FROM deadline WHERE submission_id = $1 AND start_event = 'received' AND id >= $2 ORDER BY id`, doc, d131)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		states = append(states, s)
	}
	if !slices.Equal(states, []string{"13.1:cancelled", "13.2:running"}) {
		t.Fatalf("posting deadlines after the class changed: %v", states)
	}
	var why string
	pool.QueryRow(ctx, `SELECT actor || ' ' || kind FROM deadline_event WHERE deadline_id = $1 ORDER BY id DESC LIMIT 1`, d131).Scan(&why)
	if why != "user:lan replaced" {
		t.Errorf("13.1's last event %q, want replaced by user:lan", why)
	}

	// 4. The board member's review (Điều 12 khoản 3), then the two steps
	// of Điều 12 and the publication (Điều 13).
	accountID := func(name string) string {
		var id int64
		pool.QueryRow(ctx, `SELECT id FROM account WHERE username = $1`, name).Scan(&id)
		return fmt.Sprint(id)
	}
	lan.post(item(doc, "assign"), url.Values{"assignee": {accountID("son")}, "review": {"1"}})
	if n := waitCount(t, pool, 1, 5*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '12.3' AND state = 'running' AND assignee = 'tvbbt1@moj.gov.vn'`, doc); n != 1 {
		t.Fatal("12.3 not running for the board member")
	}
	signIn(t, u.base, "son").post(item(doc, "review_done"), url.Values{"note": {"Nội dung chính xác."}})
	if n := waitCount(t, pool, 1, 5*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '12.3' AND state = 'met'`, doc); n != 1 {
		t.Fatal("12.3 not met by the board member's return")
	}
	lan.post(item(doc, "assign"), url.Values{"assignee": {accountID("minh")}})
	minh := signIn(t, u.base, "minh")
	minh.post(item(doc, "submit_for_approval"), url.Values{})
	lan.post(item(doc, "approve"), url.Values{})
	link := "https://moj.gov.vn/qt/tintuc/Pages/ke-hoach-pbgdpl-2026.aspx"
	minh.post(item(doc, "publish"), url.Values{"url": {link}})
	if n := waitCount(t, pool, 1, 5*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '13.2' AND state IN ('met', 'breached') AND stopped_at IS NOT NULL`, doc); n != 1 {
		t.Fatal("13.2 not stopped by the publication")
	}
	if n := waitCount(t, pool, 1, 5*time.Second, `SELECT count(*) FROM published_item WHERE link = $1 AND source = 'staff' AND submission_id = $2`, link, doc); n != 1 {
		t.Fatal("the publication is not recorded for the near-duplicate screen")
	}

	// 5. A refusal cancels what is open.
	lan.post(item(refused, "refuse"), url.Values{"ground": {"14.3"}, "note": {"Số liệu chưa chính xác."}})
	var open int
	pool.QueryRow(ctx, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND state IN ('running', 'paused')`, refused).Scan(&open)
	if open != 0 {
		t.Errorf("%d deadlines still running after the refusal", open)
	}

	// 6. The calendar page: a day off on the due date of an open deadline
	// moves it.
	var openID int64
	var due time.Time
	if err := pool.QueryRow(ctx, `SELECT id, due_at FROM deadline WHERE submission_id = $1 AND state = 'running' ORDER BY due_at LIMIT 1`, spare).Scan(&openID, &due); err != nil {
		t.Fatalf("no running deadline left to move: %v", err)
	}
	root := signIn(t, u.base, "root")
	day := workday.DateOf(due)
	page := root.get("/admin/calendar")
	if !strings.Contains(page, `action="/admin/calendar"`) {
		t.Fatal("no calendar form")
	}
	root.post("/admin/calendar", url.Values{"day": {day.String()}, "kind": {"day_off"}, "reason": {"Nghỉ đột xuất theo thông báo của Bộ"}})
	var moved time.Time
	pool.QueryRow(ctx, `SELECT due_at FROM deadline WHERE id = $1`, openID).Scan(&moved)
	if !moved.After(due) {
		t.Errorf("deadline %d due %s, after the day off %s: not moved", openID, due, moved)
	}

	// 7. The directory page: a version in force today gives the unit a new
	// address, which the next forward from the UI uses.
	text := root.get("/admin/directory")
	i, j := strings.Index(text, `name="toml"`), strings.Index(text, "</textarea>")
	if i < 0 || j < i {
		t.Fatal("no TOML to edit on the directory page")
	}
	toml := text[strings.Index(text[i:], ">")+i+1 : j]
	toml = html.UnescapeString(toml)
	toml = strings.Replace(toml, `email = "cuchctp@moj.gov.vn"`, `email = "hctp-moi@moj.gov.vn"`, 1)
	toml = strings.Replace(toml, `effective_from = "2026-01-10"`, fmt.Sprintf(`effective_from = %q`, workday.DateOf(time.Now()).String()), 1)
	root.post("/admin/directory", url.Values{"toml": {toml}})
	lan.post(item(query2, "forward"), url.Values{"unit": {"cuc-hctp"}, "note": {"Chuyển Cục Hành chính tư pháp theo lĩnh vực công chứng."}})
	fw := waitDelivered(t, sink, "hctp-moi@moj.gov.vn", 1, time.Minute)
	if !strings.Contains(fw[0].Text, "lĩnh vực công chứng") {
		t.Errorf("the UI's forward lacks the note: %q", fw[0].Text)
	}

	// 8. The audit trail names the person behind each change (Điều 6
	// khoản 2).
	for _, c := range []struct{ table, actor string }{
		{"classification_correction", "user:lan"}, {"deadline", "user:son"}, {"published_item", "user:minh"},
		{"calendar_override", "user:root"}, {"directory_version", "user:root"}, {"triage", "user:lan"},
	} {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = $1 AND actor = $2`, c.table, c.actor).Scan(&n)
		if n == 0 {
			t.Errorf("no audit row of %s by %s", c.table, c.actor)
		}
	}
}

// TestAdminPagesInBrowser drives the administrators' calendar page in
// headless chromium: a day off declared on the form shows the deadline it
// moved; the Standing Board lifts a quarantine on the item page.
func TestAdminPagesInBrowser(t *testing.T) {
	u := startUIService(t)
	ctx := browser(t)
	msgs := corpus(t)
	id := u.deliver(t, msgs["001-qd-ke-hoach-pbgdpl.eml"], time.Now().Add(-30*time.Minute))
	u.account(t, "root", "Quản trị", auth.Grant{Role: auth.RoleAdmin})
	u.account(t, "lan", "Nguyễn Thị Lan", auth.Grant{Role: auth.RoleStandingBoard})
	var due time.Time
	if n := waitCount(t, u.svc.Pool, 1, 2*time.Minute, `SELECT count(*) FROM classification WHERE submission_id = $1`, id); n != 1 {
		dumpJobs(t, u.svc.Pool)
		t.Fatal("not classified")
	}
	if n := waitCount(t, u.svc.Pool, 1, time.Minute, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND state = 'running'`, id); n != 1 {
		t.Fatal("no running deadline")
	}
	u.svc.Pool.QueryRow(context.Background(), `SELECT due_at FROM deadline WHERE submission_id = $1 AND state = 'running' ORDER BY due_at LIMIT 1`, id).Scan(&due)
	browserLogin(t, ctx, u.base, "root")
	do(t, ctx, "calendar", chromedp.Navigate(u.base+"/admin/calendar"), chromedp.WaitVisible(chromedp.CSS(`#do-calendar`)))
	do(t, ctx, "declare a day off",
		chromedp.SetValue(chromedp.CSS(`input[name=day]`), workday.DateOf(due).String()),
		chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "day_off"),
		chromedp.SendKeys(chromedp.CSS(`input[name=reason]`), "Nghỉ bù"),
		chromedp.Click(chromedp.CSS(`#do-calendar`)),
		chromedp.WaitVisible(chromedp.CSS(`#outcome`)))
	if txt := eval[string](t, ctx, `document.querySelector("#outcome").textContent`); !strings.Contains(txt, "TN-") {
		t.Errorf("the outcome does not list the moved deadline: %q", txt)
	}
	shot(t, ctx, "admin-calendar")
	do(t, ctx, "directory", chromedp.Navigate(u.base+"/admin/directory"), chromedp.WaitVisible(chromedp.CSS(`#units`)))
	shot(t, ctx, "admin-directory")
	browserLogout(t, ctx)

	// Quarantine (Điều 14 khoản 2): a person decides on the item page.
	browserLogin(t, ctx, u.base, "lan")
	openItem(t, ctx, u.base, id)
	do(t, ctx, "quarantine", chromedp.Click(chromedp.CSS(`form[action$="/actions/quarantine"] input[value="1"]`)),
		chromedp.Click(chromedp.CSS(`#do-quarantine`)), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	if n := waitCount(t, u.svc.Pool, 1, 10*time.Second, `SELECT count(*) FROM classification WHERE submission_id = $1 AND quarantined
		AND quarantine_decision = 'confirmed' AND quarantine_decided_by = 'user:lan'`, id); n != 1 {
		t.Error("the person's quarantine is not recorded with the classification")
	}
	// Quarantined, it is routed again to the Standing Board only.
	if n := waitCount(t, u.svc.Pool, 1, 20*time.Second, `SELECT count(*) FROM assignment WHERE submission_id = $1 AND open AND target = 'standing_board'`, id); n != 1 {
		dumpJobs(t, u.svc.Pool)
		t.Error("the quarantined item is not with the Standing Board")
	}
}
