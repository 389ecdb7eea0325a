package mailparse

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func parseFile(t *testing.T, name string, opts Options) *Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(bytes.NewReader(raw), opts)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return m
}

func hasProblem(m *Message, code, path string) bool {
	for _, p := range m.Problems {
		if p.Code == code && (path == "*" || p.Path == path) {
			return true
		}
	}
	return false
}

// TestFixtures asserts the point each fixture is built for, independently of
// the golden files.
func TestFixtures(t *testing.T) {
	cases := []struct {
		file  string
		check func(t *testing.T, m *Message)
	}{
		{"plain-utf8.eml", func(t *testing.T, m *Message) {
			if m.MessageID != "20260302081500.1234@example.vn" || m.From.Name != "Nguyễn Văn An" || m.From.Address != "nguoigui@example.vn" {
				t.Errorf("envelope: %q %+v", m.MessageID, m.From)
			}
			if len(m.To) != 2 || m.To[1].Name != "Phòng Thư ký" || len(m.Cc) != 1 || len(m.ReplyTo) != 1 || m.ReplyTo[0].Name != "Văn thư" {
				t.Errorf("addresses: %+v %+v %+v", m.To, m.Cc, m.ReplyTo)
			}
			if m.Subject != "Đề nghị đăng tin về thủ tục chứng thực" {
				t.Errorf("subject across two encoded words: %q", m.Subject)
			}
			if want := time.Date(2026, 3, 2, 8, 15, 30, 0, workday.Zone); !m.ReceivedDate.OK || !m.ReceivedDate.Time.Equal(want) {
				t.Errorf("ReceivedDate must come from the topmost Received: %+v", m.ReceivedDate)
			}
			if !m.Date.OK || m.Date.Time.Unix() != time.Date(2026, 3, 2, 1, 15, 0, 0, time.UTC).Unix() {
				t.Errorf("Date: %+v", m.Date)
			}
			if strings.Join(m.References, " ") != "goc-0@moj.gov.vn goc-1@moj.gov.vn" || strings.Join(m.InReplyTo, "") != "goc-1@moj.gov.vn" {
				t.Errorf("threading: %v %v", m.References, m.InReplyTo)
			}
			if m.ListID != "tintuc.example.vn" || m.ReturnPath != "nguoigui@example.vn" || m.AutoSubmitted {
				t.Errorf("list/return/auto: %q %q %v", m.ListID, m.ReturnPath, m.AutoSubmitted)
			}
			if m.Header[0].Name != "Received" || m.Header[3].Name != "From" || m.Header[3].Value != "Nguyễn Văn An <nguoigui@example.vn>" {
				t.Errorf("raw header list: %+v", m.Header[:5])
			}
			if raw := m.Header[3].Raw; !strings.HasPrefix(raw, "=?UTF-8?B?") {
				t.Errorf("raw header value kept: %q", raw)
			}
			if !strings.Contains(m.Text, "thủ tục chứng thực.") {
				t.Errorf("QP soft line break not joined: %q", m.Text)
			}
		}},
		{"windows1258.eml", func(t *testing.T, m *Message) {
			if m.Subject != "Đề nghị cập nhật văn bản hướng dẫn" || !norm.NFC.IsNormalString(m.Subject) {
				t.Errorf("subject %q", m.Subject)
			}
			if !strings.Contains(m.Text, "Thông tư hướng dẫn về hộ tịch") || !norm.NFC.IsNormalString(m.Text) {
				t.Errorf("body %q", m.Text)
			}
		}},
		{"rfc2231-filename.eml", func(t *testing.T, m *Message) {
			if len(m.Attachments) != 2 {
				t.Fatalf("attachments: %+v", m.Attachments)
			}
			a := m.Attachments[0]
			if a.Filename != "Tờ trình số 12-TTr-UBND về việc công bố thủ tục.pdf" || a.ContentType != "application/pdf" || a.Disposition != "attachment" || !bytes.HasPrefix(a.Data, []byte("%PDF")) {
				t.Errorf("continued UTF-8 filename: %+v", a.Filename)
			}
			if m.Attachments[1].Filename != "Ghi chú.txt" {
				t.Errorf("windows-1258 RFC 2231 filename: %q", m.Attachments[1].Filename)
			}
		}},
		{"rfc2047-filename.eml", func(t *testing.T, m *Message) {
			a := m.Attachments[0]
			if a.Filename != "Công văn 45/BTP-VP.pdf" || a.ContentID != "cv45@example.vn" || a.Size != int64(len(a.Data)) || len(a.SHA256) != 64 {
				t.Errorf("%+v", a)
			}
		}},
		{"nested-rfc822.eml", func(t *testing.T, m *Message) {
			var paths []string
			for _, a := range m.Attachments {
				paths = append(paths, fmt.Sprintf("%s:%v", a.Path, a.Nested))
			}
			if strings.Join(paths, " ") != "2:false 2/2:true 2/2/2:true" {
				t.Fatalf("paths %v", paths)
			}
			l1 := m.Attachments[0].Message
			if l1 == nil || l1.Text != "Chuyển tiếp kiến nghị." || l1.MessageID != "level1@example.vn" {
				t.Fatalf("level 1: %+v", l1)
			}
			l2 := m.Attachments[1].Message
			if l2 == nil || l2.Subject != "Kiến nghị gốc" || l2.Text != "Nội dung kiến nghị gốc của công dân." || len(l2.Attachments) != 1 {
				t.Fatalf("level 2: %+v", l2)
			}
			if m.Attachments[2].Filename != "kien-nghi.pdf" || !bytes.HasPrefix(m.Attachments[2].Data, []byte("%PDF")) {
				t.Errorf("pdf two levels down: %+v", m.Attachments[2])
			}
		}},
		{"missing-final-boundary.eml", func(t *testing.T, m *Message) {
			if !hasProblem(m, CodeMissingFinalBoundary, "") || m.Text != "Phần thân thư." || len(m.Attachments) != 1 {
				t.Fatalf("%+v %q %+v", m.Problems, m.Text, m.Attachments)
			}
			if !bytes.Equal(m.Attachments[0].Data, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
				t.Errorf("last part data %v", m.Attachments[0].Data)
			}
		}},
		{"dsn-bounce.eml", func(t *testing.T, m *Message) {
			if !m.AutoSubmitted || m.AutoReason != "dsn" || m.ReturnPath != "" {
				t.Errorf("%v %q %q", m.AutoSubmitted, m.AutoReason, m.ReturnPath)
			}
		}},
		{"auto-replied.eml", func(t *testing.T, m *Message) {
			if !m.AutoSubmitted || m.AutoReason != "auto-submitted: auto-replied" {
				t.Errorf("%v %q", m.AutoSubmitted, m.AutoReason)
			}
		}},
		{"precedence-bulk.eml", func(t *testing.T, m *Message) {
			if !m.AutoSubmitted || m.AutoReason != "precedence: bulk" || m.ListID != "bantin.example.vn" {
				t.Errorf("%v %q", m.AutoSubmitted, m.AutoReason)
			}
		}},
		{"oof-exchange.eml", func(t *testing.T, m *Message) {
			if !m.AutoSubmitted || m.AutoReason != "x-auto-response-suppress: all" {
				t.Errorf("%v %q", m.AutoSubmitted, m.AutoReason)
			}
		}},
		{"html-only.eml", func(t *testing.T, m *Message) {
			want := "Kính gửi Ban Biên tập,\n\nĐề nghị & kiến nghị:\ndòng 2\n\nSTT | Tên văn bản\n1 | Thông tư 08/2025\n\n- Mục một\n- Mục hai"
			if m.HTMLText != want || m.Text != want {
				t.Errorf("HTMLText %q", m.HTMLText)
			}
			if !strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTMLText, "alert") || strings.Contains(m.HTMLText, "color") || strings.Contains(m.HTMLText, "Tiêu đề") {
				t.Errorf("HTML kept raw, scripts/styles/head dropped from text: %q", m.HTMLText)
			}
		}},
		{"bare-lf.eml", func(t *testing.T, m *Message) {
			if m.Subject != "Dòng kết thúc LF" || m.Text != "Dòng một.\nDòng hai." || m.HTMLText != "Dòng một.\nDòng hai." || len(m.Problems) != 0 {
				t.Errorf("%q %q %q %+v", m.Subject, m.Text, m.HTMLText, m.Problems)
			}
		}},
		{"unknown-charset.eml", func(t *testing.T, m *Message) {
			if !hasProblem(m, CodeUnknownCharset, "1") || m.Text != "plain bytes in an unknown charset\n" {
				t.Errorf("%+v %q", m.Problems, m.Text)
			}
		}},
		{"depth-cap.eml", func(t *testing.T, m *Message) {
			if !hasProblem(m, CodeDepthExceeded, "1/1/1/1/1/1") {
				t.Errorf("%+v", m.Problems)
			}
			last := m.Attachments[len(m.Attachments)-1]
			if last.Message != nil || last.Path != "1/1/1/1/1/1" || !bytes.Contains(last.Data, []byte("level 6")) {
				t.Errorf("beyond the cap the message is kept as data: %+v", last.Path)
			}
			if m.Attachments[4].Message == nil || m.Attachments[4].Message.Subject != "level 5" {
				t.Errorf("level 5 is within the cap")
			}
		}},
		{"legacy-tcvn3.eml", func(t *testing.T, m *Message) {
			if m.Text != "Cộng hòa xã hội chủ nghĩa Việt Nam\n" || !hasProblem(m, CodeLegacyEncoding, "1") {
				t.Errorf("%q %+v", m.Text, m.Problems)
			}
		}},
		{"legacy-vni.eml", func(t *testing.T, m *Message) {
			if m.Text != "Kính gửi: Độc lập - Tự do - Hạnh phúc\n" || !hasProblem(m, CodeLegacyEncoding, "1") {
				t.Errorf("%q %+v", m.Text, m.Problems)
			}
		}},
		{"legacy-viscii.eml", func(t *testing.T, m *Message) {
			if !hasProblem(m, CodeLegacyEncoding, "1") || !strings.Contains(m.Problems[0].Detail, "viscii") {
				t.Errorf("%+v", m.Problems)
			}
		}},
		{"bad-encoding.eml", func(t *testing.T, m *Message) {
			if m.Text != "Giá 1=1, lỗi =ZZ và dòng nối." {
				t.Errorf("QP decoded as far as possible: %q", m.Text)
			}
			if string(m.Attachments[0].Data) != "Hello world" {
				t.Errorf("base64 with junk: %q", m.Attachments[0].Data)
			}
			for _, path := range []string{"1", "2", "3"} {
				if !hasProblem(m, CodeBadEncoding, path) {
					t.Errorf("no bad_encoding at %s: %+v", path, m.Problems)
				}
			}
		}},
		{"8bit-header.eml", func(t *testing.T, m *Message) {
			if m.From.Name != "Đỗ Văn C" || m.Subject != "Thư gửi trực tiếp" || m.Text != "Nội dung thư.\n" {
				t.Errorf("%+v %q %q", m.From, m.Subject, m.Text)
			}
			var note string
			for _, h := range m.Header {
				if h.Name == "X-Note" {
					note = h.Value
				}
			}
			if note != "Ghi chú" || !hasProblem(m, CodeBadHeaderEncoding, "") {
				t.Errorf("X-Note %q %+v", note, m.Problems)
			}
			if !m.Date.OK || m.Date.Time.Format(time.RFC3339) != "2026-03-11T08:00:00+07:00" {
				t.Errorf("date without day name or seconds: %+v", m.Date)
			}
		}},
		{"no-content-type.eml", func(t *testing.T, m *Message) {
			if m.Text != "Thư không có Content-Type.\n" || m.MessageID != "k-no-brackets@example.vn" {
				t.Errorf("%q %q", m.Text, m.MessageID)
			}
			if !m.Date.OK || m.Date.Time.Format(time.RFC3339) != "2026-03-11T09:30:00+07:00" {
				t.Errorf("'Thứ Tư, … GMT+7' date: %+v", m.Date)
			}
			if len(m.To) != 2 || m.To[1].Address != "bbt2@moj.gov.vn" || !hasProblem(m, CodeBadAddress, "") {
				t.Errorf("lenient address list: %+v %+v", m.To, m.Problems)
			}
		}},
		{"utf16-bom.eml", func(t *testing.T, m *Message) {
			if m.Text != "Văn bản UTF-16 có BOM.\n" {
				t.Errorf("%q", m.Text)
			}
		}},
		{"latin1.eml", func(t *testing.T, m *Message) {
			if m.Subject != "Résumé – €" || m.From.Name != "André" || m.Text != "Café où nous étions." || m.HTMLText != "Café – € 5" {
				t.Errorf("%q %q %q %q", m.Subject, m.From.Name, m.Text, m.HTMLText)
			}
			if hasProblem(m, CodeLegacyEncoding, "*") {
				t.Errorf("French text taken for a legacy encoding")
			}
		}},
		{"winmail.eml", func(t *testing.T, m *Message) {
			if len(m.Attachments) != 3 || !m.Attachments[1].FromTNEF {
				t.Errorf("%+v", m.Attachments)
			}
		}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.file] = true
		t.Run(c.file, func(t *testing.T) { c.check(t, parseFile(t, c.file, Options{})) })
	}
	for _, f := range emlFiles(t) {
		if !seen[filepath.Base(f)] {
			t.Errorf("fixture %s has no assertions", f)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          "",
		"not a header":   "just some text\nand more\n",
		"binary garbage": "\x00\x01\x02\xff\xfe",
	} {
		m, err := Parse(strings.NewReader(in), Options{})
		if err == nil || !errors.Is(err, ErrNoHeader) || m != nil {
			t.Errorf("%s: got %v, %v; want ErrNoHeader", name, m, err)
		}
	}
	if _, err := Parse(iotestErrReader{}, Options{}); err == nil || !strings.Contains(err.Error(), "read message") {
		t.Errorf("read error: %v", err)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestCaps(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@example.vn\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "--x\r\nContent-Type: application/octet-stream\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--x--\r\n")
	m, err := Parse(strings.NewReader(b.String()), Options{MaxParts: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 4 || !hasProblem(m, CodeTooManyParts, "*") {
		t.Errorf("MaxParts 5 (the multipart itself + 4): %d attachments, %+v", len(m.Attachments), m.Problems)
	}

	big := "From: a@example.vn\r\nContent-Type: application/pdf\r\n\r\n" + strings.Repeat("x", 5000)
	m, err = Parse(strings.NewReader(big), Options{MaxPartBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if m.Attachments[0].Size != 1000 || !hasProblem(m, CodeTruncated, "1") {
		t.Errorf("MaxPartBytes: size %d, %+v", m.Attachments[0].Size, m.Problems)
	}
	m, err = Parse(strings.NewReader(big), Options{MaxTotalBytes: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if m.Attachments[0].Size != 2000-int64(len(big)-5000) || !hasProblem(m, CodeTruncated, "") {
		t.Errorf("MaxTotalBytes: size %d, %+v", m.Attachments[0].Size, m.Problems)
	}
	m = parseFile(t, "nested-rfc822.eml", Options{MaxDepth: 1})
	if !hasProblem(m, CodeDepthExceeded, "2/2") || m.Attachments[0].Message == nil || m.Attachments[1].Message != nil {
		t.Errorf("MaxDepth 1: %+v", m.Problems)
	}
	hdr := "From: a@example.vn\r\nX-Long: " + strings.Repeat("y", 3000) + "\r\n\r\nbody"
	m, err = Parse(strings.NewReader(hdr), Options{MaxHeaderBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(m, CodeTruncated, "") {
		t.Errorf("MaxHeaderBytes: %+v", m.Problems)
	}
}

func TestHeadersOnly(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "dsn-bounce.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := HeadersOnly(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != "dsn-1@mail.moj.gov.vn" || !m.AutoSubmitted || m.AutoReason != "dsn" || m.Text != "" || len(m.Attachments) != 0 || !m.ReceivedDate.OK {
		t.Errorf("%+v", m)
	}
	if _, err := HeadersOnly(strings.NewReader("")); !errors.Is(err, ErrNoHeader) {
		t.Errorf("empty: %v", err)
	}
}

func TestAutoDetection(t *testing.T) {
	cases := []struct {
		header string
		want   string
	}{
		{"Auto-Submitted: no\r\n", ""},
		{"Auto-Submitted: auto-generated\r\n", "auto-submitted: auto-generated"},
		{"Precedence: junk\r\n", "precedence: junk"},
		{"Precedence: list\r\n", "precedence: list"},
		{"Precedence: first-class\r\n", ""},
		{"X-Autoreply: yes\r\n", "x-autoreply"},
		{"X-Autorespond: vacation\r\n", "x-autorespond"},
		{"X-Auto-Response-Suppress: OOF\r\nSubject: Out of Office: ABC\r\n", "x-auto-response-suppress: oof"},
		{"X-Auto-Response-Suppress: All\r\nSubject: Công văn số 12\r\n", ""}, // Exchange sets it on ordinary mail too
		{"Return-Path: <>\r\n", "null return-path"},
		{"Content-Type: multipart/report; report-type=disposition-notification; boundary=z\r\n", "mdn"},
	}
	for _, c := range cases {
		m, err := Parse(strings.NewReader("From: a@example.vn\r\n"+c.header+"\r\nbody\r\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m.AutoReason != c.want || m.AutoSubmitted != (c.want != "") {
			t.Errorf("%q: got %v %q, want %q", c.header, m.AutoSubmitted, m.AutoReason, c.want)
		}
	}
	m, _ := Parse(strings.NewReader("From: MAILER-DAEMON@mx.example.vn\r\n\r\nx"), Options{})
	if m.AutoReason != "mailer-daemon" {
		t.Errorf("MAILER-DAEMON: %q", m.AutoReason)
	}
}

func TestDates(t *testing.T) {
	cases := map[string]string{
		"Mon, 02 Mar 2026 08:15:00 +0700":         "2026-03-02T08:15:00+07:00",
		"Mon, 2 Mar 2026 08:15:00 +0700 (ICT)":    "2026-03-02T08:15:00+07:00",
		"2 Mar 2026 08:15 +0700":                  "2026-03-02T08:15:00+07:00",
		"Monday, 2 March 2026 08:15:00 +0700":     "2026-03-02T08:15:00+07:00",
		"Thứ Hai, 02 Mar 2026 08:15:00 GMT+07:00": "2026-03-02T08:15:00+07:00",
		"2026-03-02T08:15:00+07:00":               "2026-03-02T08:15:00+07:00",
		"02/03/2026 08:15:00":                     "2026-03-02T08:15:00+07:00", // day first, no zone: UTC+7
		"Mon Mar  2 08:15:00 2026":                "2026-03-02T08:15:00+07:00",
	}
	for in, want := range cases {
		tm, ok, _ := parseDate(in)
		if !ok || tm.Format(time.RFC3339) != want {
			t.Errorf("parseDate(%q) = %v %v, want %s", in, tm, ok, want)
		}
	}
	for _, bad := range []string{"", "soon", "32 Foo 2026 99:99"} {
		if _, ok, _ := parseDate(bad); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}

func TestParams(t *testing.T) {
	cases := []struct {
		in, key, want string
	}{
		{`attachment; filename="a b.pdf"`, "filename", "a b.pdf"},
		{`attachment; filename=a b.pdf`, "filename", "a b.pdf"},
		{`attachment; filename="unterminated.pdf`, "filename", "unterminated.pdf"},
		{`attachment; filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.pdf`, "filename", "Tờ trình.pdf"},
		{`attachment; filename*1*=%C3%ACnh.pdf; filename*0*=UTF-8''T%E1%BB%9D%20tr`, "filename", "Tờ trình.pdf"},
		{`attachment; filename*0="plain "; filename*1="part.pdf"`, "filename", "plain part.pdf"},
		{`attachment; filename="x.pdf"; filename*=utf-8''y.pdf`, "filename", "y.pdf"},
		{`text/plain; charset="a\"b"`, "charset", `a"b`},
		{`text/plain;; ;charset=utf-8;`, "charset", "utf-8"},
	}
	for _, c := range cases {
		mv := parseMediaValue(c.in)
		if got := mv.params[c.key]; got != c.want {
			t.Errorf("parseMediaValue(%q)[%s] = %q, want %q", c.in, c.key, got, c.want)
		}
	}
	if mv := parseMediaValue(`attachment; filename*=x-bogus''a%41`); mv.params["filename"] != "aA" || len(mv.probs) == 0 {
		t.Errorf("unknown charset in RFC 2231: %+v", mv)
	}
}

func TestTransferDecoding(t *testing.T) {
	cases := []struct {
		enc, in, want string
		bad           bool
	}{
		{"base64", "SGVs\r\nbG8=", "Hello", false},
		{"base64", "SGVsbG8", "Hello", false},               // no padding
		{"base64", "SGVsbG8=V29ybGQ=", "HelloWorld", false}, // concatenated
		{"base64", "SGV*sbG8=", "Hello", true},
		{"base64", "SGVsbG8gQ", "Hello ", true}, // cut in a group
		{"quoted-printable", "a=3Db =C3=A1=\r\nc", "a=b ác", false},
		{"quoted-printable", "a=3db", "a=b", false}, // lower-case hex
		{"quoted-printable", "x = y=", "x = y", true},
		{"quoted-printable", "trail   \r\nnext", "trail\r\nnext", false},
		{"8bit", "as is", "as is", false},
		{"x-weird", "as is", "as is", true},
	}
	for _, c := range cases {
		got, prob := decodeTransfer(c.enc, []byte(c.in))
		if string(got) != c.want || (prob != "") != c.bad {
			t.Errorf("decodeTransfer(%s, %q) = %q, %q; want %q, bad=%v", c.enc, c.in, got, prob, c.want, c.bad)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	cases := map[string]string{
		"<p>a</p><p>b</p>":     "a\n\nb",
		"a<br>b<br/>c":         "a\nb\nc",
		"<pre>x   y\n z</pre>": "x   y\n z",
		"<table><tr><td>1</td><td>2</td></tr></table>": "1 | 2",
		"&lt;b&gt; &amp; &#7879; &eacute;":             "<b> & ệ é",
		"<style>x{}</style><script>y()</script>ok":     "ok",
		"  many    spaces\n\n here ":                   "many spaces here",
		"<div>unclosed <b>tags":                        "unclosed tags",
	}
	for in, want := range cases {
		if got := htmlToText(in); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", in, got, want)
		}
	}
}
