package smtp

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

const from = "Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>"

func sample() Message {
	return Message{
		To:         []string{"truongban@moj.gov.vn", "Chánh Văn phòng <cvp@moj.gov.vn>"},
		Subject:    "[Quá hạn] TN-2026-000123: Điều 13 khoản 2 — hạn đăng tải đã qua",
		Text:       "Kính gửi đồng chí,\n\nHạn đăng tải tin, bài TN-2026-000123 đã qua lúc 17:00 02/03/2026.\nTrân trọng.\n",
		MessageID:  "TN-2026-000123.alert7@tiepnhan.moj.gov.vn",
		InReplyTo:  "goc-123@donvi.moj.gov.vn",
		References: []string{"goc-123@donvi.moj.gov.vn"},
		Date:       time.Date(2026, 3, 2, 17, 0, 5, 0, time.FixedZone("ICT", 7*3600)),
		Headers:    map[string]string{"X-Tiepnhan-Alert": "breach"},
	}
}

// TestRenderIsAutoSubmittedAndReadsBack renders a Vietnamese alert and
// reads it back with the intake's own parser: the subject, body, ids and
// the RFC 3834 marking survive the encoding.
func TestRenderIsAutoSubmittedAndReadsBack(t *testing.T) {
	m := sample()
	raw, err := Render(m, from)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"Auto-Submitted: auto-generated\r\n", "Precedence: bulk\r\n", "X-Auto-Response-Suppress: All\r\n",
		"Message-ID: <TN-2026-000123.alert7@tiepnhan.moj.gov.vn>\r\n", "In-Reply-To: <goc-123@donvi.moj.gov.vn>\r\n",
		"X-Tiepnhan-Alert: breach\r\n", "User-Agent: tiepnhan\r\n"} {
		if !bytes.Contains(raw, []byte(h)) {
			t.Errorf("rendered message lacks %q:\n%s", h, raw)
		}
	}
	if bytes.Contains(raw, []byte("go-mail")) {
		t.Error("library's own User-Agent leaked into the message")
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			t.Errorf("line %d longer than 998 octets (RFC 5322 §2.1.1)", i)
		}
		for _, c := range line {
			if c >= 0x80 {
				t.Fatalf("line %d has 8-bit data; the message must be 7-bit clean: %q", i, line)
			}
		}
	}
	p, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != m.Subject {
		t.Errorf("subject = %q, want %q", p.Subject, m.Subject)
	}
	if strings.ReplaceAll(p.Text, "\r\n", "\n") != m.Text {
		t.Errorf("text = %q, want %q", p.Text, m.Text)
	}
	if p.MessageID != m.MessageID || len(p.InReplyTo) != 1 || p.InReplyTo[0] != m.InReplyTo {
		t.Errorf("ids = %q %q", p.MessageID, p.InReplyTo)
	}
	if !p.AutoSubmitted {
		t.Error("the intake's parser does not see the alert as auto-submitted: our own alerts would become submissions")
	}
	if p.From.Address != "banbientap@moj.gov.vn" || p.From.Name != "Ban Biên tập Cổng TTĐT Bộ Tư pháp" {
		t.Errorf("from = %+v", p.From)
	}
	if len(p.To) != 2 || p.To[1].Name != "Chánh Văn phòng" {
		t.Errorf("to = %+v", p.To)
	}
	if !p.Date.OK || !p.Date.Time.Equal(m.Date) {
		t.Errorf("date = %+v, want %s", p.Date, m.Date)
	}
}

func TestValidateNamesTheBadField(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Message)
		want string
	}{
		{func(m *Message) { m.To = nil }, "no recipient"},
		{func(m *Message) { m.To = []string{"a@b.vn", "không phải địa chỉ"} }, "To[1]"},
		{func(m *Message) { m.MessageID = "" }, "Message-ID"},
		{func(m *Message) { m.MessageID = "a b@c" }, "Message-ID"},
		{func(m *Message) { m.MessageID = "<a@c>" }, "Message-ID"},
		{func(m *Message) { m.InReplyTo = "noat" }, "In-Reply-To"},
		{func(m *Message) { m.References = []string{"x@y", "z"} }, "References"},
		{func(m *Message) { m.Headers = map[string]string{"Bad Name": "v"} }, "header name"},
		{func(m *Message) { m.Subject = "a\r\nBcc: x@y" }, "Subject"},
		{func(m *Message) { m.From = "@@" }, "From"},
	} {
		m := sample()
		tc.edit(&m)
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one naming %q", m, err, tc.want)
		}
		if _, err := Render(m, from); err == nil {
			t.Errorf("Render accepted an invalid message (%s)", tc.want)
		}
	}
	if err := sample().Validate(); err != nil {
		t.Errorf("valid message refused: %v", err)
	}
}

func TestLimiterSlidingWindow(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(2, time.Hour, func() time.Time { return now })
	if _, err := l.Reserve([]string{"A@moj.gov.vn"}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Minute)
	if _, err := l.Reserve([]string{"a@moj.gov.vn", "b@moj.gov.vn"}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Minute)
	_, err := l.Reserve([]string{"b@moj.gov.vn", "a@moj.gov.vn"})
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.Recipient != "a@moj.gov.vn" || rl.RetryAfter != 40*time.Minute {
		t.Fatalf("third message to a within the hour: %v, want a rate limit naming a@, retry in 40m", err)
	}
	// All or nothing: b was not counted by the refused message.
	if _, err := l.Reserve([]string{"b@moj.gov.vn"}); err != nil {
		t.Fatalf("b had one message: %v", err)
	}
	now = now.Add(40 * time.Minute) // the 09:00 message leaves the window
	release, err := l.Reserve([]string{"a@moj.gov.vn"})
	if err != nil {
		t.Fatalf("after the window slid: %v", err)
	}
	if _, err := l.Reserve([]string{"a@moj.gov.vn"}); err == nil {
		t.Fatal("a is at the cap again")
	}
	release() // the send failed: the reservation is given back
	if _, err := l.Reserve([]string{"a@moj.gov.vn"}); err != nil {
		t.Fatalf("released reservation still counted: %v", err)
	}
	var none *Limiter
	if _, err := none.Reserve([]string{"x@y"}); err != nil {
		t.Fatal("nil limiter must allow everything")
	}
	if NewLimiter(0, time.Hour, nil) != nil {
		t.Fatal("cap 0 must mean no limiter")
	}
}

// TestSendThroughSMTPSink sends through Postfix's smtp-sink: one
// transaction with every recipient, the rendered message as DATA.
func TestSendThroughSMTPSink(t *testing.T) {
	sink := testenv.SMTPSink(t)
	mailer, err := New(Config{Addr: sink.Addr(), Security: "none", From: from, HELO: "tiepnhan.moj.gov.vn",
		PerRecipient: 2, Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	m := sample()
	if err := mailer.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	ds := waitDeliveries(t, sink, 1)
	d := ds[0]
	if d.MailFrom != "<banbientap@moj.gov.vn>" && !strings.HasPrefix(d.MailFrom, "<banbientap@moj.gov.vn>") {
		t.Errorf("MAIL FROM %q", d.MailFrom)
	}
	if len(d.RcptTo) != 2 || !strings.Contains(d.RcptTo[0], "truongban@moj.gov.vn") || !strings.Contains(d.RcptTo[1], "cvp@moj.gov.vn") {
		t.Errorf("RCPT TO %q", d.RcptTo)
	}
	if d.Helo != "tiepnhan.moj.gov.vn" {
		t.Errorf("EHLO %q", d.Helo)
	}
	p, err := mailparse.Parse(bytes.NewReader(d.Data), mailparse.Options{})
	if err != nil || p.MessageID != m.MessageID || p.Subject != m.Subject || !p.AutoSubmitted {
		t.Fatalf("delivered message: %v %+v", err, p)
	}

	// The cap: 2 per recipient per hour; the third is refused unsent.
	m2 := m
	m2.MessageID = "TN-2026-000123.alert8@tiepnhan.moj.gov.vn"
	if err := mailer.Send(context.Background(), m2); err != nil {
		t.Fatal(err)
	}
	m3 := m
	m3.MessageID = "TN-2026-000123.alert9@tiepnhan.moj.gov.vn"
	var rl *RateLimitError
	if err := mailer.Send(context.Background(), m3); !errors.As(err, &rl) {
		t.Fatalf("third message within the hour: %v, want *RateLimitError", err)
	}
	waitDeliveries(t, sink, 2)
	time.Sleep(300 * time.Millisecond)
	if n := len(sink.Deliveries(t)); n != 2 {
		t.Fatalf("sink has %d messages, want 2 (the capped one must not be sent)", n)
	}
}

func waitDeliveries(t *testing.T, sink *testenv.Sink, n int) []testenv.Delivery {
	t.Helper()
	sink.WaitMessages(t, n)
	return sink.Deliveries(t)
}

// TestRelayDownIsAnErrorAndReleasesTheCap: nothing listens; Send fails and
// the failed attempt does not count against the cap.
func TestRelayDownIsAnErrorAndReleasesTheCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	mailer, err := New(Config{Addr: addr, Security: "none", From: from, Timeout: 2 * time.Second, PerRecipient: 1, Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		err := mailer.Send(context.Background(), sample())
		var rl *RateLimitError
		if err == nil || errors.As(err, &rl) || !strings.Contains(err.Error(), addr) {
			t.Fatalf("attempt %d: %v, want a connection error naming %s", i, err, addr)
		}
	}
}

func TestWriteToFolderOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	mailer, err := New(Config{From: from, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m := sample()
	if err := mailer.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "TN-2026-000123.alert7@tiepnhan.moj.gov.vn.eml")
	first, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m.Text = "changed"
	if err := mailer.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(name)
	if !bytes.Equal(first, again) {
		t.Error("a second send with the same Message-ID rewrote the file")
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Errorf("folder has %d files, want 1 (no temporary files left)", len(files))
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Addr: "x:25", Security: "none"}, "from"},
		{Config{From: "not an address", Addr: "x:25", Security: "none"}, "from"},
		{Config{From: from}, "folder"},
		{Config{From: from, Addr: "nohostport", Security: "none"}, "addr"},
		{Config{From: from, Addr: "h:99999", Security: "none"}, "port"},
		{Config{From: from, Addr: "h:25", Security: "ssl3"}, "security"},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error naming %q", tc.cfg, err, tc.want)
		}
	}
}
