package e2e

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestFeedProposesPublication serves the Portal's RSS 2.0 feed from a local
// HTTP server with two new items: the publication of an open news item
// (an edited title, the first paragraphs of its text) and an unrelated
// item. The import records one proposal on that submission, with the URL
// and the feed's time, and its history says so; the unrelated item
// proposes nothing; importing the feed again adds nothing.
func TestFeedProposesPublication(t *testing.T) {
	u := startUIService(t)
	ctx := context.Background()
	pool := u.svc.Pool
	sub, summary := deliverNewsItem(t, u, time.Now().Add(-3*time.Hour))
	pubAt := time.Now().Add(-time.Hour).Truncate(time.Second)
	match := "https://moj.gov.vn/qt/tintuc/Pages/hoi-nghi-thads-nghe-an.aspx"
	other := "https://moj.gov.vn/qt/tintuc/Pages/trien-khai-cong-tac-2026.aspx"
	feed := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cổng Thông tin điện tử Bộ Tư pháp</title><link>https://moj.gov.vn</link><description>Tin tức</description>
<item><title>Tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>
<item><title>Bộ Tư pháp triển khai công tác năm 2026</title><link>%s</link><pubDate>%s</pubDate><description>Sáng nay, Bộ trưởng Bộ Tư pháp chủ trì hội nghị triển khai công tác năm 2026 của ngành Tư pháp với các đơn vị thuộc Bộ và các Sở Tư pháp.</description></item>
</channel></rss>`, match, pubAt.Format(time.RFC1123Z), html.EscapeString(summary), other, pubAt.Format(time.RFC1123Z))
	feedURL := serveFeed(t, feed)

	for range 2 { // the second import finds the proposal made
		if _, err := app.ImportFeed(ctx, u.svc.Store, feedURL); err != nil {
			t.Fatal(err)
		}
	}
	props, err := u.svc.Store.OpenProposals(ctx, pool, sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 1 || props[0].Link != match || props[0].PublishedAt == nil || !props[0].PublishedAt.Equal(pubAt) {
		t.Fatalf("proposals %+v, want one for %s at %s", props, match, pubAt)
	}
	var others, events int
	pool.QueryRow(ctx, `SELECT count(*) FROM publish_proposal WHERE link = $1`, other).Scan(&others)
	pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE submission_id = $1 AND kind = 'publication_proposed'`, sub).Scan(&events)
	if others != 0 || events != 1 {
		t.Errorf("%d proposals of the unrelated item, %d history entries (want 0, 1)", others, events)
	}
}

// deliverNewsItem delivers the corpus's news item (050) as received at
// received, waits until it is classified for posting (its fingerprint),
// and returns its submission and the summary a feed would give of it: the
// first 700 characters of its text, spaces folded.
func deliverNewsItem(t *testing.T, u *uiService, received time.Time) (sub int64, summary string) {
	t.Helper()
	raw := corpus(t)["050-tin-hoi-nghi-thads-nghe-an.eml"]
	sub = u.deliver(t, raw, received)
	if n := waitCount(t, u.svc.Pool, 1, 2*time.Minute, `SELECT count(*) FROM fingerprint WHERE submission_id = $1`, sub); n != 1 {
		dumpJobs(t, u.svc.Pool)
		t.Fatal("the news item has no fingerprint (not classified for posting)")
	}
	m, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(strings.Join(strings.Fields(m.Text), " "))
	return sub, string(text[:min(len(text), 700)])
}

// serveFeed serves feed as the Portal's RSS feed until the test ends and
// returns its address.
func serveFeed(t *testing.T, feed string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, feed)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestFeedProposalConfirmedInOneClick: a news item received ten days ago
// whose Điều 13 deadline has long been breached in the desk's records, and
// the Portal's RSS feed (a local HTTP server) showing it a minute after its
// receipt, on the Portal and on a component site. The item page shows both
// proposals with the title, the address, the feed's time and the
// similarity, and the inbox marks the item; a manager, who may not publish,
// gets 403; "Không phải" dismisses the component site's (audited, gone
// from the page); one click on "Xác nhận đã đăng" in chromium publishes the
// item at the feed's time: the posting deadline stops at that instant and
// is met, the Portal URL is recorded, the proposal names who confirmed it,
// and the audit trail holds the person's rows. The dashboard counts the
// confirmation and lists the item behind the figure.
func TestFeedProposalConfirmedInOneClick(t *testing.T) {
	u := startUIService(t)
	ctx := context.Background()
	pool := u.svc.Pool
	received := time.Now().Add(-10 * 24 * time.Hour).Truncate(time.Second)
	sub, text := deliverNewsItem(t, u, received)
	// Nobody recorded the publication: the posting deadline is breached.
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND start_event = 'received'
		AND state = 'breached' AND stopped_at IS NULL`, sub); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("no breached posting deadline for an item received ten days ago")
	}
	var rule string
	var due time.Time
	if err := pool.QueryRow(ctx, `SELECT rule_id, due_at FROM deadline WHERE submission_id = $1 AND start_event = 'received' AND state = 'breached'`, sub).Scan(&rule, &due); err != nil {
		t.Fatal(err)
	}

	summary := html.EscapeString(text)
	pubAt := received.Add(time.Minute)
	portal := "https://moj.gov.vn/qt/tintuc/Pages/tap-huan-thads-nghe-an.aspx"
	site := "https://thads.moj.gov.vn/tin-tuc/tap-huan-nghe-an.aspx"
	feed := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cổng Thông tin điện tử Bộ Tư pháp</title><link>https://moj.gov.vn</link><description>Tin tức</description>
<item><title>Tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>
<item><title>Nghệ An: tập huấn thi hành án dân sự</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>
</channel></rss>`, portal, pubAt.Format(time.RFC1123Z), summary, site, pubAt.Add(time.Hour).Format(time.RFC1123Z), summary)
	if _, err := app.ImportFeed(ctx, u.svc.Store, serveFeed(t, feed)); err != nil {
		t.Fatal(err)
	}
	var portalID, siteID int64
	pool.QueryRow(ctx, `SELECT id FROM publish_proposal WHERE submission_id = $1 AND link = $2 AND state = 'open'`, sub, portal).Scan(&portalID)
	pool.QueryRow(ctx, `SELECT id FROM publish_proposal WHERE submission_id = $1 AND link = $2 AND state = 'open'`, sub, site).Scan(&siteID)
	if portalID == 0 || siteID == 0 {
		t.Fatalf("proposals: portal %d, component site %d (want both)", portalID, siteID)
	}

	u.account(t, "lan", "Nguyễn Thị Lan", auth.Grant{Role: auth.RoleStandingBoard})
	u.account(t, "quan", "Lê Văn Quân", auth.Grant{Role: auth.RoleManager})
	lan := signIn(t, u.base, "lan")
	itemPath := fmt.Sprintf("/items/%d", sub)

	// The item page shows both proposals, with one-click forms.
	page := lan.get(itemPath)
	for _, want := range []string{"Cổng thông tin đã đăng một tin khớp với hồ sơ này", "Tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An", portal, site,
		pubAt.In(workday.Zone).Format("02/01/2006 15:04"), "độ tương đồng", "Xác nhận đã đăng", "Không phải",
		fmt.Sprintf(`name="proposal" value="%d"`, portalID)} {
		if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	// The inbox marks the item.
	if inbox := lan.get("/inbox"); !strings.Contains(inbox, `badge c proposed`) || !strings.Contains(inbox, "Cổng đã đăng?") {
		t.Error("the inbox does not mark the item with a pending proposal")
	}

	// A manager may not publish: 403, and nothing changes.
	qc, qcsrf := signInAt(t, u.base, "quan", "/dashboard")
	for _, action := range []string{"confirm_publication", "dismiss_publication"} {
		resp, err := qc.PostForm(u.base+itemPath+"/actions/"+action, url.Values{"csrf": {qcsrf}, "proposal": {fmt.Sprint(portalID)}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("manager's %s: %d, want 403", action, resp.StatusCode)
		}
	}
	if s := u.state(t, sub); s == "published" {
		t.Fatal("published by someone without the right")
	}

	// "Không phải": the component site's proposal is dismissed and gone.
	lan.post(itemPath+"/actions/dismiss_publication", url.Values{"proposal": {fmt.Sprint(siteID)}})
	var state, by string
	pool.QueryRow(ctx, `SELECT state, decided_by FROM publish_proposal WHERE id = $1`, siteID).Scan(&state, &by)
	if state != "dismissed" || by != "user:lan" {
		t.Errorf("dismissed proposal: %s by %q", state, by)
	}
	if page := lan.get(itemPath); strings.Contains(page, fmt.Sprintf(`name="proposal" value="%d"`, siteID)) || !strings.Contains(page, fmt.Sprintf(`name="proposal" value="%d"`, portalID)) {
		t.Error("after the dismissal the page still offers the component site's item, or lost the Portal's")
	}
	if s := u.state(t, sub); s == "published" {
		t.Fatal("a dismissal published the item")
	}

	// One click in the browser confirms the Portal's.
	bctx := browser(t)
	browserLogin(t, bctx, u.base, "lan")
	openItem(t, bctx, u.base, sub)
	shot(t, bctx, "item-publication-proposal")
	do(t, bctx, "confirm the publication", clickAndLoad(`button.confirm-publication`))
	if n := eval[int](t, bctx, `document.querySelectorAll("#proposals, button.confirm-publication").length`); n != 0 {
		t.Error("the proposal is still offered after the confirmation")
	}
	shot(t, bctx, "item-publication-confirmed")
	u.waitState(t, sub, "published")

	// Điều 13: the deadline stopped at the feed's time, met.
	var dstate string
	var stopped time.Time
	if err := pool.QueryRow(ctx, `SELECT state, stopped_at FROM deadline WHERE submission_id = $1 AND rule_id = $2 AND start_event = 'received'`, sub, rule).Scan(&dstate, &stopped); err != nil {
		t.Fatal(err)
	}
	if dstate != "met" || !stopped.Equal(pubAt) {
		t.Errorf("Điều %s after the confirmation: %s stopped %s, want met at the feed's time %s (due %s)", rule, dstate, stopped, pubAt, due)
	}
	var portalURL string
	var publishedAt time.Time
	pool.QueryRow(ctx, `SELECT portal_url, published_at FROM triage WHERE submission_id = $1`, sub).Scan(&portalURL, &publishedAt)
	if portalURL != portal || !publishedAt.Equal(pubAt) {
		t.Errorf("triage: %q at %s, want %q at %s", portalURL, publishedAt, portal, pubAt)
	}
	var decidedAt *time.Time
	pool.QueryRow(ctx, `SELECT state, decided_by, decided_at FROM publish_proposal WHERE id = $1`, portalID).Scan(&state, &by, &decidedAt)
	if state != "confirmed" || by != "user:lan" || decidedAt == nil {
		t.Errorf("confirmed proposal: %s by %q at %v", state, by, decidedAt)
	}
	var linked int
	pool.QueryRow(ctx, `SELECT count(*) FROM published_item WHERE link = $1 AND submission_id = $2`, portal, sub).Scan(&linked)
	if linked != 1 {
		t.Error("the Portal's item is not linked to the submission (Điều 14 khoản 4)")
	}
	// The audit trail names the person (Điều 6 khoản 2).
	for _, c := range []struct{ table, action string }{{"publish_proposal", "update"}, {"submission", "update"}, {"triage", "update"}, {"deadline", "update"}, {"submission_event", "insert"}} {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = $1 AND action = $2 AND actor = 'user:lan'`, c.table, c.action).Scan(&n)
		if n == 0 {
			t.Errorf("no audit row %s of %s by user:lan", c.action, c.table)
		}
	}
	var events int
	pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE submission_id = $1 AND actor = 'user:lan' AND kind IN ('confirm_publication', 'dismiss_publication')`, sub).Scan(&events)
	if events != 2 {
		t.Errorf("%d history entries of the two decisions, want 2", events)
	}
	// Deciding again is refused.
	resp, err := lan.c.PostForm(u.base+itemPath+"/actions/confirm_publication", url.Values{"csrf": {lan.csrf}, "proposal": {fmt.Sprint(portalID)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a second confirmation: %d, want 422", resp.StatusCode)
	}

	// The dashboard counts it and lists it behind the figure.
	dash := get(t, qc, u.base+"/dashboard")
	if !regexp.MustCompile(`Xác nhận đăng từ nguồn tin</span>: <a id="feed-confirmed" href="[^"]+"><b>1</b></a>`).MatchString(dash) {
		i := strings.Index(dash, "nguồn tin")
		t.Errorf("dashboard figure: %.300s", dash[max(0, i-100):])
	}
	list := get(t, qc, u.base+"/dashboard/items?by=feed&outcome=confirmed")
	if !strings.Contains(list, u.reference(t, sub)) || !strings.Contains(list, "Điều "+rule) || !strings.Contains(list, "Nguyễn Thị Lan") {
		t.Errorf("the list behind the figure lacks the item, its rule or who confirmed: %.600s", list)
	}
}

// signInAt signs user in through the login form and takes the session's
// CSRF token from page (one the user may open: httpClient reads the inbox).
func signInAt(t *testing.T, base, user, page string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := func(p string) string {
		resp, err := c.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
		if m == nil {
			t.Fatalf("%s: no CSRF token on %s (%d)", user, p, resp.StatusCode)
		}
		return m[1]
	}
	resp, err := c.PostForm(base+"/login", url.Values{"csrf": {csrf("/login")}, "username": {user}, "password": {uiPassword}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %v %v", user, err, resp.StatusCode)
	}
	resp.Body.Close()
	return c, csrf(page)
}
