package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// TestEveryRouteNeedsLoginAndRole walks the whole route table: anonymous
// requests are sent to the login page (GET) or refused (other methods);
// each role reaches exactly the routes its permissions allow; only the
// probes, the login page, the language switch and static files are open
// (/metrics needs the scraper's token or an administrator).
func TestEveryRouteNeedsLoginAndRole(t *testing.T) {
	e := newEnv(t)
	due := time.Now().Add(4 * time.Hour)
	id := e.seed(1, "cuc-pbgdpl", due, "<p>x</p>")
	mid := e.messageOf(id)
	// The attachment was read and holds no sender data: any role that sees
	// the item may download it (one with sender data needs reveal_pii,
	// TestDownloadsFollowRevealScope).
	e.store.Pool.Exec(t.Context(), `UPDATE attachment SET method = 'pdftotext' WHERE message_id = $1`, mid)
	roles := map[auth.Role]*client{}
	var adminID int64
	for _, r := range auth.Roles {
		g := auth.Grant{Role: r}
		if r == auth.RoleUnitLiaison {
			g.Unit = "cuc-pbgdpl"
		}
		aid := e.account(string(r), g)
		if r == auth.RoleAdmin {
			adminID = aid
		}
		roles[r] = e.login(string(r))
	}
	other := e.account("other", auth.Grant{Role: auth.RoleEditor})

	all := auth.Roles
	by := func(perms ...auth.Perm) []auth.Role {
		var out []auth.Role
		for _, r := range auth.Roles {
			for _, p := range perms {
				for _, q := range auth.PermsOf(r) {
					if p == q {
						out = append(out, r)
					}
				}
			}
		}
		return out
	}
	item := by(auth.PermViewInbox, auth.PermUnitWork)
	routes := []struct {
		method, path string
		allowed      []auth.Role
	}{
		{"GET", "/", all},
		{"POST", "/logout", all},
		{"GET", "/inbox", by(auth.PermViewInbox)},
		{"GET", "/unit", by(auth.PermUnitWork)},
		{"GET", fmt.Sprintf("/items/%d", id), item},
		{"GET", fmt.Sprintf("/items/%d/messages/%d/body", id, mid), item},
		{"GET", fmt.Sprintf("/items/%d/messages/%d/raw", id, mid), by(auth.PermRevealPII)},
		{"GET", fmt.Sprintf("/items/%d/messages/%d/attachments/0", id, mid), item},
		// The action needs PermTriage for the item's unit (checked by the
		// store); a liaison does not even see an item not forwarded (404).
		{"POST", fmt.Sprintf("/items/%d/actions/close", id), by(auth.PermTriage)},
		{"POST", fmt.Sprintf("/items/%d/reveal", id), by(auth.PermRevealPII)},
		{"GET", "/search?q=x", item},
		{"GET", "/archive", item},
		{"GET", "/register", by(auth.PermTriage)},
		{"POST", "/register", by(auth.PermTriage)},
		{"GET", "/dashboard", by(auth.PermDashboard)},
		{"GET", "/dashboard/items?by=unit&key=x&outcome=late", by(auth.PermDashboard)},
		{"GET", "/reports", by(auth.PermReport)},
		{"GET", "/reports/2026/csv", by(auth.PermReport)},
		{"GET", "/reports/2026/xlsx", by(auth.PermReport)},
		{"GET", "/admin/accounts", by(auth.PermAccounts)},
		{"POST", "/admin/accounts", by(auth.PermAccounts)},
		{"GET", fmt.Sprintf("/admin/accounts/%d", other), by(auth.PermAccounts)},
		{"POST", fmt.Sprintf("/admin/accounts/%d/grants", other), by(auth.PermAccounts)},
		{"POST", fmt.Sprintf("/admin/accounts/%d/grants/999/remove", other), by(auth.PermAccounts)},
		{"POST", fmt.Sprintf("/admin/accounts/%d/state", adminID), by(auth.PermAccounts)},
		{"POST", fmt.Sprintf("/admin/accounts/%d/password", other), by(auth.PermAccounts)},
		{"GET", "/admin/access-review", by(auth.PermAccessReview)},
		{"GET", "/admin/access-review.csv", by(auth.PermAccessReview)},
		{"GET", "/admin/audit", by(auth.PermAudit)},
		// The administrators' directory (read and absences also for the
		// Standing Board, which assigns work) and calendar.
		{"GET", "/admin/directory", append([]auth.Role{auth.RoleAdmin}, by(auth.PermAssign)...)},
		{"POST", "/admin/directory", []auth.Role{auth.RoleAdmin}},
		{"POST", "/admin/directory/absences", append([]auth.Role{auth.RoleAdmin}, by(auth.PermAssign)...)},
		{"GET", "/admin/calendar", []auth.Role{auth.RoleAdmin}},
		{"POST", "/admin/calendar", []auth.Role{auth.RoleAdmin}},
		// Điều 12 khoản 3: the board member's return needs the approve right.
		{"POST", fmt.Sprintf("/items/%d/actions/review_done", id), by(auth.PermApprove)},
		{"GET", "/admin/river/", by(auth.PermJobs)},
		{"GET", "/admin/river/api/jobs", by(auth.PermJobs)},
	}
	anon := e.anon()
	for _, rt := range routes {
		resp := anon.do(rt.method, rt.path, url.Values{})
		resp.Body.Close()
		want := http.StatusUnauthorized
		if rt.method == "GET" {
			want = http.StatusSeeOther
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
				t.Errorf("anonymous GET %s: Location %q", rt.path, loc)
			}
		}
		if resp.StatusCode != want {
			t.Errorf("anonymous %s %s = %d, want %d", rt.method, rt.path, resp.StatusCode, want)
		}
		for _, r := range auth.Roles {
			if rt.path == "/logout" {
				continue // checked last: it ends the session
			}
			allowed := false
			for _, a := range rt.allowed {
				allowed = allowed || a == r
			}
			var resp *http.Response
			if rt.method == "GET" {
				resp = roles[r].do("GET", rt.path, nil)
			} else {
				resp = roles[r].post(rt.path, url.Values{"reason": {""}})
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if allowed && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized) {
				t.Errorf("%s %s as %s = %d, want access: %.200s", rt.method, rt.path, r, resp.StatusCode, b)
			}
			if !allowed && resp.StatusCode != http.StatusForbidden && !(resp.StatusCode == http.StatusNotFound && strings.Contains(rt.path, "/items/")) {
				t.Errorf("%s %s as %s = %d, want 403 (or 404 for an item it may not see)", rt.method, rt.path, r, resp.StatusCode)
			}
		}
	}
	for _, open := range []string{"/healthz", "/login", "/static/app.css", "/static/app.js"} {
		resp := anon.do("GET", open, nil)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("open route %s = %d", open, resp.StatusCode)
		}
	}
	// Logout ends the session at once.
	c := roles[auth.RoleEditor]
	if resp := c.post("/logout", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout = %d", resp.StatusCode)
	}
	if resp := c.do("GET", "/inbox", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout /inbox = %d, want the login redirect", resp.StatusCode)
	}
}

func TestCSRFAndCrossOrigin(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	c := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	if c.csrf == "" {
		t.Fatal("no CSRF token on the page")
	}
	path := fmt.Sprintf("/items/%d/actions/close", id)
	resp := c.do("POST", path, url.Values{"note": {"spam"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST without token = %d", resp.StatusCode)
	}
	resp = c.do("POST", path, url.Values{"note": {"spam"}, "csrf": {"sai"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST with a wrong token = %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(url.Values{"note": {"spam"}, "csrf": {c.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, _ = c.http.Do(req)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST = %d", resp.StatusCode)
	}
	var state string
	e.store.Pool.QueryRow(t.Context(), `SELECT state FROM submission WHERE id = $1`, id).Scan(&state)
	if state != "awaiting_triage" {
		t.Fatalf("a refused request changed the item: %s", state)
	}
	if resp := c.post(path, url.Values{"note": {"thư rác"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST with the token = %d", resp.StatusCode)
	}
	e.store.Pool.QueryRow(t.Context(), `SELECT state FROM submission WHERE id = $1`, id).Scan(&state)
	if state != "closed" {
		t.Fatalf("state %s, want closed", state)
	}
	// A login form without its cookie token is refused.
	anon := e.anon()
	resp = anon.do("POST", "/login", url.Values{"username": {"lan"}, "password": {testPassword}, "csrf": {"x"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("login without the form token = %d", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	resp := c.do("GET", "/inbox", nil)
	resp.Body.Close()
	h := resp.Header
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q", csp)
	}
	for _, ck := range resp.Cookies() {
		t.Errorf("inbox sets a cookie: %v", ck)
	}
	var session *http.Cookie
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
}

func TestRiverUIOnlyForAdminsAndSameOrigin(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("root", auth.Grant{Role: auth.RoleAdmin})
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	if resp := board.do("POST", "/admin/river/api/jobs/cancel", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("non-admin reaches River UI: %d", resp.StatusCode)
	}
	// Its own script posts JSON without our form token: allowed same-origin…
	if resp := admin.do("POST", "/admin/river/api/jobs/cancel", url.Values{}); resp.StatusCode != http.StatusOK {
		t.Fatalf("admin same-origin POST to River UI = %d", resp.StatusCode)
	}
	// …refused cross-site.
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/river/api/jobs/cancel", strings.NewReader("{}"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, _ := admin.http.Do(req)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST to River UI = %d", resp.StatusCode)
	}
}
