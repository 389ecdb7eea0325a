package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/postgres/pgtest"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/view"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var cheap = auth.Hasher{Params: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}

const testPassword = "mật-khẩu-thử-nghiệm"

// testMetricsToken is the scraper's bearer token of /metrics in tests.
const testMetricsToken = "metrics-token-for-the-tests"

// env is a UI on a fresh database behind an httptest server.
type env struct {
	t     testing.TB
	store *postgres.Store
	ui    *postgres.UI
	srv   *httptest.Server
	web   *UI
	dir   *fakeDirectory
	cal   *fakeCalendar
}

func newEnv(t testing.TB) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	pool, err := postgres.Open(ctx, testenv.MigratedPostgres(t, postgres.MigrateDSN), 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	log := slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := postgres.Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: postgres.New(pool), dir: newFakeDirectory(t), cal: &fakeCalendar{}}
	line, _ := crypto.GenerateKey("k1", rand.Reader)
	keys, _ := crypto.ParseKeyring(strings.NewReader(line), "test")
	e.store.Keys = keys
	e.ui = &postgres.UI{Store: e.store, Keys: keys}
	svc, err := auth.NewService(e.store, cheap, auth.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	// The desk without deadlines, mail or routing: the actions and what
	// the store records of them; its jobs (a registration's parse_message)
	// are inserted, never worked (enqueued).
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	dk := &desk.Desk{Deps: &pipeline.Service{Store: e.store}, Jobs: jobs}
	ui := &UI{Auth: svc, Admin: e.store, Store: e.ui, Desk: dk, Audit: e.store, Hasher: cheap, Log: log,
		Units:     []view.Unit{{Code: "cuc-pbgdpl", Name: "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý"}, {Code: "cuc-htpt", Name: "Cục Hành chính tư pháp"}},
		RiverUI:   http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "river ui") }),
		Directory: e.dir, Calendar: e.cal}
	e.web = ui
	e.srv = httptest.NewServer(NewHandler(Deps{Log: log, Gatherer: prometheus.NewRegistry(), UI: ui, MetricsToken: testMetricsToken}))
	t.Cleanup(e.srv.Close)
	return e
}

// enqueued are the messages of the parse_message jobs inserted so far.
func (e *env) enqueued() []int64 {
	e.t.Helper()
	var ids []int64
	if err := e.store.Pool.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(m.id), '[]')
		FROM river_job, jsonb_array_elements(args->'message_ids') AS m(id) WHERE kind = 'parse_message'`).Scan(&ids); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// account creates an account with grants.
func (e *env) account(name string, grants ...auth.Grant) int64 {
	e.t.Helper()
	h, _ := cheap.Hash(testPassword)
	id, err := e.store.CreateAccount(context.Background(), "test", auth.Account{Username: name, DisplayName: "Ông/Bà " + name, PasswordHash: h}, grants)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// signedIn creates an account with grants and signs it in (login).
func (e *env) signedIn(name string, grants ...auth.Grant) *client {
	e.t.Helper()
	e.account(name, grants...)
	return e.login(name)
}

// client is a browser-like client: cookies, no redirects followed.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in through the form, as a browser does.
func (e *env) login(name string) *client {
	e.t.Helper()
	c := e.anon()
	body := c.get("/login")
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("login form without csrf: %s", body)
	}
	resp := c.post("/login", url.Values{"csrf": {m[1]}, "username": {name}, "password": {testPassword}, "next": {"/"}})
	if resp.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(resp.Body)
		e.t.Fatalf("login %s: %d %s", name, resp.StatusCode, b)
	}
	resp.Body.Close()
	// Any page carries the session's CSRF token in its logout form.
	r := c.do("GET", "/", nil)
	loc := r.Header.Get("Location")
	r.Body.Close()
	if loc != "" && loc != "/" {
		if m := csrfRE.FindStringSubmatch(c.get(loc)); m != nil {
			c.csrf = m[1]
		}
	}
	return c
}

func (c *client) do(method, path string, form url.Values) *http.Response {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return resp
}

func (c *client) get(path string) string {
	c.e.t.Helper()
	resp := c.do("GET", path, nil)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func (c *client) post(path string, form url.Values) *http.Response {
	c.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if c.csrf != "" && form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form)
}

// seed makes one item as the pipeline would: message, parsed report,
// submission (the triage row comes from the trigger, its classification
// from the store).
func (e *env) seed(n int, unit string, due time.Time, html string, grounds ...string) int64 {
	e.t.Helper()
	ctx := context.Background()
	g := "[]"
	if len(grounds) > 0 {
		g = `["` + strings.Join(grounds, `","`) + `"]`
	}
	derived := fmt.Sprintf(`{"classification": {"kind": "publish", "category": "8.3", "timing": "news_event", "unit": %q, "target": "portal_editor", "language": "vi", "reasons": ["tiêu đề có \"hội nghị\""]},
		"screening": {"grounds": %s, "notes": []}, "deadlines": [{"rule": "13.1", "article": "Điều 13 khoản 1", "due_at": %q}]}`, unit, g, due.Format(time.RFC3339))
	raw := fmt.Sprintf("From: A <a@b.vn>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Tin %d\r\nMessage-ID: <m%d@b.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNội dung tin %d. CCCD 001203004567.\r\n--XX\r\nContent-Type: application/pdf; name=\"kh.pdf\"\r\nContent-Disposition: attachment; filename=\"kh.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n", n, n, n)
	var mid, sid int64
	if err := e.store.Pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ($1, $2, $3, $4, 'submission') RETURNING id`,
		fmt.Sprintf("m%d@b.vn", n), fmt.Sprint(n), len(raw), due.Add(-4*time.Hour)).Scan(&mid); err != nil {
		e.t.Fatal(err)
	}
	e.store.Pool.Exec(ctx, `INSERT INTO message_raw (message_id, raw) VALUES ($1, $2)`, mid, []byte(raw))
	if _, err := e.store.Pool.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, from_name, text_body, html_body, derived) VALUES ($1, $2, 'a@b.vn', 'A', $3, $4, $5)`,
		mid, fmt.Sprintf("Tin %d", n), fmt.Sprintf("Nội dung tin %d.\nHọ tên: Nguyễn Văn A\nSố CCCD: 001203004567\n", n), html, derived); err != nil {
		e.t.Fatal(err)
	}
	e.store.Pool.Exec(ctx, `INSERT INTO attachment (message_id, idx, filename, content_type, size, text) VALUES ($1, 0, 'kh.pdf', 'application/pdf', 9, 'KẾ HOẠCH tuyên truyền')`, mid)
	e.setReading(mid, func(r *finding.Reading) {
		r.Document.NumberSymbol = "12/KH-PBGDPL"
		r.Submitter = finding.Submitter{Name: "Nguyễn Văn A", CitizenID: "0012******67", Missing: []string{"tax_code"}}
	})
	if err := e.store.Pool.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, from_addr, from_name, received_at, first_message_id) VALUES ($1, 'awaiting_triage', $2, 'a@b.vn', 'A', $3, $4) RETURNING id`,
		fmt.Sprintf("TN-2026-%06d", n), fmt.Sprintf("Tin %d", n), due.Add(-4*time.Hour), mid).Scan(&sid); err != nil {
		e.t.Fatal(err)
	}
	e.store.Pool.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, mid, sid)
	// The classification written in the report is the machine's, stored as
	// classify_submission stores it, shown in the inbox row.
	pgtest.ClassifiedAsReported(e.t, e.store, sid)
	return sid
}

// setReading changes what was read from message mid (none: the zero
// reading) as read_message stores it.
func (e *env) setReading(mid int64, f func(*finding.Reading)) {
	e.t.Helper()
	ctx := context.Background()
	r, err := e.store.Reading(ctx, e.store.Pool, mid)
	if err != nil && !errors.Is(err, intake.ErrNotFound) {
		e.t.Fatal(err)
	}
	f(&r)
	if err := e.store.InTx(ctx, func(tx pgx.Tx) error {
		return e.store.SaveReadings(ctx, tx, []postgres.MessageReading{{MessageID: mid, Reading: r}})
	}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) messageOf(sid int64) int64 {
	var mid int64
	e.store.Pool.QueryRow(context.Background(), `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mid)
	return mid
}

// tlog sends the service's warnings and errors to the test log.
type tlog struct{ t testing.TB }

func (l tlog) Write(b []byte) (int, error) { l.t.Log(strings.TrimSpace(string(b))); return len(b), nil }

var nextRE = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

func htmlUnescape(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
