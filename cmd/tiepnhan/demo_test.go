package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

var demoBannerRE = regexp.MustCompile(`Giao diện tiếp nhận:\s+(http://\S+)/\s+đăng nhập (\S+) / (\S+)`)

// startDemo runs `tiepnhan demo` until the test ends and returns the UI
// address, the account and the password its banner prints.
func startDemo(t *testing.T) (base, user, password string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := testenv.NewLogBuffer(), testenv.NewLogBuffer()
	done := make(chan int, 1)
	go func() { done <- runDemo(ctx, []string{"--http", "127.0.0.1:0"}, out, errb) }()
	var code int
	stopped := false
	stop = func() int {
		if !stopped {
			cancel()
			select {
			case code = <-done:
			case <-time.After(time.Minute):
				t.Fatalf("demo did not stop within a minute")
			}
			stopped = true
			if code != 0 {
				t.Logf("demo exited %d; its log:\n%s", code, errb.String())
			}
		}
		return code
	}
	t.Cleanup(func() { stop() })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m := demoBannerRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], m[2], m[3], stop
		}
		select {
		case c := <-done:
			t.Fatalf("demo exited with %d before its banner:\n%s\n%s", c, out.String(), errb.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no banner in 2 minutes:\n%s\n%s", out.String(), errb.String())
		}
	}
}

// TestDemo runs the demo as a new user would (make demo): its banner names
// a UI account that can sign in, the mail it sends reaches the SMTP sink's
// folder (the sink speaks plain SMTP on loopback; the default STARTTLS
// made every message fail), and a second run prints the same password.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	dsn := testenv.Postgres(t)
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("TIEPNHAN_SMTP_SINK_DIR", outbox)
	t.Setenv("TIEPNHAN_UI_KEY_FILE", filepath.Join(dir, "pii.keys"))
	t.Setenv("TIEPNHAN_LOG_LEVEL", "warn")
	t.Chdir("../..") // the seed folder and rules files are relative to the checkout, as for make demo

	base, user, password, stop := startDemo(t)
	if user != demoUsername || len(password) < 12 {
		t.Fatalf("banner account %q / %q", user, password)
	}
	if fi, err := os.Stat(filepath.Join(dir, "demo-admin.password")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("password file: %v, %v; want mode 0600", fi, err)
	}

	// Sign in through the form, as a browser does.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) string {
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get("/login"))
	if m == nil {
		t.Fatal("login form without csrf")
	}
	login := func(pw string) int {
		resp, err := c.PostForm(base+"/login", url.Values{"csrf": {m[1]}, "username": {user}, "password": {pw}, "next": {"/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := login(password + "x"); code == http.StatusSeeOther {
		t.Fatalf("a wrong password signed in")
	}
	if code := login(password); code != http.StatusSeeOther {
		t.Fatalf("sign-in with the banner's password: status %d, want 303", code)
	}

	// The corpus has items without the sender data of Điều 9 khoản 3: their
	// supplement requests go out through the sink into the folder.
	var files []string
	for end := time.Now().Add(90 * time.Second); time.Now().Before(end); time.Sleep(250 * time.Millisecond) {
		if files, _ = filepath.Glob(filepath.Join(outbox, "*")); len(files) > 0 {
			break
		}
	}
	if len(files) == 0 {
		t.Fatalf("nothing reached %s in 90 s", outbox)
	}
	b, _ := os.ReadFile(files[0])
	if !bytes.Contains(b, []byte("Subject:")) {
		t.Errorf("%s is not a mail message:\n%.500s", files[0], b)
	}
	if inbox := get("/inbox"); !strings.Contains(inbox, "TN-") {
		t.Errorf("the inbox after sign-in lists no submission:\n%.2000s", inbox)
	}
	// The sample mail is moved onto the last working days (internal/demo
	// redate.go): the inbox counts down to deadlines in the coming hours,
	// not only to ones months past.
	demoDeadlinesAhead(t, dsn)
	demoHistoryWritten(t, dsn)
	demoScreenshots(t, base, user, password)
	if code := stop(); code != 0 {
		t.Fatalf("demo exit %d after Ctrl-C, want 0", code)
	}

	// A second run keeps the account and prints the same password.
	_, user2, password2, stop2 := startDemo(t)
	if user2 != user || password2 != password {
		t.Errorf("second run printed %q / %q, want %q / %q", user2, password2, user, password)
	}
	if code := stop2(); code != 0 {
		t.Errorf("second demo exit %d, want 0", code)
	}
}

// demoDeadlinesAhead waits until the demo's items have their deadlines and
// checks that some posting deadlines (Điều 13) still count down to an
// instant within a day, and that every receipt is within the last two
// weeks: at the sample mail's own dates, every deadline was months past.
func demoDeadlinesAhead(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn := openPool(t, dsn, 1)
	var ahead, past, oldest int
	for end := time.Now().Add(2 * time.Minute); ; time.Sleep(time.Second) {
		err := conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'running' AND due_at > now() AND due_at <= now() + interval '24 hours'),
			count(*) FILTER (WHERE due_at <= now()),
			(SELECT count(*) FROM submission WHERE received_at < now() - interval '14 days')
			FROM deadline WHERE rule_id IN ('13.1', '13.2')`).Scan(&ahead, &past, &oldest)
		if err != nil {
			t.Fatal(err)
		}
		if ahead >= 3 || time.Now().After(end) {
			break
		}
	}
	if ahead < 3 {
		t.Errorf("%d Điều 13 deadlines due within the next 24 hours (%d past): the demo's inbox shows only overdue items", ahead, past)
	}
	if oldest > 0 {
		t.Errorf("%d demo items were received more than two weeks ago", oldest)
	}
}

// demoScreenshots signs in to the demo in chromium and keeps screenshots of
// its inbox and dashboard (var/screenshots/demo-*.png, the first look of a
// new user); the inbox shows countdowns to deadlines still ahead.
func demoScreenshots(t *testing.T, base, user, password string) {
	t.Helper()
	ctx := testenv.Browser(t)
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if err := chromedp.Do(c, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("sign in", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user), chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`header.top nav`)))
	step("inbox", chromedp.Navigate(base+"/inbox"), chromedp.WaitVisible(chromedp.CSS(`table.list tbody tr`)))
	ahead, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("time.countdown")].filter(e => e.textContent.startsWith("còn")).length`))
	if err != nil {
		t.Fatal(err)
	}
	if ahead == 0 {
		t.Error("the demo's inbox shows no countdown to a deadline still ahead")
	}
	testenv.Screenshot(t, ctx, "demo-inbox")
	step("dashboard", chromedp.Navigate(base+"/dashboard"), chromedp.WaitVisible(chromedp.CSS(`table.chart`)))
	testenv.Screenshot(t, ctx, "demo-dashboard")
}

// demoHistoryWritten waits for the demo's past of a working week
// (demo_history.go): items published by two people, most on time, some
// late, so that the dashboard's rates mean something.
func demoHistoryWritten(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn := openPool(t, dsn, 1)
	var published, twoPeople, met, breached int
	for end := time.Now().Add(4 * time.Minute); ; time.Sleep(2 * time.Second) {
		if err := conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'published'),
			count(*) FILTER (WHERE state = 'published' AND editor_id IS NOT NULL AND approver_id IS NOT NULL AND editor_id <> approver_id),
			(SELECT count(*) FROM deadline WHERE start_event = 'received' AND state = 'met'),
			(SELECT count(*) FROM deadline WHERE start_event = 'received' AND state = 'breached' AND stopped_at IS NOT NULL)
			FROM triage`).Scan(&published, &twoPeople, &met, &breached); err != nil {
			t.Fatal(err)
		}
		// The history publishes item by item (each publication stops its
		// deadline now, late), then moves the stops into the past days in
		// one statement: wait for that statement, not for the first stop.
		if (published >= 10 && met > 0 && met >= breached) || time.Now().After(end) {
			break
		}
	}
	if published < 10 || twoPeople != published {
		t.Errorf("demo history: %d items published (%d by two people), want at least 10, all by two people (Điều 12)", published, twoPeople)
	}
	if met == 0 || breached == 0 || met < breached {
		t.Errorf("demo history: %d posting deadlines met and %d ended late: want most on time, some late", met, breached)
	}
}
