package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// browser is testenv.Browser (Debian's chromium, headless, a fresh profile).
func browser(t *testing.T) context.Context { return testenv.Browser(t) }

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// shot keeps a screenshot under var/screenshots (testenv.Screenshot).
func shot(t *testing.T, ctx context.Context, name string) { testenv.Screenshot(t, ctx, name) }

func browserLogin(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	do(t, ctx, "login as "+user,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), uiPassword),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
		chromedp.WaitVisible(chromedp.CSS(`header.top form[action="/logout"]`)),
	)
}

func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "logout", clickAndLoad(`header.top form[action="/logout"] button`), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)))
}

// openItem opens an item page with every <details> section open.
func openItem(t *testing.T, ctx context.Context, base string, id int64) {
	t.Helper()
	do(t, ctx, fmt.Sprintf("open item %d", id), chromedp.Navigate(fmt.Sprintf("%s/items/%d", base, id)), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	eval[any](t, ctx, `document.querySelectorAll("details").forEach(d => d.open = true); null`)
}

// TestUIInBrowser drives the UI in a real headless chromium: sign-in,
// keyboard navigation of the inbox, triage of an item, forwarding and the
// unit's answer, the two-step publication of Điều 12 with two people, a
// refusal under Điều 14; a hostile HTML mail runs nothing and fetches
// nothing. Screenshots of the main pages are kept in var/screenshots.
func TestUIInBrowser(t *testing.T) {
	u := startUIService(t)
	ctx := browser(t)
	tw := newTripwire(t)
	msgs := corpus(t)
	now := time.Now()
	pub := u.deliver(t, msgs["001-qd-ke-hoach-pbgdpl.eml"], now.Add(-2*time.Hour))
	query := u.deliver(t, msgs["072-hoi-tro-giup-phap-ly-nguoi-khuyet-tat.eml"], now.Add(-time.Hour))
	spam := u.deliver(t, msgs["057-bai-nghien-cuu-tai-san-so.eml"], now.Add(-30*time.Minute))
	bad := u.deliver(t, hostileMail(tw.srv.URL), now.Add(-10*time.Minute))

	u.account(t, "lan", "Nguyễn Thị Lan", auth.Grant{Role: auth.RoleStandingBoard})
	u.account(t, "minh", "Trần Văn Minh", auth.Grant{Role: auth.RoleEditor})
	var unit string
	u.svc.Pool.QueryRow(context.Background(), `SELECT unit FROM triage WHERE submission_id = $1`, query).Scan(&unit)
	if unit == "" {
		unit = "cuc-pbgdpl"
	}
	u.account(t, "hoa", "Phạm Thu Hoa", auth.Grant{Role: auth.RoleUnitLiaison, Unit: unit})
	u.account(t, "quan", "Lê Văn Quân", auth.Grant{Role: auth.RoleManager})

	// Sign in; the inbox lists the four items, nearest deadline first.
	browserLogin(t, ctx, u.base, "lan")
	do(t, ctx, "inbox", chromedp.Navigate(u.base+"/inbox"), chromedp.WaitVisible(chromedp.CSS(`table.list tbody tr`)))
	if n := eval[int](t, ctx, `document.querySelectorAll("table.list tbody tr").length`); n != 4 {
		t.Fatalf("inbox shows %d rows, want 4", n)
	}
	if txt := eval[string](t, ctx, `document.querySelector("time.countdown") ? document.querySelector("time.countdown").textContent : ""`); !strings.HasPrefix(txt, "còn") && !strings.HasPrefix(txt, "quá hạn") {
		t.Errorf("countdown text %q", txt)
	}
	shot(t, ctx, "inbox")
	// Keyboard: j selects the first row, Enter opens it.
	do(t, ctx, "keyboard", chromedp.KeyEvent("j"), chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/items/") {
		t.Fatalf("Enter on a selected row went to %s", loc)
	}

	// The hostile mail: open its page and its preview.
	openItem(t, ctx, u.base, bad)
	time.Sleep(1500 * time.Millisecond) // let the preview load whatever it would
	shot(t, ctx, "item-hostile")
	if v := eval[string](t, ctx, `typeof window.pwned`); v != "undefined" {
		t.Errorf("script ran in the item page: window.pwned is %s", v)
	}
	if title := eval[string](t, ctx, `document.title`); strings.Contains(title, "PWNED") {
		t.Error("script in the preview changed the page title")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("iframe.preview").length`); n != 1 {
		t.Fatalf("%d previews on the page", n)
	}
	if hits := tw.hits.Load(); hits != 0 {
		t.Errorf("the hostile mail made the browser fetch %d time(s), last %v", hits, tw.last.Load())
	}

	// Triage the news item: correct its timing class, assign the editor.
	openItem(t, ctx, u.base, pub)
	do(t, ctx, "classify",
		chromedp.SetValue(chromedp.CSS(`form[action$="/actions/classify"] select[name=c_kind]`), "publish"),
		chromedp.SetValue(chromedp.CSS(`form[action$="/actions/classify"] select[name=c_category]`), "8.1"),
		chromedp.SetValue(chromedp.CSS(`form[action$="/actions/classify"] select[name=c_timing]`), "admin_document"),
		clickAndLoad(`form[action$="/actions/classify"] button`),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	var classifiedBy *int64
	u.svc.Pool.QueryRow(context.Background(), `SELECT classified_by FROM triage WHERE submission_id = $1`, pub).Scan(&classifiedBy)
	if classifiedBy == nil {
		t.Fatal("classification not recorded")
	}
	shot(t, ctx, "item")
	openItem(t, ctx, u.base, pub)
	minhID := eval[string](t, ctx, `[...document.querySelectorAll('select[name=assignee] option')].find(o => o.textContent.includes("Minh")).value`)
	do(t, ctx, "assign", chromedp.SetValue(chromedp.CSS(`select[name=assignee]`), minhID), clickAndLoad(`#do-assign`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, pub, "in_edit")

	// Forward the query; the unit's liaison answers it.
	openItem(t, ctx, u.base, query)
	do(t, ctx, "forward", chromedp.SetValue(chromedp.CSS(`form[action$="/actions/forward"] select[name=unit]`), unit),
		clickAndLoad(`#do-forward`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, query, "forwarded")

	// Refuse the research article under Điều 14 khoản 3 with a note.
	openItem(t, ctx, u.base, spam)
	do(t, ctx, "refuse", chromedp.SetValue(chromedp.CSS(`form[action$="/actions/refuse"] select[name=ground]`), "14.3"),
		chromedp.SendKeys(chromedp.CSS(`form[action$="/actions/refuse"] textarea[name=note]`), "Số liệu trong bài không chính xác"),
		clickAndLoad(`#do-refuse`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, spam, "refused")

	// Search from the header: "/" focuses the box; words typed without
	// diacritics find the query about legal aid ("trợ giúp pháp lý"), the
	// matched words marked; the archive lists the refused item.
	u.waitIndexed(t, query)
	do(t, ctx, "search", chromedp.Navigate(u.base+"/inbox"), chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.KeyEvent("/"), chromedp.SendKeys(chromedp.CSS(`#q`), "tro giup phap ly\r"),
		chromedp.WaitVisible(chromedp.CSS(`table.results`)))
	if href := eval[string](t, ctx, `document.querySelector("table.results tbody a").getAttribute("href")`); href != fmt.Sprintf("/items/%d", query) {
		t.Errorf("first search result %s, want the legal-aid query %d", href, query)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("table.results mark").length`); n == 0 {
		t.Error("no matched word is marked in the results")
	}
	shot(t, ctx, "search")
	do(t, ctx, "archive", chromedp.Navigate(u.base+"/archive"), chromedp.WaitVisible(chromedp.CSS(`table.results`)))
	if txt := eval[string](t, ctx, `document.querySelector("table.results").textContent`); !strings.Contains(txt, u.reference(t, spam)) {
		t.Errorf("the archive lacks the refused item %d", spam)
	}
	shot(t, ctx, "archive")
	browserLogout(t, ctx)

	// Điều 12 step 1: the editor puts it in "pending approval".
	browserLogin(t, ctx, u.base, "minh")
	openItem(t, ctx, u.base, pub)
	do(t, ctx, "submit for approval", clickAndLoad(`#do-submit`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, pub, "pending_approval")
	if n := eval[int](t, ctx, `document.querySelectorAll("#do-approve").length`); n != 0 {
		t.Fatal("the editor is offered to approve their own work (Điều 12)")
	}
	browserLogout(t, ctx)

	// Step 2: another person approves and records the publication.
	browserLogin(t, ctx, u.base, "lan")
	openItem(t, ctx, u.base, pub)
	do(t, ctx, "approve", clickAndLoad(`#do-approve`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, pub, "approved")
	openItem(t, ctx, u.base, pub)
	do(t, ctx, "publish", chromedp.SendKeys(chromedp.CSS(`form[action$="/actions/publish"] input[name=url]`), "https://moj.gov.vn/qt/tintuc/Pages/ke-hoach-pbgdpl.aspx"),
		clickAndLoad(`#do-publish`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, pub, "published")
	openItem(t, ctx, u.base, pub)
	shot(t, ctx, "item-published")
	var editor, approver string
	u.svc.Pool.QueryRow(context.Background(), `SELECT e.username, a.username FROM triage t JOIN account e ON e.id = t.editor_id JOIN account a ON a.id = t.approver_id WHERE t.submission_id = $1`, pub).Scan(&editor, &approver)
	if editor != "minh" || approver != "lan" {
		t.Fatalf("editor %q approver %q", editor, approver)
	}
	do(t, ctx, "register form", chromedp.Navigate(u.base+"/register"), chromedp.WaitVisible(chromedp.CSS(`input[name=subject]`)))
	shot(t, ctx, "register")
	do(t, ctx, "dashboard", chromedp.Navigate(u.base+"/dashboard"), chromedp.WaitVisible(chromedp.CSS(`table.chart`)))
	shot(t, ctx, "dashboard")
	do(t, ctx, "english", clickAndLoad(`a[lang=en]`), chromedp.WaitVisible(chromedp.CSS(`table.chart`)))
	if h := eval[string](t, ctx, `document.querySelector("h1").textContent`); h != "Timeliness" {
		t.Errorf("English switch: h1 %q", h)
	}
	browserLogout(t, ctx)

	// The unit's liaison sees only the forwarded query, answers and closes it.
	browserLogin(t, ctx, u.base, "hoa")
	do(t, ctx, "unit view", chromedp.Navigate(u.base+"/unit"), chromedp.WaitVisible(chromedp.CSS(`table.list tbody tr`)))
	if n := eval[int](t, ctx, `document.querySelectorAll("table.list tbody tr").length`); n != 1 {
		t.Fatalf("unit view shows %d rows, want only the forwarded query", n)
	}
	shot(t, ctx, "unit")
	openItem(t, ctx, u.base, query)
	do(t, ctx, "answer", chromedp.SendKeys(chromedp.CSS(`form[action$="/actions/answer"] textarea`), "Đã hướng dẫn công dân liên hệ Trung tâm trợ giúp pháp lý."),
		clickAndLoad(`#do-answer`), chromedp.WaitVisible(chromedp.CSS(`section[aria-label]`)))
	u.waitState(t, query, "answered")
	if hits := tw.hits.Load(); hits != 0 {
		t.Errorf("something fetched from the tripwire server: %d hits, last %v", hits, tw.last.Load())
	}
	browserLogout(t, ctx)

	// The administrator's and the manager's pages: each renders, in
	// Vietnamese, without a stored code or a Go value shown as it is.
	u.account(t, "root", "Quản trị", auth.Grant{Role: auth.RoleAdmin}, auth.Grant{Role: auth.RoleManager})
	browserLogin(t, ctx, u.base, "root")
	for _, pg := range []struct{ path, name string }{
		{"/admin/accounts", "accounts"}, {"/admin/access-review", "access-review"}, {"/admin/audit", "audit"},
		{"/admin/directory", "directory"}, {"/admin/calendar", "calendar"}, {"/reports", "reports"},
	} {
		do(t, ctx, pg.name, chromedp.Navigate(u.base+pg.path), chromedp.WaitVisible(chromedp.CSS(`h1`)))
		shot(t, ctx, pg.name)
		if pg.name == "calendar" { // the year as the deadlines count it (desk.Desk.CalendarYear)
			if n := eval[int](t, ctx, `document.querySelectorAll("#days-off tr").length`); n < 8 {
				t.Errorf("the calendar lists %d weekdays off this year, want the holidays (8 at least)", n)
			}
		}
		body := eval[string](t, ctx, `document.body.innerText`)
		for _, bad := range []string{"map[", "standing_board", "unit_liaison", "<nil>", "%!"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s shows %q", pg.path, bad)
			}
		}
	}
}

// clickAndLoad clicks sel (a submit button or link) and waits until the
// page it leads to has loaded: the old document is marked first, so that a
// wait for an element the old page also has does not return at once.
func clickAndLoad(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var none chromedp.Void
		if _, err := chromedp.Evaluate[bool](`window.__tiepnhanStale = true`)(ctx, t); err != nil {
			return none, err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)(ctx, t); err != nil {
			return none, err
		}
		for {
			// Errors while the old document goes away are expected: retry.
			busy, err := chromedp.Evaluate[bool](`window.__tiepnhanStale === true || document.readyState !== "complete"`)(ctx, t)
			if err == nil && !busy {
				return none, nil
			}
			select {
			case <-ctx.Done():
				return none, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}
