package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

const (
	unitUser   = "cucpbgdpl@moj.gov.vn" // Cục PBGDPL và TGPL in the seed directory
	authorUser = "lvtuan@moj.gov.vn"    // author of corpus 002 (tax code and citizen ID missing)
	otherPass  = "mat-khau-khac"
)

// TestRouteOnPostfix runs classification and routing on real servers:
// Postfix relays our outgoing mail to Dovecot over LMTP. A citizen's
// question with two attachments is forwarded to its unit, whose mailbox
// receives the original byte for byte (attachments identical); the author
// of a document without tax code and citizen ID receives a Vietnamese
// supplement request listing exactly those, threaded to the submission;
// the author's answer, delivered to the intake mailbox, attaches to the
// right item and completes it; the unit's answer acknowledges the forward;
// an out-of-office answer to our request is never answered.
func TestRouteOnPostfix(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	d := testenv.Dovecot(t, testenv.Options{LMTP: true, Users: []testenv.Account{{User: unitUser, Password: otherPass}, {User: authorUser, Password: otherPass}}})
	pf := testenv.Postfix(t, testenv.PostfixOptions{LMTP: d.LMTPAddr()})
	ctx := context.Background()

	cfg := serviceConfig(dsn, d)
	cfg.SMTP.Addr, cfg.SMTP.Security = pf.Addr(), "none"
	cfg.SMTP.From = "Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>"
	svc := startService(t, cfg)
	pool := svc.Pool

	corpusDir := filepath.Join(repoRoot(t), "testdata", "corpus")
	doc, err := os.ReadFile(filepath.Join(corpusDir, "002-cv-lien-thong-khai-sinh-hctp.eml"))
	if err != nil {
		t.Fatal(err)
	}
	news, err := os.ReadFile(filepath.Join(corpusDir, "050-tin-hoi-nghi-thads-nghe-an.eml"))
	if err != nil {
		t.Fatal(err)
	}
	photo := attachmentOf(t, news, "DSC_4821.JPG")
	blob := make([]byte, 4096)
	for i := range blob {
		blob[i] = byte(i * 7)
	}
	query := queryWithAttachments(photo, blob)
	at := time.Date(2026, 3, 4, 15, 42, 37, 0, time.FixedZone("ICT", 7*3600))
	d.Append(t, "INBOX", doc, at)
	d.Append(t, "INBOX", query, at.Add(5*time.Minute))

	// The question is forwarded to its unit, the document's author asked.
	if n := waitCount(t, pool, 1, 3*time.Minute, `SELECT count(*) FROM forward WHERE sent_at IS NOT NULL`); n != 1 {
		dumpJobs(t, pool)
		t.Fatalf("%d forwards sent", n)
	}
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM supplement_request WHERE requested_at IS NOT NULL`); n != 1 {
		dumpJobs(t, pool)
		t.Fatalf("%d supplement requests sent", n)
	}
	var queryRef, docRef, unit string
	var querySub, docSub int64
	pool.QueryRow(ctx, `SELECT s.id, s.reference, f.unit FROM forward f JOIN submission s ON s.id = f.submission_id`).Scan(&querySub, &queryRef, &unit)
	pool.QueryRow(ctx, `SELECT s.id, s.reference FROM supplement_request r JOIN submission s ON s.id = r.submission_id`).Scan(&docSub, &docRef)
	if unit != "cuc-pbgdpl" {
		t.Errorf("forwarded to %q, want cuc-pbgdpl", unit)
	}
	// The Điều 11 khoản 2 wait runs from the request.
	if n := waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'running'`, docSub); n != 1 {
		t.Errorf("%d running 11.2 deadlines after the request", n)
	}

	// The unit's mailbox: the forward, with the original attached unchanged.
	unitMail := waitMail(t, d.Addr(), unitUser, otherPass, 1, time.Minute)
	fwd, err := mailparse.Parse(bytes.NewReader(unitMail[0]), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fwd.Subject, queryRef) || !strings.Contains(fwd.Text, "Mã theo dõi: "+queryRef) || !strings.Contains(fwd.Text, "Điều 11") {
		t.Errorf("forward subject %q, text %q", fwd.Subject, fwd.Text)
	}
	if !headerIs(fwd, "Auto-Submitted", "auto-generated") {
		t.Error("forward not marked Auto-Submitted: auto-generated")
	}
	var orig *mailparse.Attachment
	for i := range fwd.Attachments {
		if fwd.Attachments[i].ContentType == "message/rfc822" {
			orig = &fwd.Attachments[i]
		}
	}
	if orig == nil || orig.Message == nil {
		t.Fatalf("no message/rfc822 part in the forward: %+v", fwd.Attachments)
	}
	if !bytes.Equal(orig.Data, query) {
		t.Errorf("attached original differs from the received message (%d vs %d bytes)", len(orig.Data), len(query))
	}
	gotPhoto, gotBlob := attachmentData(orig.Message, "anh-giay-to.jpg"), attachmentData(orig.Message, "du-lieu.bin")
	if len(photo) == 0 || !bytes.Equal(gotPhoto, photo) || !bytes.Equal(gotBlob, blob) {
		t.Errorf("attachments not byte-identical: photo %d/%d bytes, blob %d/%d bytes", len(gotPhoto), len(photo), len(gotBlob), len(blob))
	}

	// The author's mailbox: the supplement request, in Vietnamese, threaded.
	authorMail := waitMail(t, d.Addr(), authorUser, otherPass, 1, time.Minute)
	req, err := mailparse.Parse(bytes.NewReader(authorMail[0]), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	origDoc, _ := mailparse.Parse(bytes.NewReader(doc), mailparse.Options{})
	if !strings.Contains(req.Subject, docRef) || !strings.HasPrefix(req.MessageID, docRef+".") || !slices.Contains(req.InReplyTo, origDoc.MessageID) {
		t.Errorf("request subject %q, Message-ID %q, In-Reply-To %v", req.Subject, req.MessageID, req.InReplyTo)
	}
	for _, want := range []string{"- Mã số thuế: còn thiếu", "- Số căn cước công dân: còn thiếu", "khoản 3 Điều 9", "01 ngày làm việc"} {
		if !strings.Contains(req.Text, want) {
			t.Errorf("request text lacks %q:\n%s", want, req.Text)
		}
	}
	for _, notAsked := range []string{"Họ và tên", "Địa chỉ liên lạc: còn", "Số điện thoại: còn"} {
		if strings.Contains(req.Text, notAsked) {
			t.Errorf("request asks for %q, which was given", notAsked)
		}
	}
	if !headerIs(req, "Auto-Submitted", "auto-generated") {
		t.Error("request not marked Auto-Submitted")
	}

	// An out-of-office answer to the request is recorded, never answered.
	ooo := fmt.Sprintf("From: %s\r\nTo: banbientap@moj.gov.vn\r\nSubject: Trả lời Tự động: %s\r\nAuto-Submitted: auto-replied\r\n"+
		"Message-ID: <ooo-route@moj.gov.vn>\r\nIn-Reply-To: <%s>\r\nDate: Wed, 4 Mar 2026 16:02:00 +0700\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nTôi đang đi công tác.\r\n",
		authorUser, req.Subject, req.MessageID)
	d.Append(t, "INBOX", []byte(ooo), at.Add(20*time.Minute))

	// The author's answer attaches to the item and completes it.
	answer := fmt.Sprintf("From: Lương Văn Tuấn <%s>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Re: %s\r\nMessage-ID: <answer-route@moj.gov.vn>\r\n"+
		"In-Reply-To: <%s>\r\nReferences: <%s> <%s>\r\nDate: Wed, 4 Mar 2026 16:30:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
		"Kính gửi Ban Biên tập,\r\n\r\nTôi xin bổ sung thông tin:\r\n- Mã số thuế: 8168253742\r\n- Số CCCD: 035083002281\r\n\r\nTrân trọng.\r\nLương Văn Tuấn\r\n",
		authorUser, "=?UTF-8?B?"+b64(req.Subject)+"?=", req.MessageID, origDoc.MessageID, req.MessageID)
	d.Append(t, "INBOX", []byte(answer), at.Add(48*time.Minute))
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM message WHERE message_id = 'answer-route@moj.gov.vn' AND submission_id = $1`, docSub); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the answer did not attach to its submission")
	}
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM supplement_request WHERE submission_id = $1 AND answered_at IS NOT NULL`, docSub); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the supplement request is not answered")
	}
	if n := waitCount(t, pool, 1, 10*time.Second, `SELECT count(*) FROM deadline WHERE submission_id = $1 AND rule_id = '11.2' AND state = 'met'`, docSub); n != 1 {
		t.Errorf("the 11.2 deadline is not met after the answer (%d)", n)
	}
	var supplied, still []string
	pool.QueryRow(ctx, `SELECT supplied, still_missing FROM supplement_request WHERE submission_id = $1`, docSub).Scan(&supplied, &still)
	slices.Sort(supplied)
	if !slices.Equal(supplied, []string{"citizen_id", "tax_code"}) || len(still) != 0 {
		t.Errorf("answer supplied %v, still missing %v", supplied, still)
	}

	// The unit's answer acknowledges the forward.
	ack := fmt.Sprintf("From: %s\r\nTo: banbientap@moj.gov.vn\r\nSubject: Re: %s\r\nMessage-ID: <ack-route@moj.gov.vn>\r\nIn-Reply-To: <%s>\r\n"+
		"Date: Wed, 4 Mar 2026 17:00:00 +0700\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nDa tiep nhan.\r\n", unitUser, queryRef, fwd.MessageID)
	d.Append(t, "INBOX", []byte(ack), at.Add(80*time.Minute))
	if n := waitCount(t, pool, 1, time.Minute, `SELECT count(*) FROM forward WHERE submission_id = $1 AND acknowledged_at IS NOT NULL`, querySub); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the unit's answer did not acknowledge the forward")
	}

	// Nothing more was sent: the out-of-office got no answer, the answers
	// no new request; the document's item went to an editor.
	time.Sleep(2 * time.Second)
	if n := len(fetchAs(t, d.Addr(), authorUser, otherPass)); n != 1 {
		t.Errorf("author's mailbox holds %d messages, want the one request", n)
	}
	if n := len(fetchAs(t, d.Addr(), unitUser, otherPass)); n != 1 {
		t.Errorf("unit's mailbox holds %d messages, want the one forward", n)
	}
	var target, person string
	pool.QueryRow(ctx, `SELECT target, person_id FROM assignment WHERE submission_id = $1 AND open`, docSub).Scan(&target, &person)
	if target != "portal_editor" || person == "" {
		t.Errorf("document assigned to %q %q", target, person)
	}
	var kind, qkind string
	pool.QueryRow(ctx, `SELECT kind FROM classification WHERE submission_id = $1`, docSub).Scan(&kind)
	pool.QueryRow(ctx, `SELECT kind FROM classification WHERE submission_id = $1`, querySub).Scan(&qkind)
	if kind != "publish" || qkind != "query" {
		t.Errorf("kinds %q %q", kind, qkind)
	}
}

// queryWithAttachments is a citizen's question about legal aid with a
// photo and a binary file attached.
func queryWithAttachments(photo, blob []byte) []byte {
	var b bytes.Buffer
	b.WriteString("Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [192.0.2.41])\r\n\tby mx.moj.gov.vn (Postfix) with ESMTPS; Wed, 4 Mar 2026 15:47:37 +0700\r\n")
	b.WriteString("From: =?UTF-8?B?" + b64("Lâm Thị Hoa") + "?= <lamthihoa.bg@gmail.com>\r\nTo: banbientap@moj.gov.vn\r\n")
	b.WriteString("Subject: =?UTF-8?B?" + b64("Xin hỏi về trợ giúp pháp lý miễn phí") + "?=\r\n")
	b.WriteString("Message-ID: <route-query-1@mail.gmail.com>\r\nDate: Wed, 4 Mar 2026 15:47:00 +0700\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"000000000000b0und4ry\"\r\n\r\n")
	b.WriteString("--000000000000b0und4ry\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(wrap(b64("Chào Ban Biên tập,\n\nCon trai tôi bị khuyết tật nặng, đang bị kiện đòi bồi thường. Gia đình tôi thuộc hộ cận nghèo. " +
		"Xin hỏi con tôi có được trợ giúp pháp lý miễn phí không và tôi cần đến đâu để yêu cầu? Tôi gửi kèm giấy tờ.\n\nCảm ơn Ban Biên tập.\n")))
	for _, a := range []struct {
		name, ct string
		data     []byte
	}{{"anh-giay-to.jpg", "image/jpeg", photo}, {"du-lieu.bin", "application/octet-stream", blob}} {
		fmt.Fprintf(&b, "--000000000000b0und4ry\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", a.ct, a.name, a.name)
		b.WriteString(wrap(base64.StdEncoding.EncodeToString(a.data)))
	}
	b.WriteString("--000000000000b0und4ry--\r\n")
	return b.Bytes()
}

func wrap(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return b.String() + s + "\r\n"
}

func attachmentOf(t *testing.T, raw []byte, name string) []byte {
	m, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := attachmentData(m, name)
	if data == nil {
		t.Fatalf("no attachment %s", name)
	}
	return data
}

func attachmentData(m *mailparse.Message, name string) []byte {
	for _, a := range m.Attachments {
		if a.Filename == name {
			return a.Data
		}
	}
	return nil
}

func headerIs(m *mailparse.Message, name, value string) bool {
	for _, h := range m.Header {
		if strings.EqualFold(h.Name, name) && strings.EqualFold(strings.TrimSpace(h.Value), value) {
			return true
		}
	}
	return false
}

// fetchAs returns every message of user's INBOX.
func fetchAs(t *testing.T, addr, user, pass string) [][]byte {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, &imapclient.Options{Dialer: &net.Dialer{Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	sel, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(all, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.FindBodySection(section))
	}
	return out
}

func waitMail(t *testing.T, addr, user, pass string, n int, within time.Duration) [][]byte {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := fetchAs(t, addr, user, pass)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d messages after %s, want %d", user, len(got), within, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
