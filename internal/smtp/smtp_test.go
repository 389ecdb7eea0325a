package smtp

import (
	"bytes"
	"context"
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

func TestCapWindows(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	now := time.Date(2026, 3, 2, 9, 20, 0, 0, ict)
	hourly := Cap{Max: 2, Window: time.Hour}
	if got := hourly.Since(now); !got.Equal(now.Add(-time.Hour)) {
		t.Errorf("hourly since %s", got)
	}
	if got := hourly.RetryAfter(now, now.Add(-40*time.Minute)); got != 20*time.Minute {
		t.Errorf("hourly retry after %s, want 20m (the 08:40 message leaves the window at 09:40)", got)
	}
	// Vietnam's day: 00:30 on 03/03 in Hanoi is still 02/03 in UTC.
	daily := Cap{Max: 20, Daily: true}
	late := time.Date(2026, 3, 3, 0, 30, 0, 0, ict)
	if got := daily.Since(late); !got.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, ict)) {
		t.Errorf("daily since %s", got)
	}
	if got := daily.RetryAfter(now, now.Add(-time.Hour)); got != 14*time.Hour+40*time.Minute {
		t.Errorf("daily retry after %s, want until midnight in Vietnam", got)
	}
	if !(Cap{}).Off() || !(Cap{Max: 3}).Off() || hourly.Off() || daily.Off() {
		t.Error("Off")
	}
}

// TestSendThroughSMTPSink sends through Postfix's smtp-sink: one
// transaction with every recipient, the rendered message as DATA.
func TestSendThroughSMTPSink(t *testing.T) {
	sink := testenv.SMTPSink(t)
	mailer, err := New(Config{Addr: sink.Addr(), Security: "none", From: from, HELO: "tiepnhan.moj.gov.vn"})
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

}

func waitDeliveries(t *testing.T, sink *testenv.Sink, n int) []testenv.Delivery {
	t.Helper()
	sink.WaitMessages(t, n)
	return sink.Deliveries(t)
}

// TestRelayDownIsAnError: nothing listens; Send fails naming the relay.
func TestRelayDownIsAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	mailer, err := New(Config{Addr: addr, Security: "none", From: from, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		err := mailer.Send(context.Background(), sample())
		if err == nil || !strings.Contains(err.Error(), addr) {
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

// TestSendRawThroughSMTPSink: a message the caller composed (a forward) is
// handed over byte for byte, to every recipient, and written to the folder
// under its Message-ID; STARTTLS is required unless security is "none".
func TestSendRawThroughSMTPSink(t *testing.T) {
	raw := []byte("From: banbientap@moj.gov.vn\r\nTo: a@b.vn\r\nSubject: x\r\nMessage-ID: <r1@tiepnhan.moj.gov.vn>\r\n\r\nNội dung thư.\r\n")
	msg := Message{To: []string{"a@b.vn", "Đơn vị <c@d.vn>"}, MessageID: "r1@tiepnhan.moj.gov.vn", Raw: raw}
	dir := t.TempDir()
	folder, err := New(Config{From: from, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := folder.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "r1@tiepnhan.moj.gov.vn.eml")); err != nil || !bytes.Equal(b, raw) {
		t.Errorf("folder copy differs: %v", err)
	}

	sink := testenv.SMTPSink(t)
	mailer, err := New(Config{Addr: sink.Addr(), Security: "none", From: from, HELO: "tiepnhan.moj.gov.vn", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := mailer.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	d := waitDeliveries(t, sink, 1)[0]
	if !bytes.Contains(d.Data, raw) || !strings.Contains(d.MailFrom, "banbientap@moj.gov.vn") || len(d.RcptTo) != 2 ||
		!strings.Contains(d.RcptTo[1], "<c@d.vn>") || d.Helo != "tiepnhan.moj.gov.vn" {
		t.Errorf("delivery %+v", d)
	}
	strict, err := New(Config{Addr: sink.Addr(), Security: "starttls", From: from, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := strict.Send(context.Background(), msg); err == nil {
		t.Error("sent without STARTTLS although it is required (smtp-sink offers none)")
	}
}
