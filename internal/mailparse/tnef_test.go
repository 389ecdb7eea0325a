package mailparse

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// tnefWriter builds TNEF streams ([MS-OXTNEF] §2.1.3) for the tests.
type tnefWriter struct{ bytes.Buffer }

func newTNEFWriter() *tnefWriter {
	w := &tnefWriter{}
	binary.Write(w, binary.LittleEndian, uint32(tnefSignature))
	binary.Write(w, binary.LittleEndian, uint16(0x0001)) // legacy key
	return w
}

func (w *tnefWriter) attr(level byte, id uint32, data []byte) {
	w.WriteByte(level)
	binary.Write(w, binary.LittleEndian, id)
	binary.Write(w, binary.LittleEndian, uint32(len(data)))
	w.Write(data)
	binary.Write(w, binary.LittleEndian, checksum(data))
}

// mapiProp is one property for mapiProps: a variable-length value.
type mapiProp struct {
	typ, id uint16
	value   []byte
}

func mapiProps(ps ...mapiProp) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(len(ps)))
	for _, p := range ps {
		binary.Write(&b, binary.LittleEndian, p.typ)
		binary.Write(&b, binary.LittleEndian, p.id)
		if p.typ == 0x0003 { // PT_LONG, fixed
			b.Write(p.value[:4])
			continue
		}
		binary.Write(&b, binary.LittleEndian, uint32(1))
		binary.Write(&b, binary.LittleEndian, uint32(len(p.value)))
		b.Write(p.value)
		b.Write(make([]byte, int(pad4(uint32(len(p.value))))-len(p.value)))
	}
	return b.Bytes()
}

func utf16z(s string) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

var tnefPDF = []byte("%PDF-1.4\n% tờ trình from winmail.dat\n%%EOF\n")

// sampleTNEF is a winmail.dat as Outlook writes it for a message in code
// page 1258 with a Unicode body and two attachments: one with a long
// Unicode name and a MIME tag, one with only an 8-bit title.
func sampleTNEF() []byte {
	w := newTNEFWriter()
	w.attr(tnefLevelMessage, 0x00089006, []byte{0, 0, 1, 0}) // attTnefVersion
	w.attr(tnefLevelMessage, attOemCodepage, []byte{0xE2, 0x04, 0, 0, 0, 0, 0, 0})
	w.attr(tnefLevelMessage, 0x00078008, []byte("IPM.Microsoft Mail.Note\x00"))
	w.attr(tnefLevelMessage, attMsgProps, mapiProps(
		mapiProp{ptUnicode, prBody, utf16z("Nội dung thư trong winmail.dat.")},
		mapiProp{0x0003, 0x0E07, []byte{1, 0, 0, 0}}, // PR_MESSAGE_FLAGS
	))
	w.attr(tnefLevelAttachment, attAttachRendData, make([]byte, 14))
	w.attr(tnefLevelAttachment, attAttachTitle, []byte("TOTRIN~1.PDF\x00"))
	w.attr(tnefLevelAttachment, attAttachData, tnefPDF)
	w.attr(tnefLevelAttachment, attAttachment, mapiProps(
		mapiProp{ptUnicode, prAttachLongName, utf16z("tờ trình.pdf")},
		mapiProp{ptString8, prAttachMimeTag, []byte("application/pdf\x00")},
	))
	w.attr(tnefLevelAttachment, attAttachRendData, make([]byte, 14))
	w.attr(tnefLevelAttachment, attAttachTitle, []byte("Ghi ch\xfa.txt\x00")) // windows-1258
	w.attr(tnefLevelAttachment, attAttachData, []byte("ghi chu"))
	return w.Bytes()
}

func winmailEML() []byte {
	var b bytes.Buffer
	b.WriteString("From: outlook@example.vn\r\nTo: banbientap@moj.gov.vn\r\nSubject: Winmail\r\n" +
		"Date: Thu, 12 Mar 2026 09:00:00 +0700\r\nMessage-ID: <winmail@example.vn>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"wm\"\r\n\r\n--wm\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n\r\n" +
		"--wm\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Disposition: attachment; filename=\"winmail.dat\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n")
	writeBase64(&b, sampleTNEF())
	b.WriteString("--wm--\r\n")
	return b.Bytes()
}

// writeBase64 writes data in base64, in lines of 76 characters ending in
// CRLF (RFC 2045 §6.8).
func writeBase64(b *bytes.Buffer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

// TestWinmailFixture keeps testdata/winmail.eml in step with sampleTNEF.
func TestWinmailFixture(t *testing.T) {
	file := filepath.Join("testdata", "winmail.eml")
	if *update {
		if err := os.WriteFile(file, winmailEML(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, winmailEML()) {
		t.Fatalf("testdata/winmail.eml is stale (run go test -update): %v", err)
	}
}

func TestParseWinmail(t *testing.T) {
	m, err := Parse(bytes.NewReader(winmailEML()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 3 {
		t.Fatalf("got %d attachments, want winmail.dat and its 2 files: %+v", len(m.Attachments), m.Attachments)
	}
	pdf, txt := m.Attachments[1], m.Attachments[2]
	if pdf.Filename != "tờ trình.pdf" || pdf.Path != "2/winmail.dat/tờ trình.pdf" || !pdf.FromTNEF ||
		pdf.ContentType != "application/pdf" || !bytes.Equal(pdf.Data, tnefPDF) || pdf.Size != int64(len(tnefPDF)) {
		t.Errorf("pdf from winmail.dat: %+v", pdf)
	}
	if txt.Filename != "Ghi chú.txt" || string(txt.Data) != "ghi chu" || txt.ContentType != "text/plain" || !txt.FromTNEF {
		t.Errorf("txt from winmail.dat: %+v", txt)
	}
	if m.Text != "Nội dung thư trong winmail.dat." {
		t.Errorf("Text = %q, want the TNEF body", m.Text)
	}
	if len(m.Problems) != 0 {
		t.Errorf("problems: %+v", m.Problems)
	}
}

func TestReadTNEFDamaged(t *testing.T) {
	good := sampleTNEF()
	cases := map[string]struct {
		in        []byte
		wantFiles int
		wantProb  string
	}{
		"bad signature": {[]byte("not tnef at all"), 0, "bad signature"},
		"truncated":     {good[:len(good)-5], 2, "truncated"},
		"bad checksum":  {append(append([]byte{}, good[:len(good)-1]...), good[len(good)-1]^0xFF), 2, "checksum"},
		"trailing junk": {append(append([]byte{}, good...), 1, 2, 3), 2, "stray"},
		"huge prop count": {func() []byte {
			w := newTNEFWriter()
			w.attr(1, attMsgProps, []byte{0xFF, 0xFF, 0xFF, 0x7F})
			return w.Bytes()
		}(), 0, "properties claimed"},
	}
	for name, c := range cases {
		tc := readTNEF(c.in)
		if len(tc.files) != c.wantFiles {
			t.Errorf("%s: %d files, want %d", name, len(tc.files), c.wantFiles)
		}
		if !strings.Contains(strings.Join(tc.problem, "; "), c.wantProb) {
			t.Errorf("%s: problems %q, want one containing %q", name, tc.problem, c.wantProb)
		}
	}
}

func FuzzTNEF(f *testing.F) {
	f.Add(sampleTNEF())
	f.Add([]byte{0x78, 0x9F, 0x3E, 0x22, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		tc := readTNEF(b)
		total := 0
		for _, fl := range tc.files {
			total += len(fl.data)
		}
		if total > len(b) {
			t.Fatalf("files hold %d bytes from a %d-byte stream", total, len(b))
		}
	})
}
