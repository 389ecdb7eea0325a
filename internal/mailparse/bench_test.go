package mailparse

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
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
	writeBase64(&b, pdf)
	b.WriteString("--big--\r\n")
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

// pathological inputs that once took quadratic time (folded header lines,
// runs of <br>) or could: each must parse in time linear in its size. Run
// with two sizes and compare ns/op: doubling the input must about double it.
func pathological(n int) map[string]string {
	return map[string]string{
		"continuations": "From: a@b\r\nSubject: x\r\n" + strings.Repeat(" y\r\n", n) + "\r\nbody",
		"encoded-words": "From: a@b\r\nSubject: " + strings.Repeat("=?utf-8?q?", n/4) + "\r\n\r\nbody",
		"unknown-words": "From: a@b\r\nSubject: =?x?q?a?=" + strings.Repeat(" =?x?q?a?=", n/4) + "\r\n\r\nx",
		"addresses":     "From: a@b\r\nTo: " + strings.Repeat("<a@b, \"x", n/4) + "\r\n\r\nbody",
		"params":        "From: a@b\r\nContent-Type: text/plain" + strings.Repeat("; a*1*=b", n/4) + "\r\n\r\nbody",
		"nested-parts":  "From: a@b\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n" + strings.Repeat("--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n", n/10),
		"br-runs":       "From: a@b\r\nContent-Type: text/html\r\n\r\n" + strings.Repeat("<p><br>\n", n),
		"comments":      "From: a@b\r\nDate: " + strings.Repeat("(", n/2) + "\r\n\r\nx",
		"stray-qp":      "From: a@b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + strings.Repeat("=  ", n),
		"vni":           "From: a@b\r\n\r\n" + strings.Repeat("Vieät ", n/2),
	}
}

func BenchmarkPathological(b *testing.B) {
	for _, n := range []int{50_000, 100_000} {
		for name, in := range pathological(n) {
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					if _, err := Parse(strings.NewReader(in), Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
