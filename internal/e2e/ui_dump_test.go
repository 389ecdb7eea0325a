package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// httpClient signs in through the login form and keeps the session.
func httpClient(t *testing.T, base, user string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	re := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	get := func(p string) string {
		resp, err := c.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	tok := re.FindStringSubmatch(get("/login"))[1]
	resp, err := c.PostForm(base+"/login", url.Values{"csrf": {tok}, "username": {user}, "password": {uiPassword}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %v %v", user, err, resp.StatusCode)
	}
	return c, re.FindStringSubmatch(get("/inbox"))[1]
}

// The test senders' personal numbers (fictitious, valid formats).
var testPII = []struct{ citizenID, taxCode, phone string }{
	{"036190004321", "0100109106", "0912345678"},
	{"001085012345", "0101243150", "0987654321"},
}

// TestDumpHoldsNoClearPersonalDataAndAuditTamperIsDetected registers paper
// submissions with citizen IDs and tax codes through the UI, reveals one,
// lets the pipeline read them, then checks that a pg_dump of the whole
// database holds none of those numbers in clear (Điều 4 khoản 4), and that
// `tiepnhan audit verify` passes on the untouched trail and fails once one
// audit row is altered behind the guard trigger (Điều 6 khoản 2).
func TestDumpHoldsNoClearPersonalDataAndAuditTamperIsDetected(t *testing.T) {
	u := startUIService(t)
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		pgDump = "/usr/lib/postgresql/15/bin/pg_dump"
		if _, err := os.Stat(pgDump); err != nil {
			testenv.Require(t, "pg_dump", err)
		}
	}
	u.account(t, "lan", "Nguyễn Thị Lan", auth.Grant{Role: auth.RoleStandingBoard})
	c, csrf := httpClient(t, u.base, "lan")
	var messageIDs []int64
	for i, p := range testPII {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"csrf": csrf, "channel": "paper", "received_at": time.Now().Add(-time.Hour).Format("2006-01-02T15:04"),
			"subject": fmt.Sprintf("Công văn số %d/STP-VP đề nghị đăng tải", 40+i), "organization": "Sở Tư pháp tỉnh Nam Định",
			"name": "Lê Thị Cúc", "citizen_id": p.citizenID, "tax_code": p.taxCode, "phone": p.phone, "address": fmt.Sprintf("Số %d đường Hùng Vương, Nam Định", 12+i)} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("scan", fmt.Sprintf("cv%d.pdf", i))
		scan, err := os.ReadFile(filepath.Join(repoRoot(t), "internal", "extract", "testdata", "chromium-vanban.pdf"))
		if err != nil {
			scan = []byte("%PDF-1.4\n% scan\n")
		}
		fw.Write(scan)
		mw.Close()
		req, _ := http.NewRequest("POST", u.base+"/register", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("register %d: %v %d %.300s", i, err, resp.StatusCode, b)
		}
		var mid int64
		fmt.Sscanf(strings.TrimPrefix(resp.Header.Get("Location"), "/inbox?registered="), "%d", &mid)
		messageIDs = append(messageIDs, mid)
	}
	// The pipeline reads the registrations like mail.
	ctx := context.Background()
	var sid int64
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var n int
		u.svc.Pool.QueryRow(ctx, `SELECT count(*) FROM submission WHERE first_message_id = ANY($1)`, messageIDs).Scan(&n)
		if n == len(messageIDs) {
			// The last registration's item (its citizen ID is revealed
			// below): workers create submissions in any order, so the
			// highest id need not be the last message's.
			u.svc.Pool.QueryRow(ctx, `SELECT id FROM submission WHERE first_message_id = $1`, messageIDs[len(messageIDs)-1]).Scan(&sid)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if sid == 0 {
		dumpJobs(t, u.svc.Pool)
		t.Fatal("registrations did not become submissions")
	}
	resp, err := c.PostForm(fmt.Sprintf("%s/items/%d/reveal", u.base, sid), url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), testPII[len(testPII)-1].citizenID) {
		t.Fatalf("reveal does not show the citizen ID (status %d)", resp.StatusCode)
	}
	if _, err := u.svc.UI.Sealer.SealAll(ctx); err != nil {
		t.Fatal(err)
	}

	// 1. The dump.
	dump, err := exec.Command(pgDump, "--no-owner", "-d", u.dsn).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if len(dump) < 10000 || !bytes.Contains(dump, []byte("COPY public.submitter_data")) {
		t.Fatalf("dump of %d bytes does not hold the tables", len(dump))
	}
	for _, p := range testPII {
		for _, v := range []string{p.citizenID, p.taxCode, p.phone, "+84" + p.phone[1:]} {
			if bytes.Contains(dump, []byte(v)) {
				i := bytes.Index(dump, []byte(v))
				t.Errorf("pg_dump holds %q in clear: …%q…", v, dump[max(0, i-200):min(len(dump), i+50)])
			}
		}
	}
	if !bytes.Contains(dump, []byte("0361******21")) {
		t.Error("the masked citizen ID is not in the dump: was the sender data stored at all?")
	}
	var reveals int
	u.svc.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND actor = 'user:lan'`).Scan(&reveals)
	if reveals != 1 {
		t.Errorf("%d reveal rows in the audit trail", reveals)
	}

	// 2. The audit chain, through the command line.
	bin := filepath.Join(t.TempDir(), "tiepnhan")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(repoRoot(t), "cmd", "tiepnhan")).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	verify := func() (string, int) {
		cmd := exec.Command(bin, "audit", "verify", "--no-seal")
		cmd.Env = append(os.Environ(), "TIEPNHAN_DATABASE_URL="+u.dsn, "TIEPNHAN_UI_KEY_FILE="+u.keyFile, "TIEPNHAN_LOG_LEVEL=error")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	out, code := verify()
	if code != 0 || !strings.Contains(out, "audit chain: intact") {
		t.Fatalf("untouched trail: exit %d\n%s", code, out)
	}
	var victim int64
	u.svc.Pool.QueryRow(ctx, `SELECT seq FROM audit_log WHERE action = 'reveal_pii'`).Scan(&victim)
	tx, err := u.svc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.Exec(ctx, `SET LOCAL session_replication_role = replica`) // what a DBA bypassing the guard would do
	if _, err := tx.Exec(ctx, `UPDATE audit_log SET actor = 'user:ai-do-khac' WHERE seq = $1`, victim); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	out, code = verify()
	if code != 1 || !strings.Contains(out, fmt.Sprintf("TAMPERED seq %d", victim)) {
		t.Fatalf("altered row %d not reported: exit %d\n%s", victim, code, out)
	}
}
