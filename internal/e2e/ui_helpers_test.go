package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

const uiPassword = "mật-khẩu-đủ-dài-2026"

// uiService runs the whole service (workers, UI) on a fresh database with a
// key file of its own, without a mailbox: mail enters through InsertManual.
type uiService struct {
	svc     *app.Service
	base    string
	keyFile string
	dsn     string
}

func startUIService(t *testing.T) *uiService {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test")
	}
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	keyFile := filepath.Join(t.TempDir(), "pii.keys")
	line, _ := crypto.GenerateKey("k1", rand.Reader)
	if err := os.WriteFile(keyFile, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Database.URL = dsn
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Log.Level = "warn"
	cfg.UI.KeyFile = keyFile
	cfg.UI.AuditSealEvery = config.Duration{Duration: 200 * time.Millisecond}
	svc := startService(t, cfg)
	return &uiService{svc: svc, base: "http://" + svc.HTTPAddr(), keyFile: keyFile, dsn: dsn}
}

// account creates an account (real argon2id parameters).
func (u *uiService) account(t *testing.T, name, display string, grants ...auth.Grant) int64 {
	t.Helper()
	h, err := auth.Hasher{}.Hash(uiPassword)
	if err != nil {
		t.Fatal(err)
	}
	id, err := u.svc.Store.CreateAccount(context.Background(), "test", auth.Account{Username: name, DisplayName: display, PasswordHash: h}, grants)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// deliver stores raw mail as the intake would and waits for its submission.
func (u *uiService) deliver(t *testing.T, raw []byte, at time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	mid, _, err := u.svc.Store.InsertManual(ctx, intake.RawMessage{ReceivedAt: at, Size: int64(len(raw)), Raw: raw,
		MessageID: fmt.Sprintf("ui-%d@test", time.Now().UnixNano()), SHA256: intake.HashRaw(raw)}, "test", pipeline.EnqueueParse(u.svc.River))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var sid int64
		// Past intake: awaiting triage, or a query the machine already
		// forwarded to its unit (Điều 11 khoản 1, bước 2).
		err := u.svc.Pool.QueryRow(ctx, `SELECT s.id FROM submission s JOIN triage t ON t.submission_id = s.id WHERE s.first_message_id = $1
			AND s.state IN ('awaiting_triage', 'forwarded')`, mid).Scan(&sid)
		if err == nil {
			return sid
		}
		time.Sleep(100 * time.Millisecond)
	}
	dumpJobs(t, u.svc.Pool)
	t.Fatalf("message %d never became a submission awaiting triage", mid)
	return 0
}

func (u *uiService) state(t *testing.T, id int64) string {
	var s string
	u.svc.Pool.QueryRow(context.Background(), `SELECT state FROM submission WHERE id = $1`, id).Scan(&s)
	return s
}

// waitState polls until item id reaches state.
func (u *uiService) waitState(t *testing.T, id int64, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if u.state(t, id) == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("item %d in state %q, want %q", id, u.state(t, id), want)
}

// waitIndexed waits until the first message of item id is in the search
// index (written once its attachments are read).
func (u *uiService) waitIndexed(t *testing.T, id int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		u.svc.Pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM message_search x JOIN submission s ON s.first_message_id = x.message_id WHERE s.id = $1)`, id).Scan(&ok)
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("item %d not in the search index after 60 s", id)
}

// reference is the tracking reference of item id.
func (u *uiService) reference(t *testing.T, id int64) string {
	t.Helper()
	var ref string
	if err := u.svc.Pool.QueryRow(context.Background(), `SELECT reference FROM submission WHERE id = $1`, id).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// tripwire is a local server that counts every request: a preview that
// fetches anything from elsewhere shows up here.
type tripwire struct {
	srv  *httptest.Server
	hits atomic.Int64
	last atomic.Value
}

func newTripwire(t *testing.T) *tripwire {
	tw := &tripwire{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tw.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw.hits.Add(1)
		tw.last.Store(r.URL.String())
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("window.pwned=1"))
	})}}
	tw.srv.Start()
	t.Cleanup(tw.srv.Close)
	return tw
}

// hostileMail is an HTML mail that tries every way to run script or fetch
// something: script elements, event handlers, javascript: URLs, remote
// images, CSS url() and @import, stylesheets, frames, objects, meta refresh,
// base href, SVG, forms that post away.
func hostileMail(remote string) []byte {
	html := strings.ReplaceAll(`<html><head><base href="REMOTE/base/"><meta http-equiv="refresh" content="0;url=REMOTE/refresh">
<link rel="stylesheet" href="REMOTE/style.css"><style>@import url("REMOTE/import.css"); body{background:url(REMOTE/bg.png)} p{behavior:url(REMOTE/x.htc)}</style>
<script>window.pwned=1;try{parent.pwned=1;top.document.title="PWNED"}catch(e){}</script><script src="REMOTE/s.js"></script></head>
<body onload="window.pwned=1;parent.pwned=1"><h1>Thông báo khẩn</h1>
<p style="background-image:url(REMOTE/inline.png)">Kính gửi Ban Biên tập,</p>
<img src="REMOTE/pixel.gif" width="1" height="1"><img src="x" onerror="parent.pwned=1;fetch('REMOTE/onerror')">
<svg onload="parent.pwned=1"><image href="REMOTE/svg.png"/></svg><iframe src="REMOTE/frame"></iframe>
<object data="REMOTE/obj"></object><embed src="REMOTE/embed"><video poster="REMOTE/poster.jpg" src="REMOTE/v.mp4"></video>
<audio src="REMOTE/a.mp3" autoplay></audio><a href="javascript:parent.pwned=1">bấm vào đây</a>
<form action="REMOTE/form" method="post"><input name="q" value="x" autofocus onfocus="parent.pwned=1"><button>Gửi</button></form>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(REMOTE/overlay.png)">lớp phủ</div>
<table background="REMOTE/table.png"><tr><td>ô bảng</td></tr></table>
</body></html>`, "REMOTE", remote)
	return []byte("From: \"Kẻ xấu\" <attacker@example.net>\r\nTo: banbientap@moj.gov.vn\r\nSubject: =?utf-8?B?" +
		b64("Thông báo khẩn về bài đăng") + "?=\r\nMessage-ID: <hostile-1@example.net>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=ALT\r\n\r\n--ALT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThông báo khẩn.\r\n--ALT\r\n" +
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n--ALT--\r\n")
}
