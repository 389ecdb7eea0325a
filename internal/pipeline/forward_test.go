package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
)

var ict = time.FixedZone("ICT", 7*3600)

func corpusFile(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func header(m *mailparse.Message, name string) string {
	for _, h := range m.Header {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func TestComposeForwardKeepsTheOriginal(t *testing.T) {
	raw := corpusFile(t, "002-cv-lien-thong-khai-sinh-hctp.eml")
	sub := intake.Submission{Reference: "TN-2026-000042", Subject: "Hỏi thủ tục khai sinh", FromName: "Trương Thị Mỹ Lệ", FromAddr: "le@example.vn",
		ReceivedAt: time.Date(2026, 3, 4, 15, 42, 0, 0, ict)}
	f := postgres.Forward{To: "cuchctp@moj.gov.vn", MessageID: "TN-2026-000042.chuyen@tiepnhan.moj.gov.vn", TrackingRef: "TN-2026-000042"}
	msg, err := composeForward("Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>", "Cục Hành chính tư pháp", f, sub, raw, sub.ReceivedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mailparse.Parse(bytes.NewReader(msg), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != f.MessageID || !strings.Contains(m.Subject, "[TN-2026-000042]") || header(m, "Auto-Submitted") != "auto-generated" || header(m, "X-Auto-Response-Suppress") != "All" {
		t.Errorf("headers: id %q subject %q auto %q", m.MessageID, m.Subject, header(m, "Auto-Submitted"))
	}
	for _, want := range []string{"Kính gửi: Cục Hành chính tư pháp", "Mã theo dõi: TN-2026-000042", "15:42 ngày 04/03/2026", "khoản 1 Điều 11"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	var att *mailparse.Attachment
	for i := range m.Attachments {
		if m.Attachments[i].ContentType == "message/rfc822" {
			att = &m.Attachments[i]
		}
	}
	if att == nil || !bytes.Equal(att.Data, raw) || att.Message == nil {
		t.Fatal("the original is not attached byte for byte")
	}
	// Its own attachments come out identical.
	orig, _ := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	for _, a := range orig.Attachments {
		var got []byte
		for _, b := range att.Message.Attachments {
			if b.Filename == a.Filename {
				got = b.Data
			}
		}
		if !bytes.Equal(got, a.Data) {
			t.Errorf("attachment %s differs", a.Filename)
		}
	}
	if !bytes.Contains(msg, []byte("Content-Transfer-Encoding: 7bit")) {
		t.Error("an ASCII original is not attached as 7bit (RFC 2046 §5.2.1)")
	}
}

func TestTransferEncoding(t *testing.T) {
	for in, want := range map[string]string{
		"Subject: a\r\n\r\nbody\r\n":               "7bit",
		"Subject: á\r\n\r\nthân\r\n":               "8bit",
		strings.Repeat("x", 999) + "\r\n":          "binary",
		strings.Repeat("x", 998) + "\r\nshort\r\n": "7bit",
		"a\x00b": "binary",
	} {
		if got := transferEncoding([]byte(in)); got != want {
			t.Errorf("transferEncoding(%.20q…) = %s, want %s", in, got, want)
		}
	}
}

func TestNoReply(t *testing.T) {
	own := "banbientap@moj.gov.vn"
	for addr, want := range map[string]bool{
		"MAILER-DAEMON@mta1.moj.gov.vn": true, "postmaster@x.vn": true, "no-reply@x.vn": true, "noreply+abc@x.vn": true,
		"bounces-123@lists.x.vn": true, "BanBienTap@moj.gov.vn": true, "": true, "not-an-address": true,
		"lvtuan@moj.gov.vn": false, "bounceback.fan@x.vn": false,
	} {
		if got := NoReply(addr, own); got != want {
			t.Errorf("NoReply(%q) = %v, want %v", addr, got, want)
		}
	}
	if AddressOf("Ban Biên tập <banbientap@moj.gov.vn>") != "banbientap@moj.gov.vn" {
		t.Error("addressOf")
	}
}

func TestSupplementMessage(t *testing.T) {
	sub := intake.Submission{Reference: "TN-2026-000007", Subject: "Công văn 312/HCTP-HT", FromName: "Lương Văn Tuấn", FromAddr: "lvtuan@moj.gov.vn",
		ReceivedAt: time.Date(2026, 3, 4, 15, 42, 0, 0, ict)}
	r := postgres.SupplementRequest{To: "lvtuan@moj.gov.vn", MessageID: "TN-2026-000007.bosung@tiepnhan.moj.gov.vn",
		Missing: []string{"tax_code", "citizen_id"}, Invalid: []string{"phone"}, PortalLine: true}
	m := SupplementMessage(sub, r, "orig-1@moj.gov.vn")
	for _, want := range []string{"Kính gửi: Quý đơn vị/cá nhân", "- Mã số thuế: còn thiếu", "- Số căn cước công dân: còn thiếu",
		"- Số điện thoại: chưa đúng", "Nơi nhận", "khoản 2 Điều 9", "01 ngày làm việc", "khoản 2 Điều 11", "TN-2026-000007"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("request lacks %q:\n%s", want, m.Text)
		}
	}
	// Nothing the sender wrote is echoed (issue 12, finding 2).
	for _, echoed := range []string{"Lương Văn Tuấn", "312/HCTP-HT"} {
		if strings.Contains(m.Text, echoed) || strings.Contains(m.Subject, echoed) {
			t.Errorf("request echoes the sender's %q", echoed)
		}
	}
	for _, notAsked := range []string{"Họ và tên: còn", "Địa chỉ liên lạc: còn", "Đơn vị/tổ chức: còn"} {
		if strings.Contains(m.Text, notAsked) {
			t.Errorf("asks for %q", notAsked)
		}
	}
	if m.InReplyTo != "orig-1@moj.gov.vn" || !slices.Equal(m.References, []string{"orig-1@moj.gov.vn"}) || !strings.HasPrefix(m.Subject, "[TN-2026-000007]") {
		t.Errorf("threading: %+v", m)
	}
	raw, err := smtp.Render(m, "Ban Biên tập <banbientap@moj.gov.vn>")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if header(p, "Auto-Submitted") != "auto-generated" || p.MessageID != r.MessageID || !strings.Contains(p.Text, "Mã số thuế") {
		t.Errorf("rendered: auto %q id %q", header(p, "Auto-Submitted"), p.MessageID)
	}
	// Only the portal line: no sender-data paragraph.
	r.Missing, r.Invalid = nil, nil
	if m := SupplementMessage(sub, r, ""); strings.Contains(m.Text, "khoản 3 Điều 9") || m.InReplyTo != "" {
		t.Errorf("portal-line-only request: %q", m.Text)
	}
}
