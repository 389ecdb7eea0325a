package mailparse

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"testing"
)

// bigMessage builds a message of about 5 MB: a Vietnamese text body, an
// HTML alternative and a PDF-like attachment of 3.6 MB in base64.
func bigMessage(tb testing.TB) []byte {
	pdf := make([]byte, 3_600_000)
	if _, err := rand.Read(pdf); err != nil {
		tb.Fatal(err)
	}
	copy(pdf, "%PDF-1.7\n")
	var b bytes.Buffer
	b.WriteString("From: =?utf-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?= <a@example.vn>\r\nTo: banbientap@moj.gov.vn\r\n" +
		"Subject: =?utf-8?Q?T=E1=BB=9D_tr=C3=ACnh?=\r\nDate: Mon, 2 Mar 2026 08:15:00 +0700\r\nMessage-ID: <big@example.vn>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\n" +
		"Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("Kính gửi Ban Biên tập Cổng thông tin điện tử Bộ Tư pháp, đề nghị đăng tải văn bản.\r\n")
	}
	b.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	for i := 0; i < 2000; i++ {
		b.WriteString("<p>Kính gửi <b>Ban Biên tập</b>, đề nghị đăng tải văn bản.</p>\r\n")
	}
	b.WriteString("</body></html>\r\n--alt--\r\n--big\r\nContent-Type: application/pdf; name=\"to-trinh.pdf\"\r\n" +
		"Content-Disposition: attachment; filename=\"to-trinh.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(pdf)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--big--\r\n")
	return b.Bytes()
}

func BenchmarkParse5MB(b *testing.B) {
	raw := bigMessage(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := Parse(bytes.NewReader(raw), Options{})
		if err != nil || len(m.Attachments) != 1 || m.Attachments[0].Size != 3_600_000 {
			b.Fatalf("parse: %v", err)
		}
	}
}
