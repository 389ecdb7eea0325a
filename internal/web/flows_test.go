package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

const hostile = `<p onclick="window.pwned=1">Chào</p><script>window.pwned=1</script><img src="http://127.0.0.1:9/x.png" onerror="window.pwned=1">
<style>body{background:url(http://127.0.0.1:9/bg)}</style><a href="javascript:window.pwned=1">bấm</a><iframe src="http://127.0.0.1:9/f"></iframe>
<form action="http://127.0.0.1:9/"><input name=q></form><div style="position:fixed;top:0;background:url(http://127.0.0.1:9/s)">x</div>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok"><link rel=stylesheet href="http://127.0.0.1:9/c.css"><svg onload="window.pwned=1"></svg>`

func TestPreviewIsSanitisedAndSandboxed(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), hostile)
	c := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	resp := c.do("GET", fmt.Sprintf("/items/%d/messages/%d/body", id, e.messageOf(id)), nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	for _, bad := range []string{"<script", "onclick", "onerror", "onload", "javascript:", "127.0.0.1:9", "<style>body{background", "<iframe", "<form", "<link", "style=\""} {
		if strings.Contains(body, bad) {
			t.Errorf("sanitised body still holds %q", bad)
		}
	}
	if !strings.Contains(body, "Chào") || !strings.Contains(body, `src="data:image/png;base64,iVBORw0KGgo="`) {
		t.Errorf("harmless content lost: %s", body)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") || strings.Contains(csp, "script-src") {
		t.Errorf("preview CSP %q", csp)
	}
	if resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("preview framing %q", resp.Header.Get("X-Frame-Options"))
	}
	page := c.get(fmt.Sprintf("/items/%d", id))
	if !strings.Contains(page, `<iframe class="preview" sandbox=""`) {
		t.Error("item page does not sandbox the preview iframe")
	}
}

func TestDownloadsAreAttachments(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	mid := e.messageOf(id)
	c := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	resp := c.do("GET", fmt.Sprintf("/items/%d/messages/%d/attachments/0", id, mid), nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "%PDF-1.4\n" {
		t.Fatalf("attachment bytes %q", b)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename=kh.pdf` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("headers %v", resp.Header)
	}
	if resp := c.do("GET", fmt.Sprintf("/items/%d/messages/%d/attachments/7", id, mid), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing attachment = %d", resp.StatusCode)
	}
	resp = c.do("GET", fmt.Sprintf("/items/%d/messages/%d/raw", id, mid), nil)
	raw, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(string(raw), "From: A <a@b.vn>") || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("raw download: %q %v", raw[:20], resp.Header)
	}
	// A message of another item is not served under this item.
	id2 := e.seed(2, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	if resp := c.do("GET", fmt.Sprintf("/items/%d/messages/%d/raw", id, e.messageOf(id2)), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("message of another item = %d", resp.StatusCode)
	}
}

func TestLoginThrottledOverHTTP(t *testing.T) {
	e := newEnv(t)
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	c := e.anon()
	var last int
	for i := 0; i <= auth.DefaultPolicy.MaxFailures; i++ {
		tok := csrfRE.FindStringSubmatch(c.get("/login"))[1]
		resp := c.do("POST", "/login", url.Values{"csrf": {tok}, "username": {"lan"}, "password": {"sai-mật-khẩu-rồi"}})
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		last = resp.StatusCode
		if i < auth.DefaultPolicy.MaxFailures && (last != http.StatusUnauthorized || !strings.Contains(string(b), "không đúng")) {
			t.Fatalf("attempt %d = %d", i, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after %d failures = %d, want 429", auth.DefaultPolicy.MaxFailures, last)
	}
}

func TestRevealRegisterAndUnitFlow(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	liaison := e.signedIn("hoa", auth.Grant{Role: auth.RoleUnitLiaison, Unit: "cuc-pbgdpl"})
	editor := e.signedIn("tuan", auth.Grant{Role: auth.RoleEditor})

	page := board.get(fmt.Sprintf("/items/%d", id))
	if strings.Contains(page, "001203004567") || !strings.Contains(page, "0012******67") {
		t.Fatal("item page must show the masked citizen ID only")
	}
	if strings.Contains(editor.get(fmt.Sprintf("/items/%d", id)), "/reveal") {
		t.Error("an editor is offered the reveal button")
	}
	resp := board.post(fmt.Sprintf("/items/%d/reveal", id), nil)
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), "001203004567") {
		t.Fatalf("reveal does not show the value: %d", resp.StatusCode)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("revealed page may be cached")
	}
	var n int
	e.store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND actor = 'user:lan'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d reveal audit rows", n)
	}

	// Paper registration with a scan.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf": board.csrf, "channel": "paper", "received_at": time.Now().Add(-time.Hour).In(workday.Zone).Format("2006-01-02T15:04"),
		"subject": "Công văn số 45/STP về hội nghị", "organization": "Sở Tư pháp Nam Định", "name": "Lê Thị Cúc",
		"citizen_id": "036190004321", "tax_code": "0100109106", "phone": "0912345678", "address": "12 Hùng Vương, Nam Định"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("scan", "cv45.pdf")
	fw.Write([]byte("%PDF-1.4 scan"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/register", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := board.http.Do(req)
	enq := e.enqueued()
	if err != nil || resp.StatusCode != http.StatusSeeOther || len(enq) != 1 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("register = %d %v, enqueued %v: %.300s", resp.StatusCode, err, enq, b)
	}
	var sealed string
	e.store.Pool.QueryRow(t.Context(), `SELECT citizen_id FROM submitter_data WHERE message_id = $1`, enq[0]).Scan(&sealed)
	if !strings.HasPrefix(sealed, "k1:") {
		t.Fatalf("sealed %q", sealed)
	}

	// Forward to the unit; the liaison sees it in the unit view, answers.
	if !strings.Contains(liaison.get("/unit"), "Không có hồ sơ") {
		t.Error("unit view not empty before the forward")
	}
	if resp := board.post(fmt.Sprintf("/items/%d/actions/forward", id), url.Values{"unit": {"cuc-pbgdpl"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("forward = %d", resp.StatusCode)
	}
	if resp := board.post(fmt.Sprintf("/items/%d/actions/forward", id), url.Values{"unit": {"khong-co"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("forward to an unknown unit = %d", resp.StatusCode)
	}
	if !strings.Contains(liaison.get("/unit"), "TN-2026-000001") {
		t.Fatal("forwarded item not in the unit view")
	}
	if resp := liaison.post(fmt.Sprintf("/items/%d/actions/answer", id), url.Values{"note": {"Đơn vị đã trả lời"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer = %d", resp.StatusCode)
	}
	if !strings.Contains(board.get(fmt.Sprintf("/items/%d", id)), "Đơn vị đã trả lời") {
		t.Fatal("answer not shown")
	}
}

func TestLockEndsSessionsAndReports(t *testing.T) {
	e := newEnv(t)
	id := e.seed(1, "cuc-pbgdpl", time.Now().Add(-time.Hour), "")
	e.account("root", auth.Grant{Role: auth.RoleAdmin})
	mgrID := e.account("quan", auth.Grant{Role: auth.RoleManager})
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	admin, mgr, board := e.login("root"), e.login("quan"), e.login("lan")
	board.post(fmt.Sprintf("/items/%d/actions/refuse", id), url.Values{"ground": {"14.3"}, "note": {"số liệu sai"}})

	dash := mgr.get("/dashboard")
	if !strings.Contains(dash, `<table class="list chart">`) || !strings.Contains(dash, "Danh sách quá hạn") {
		t.Fatal("dashboard without charts")
	}
	resp := mgr.do("GET", fmt.Sprintf("/reports/%d/csv", time.Now().Year()), nil)
	csv, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(csv), "14.3") || !strings.HasPrefix(string(csv), "\ufeff") {
		t.Fatalf("csv: %s", csv)
	}
	resp = mgr.do("GET", fmt.Sprintf("/reports/%d/xlsx", time.Now().Year()), nil)
	x, _ := io.ReadAll(resp.Body)
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	v, _ := f.GetCellValue("Tổng hợp", "B2")
	if v != "1" {
		t.Fatalf("xlsx received count %q", v)
	}
	if !strings.Contains(mgr.get("/dashboard"), "TN-2026") && !strings.Contains(dash, "TN-2026") {
		t.Log("refused item is closed, not overdue")
	}

	// Lock the manager: the open session ends at once (Điều 7 khoản 3).
	if resp := admin.post(fmt.Sprintf("/admin/accounts/%d/state", mgrID), url.Values{"state": {"locked"}, "reason": {"nghỉ phép dài"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lock = %d", resp.StatusCode)
	}
	if resp := mgr.do("GET", "/dashboard", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("locked manager still in: %d", resp.StatusCode)
	}
	review := admin.get("/admin/access-review")
	if !strings.Contains(review, "quan") || !strings.Contains(review, "Đã khóa") {
		t.Fatal("access review does not list the locked account")
	}
	if !strings.Contains(admin.get("/admin/audit"), "user:root") {
		t.Fatal("audit page does not show the admin's change")
	}
}
