package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// attempt posts the login form as a fresh browser would, with extra
// headers (a proxy's), and returns the status and Location.
func (e *env) attempt(username, password string, hdr map[string]string) (int, string) {
	e.t.Helper()
	c := e.anon()
	m := csrfRE.FindStringSubmatch(c.get("/login"))
	form := url.Values{"csrf": {m[1]}, "username": {username}, "password": {password}}
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// bigMultipart streams a multipart form of size bytes (one file part).
func bigMultipart(size int64, fields map[string]string) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("scan", "big.pdf")
		chunk := bytes.Repeat([]byte("A"), 1<<20)
		for n := int64(0); n < size; n += int64(len(chunk)) {
			if _, err := fw.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	return pr, mw.FormDataContentType()
}

// TestBodiesLimited (issue 12, finding 3): a 40 MB multipart POST to
// /login, or to any form but registration, is refused before anything is
// written to disk; an oversized urlencoded form is refused with 413; the
// registration's own limit is the scan's.
func TestBodiesLimited(t *testing.T) {
	e := newEnv(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where mime/multipart spills file parts
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})

	send := func(c *client, path string, body io.Reader, ctype string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+path, body)
		req.Header.Set("Content-Type", ctype)
		resp, err := c.http.Do(req)
		if err != nil {
			return -1 // the server may close the connection mid-upload
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	anon := e.anon()
	tok := csrfRE.FindStringSubmatch(anon.get("/login"))[1]
	body, ctype := bigMultipart(40<<20, map[string]string{"csrf": tok, "username": "lan", "password": "x"})
	if got := send(anon, "/login", body, ctype); got != http.StatusUnsupportedMediaType && got != -1 {
		t.Errorf("40 MB multipart login = %d, want 415", got)
	}
	body, ctype = bigMultipart(40<<20, map[string]string{"csrf": board.csrf, "note": "x"})
	if got := send(board, fmt.Sprintf("/items/%d/actions/note", id), body, ctype); got != http.StatusUnsupportedMediaType && got != -1 {
		t.Errorf("40 MB multipart item action = %d, want 415", got)
	}
	long := url.Values{"csrf": {tok}, "username": {"lan"}, "password": {strings.Repeat("x", 2*MaxForm)}}.Encode()
	if got := send(anon, "/login", strings.NewReader(long), "application/x-www-form-urlencoded"); got != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized login form = %d, want 413", got)
	}
	// Chunked (no Content-Length): cut by MaxBytesHandler while parsing.
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", io.MultiReader(strings.NewReader(long)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = -1
	if resp, err := anon.http.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked oversized login form = %d, want 413", resp.StatusCode)
		}
	}
	body, ctype = bigMultipart(maxScan+2<<20, map[string]string{"csrf": board.csrf, "channel": "paper"})
	if got := send(board, "/register", body, ctype); got != http.StatusRequestEntityTooLarge && got != http.StatusForbidden && got != -1 {
		t.Errorf("registration over the scan limit = %d", got)
	}
	left, _ := os.ReadDir(tmp)
	for _, f := range left {
		if strings.HasPrefix(f.Name(), "multipart-") {
			t.Errorf("request body spilled to %s", f.Name())
		}
	}
}

// countingStore counts the account lookups, each followed by one hash.
type countingStore struct {
	auth.Store
	n atomic.Int32
}

func (c *countingStore) AccountForLogin(ctx context.Context, u string) (auth.Account, error) {
	c.n.Add(1)
	return c.Store.AccountForLogin(ctx, u)
}

// TestConcurrentLoginsOverHTTP (issue 12, finding 4): fifteen concurrent
// wrong passwords for one account from one client: five are checked (and
// audited), ten are refused with 429 before hashing.
func TestConcurrentLoginsOverHTTP(t *testing.T) {
	e := newEnv(t)
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	cs := &countingStore{Store: e.store}
	p := auth.DefaultPolicy
	p.MaxHashes = 15 // the cap is TestLoginBusyOverHTTP's; here every attempt may hash
	svc, _ := auth.NewService(cs, cheap, p)
	e.web.Auth = svc
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for range 15 {
		wg.Go(func() {
			status, _ := e.attempt("lan", "sai-mật-khẩu-rồi", nil)
			mu.Lock()
			got[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	max := auth.DefaultPolicy.MaxFailures
	if got[http.StatusUnauthorized] != max || got[http.StatusTooManyRequests] != 15-max {
		t.Fatalf("statuses %v, want %d × 401 and %d × 429", got, max, 15-max)
	}
	var audited int
	e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'login_failed'`).Scan(&audited)
	if audited != max || cs.n.Load() != int32(max) {
		t.Fatalf("%d password checks audited, %d hashed, want %d", audited, cs.n.Load(), max)
	}
}

// blockingStore holds every account lookup (inside a hash slot) until
// release is closed.
type blockingStore struct {
	auth.Store
	inside  chan struct{}
	release chan struct{}
}

func (b *blockingStore) AccountForLogin(ctx context.Context, u string) (auth.Account, error) {
	b.inside <- struct{}{}
	<-b.release
	return b.Store.AccountForLogin(ctx, u)
}

// TestLoginBusyOverHTTP (issue 12, finding 4): with every hash slot taken,
// a login is answered 503 with Retry-After instead of a further 64 MiB.
func TestLoginBusyOverHTTP(t *testing.T) {
	e := newEnv(t)
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	bs := &blockingStore{Store: e.store, inside: make(chan struct{}, 10), release: make(chan struct{})}
	p := auth.DefaultPolicy
	p.MaxHashes, p.HashWait = 2, 50*time.Millisecond
	svc, _ := auth.NewService(bs, cheap, p)
	e.web.Auth = svc
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { e.attempt("lan", testPassword, map[string]string{"X-Test": fmt.Sprint(i)}) })
	}
	<-bs.inside
	<-bs.inside
	c := e.anon()
	m := csrfRE.FindStringSubmatch(c.get("/login"))
	resp := c.do("POST", "/login", url.Values{"csrf": {m[1]}, "username": {"lan"}, "password": {testPassword}})
	resp.Body.Close()
	close(bs.release)
	wg.Wait()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("third concurrent login = %d (Retry-After %q), want 503", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestNoLockoutFromAnotherClient (issue 12, finding 5): wrong passwords
// for an administrator from one client, behind the trusted proxy, never
// block the administrator signing in from another client; a header from
// an untrusted peer is ignored.
func TestNoLockoutFromAnotherClient(t *testing.T) {
	e := newEnv(t)
	e.account("root", auth.Grant{Role: auth.RoleAdmin})
	e.web.Proxies = Proxies{Trusted: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, Header: "X-Forwarded-For"}
	attacker := map[string]string{"X-Forwarded-For": "203.0.113.5"}
	for i := 0; i < auth.DefaultPolicy.MaxFailures; i++ {
		if status, _ := e.attempt("root", "sai-mật-khẩu-rồi", attacker); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d = %d", i, status)
		}
	}
	if status, _ := e.attempt("root", testPassword, attacker); status != http.StatusTooManyRequests {
		t.Fatalf("attacker's client after %d failures = %d, want 429", auth.DefaultPolicy.MaxFailures, status)
	}
	// The client a spoofed X-Forwarded-For names is not believed: the
	// rightmost address not a trusted proxy is.
	spoof := map[string]string{"X-Forwarded-For": "198.51.100.7, 203.0.113.5"}
	if status, _ := e.attempt("root", testPassword, spoof); status != http.StatusTooManyRequests {
		t.Fatalf("attacker prepending an address = %d, want 429", status)
	}
	if status, loc := e.attempt("root", testPassword, map[string]string{"X-Forwarded-For": "198.51.100.7"}); status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("administrator from another client = %d %q, want signed in", status, loc)
	}
	// Without a trusted proxy every request is its peer (127.0.0.1): the
	// header changes nothing.
	e.web.Proxies = Proxies{}
	for i := 0; i < auth.DefaultPolicy.MaxFailures; i++ {
		e.attempt("root", "sai-mật-khẩu-rồi", map[string]string{"X-Forwarded-For": fmt.Sprintf("192.0.2.%d", i)})
	}
	if status, _ := e.attempt("root", testPassword, map[string]string{"X-Forwarded-For": "192.0.2.99"}); status != http.StatusTooManyRequests {
		t.Fatalf("untrusted header chose the client: %d", status)
	}
}

// TestRedirectsStayOnSite (issue 12, finding 7): /lang?back= and the login
// form's next= never send the browser to another site.
func TestRedirectsStayOnSite(t *testing.T) {
	e := newEnv(t)
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	evil := []string{"/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
		"https://evil.example/", "/\n/evil.example", "/ /evil.example", "/\u00a0/evil.example", "/\u3000/evil.example",
		"javascript:alert(1)", "/%2F/evil.example", "/%5Cevil.example", "evil.example", "/\x7f/evil.example", "/inbox?\\x=1"}
	for _, back := range evil {
		resp := e.anon().do("GET", "/lang?to=en&back="+url.QueryEscape(back), nil)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("/lang back=%q → %q, want /", back, loc)
		}
		c := e.anon()
		m := csrfRE.FindStringSubmatch(c.get("/login"))
		resp = c.do("POST", "/login", url.Values{"csrf": {m[1]}, "username": {"lan"}, "password": {testPassword}, "next": {back}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("login next=%q → %d %q, want /", back, resp.StatusCode, loc)
		}
	}
	for _, ok := range []string{"/inbox?q=h%E1%BB%99i+ngh%E1%BB%8B&page=2", "/items/12"} {
		resp := e.anon().do("GET", "/lang?to=en&back="+url.QueryEscape(ok), nil)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != ok {
			t.Errorf("/lang back=%q → %q, want it kept", ok, loc)
		}
	}
}

func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/inbox?q=a", "//x", "/\t/x", "/%2F/x", "/\\x", "http://x", "/a/../..//x", "/\u2028/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := localPath(s)
		if out == "/" {
			return
		}
		if out != s || !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") || !safeURLText(out) {
			t.Fatalf("localPath(%q) = %q", s, out)
		}
		u, err := url.Parse(out)
		if err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(u.Path, "//") || strings.Contains(u.Path, "\\") {
			t.Fatalf("localPath(%q) = %q leaves the site", s, out)
		}
	})
}

// TestDownloadsFollowRevealScope (issue 12, finding 6): the raw mail needs
// the reveal permission for the item's unit, not for any unit; every
// attachment download is audited; an attachment that carried sender data
// needs the reveal permission too.
func TestDownloadsFollowRevealScope(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	mid := e.messageOf(id)
	// The attachment was read: plain text first.
	e.store.Pool.Exec(t.Context(), `UPDATE attachment SET method = 'pdftotext' WHERE message_id = $1`, mid)
	// Reveal for another unit, and the inbox of every unit (an editor).
	other := e.signedIn("minh", auth.Grant{Role: auth.RoleStandingBoard, Unit: "cuc-htpt"}, auth.Grant{Role: auth.RoleEditor})
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	raw := fmt.Sprintf("/items/%d/messages/%d/raw", id, mid)
	att := fmt.Sprintf("/items/%d/messages/%d/attachments/0", id, mid)
	status := func(c *client, path string) int {
		resp := c.do("GET", path, nil)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(other, raw); got != http.StatusForbidden {
		t.Errorf("raw mail of another unit's item = %d, want 403", got)
	}
	if got := status(board, raw); got != http.StatusOK {
		t.Errorf("raw mail for the Standing Board = %d", got)
	}
	if got := status(other, att); got != http.StatusOK {
		t.Errorf("plain attachment = %d, want 200", got)
	}
	var n int
	e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'download_attachment' AND actor = 'user:minh'
		AND after->>'personal_data' = 'false' AND after->>'filename' = 'kh.pdf'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d audit rows for the attachment download, want 1", n)
	}
	// The same attachment, now known to hold a citizen ID.
	e.store.Pool.Exec(t.Context(), `UPDATE attachment SET text = 'Họ tên: Nguyễn Văn A. Số CCCD: 001203004567' WHERE message_id = $1`, mid)
	if got := status(other, att); got != http.StatusForbidden {
		t.Errorf("attachment with sender data, no reveal for the unit = %d, want 403", got)
	}
	if got := status(board, att); got != http.StatusOK {
		t.Errorf("attachment with sender data for the Standing Board = %d", got)
	}
	e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action IN ('download_attachment', 'download_raw') AND actor = 'user:lan'`).Scan(&n)
	if n != 2 {
		t.Errorf("%d audit rows for the Standing Board's downloads, want 2", n)
	}
}

// TestSmallerFindings (issue 12, finding 9): River UI changes audited; a
// paper registration's e-mail a bare addr-spec; Secure cookies and HSTS
// over TLS; no caching of pages and exports; /metrics behind a token or an
// administrator; the yearly report within a manager's units.
func TestSmallerFindings(t *testing.T) {
	e := newEnv(t)
	e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	e.seed(2, "cuc-htpt", time.Now().Add(time.Hour), "")
	admin := e.signedIn("root", auth.Grant{Role: auth.RoleAdmin})
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	mgr := e.signedIn("quan", auth.Grant{Role: auth.RoleManager, Unit: "cuc-htpt"})

	t.Run("river UI changes are audited", func(t *testing.T) {
		req, _ := http.NewRequest("POST", e.srv.URL+"/admin/river/api/jobs/delete", strings.NewReader(`{"ids":["42"]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := admin.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var n int
		e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'river_ui' AND actor = 'user:root'
			AND after->>'path' = '/admin/river/api/jobs/delete' AND after->>'body' = '{"ids":["42"]}'`).Scan(&n)
		if resp.StatusCode != http.StatusOK || n != 1 {
			t.Fatalf("river delete = %d, %d audit rows", resp.StatusCode, n)
		}
		admin.do("GET", "/admin/river/api/jobs", nil).Body.Close()
		e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'river_ui'`).Scan(&n)
		if n != 1 {
			t.Fatalf("a read was audited as a change (%d rows)", n)
		}
	})

	t.Run("paper e-mail is a bare address", func(t *testing.T) {
		for _, email := range []string{"a@b.vn (x\r\nBcc: victim@example.com)", "A <a@b.vn>", "a@b.vn\r\nX-Evil: 1", "a@b.vn (comment)", `"a b"@b.vn`} {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range map[string]string{"csrf": board.csrf, "channel": "phone", "received_at": time.Now().Add(-time.Hour).In(workday.Zone).Format("2006-01-02T15:04"),
				"subject": "Đề nghị đăng tin", "name": "Lê Thị Cúc", "email": email} {
				mw.WriteField(k, v)
			}
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+"/register", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			resp, err := board.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("e-mail %q = %d, want 422", email, resp.StatusCode)
			}
		}
		var n int
		e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM message WHERE source = 'paper' OR message_id LIKE 'paper-%'`).Scan(&n)
		if n != 0 || len(e.enqueued()) != 0 {
			t.Fatalf("%d paper messages stored", n)
		}
	})

	t.Run("cookies, HSTS and caching", func(t *testing.T) {
		status := func(hdr map[string]string) *http.Response {
			req, _ := http.NewRequest("GET", e.srv.URL+"/login", nil)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}
		resp := status(nil)
		if resp.Header.Get("Strict-Transport-Security") != "" || strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
			t.Errorf("plain HTTP on loopback: HSTS %q, cookie %q", resp.Header.Get("Strict-Transport-Security"), resp.Header.Get("Set-Cookie"))
		}
		// A claim of TLS from an untrusted peer changes nothing.
		if resp := status(map[string]string{"X-Forwarded-Proto": "https"}); resp.Header.Get("Strict-Transport-Security") != "" {
			t.Error("HSTS on an untrusted X-Forwarded-Proto")
		}
		e.web.Proxies = Proxies{Trusted: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, Header: "X-Forwarded-For"}
		resp = status(map[string]string{"X-Forwarded-Proto": "https"})
		if resp.Header.Get("Strict-Transport-Security") == "" || !strings.Contains(resp.Header.Get("Set-Cookie"), "; Secure") {
			t.Errorf("behind a TLS proxy: HSTS %q, cookie %q", resp.Header.Get("Strict-Transport-Security"), resp.Header.Get("Set-Cookie"))
		}
		e.web.Proxies = Proxies{}
		e.web.SecureCookies = true
		if resp := status(nil); !strings.Contains(resp.Header.Get("Set-Cookie"), "; Secure") {
			t.Error("secure_cookies set, cookie not Secure")
		}
		e.web.SecureCookies = false
		for _, path := range []string{fmt.Sprintf("/reports/%d/csv", time.Now().Year()), fmt.Sprintf("/reports/%d/xlsx", time.Now().Year()), "/admin/access-review.csv"} {
			c := mgr
			if strings.HasPrefix(path, "/admin") {
				c = admin
			}
			resp := c.do("GET", path, nil)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s = %d, Cache-Control %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
	})

	t.Run("metrics need a token or an administrator", func(t *testing.T) {
		get := func(c *http.Client, auth string) int {
			req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if got := get(http.DefaultClient, ""); got != http.StatusUnauthorized {
			t.Errorf("anonymous /metrics = %d", got)
		}
		if got := get(http.DefaultClient, "Bearer wrong-token-wrong-token"); got != http.StatusUnauthorized {
			t.Errorf("wrong token = %d", got)
		}
		if got := get(http.DefaultClient, "Bearer "+testMetricsToken); got != http.StatusOK {
			t.Errorf("scraper's token = %d", got)
		}
		if got := get(board.http, ""); got != http.StatusForbidden {
			t.Errorf("Standing Board /metrics = %d, want 403", got)
		}
		if got := get(admin.http, ""); got != http.StatusOK {
			t.Errorf("administrator /metrics = %d", got)
		}
	})

	t.Run("yearly report within the manager's units", func(t *testing.T) {
		resp := mgr.do("GET", fmt.Sprintf("/reports/%d/csv", time.Now().Year()), nil)
		csv, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(csv), "Tổng số hồ sơ tiếp nhận,1") {
			t.Fatalf("manager of one unit sees %q", string(csv)[:min(len(csv), 300)])
		}
	})
}
