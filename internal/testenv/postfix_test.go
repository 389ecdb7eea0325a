package testenv

import (
	"net/smtp"
	"strings"
	"testing"
	"time"
)

// waitCount polls mailbox until it holds n messages or 90 s pass (a
// deferred mail waits for Postfix's next queue run, later on a loaded
// machine: one CI run saw no retry within 30 s).
func waitCount(t *testing.T, d *DovecotServer, mailbox string, n int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		got := d.Count(t, mailbox)
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d messages after 90 s, want %d", mailbox, got, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPostfixRelaysToDovecotAndRetriesWhileItIsDown(t *testing.T) {
	d := Dovecot(t, Options{LMTP: true})
	p := Postfix(t, PostfixOptions{LMTP: d.LMTPAddr()})
	// With a Date header Postfix adds no header of its own but Received.
	msg := append([]byte("Date: Mon, 02 Mar 2026 16:59:30 +0700\r\n"), sample...)

	if err := smtp.SendMail(p.Addr(), nil, "congdan@example.vn", []string{d.User()}, msg); err != nil {
		t.Fatal(err)
	}
	waitCount(t, d, "INBOX", 1)
	got := d.Fetch(t, "INBOX")[0]
	if !strings.HasSuffix(string(got), string(msg)) || !strings.Contains(string(got), "by mx.tiepnhan.test (Postfix)") {
		t.Fatalf("delivered message:\n%s", got)
	}

	// Mail for other domains is refused at RCPT: nothing leaves the machine.
	if err := smtp.SendMail(p.Addr(), nil, "a@example.vn", []string{"x@example.org"}, sample); err == nil || !strings.Contains(err.Error(), "outside the test domains") {
		t.Fatalf("relay to a foreign domain: %v", err)
	}

	// With Dovecot down Postfix keeps the mail and delivers it once Dovecot
	// is back.
	d.Stop()
	if err := smtp.SendMail(p.Addr(), nil, "congdan@example.vn", []string{d.User()}, sample); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.Log(), "status=deferred") {
		if time.Now().After(deadline) {
			t.Fatal("Postfix did not defer the mail while Dovecot was down")
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.Restart(t)
	waitCount(t, d, "INBOX", 2)
}
