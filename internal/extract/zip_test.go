package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestZIPMembers(t *testing.T) {
	inner := makeZip(t, map[string]string{"ghichu.txt": "Ghi chú lồng trong tệp nén."})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, body []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	add("hoso/", nil)
	add("hoso/vanban.docx", readTestdata(t, "lo-vanban.docx"))
	add("hoso/hello.pdf", readTestdata(t, "hello.pdf"))
	add("hoso/thu.txt", []byte("Kính gửi Ban Biên tập,\r\nđề nghị đăng tải."))
	add("hoso/anh.png", readTestdata(t, "tiny.png"))
	add("hoso/hong.pdf", readTestdata(t, "truncated.pdf"))
	add("hoso/long.zip", inner)
	add("__MACOSX/._thu.txt", []byte("junk"))
	zw.Close()
	res := extractAt(t.Context(), Input{Filename: "hoso.zip", Data: buf.Bytes()}, defaults(), 0)
	if res.Method != MethodZIP || res.Err != nil {
		t.Fatalf("method %s err %v", res.Method, res.Err)
	}
	if len(res.Members) != 6 {
		t.Fatalf("members %d: %+v", len(res.Members), res.Members)
	}
	byName := map[string]Result{}
	for _, m := range res.Members {
		byName[m.Filename] = m
	}
	if m := byName["hoso/vanban.docx"]; m.Method != MethodDOCX || !strings.Contains(m.Text, "Căn cứ") {
		t.Errorf("docx member: %s %q", m.Method, m.Text)
	}
	if m := byName["hoso/hello.pdf"]; m.Method != MethodPDF || m.Text != "Hello loop" {
		t.Errorf("pdf member: %s %q", m.Method, m.Text)
	}
	if m := byName["hoso/thu.txt"]; m.Text != "Kính gửi Ban Biên tập,\nđề nghị đăng tải." {
		t.Errorf("txt member: %q", m.Text)
	}
	// A tiny image is reported as tiny, not read and not sent to a person.
	if m := byName["hoso/anh.png"]; m.NeedsHuman || m.Method != MethodNone || len(m.Images.Tiny) != 1 {
		t.Errorf("png member: %+v", m)
	}
	if m := byName["hoso/hong.pdf"]; !m.NeedsHuman || m.Err == nil || !strings.Contains(m.HumanReason, "cắt cụt") {
		t.Errorf("truncated pdf member: needsHuman %v reason %q err %v", m.NeedsHuman, m.HumanReason, m.Err)
	}
	if m := byName["hoso/long.zip"]; len(m.Members) != 1 || m.Members[0].Text != "Ghi chú lồng trong tệp nén." {
		t.Errorf("nested zip: %+v", m)
	}
	if !strings.Contains(res.Text, "=== hoso/thu.txt ===") || !res.NeedsHuman || len(res.Images.Tiny) != 1 {
		t.Errorf("summary: needsHuman %v images %+v text %q", res.NeedsHuman, res.Images, res.Text)
	}
}

func TestZIPCaps(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 20; i++ {
		files[strings.Repeat("a", i+1)+".txt"] = "x"
	}
	o := defaults()
	o.MaxZipMembers = 10
	res := extractAt(t.Context(), Input{Filename: "many.zip", Data: makeZip(t, files)}, o, 0)
	if !errors.Is(res.Err, ErrTooLarge) || !strings.Contains(res.ErrText, "many.zip") {
		t.Errorf("member cap: %v", res.Err)
	}
	// Nesting deeper than MaxDepth stops.
	z := makeZip(t, map[string]string{"a.txt": "sâu"})
	for i := 0; i < 4; i++ {
		z = makeZip(t, map[string]string{"n.zip": string(z)})
	}
	res = extractAt(t.Context(), Input{Filename: "deep.zip", Data: z}, defaults(), 0)
	if strings.Contains(res.Text, "sâu") {
		t.Errorf("nesting cap not applied")
	}
	// Total uncompressed cap across members.
	big := strings.Repeat("khoảng trắng ", 100000) // ~1.4 MB, compresses well
	o = defaults()
	o.MaxZipTotal = 2 << 20
	res = extractAt(t.Context(), Input{Filename: "big.zip", Data: makeZip(t, map[string]string{"1.txt": big, "2.txt": big, "3.txt": big})}, o, 0)
	if !res.Truncated {
		t.Errorf("total cap: not truncated")
	}
}

func TestZIPEncryptedMemberAndCorrupt(t *testing.T) {
	data := makeZip(t, map[string]string{"bimat.txt": "x"})
	// Set the encryption flag (APPNOTE 4.4.4 bit 0) in local and central headers.
	data = bytes.Replace(data, []byte("PK\x03\x04\x14\x00\x08\x00"), []byte("PK\x03\x04\x14\x00\x09\x00"), 1)
	data = bytes.Replace(data, []byte("PK\x01\x02\x14\x00\x14\x00\x08\x00"), []byte("PK\x01\x02\x14\x00\x14\x00\x09\x00"), 1)
	res := extractAt(t.Context(), Input{Filename: "e.zip", Data: data}, defaults(), 0)
	if len(res.Members) != 1 || !res.Members[0].NeedsHuman || !strings.Contains(res.Members[0].ErrText, "mật khẩu") {
		t.Errorf("encrypted member: %+v", res.Members)
	}
	res = extractAt(t.Context(), Input{Filename: "c.zip", Data: []byte("PK\x03\x04garbage")}, defaults(), 0)
	if res.Err == nil || !strings.Contains(res.ErrText, "c.zip") {
		t.Errorf("corrupt zip: %v", res.Err)
	}
}
