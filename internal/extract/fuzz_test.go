package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// panicWatch collects recovered panics whose first non-runtime frame is
// in this package: the library's own panics on malformed input are
// expected and recovered, ours are bugs.
type panicWatch struct {
	mu     sync.Mutex
	stacks []string
}

func (w *panicWatch) hook(stack []byte) {
	if !ownPanic(string(stack)) {
		return
	}
	w.mu.Lock()
	w.stacks = append(w.stacks, string(stack))
	w.mu.Unlock()
}

func (w *panicWatch) check(t *testing.T) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.stacks) > 0 {
		t.Fatalf("panic in package extract:\n%s", w.stacks[0])
	}
}

func ownPanic(stack string) bool {
	lines := strings.Split(stack, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "panic(") {
			continue
		}
		for j := i + 2; j < len(lines); j += 2 { // function lines alternate with file lines
			fn := lines[j]
			if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "panic(") {
				continue
			}
			return strings.HasPrefix(fn, "github.com/moj-portal/tiepnhan/internal/extract.")
		}
	}
	return false
}

// fuzzExtract runs Extract and checks the invariants every input must keep.
func fuzzExtract(t *testing.T, in Input) Result {
	w := &panicWatch{}
	o := Options{Tools: noTools(), Timeout: 10 * time.Second, MaxOutputChars: 100000, panicHook: w.hook}
	res := Extract(context.Background(), in, o)
	w.check(t)
	if errors.Is(res.Err, ErrTimeout) {
		t.Fatalf("hang: %v", res.Err)
	}
	if !utf8.ValidString(res.Text) || !norm.NFC.IsNormalString(res.Text) {
		t.Fatalf("text not valid NFC UTF-8")
	}
	if n := utf8.RuneCountInString(res.Text); n > o.MaxOutputChars {
		t.Fatalf("text %d chars over cap", n)
	}
	if res.Err != nil && (res.ErrText == "" || !strings.Contains(res.Err.Error(), in.Filename)) {
		t.Fatalf("error without file name or Vietnamese text: %v", res.Err)
	}
	return res
}

func FuzzPDF(f *testing.F) {
	for _, name := range []string{"hello.pdf", "kids-loop.pdf", "bad-xref.pdf", "huge-xref.pdf", "objstm-loop.pdf",
		"wide-bfrange.pdf", "lo-full.pdf", "chromium-vanban.pdf", "scan.pdf", "enc-aes128.pdf"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, Input{Filename: "fuzz.pdf", ContentType: "application/pdf", Data: data})
	})
}

// contentPDF wraps a content stream into a one-page PDF whose resources
// hold a Type0/Identity-H font with a wide-range ToUnicode (/F1), a simple
// font with /Differences (/F2) and a form XObject that draws itself (/X1).
func contentPDF(content []byte) []byte {
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"2 beginbfrange\n<0000> <02FF> <0000>\n<1E00> <1EFF> <1E00>\nendbfrange\n1 beginbfchar <FB01> <00660069> endbfchar\nendcmap end end\n"
	form := "BT /F2 9 Tf (form) Tj ET /X1 Do"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 6 0 R >> /XObject << /X1 7 0 R >> >> /Contents 8 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /ToUnicode 5 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /DW 500 /W [32 [250] 100 200 600] >>] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /Widths [250 300 300] /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /abreve /uni1EC7 /f_i /ohorn 65 /Aacute] >> >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 10 10] /Length %d >>\nstream\n%s\nendstream", len(form), form),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	return pdfsigtest.Assemble("%PDF-1.4\n", objs)
}

func TestContentOperators(t *testing.T) {
	content := "BT /F1 12 Tf 72 700 Td <00430103006E002000631EE9> Tj 0 -20 Td [<0076>-40<0103>-30<006E> -300 <0062" + "1EA3006E>] TJ ET\n" +
		"BT /F2 10 Tf 12 TL 1 0 0 1 72 600 Tm (\\001\\002\\003 \\004A) Tj T* (dong) ' ET\n" +
		"q 1 0 0 1 0 -300 cm BT /F1 12 Tf 72 700 Td <FB01006C0065> Tj ET Q\n" +
		"BI /W 10 /H 12 /BPC 8 /CS /G ID \x00\x01EI\x02 EI\n/X1 Do"
	res := Extract(t.Context(), Input{Filename: "c.pdf", Data: contentPDF([]byte(content))}, Options{Tools: noTools()})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := []string{"Căn cứ\nvăn bản\năệfi ơÁ\ndong\nfile\nform"}
	for _, w := range want {
		if !strings.Contains(res.Text, w) {
			t.Errorf("missing %q in %q", w, res.Text)
		}
	}
	if strings.Count(res.Text, "form") != 1 {
		t.Errorf("self-drawing form ran %d times, want once", strings.Count(res.Text, "form"))
	}
	if res.Images.Count != 1 || len(res.Images.Tiny) != 1 || res.Images.Tiny[0].Width != 10 {
		t.Errorf("inline image: %+v", res.Images)
	}
}

func FuzzContent(f *testing.F) {
	f.Add([]byte("BT /F1 12 Tf 72 700 Td <004300200103> Tj [<0076> -300 <006E>] TJ ET"))
	f.Add([]byte("q 1 0 0 1 5 5 cm BT /F2 10 Tf 1 0 0 1 72 600 Tm (\\001\\002 A) Tj T* (x) ' 1 2 (y) \" ET Q /X1 Do"))
	f.Add([]byte("BI /W 10 /H 12 ID \x00\x01 EI [[[ << /A [1 2] >> ]]] (unterminated"))
	f.Fuzz(func(t *testing.T, content []byte) {
		fuzzExtract(t, Input{Filename: "content.pdf", Data: contentPDF(content)})
	})
}

func docxWith(body []byte) []byte {
	var buf bytes.Buffer
	zw := newZipWriter(&buf)
	zw.add("word/document.xml", body)
	zw.add("word/footnotes.xml", body)
	zw.close()
	return buf.Bytes()
}

func FuzzDOCX(f *testing.F) {
	f.Add([]byte(`<w:document xmlns:w="` + nsW + `" xmlns:mc="` + nsMC + `"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Số</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:tab/><w:br/><w:t>Đ</w:t><w:sym w:char="F0B7"/></w:r></w:p></w:tc></w:tr></w:tbl><mc:AlternateContent><mc:Fallback><w:t>x</w:t></mc:Fallback></mc:AlternateContent><w:delText>d</w:delText></w:body></w:document>`))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="` + nsW + `">&a;<w:t>&amp;&#x1EC7;</w:t>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := fuzzExtract(t, Input{Filename: "fuzz.docx", Data: docxWith(body)})
		if res.Err == nil && res.Method != MethodDOCX {
			t.Fatalf("method %s", res.Method)
		}
	})
}

func FuzzZIP(f *testing.F) {
	for _, name := range []string{"full.docx", "lo-vanban.odt"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(makeZip(f, map[string]string{"a.txt": "Xin chào", "b/c.zip": "PK\x05\x06" + strings.Repeat("\x00", 18)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, Input{Filename: "fuzz.zip", Data: data})
	})
}

func FuzzCMap(f *testing.F) {
	f.Add([]byte(cmapHeader + "2 beginbfrange\n<0000> <02FF> <0000>\n<0010> <0013> [<0056> <D835DC00>]\nendbfrange\n1 beginbfchar <0020> <0066006C> endbfchar\n" + cmapFooter))
	f.Add([]byte("2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange beginbfchar <41> /space <8260> <FF21> endbfchar begincidrange <8140> <817E> 633 endcidrange"))
	for _, name := range []string{"wide-bfrange.pdf"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := ParseCMap(data)
		probe := []byte{0x00, 0x41, 0x81, 0x40, 0x01, 0x03, 0xFF, 0xFF, 0xD8, 0x00}
		for i := 0; i < len(probe); i++ {
			if n := m.matchCode(probe[i:]); n < 0 || n > 4 || n > len(probe)-i {
				t.Fatalf("matchCode %d", n)
			}
		}
		for _, k := range []codeKey{{1, 0x41}, {2, 0x0103}, {2, 0xFFFF}, {4, 0xFFFFFFFF}, {2, 0x0013}, {1, 0}} {
			if s, ok := m.lookup(k); ok && !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 for %v", k)
			}
		}
	})
}
