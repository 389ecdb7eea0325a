package derive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/extract"
)

// officialText is a short công văn in the Decree 30/2020 layout, with an
// optional stamp line under the number.
func officialText(number, stamp string) string {
	return "BỘ TƯ PHÁP\nCỤC CÔNG NGHỆ THÔNG TIN\n\nSố: " + number + "\n" + stamp + "\n" +
		"V/v đăng tải kế hoạch chuyển đổi số\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n" +
		"Hà Nội, ngày 05 tháng 01 năm 2026\n\nKính gửi: Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp\n\n" +
		"Cục Công nghệ thông tin gửi kế hoạch chuyển đổi số năm 2026 để đăng tải./.\n\n" +
		"Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\nNguyễn Văn An\n"
}

// annexText is an attachment that is not itself a document, with an
// optional stamp line.
func annexText(stamp string) string {
	return stamp + "\n\nPHỤ LỤC\nDanh sách cán bộ trong quy hoạch giai đoạn 2026-2031\n\n1. Nguyễn Văn Bình\n2. Trần Thị Cúc\n"
}

// zipOf builds a ZIP archive of the files, in order.
func zipOf(t *testing.T, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type mailFile struct {
	name, ctype string
	data        []byte
}

// mailWith builds a multipart message with a plain-text body and files.
func mailWith(body string, files ...mailFile) []byte {
	var b strings.Builder
	b.WriteString("From: Nguyễn Văn An <nvan@moj.gov.vn>\r\nTo: banbientap@moj.gov.vn\r\nSubject: =?UTF-8?B?" +
		base64.StdEncoding.EncodeToString([]byte("Gửi văn bản")) + "?=\r\nDate: Mon, 05 Jan 2026 09:00:00 +0700\r\n" +
		"Message-ID: <secrecy-test@moj.gov.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
	b.WriteString("--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(base64.StdEncoding.EncodeToString([]byte(body)) + "\r\n")
	for _, f := range files {
		fmt.Fprintf(&b, "--b1\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n",
			f.ctype, f.name, f.name, base64.StdEncoding.EncodeToString(f.data))
	}
	b.WriteString("--b1--\r\n")
	return []byte(b.String())
}

// TestSecrecyFromEveryText: the secrecy mark of Điều 14 khoản 2 is looked
// for in every attachment, every ZIP member and the body, and the
// strictest is reported on the document, which keeps its other fields
// from the first document found; the evidence names the file unless the
// mark is the document's own.
func TestSecrecyFromEveryText(t *testing.T) {
	const body = "Kính gửi Ban Biên tập,\n\nCục gửi văn bản kèm theo.\n\nNguyễn Văn An\n"
	txt := "text/plain; charset=utf-8"
	tests := []struct {
		name         string
		body         string
		files        []mailFile
		wantNumber   string
		wantSource   string
		wantSecrecy  string
		wantEvidence string // "" means: must not name a file
	}{
		{
			name: "second ZIP member marked MẬT",
			body: body,
			files: []mailFile{{"ho-so.zip", "application/zip", zipOf(t,
				[2]string{"cong-van.txt", officialText("12/CNTT-VP", "")},
				[2]string{"phu-luc.txt", annexText("MẬT")})}},
			wantNumber: "12/CNTT-VP", wantSource: "attachment:ho-so.zip",
			wantSecrecy: "MẬT", wantEvidence: "MẬT (tệp ho-so.zip/phu-luc.txt)",
		},
		{
			name: "cover letter, then a ZIP whose second member is TỐI MẬT, body LƯU HÀNH NỘI BỘ",
			body: "LƯU HÀNH NỘI BỘ\n\n" + body,
			files: []mailFile{
				{"cong-van.txt", txt, []byte(officialText("13/CNTT-VP", ""))},
				{"kem-theo.zip", "application/zip", zipOf(t,
					[2]string{"a.txt", annexText("")},
					[2]string{"b.txt", annexText("TỐI MẬT")})},
			},
			wantNumber: "13/CNTT-VP", wantSource: "attachment:cong-van.txt",
			wantSecrecy: "TỐI MẬT", wantEvidence: "TỐI MẬT (tệp kem-theo.zip/b.txt)",
		},
		{
			name:       "mark in the body only",
			body:       "MẬT\n\n" + body,
			files:      []mailFile{{"cong-van.txt", txt, []byte(officialText("14/CNTT-VP", ""))}},
			wantNumber: "14/CNTT-VP", wantSource: "attachment:cong-van.txt",
			wantSecrecy: "MẬT", wantEvidence: "MẬT (nội dung thư)",
		},
		{
			name: "the document's own mark is the strictest: evidence unchanged",
			body: body,
			files: []mailFile{
				{"cong-van.txt", txt, []byte(officialText("15/CNTT-VP", "MẬT"))},
				{"phu-luc.txt", txt, []byte(annexText("LƯU HÀNH NỘI BỘ"))},
			},
			wantNumber: "15/CNTT-VP", wantSource: "attachment:cong-van.txt",
			wantSecrecy: "MẬT",
		},
		{
			name: "a stricter mark in a later attachment wins",
			body: body,
			files: []mailFile{
				{"cong-van.txt", txt, []byte(officialText("16/CNTT-VP", "LƯU HÀNH NỘI BỘ"))},
				{"phu-luc.txt", txt, []byte(annexText("TUYỆT MẬT"))},
			},
			wantNumber: "16/CNTT-VP", wantSource: "attachment:cong-van.txt",
			wantSecrecy: "TUYỆT MẬT", wantEvidence: "TUYỆT MẬT (tệp phu-luc.txt)",
		},
		{
			name:        "no document, a marked annex",
			body:        body,
			files:       []mailFile{{"phu-luc.txt", txt, []byte(annexText("MẬT"))}},
			wantSecrecy: "MẬT", wantEvidence: "MẬT (tệp phu-luc.txt)",
		},
		{
			name: "no mark anywhere",
			body: body,
			files: []mailFile{{"ho-so.zip", "application/zip", zipOf(t,
				[2]string{"cong-van.txt", officialText("17/CNTT-VP", "")},
				[2]string{"phu-luc.txt", annexText("")})}},
			wantNumber: "17/CNTT-VP", wantSource: "attachment:ho-so.zip",
		},
	}
	opts := derive.Options{ReceivedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Extract: extract.Options{Tools: &extract.Tools{}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := derive.Derive(context.Background(), mailWith(tt.body, tt.files...), opts).Report
			d := r.Document
			if d.NumberSymbol != tt.wantNumber || r.DocumentSource != tt.wantSource {
				t.Errorf("document %q from %q, want %q from %q", d.NumberSymbol, r.DocumentSource, tt.wantNumber, tt.wantSource)
			}
			if d.Secrecy != tt.wantSecrecy {
				t.Errorf("secrecy %q, want %q", d.Secrecy, tt.wantSecrecy)
			}
			ev := d.Evidence["secrecy"]
			switch {
			case tt.wantSecrecy == "" && ev != "":
				t.Errorf("evidence %q without a mark", ev)
			case tt.wantEvidence != "" && ev != tt.wantEvidence:
				t.Errorf("evidence %q, want %q", ev, tt.wantEvidence)
			case tt.wantSecrecy != "" && tt.wantEvidence == "" && (ev == "" || strings.Contains(ev, "(tệp")):
				t.Errorf("evidence %q, want the document's own line", ev)
			}
			if tt.wantNumber != "" && d.Signer != "Nguyễn Văn An" {
				t.Errorf("signer %q: the first document's other fields must stay", d.Signer)
			}
		})
	}
}
