package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// appendAs delivers raw to the INBOX of user.
func appendAs(t *testing.T, d *testenv.DovecotServer, user, password string, raw []byte) {
	t.Helper()
	c, err := imapclient.DialInsecure(d.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	cmd := c.Append("INBOX", int64(len(raw)), &goimap.AppendOptions{Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

// TestTwoMailboxesTwoServeProcesses: the Board's mailbox ([imap]) and the
// English Portal's ([[mailbox]]) on one Dovecot, read by two serve
// processes at once: every message is stored once, attributed to the
// mailbox it came from.
func TestTwoMailboxesTwoServeProcesses(t *testing.T) {
	const enUser, enPass = "english@moj.gov.vn", "mat-khau-en"
	d := testenv.Dovecot(t, testenv.Options{Users: []testenv.Account{{User: enUser, Password: enPass}}})
	cfg := config.Default()
	cfg.Database.URL = testenv.Postgres(t)
	cfg.UI.KeyFile = filepath.Join(t.TempDir(), "pii.key")
	i := &cfg.IMAP
	i.Addr, i.Security, i.Username, i.Password = d.Addr(), "none", d.User(), d.Password()
	i.PollInterval.Duration, i.BackoffMin.Duration, i.BackoffMax.Duration = time.Second, 50*time.Millisecond, 200*time.Millisecond
	en := config.Mailbox{Name: "Cổng tiếng Anh", IMAP: *i}
	en.Username, en.Password = enUser, enPass
	cfg.Mailboxes = []config.Mailbox{en}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var svcs []*Service
	done := make(chan error, 2)
	for n := range 2 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		svc, err := New(context.Background(), cfg, Options{Log: log.With("serve", n), HTTPListener: ln, CreateKeyFile: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(svc.watchers) != 2 {
			t.Fatalf("serve %d watches %d mailboxes, want 2", n, len(svc.watchers))
		}
		svcs = append(svcs, svc)
		go func() { done <- svc.Run(ctx) }()
	}
	defer func() {
		cancel()
		<-done
		<-done
	}()
	mail := func(to, id string) []byte {
		return []byte(fmt.Sprintf("Message-ID: <%s@moj.gov.vn>\r\nFrom: a@moj.gov.vn\r\nTo: %s\r\nSubject: %s\r\nDate: Mon, 2 Mar 2026 09:00:00 +0700\r\n\r\nNoi dung %s\r\n", id, to, id, id))
	}
	for k := range 3 {
		d.Append(t, "INBOX", mail(d.User(), fmt.Sprintf("bbt-%d", k)), time.Now())
		appendAs(t, d, enUser, enPass, mail(enUser, fmt.Sprintf("en-%d", k)))
	}
	got := map[string]int{}
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		rows, err := svcs[0].Pool.Query(context.Background(), `
			SELECT mb.account || ' ' || left(m.message_id, 3), count(*) FROM message m JOIN mailbox mb ON mb.id = m.mailbox_id GROUP BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		got = map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			got[k] = n
		}
		rows.Close()
		if len(got) == 2 && got[d.User()+"@"+d.Addr()+" bbt"] == 3 && got[enUser+"@"+d.Addr()+" en-"] == 3 {
			break
		}
	}
	want := map[string]int{d.User() + "@" + d.Addr() + " bbt": 3, enUser + "@" + d.Addr() + " en-": 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("messages by mailbox: %v, want %v (each once, in its own mailbox)", got, want)
	}
}
