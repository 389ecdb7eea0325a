package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func extractFile(t *testing.T, name string, o Options) Result {
	t.Helper()
	return Extract(context.Background(), Input{Filename: name, Data: readTestdata(t, name)}, o)
}

func TestPDFLineAndWordLayout(t *testing.T) {
	res := extractFile(t, "chromium-vanban.pdf", Options{Tools: noTools()})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	lines := strings.Split(res.Text, "\n")
	want := []string{"BỘ TƯ PHÁP", "Số: 1319/QĐ-BTP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Fatalf("line %d: got %q, want %q\n%s", i, lines[min(i, len(lines)-1)], w, res.Text[:min(400, len(res.Text))])
		}
	}
	if res.Pages != 2 || strings.Count(res.Text, "\f") != 1 {
		t.Errorf("pages %d, form feeds %d", res.Pages, strings.Count(res.Text, "\f"))
	}
}

func TestPDFSimpleTrueTypeLibreOffice(t *testing.T) {
	res := extractFile(t, "lo-full.pdf", Options{Tools: noTools()})
	for _, w := range []string{"Đầu trang: Ban Biên tập Cổng Thông tin điện tử", "Điều 9. Tiếp nhận thông tin",
		"Chú thích: theo Điều 9 khoản 3 Quy chế.", "Chân trang: Thứ trưởng ký duyệt", "Thời hạn: 02 ngày làm việc."} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("missing %q in\n%s", w, res.Text)
		}
	}
}

func TestPDFSelfReferencingKidsDoesNotHang(t *testing.T) {
	start := time.Now()
	res := extractFile(t, "kids-loop.pdf", Options{Tools: noTools(), Timeout: 20 * time.Second})
	if time.Since(start) > 10*time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
	if res.Err != nil || !strings.Contains(res.Text, "Hello loop") {
		t.Fatalf("err=%v text=%q", res.Err, res.Text)
	}
	if strings.Count(res.Text, "Hello loop") != 1 || res.Pages != 1 {
		t.Errorf("page visited %d times, pages=%d", strings.Count(res.Text, "Hello loop"), res.Pages)
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "tự tham chiếu") {
		t.Errorf("loop not reported: %v", res.Notes)
	}
}

// TestPDFMalformedNeverCrash covers files that crash or hang the library
// itself: a forged xref start (fatal out-of-memory), an object stream
// inside itself (fatal stack overflow), a truncated file, a bad xref.
func TestPDFMalformedNeverCrash(t *testing.T) {
	for _, name := range []string{"huge-xref.pdf", "objstm-loop.pdf", "truncated.pdf", "bad-xref.pdf"} {
		t.Run(name, func(t *testing.T) {
			res := extractFile(t, name, Options{Tools: noTools(), Timeout: 20 * time.Second})
			if res.Err == nil {
				t.Fatalf("no error for %s (text %q)", name, res.Text)
			}
			if !strings.Contains(res.Err.Error(), name) || !strings.Contains(res.ErrText, name) {
				t.Errorf("error does not name the file: %v / %s", res.Err, res.ErrText)
			}
			if !strings.HasPrefix(res.ErrText, "Tệp ") {
				t.Errorf("ErrText not Vietnamese: %s", res.ErrText)
			}
			// An attachment that cannot be read goes to a person, with a
			// Vietnamese reason (corpus 040).
			if !res.NeedsHuman || !strings.HasSuffix(res.HumanReason, "cần người đọc") || !strings.Contains(res.HumanReason, "PDF") {
				t.Errorf("unreadable PDF: needsHuman %v reason %q", res.NeedsHuman, res.HumanReason)
			}
		})
	}
}

func TestPDFMalformedFallsBackToPdftotext(t *testing.T) {
	bin := requireTool(t, "pdftotext")
	res := extractFile(t, "bad-xref.pdf", Options{Tools: &Tools{Pdftotext: bin}})
	if res.Err != nil || res.Method != MethodPdftotext || !strings.Contains(res.Text, "Hello loop") {
		t.Fatalf("method=%s err=%v text=%q", res.Method, res.Err, res.Text)
	}
	res = extractFile(t, "truncated.pdf", Options{Tools: &Tools{Pdftotext: bin}})
	if res.Method != MethodPdftotext && res.Err == nil {
		t.Errorf("truncated: method %s", res.Method)
	}
}

// TestPDFGarbledDetected: Ghostscript wrote broken ToUnicode maps for
// these fonts (pdftotext shows the same "BÞ TƯ PHÁP"), so the result must
// be flagged for a person, not passed on as good text.
func TestPDFGarbledDetected(t *testing.T) {
	res := extractFile(t, "gs-vanban.pdf", Options{Tools: noTools()})
	if !res.Garbled || !res.NeedsHuman {
		t.Fatalf("garbled=%v needsHuman=%v text=%q", res.Garbled, res.NeedsHuman, res.Text[:min(len(res.Text), 200)])
	}
	if bin, err := lookPath("pdftotext"); err == nil {
		res = extractFile(t, "gs-vanban.pdf", Options{Tools: &Tools{Pdftotext: bin}})
		if !res.Garbled {
			t.Errorf("pdftotext's output is garbled too and must stay flagged; method %s", res.Method)
		}
	}
}

func TestPDFGarbledFallsBackToOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow")
	}
	tools := Tools{Pdftotext: requireTool(t, "pdftotext"), Pdftoppm: requireTool(t, "pdftoppm"), Tesseract: requireTesseractVie(t)}
	res := extractFile(t, "gs-vanban.pdf", Options{Tools: &tools, MaxOCRPages: 1})
	if res.Method != MethodOCR || res.Garbled {
		t.Fatalf("method %s garbled %v", res.Method, res.Garbled)
	}
	for _, w := range []string{"QUYẾT ĐỊNH", "Căn cứ", "Nghị định"} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("OCR text lacks %q", w)
		}
	}
	if !res.Truncated {
		t.Errorf("only 1 of 2 pages OCR'd: must be reported truncated")
	}
}

func TestPDFScanWithoutOCRNeedsHuman(t *testing.T) {
	res := extractFile(t, "scan.pdf", Options{Tools: noTools()})
	if !res.NeedsHuman || res.Text != "" || res.Err != nil {
		t.Fatalf("needsHuman=%v err=%v text=%q", res.NeedsHuman, res.Err, res.Text)
	}
	if !strings.Contains(res.HumanReason, "cần người đọc") {
		t.Errorf("reason %q", res.HumanReason)
	}
	if res.Images.Count != 1 || res.Pages != 1 {
		t.Errorf("images %+v pages %d", res.Images, res.Pages)
	}
}

func TestPDFScanOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow")
	}
	tools := Tools{Pdftoppm: requireTool(t, "pdftoppm"), Tesseract: requireTesseractVie(t)}
	res := extractFile(t, "scan.pdf", Options{Tools: &tools})
	if res.Err != nil || res.Method != MethodOCR {
		t.Fatalf("method %s err %v", res.Method, res.Err)
	}
	for _, w := range []string{"QUYẾT ĐỊNH", "Căn cứ", "Nghị định", "Bộ Tư pháp"} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("OCR text lacks %q:\n%s", w, res.Text)
		}
	}
}

func TestPDFTimeout(t *testing.T) {
	data := readTestdata(t, "lo-quyche.pdf")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Extract(ctx, Input{Filename: "q.pdf", Data: data}, Options{Tools: noTools()})
	if !errors.Is(res.Err, context.Canceled) {
		t.Errorf("cancelled ctx: err %v", res.Err)
	}
	res = Extract(context.Background(), Input{Filename: "q.pdf", Data: data}, Options{Tools: noTools(), Timeout: time.Microsecond})
	if !errors.Is(res.Err, ErrTimeout) || !strings.Contains(res.ErrText, "quá thời gian") {
		t.Errorf("timeout: err %v / %s", res.Err, res.ErrText)
	}
}

func TestPDFCaps(t *testing.T) {
	data := readTestdata(t, "lo-quyche.pdf")
	res := Extract(context.Background(), Input{Filename: "q.pdf", Data: data}, Options{Tools: noTools(), MaxPages: 3})
	if res.Pages != 3 || !res.Truncated {
		t.Errorf("MaxPages: pages %d truncated %v", res.Pages, res.Truncated)
	}
	res = Extract(context.Background(), Input{Filename: "q.pdf", Data: data}, Options{Tools: noTools(), MaxOutputChars: 500})
	if n := len([]rune(res.Text)); n > 500 || !res.Truncated {
		t.Errorf("MaxOutputChars: %d chars, truncated %v", n, res.Truncated)
	}
	res = Extract(context.Background(), Input{Filename: "q.pdf", Data: data}, Options{Tools: noTools(), MaxInputBytes: 1000})
	if !errors.Is(res.Err, ErrTooLarge) || !res.NeedsHuman {
		t.Errorf("MaxInputBytes: %v", res.Err)
	}
}

func TestPreflight(t *testing.T) {
	hello := readTestdata(t, "hello.pdf")
	if err := preflight(hello); err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
	cases := map[string][]byte{
		"size":     bytes.Replace(hello, []byte("/Size 6"), []byte("/Size 4000000000"), 1),
		"overflow": bytes.Replace(hello, []byte("/Size 6"), []byte("/Size 99999999999999999999999"), 1),
		"index":    append(append([]byte{}, hello...), "\n7 0 obj << /Type /XRef /Index [0 5 900000000 2] >>"...),
		"xref":     bytes.Replace(hello, []byte("xref\n0 6"), []byte("xref\n0 1\n0000000000 65535 f \n5000000 1"), 1),
	}
	for name, data := range cases {
		if err := preflight(data); !errors.Is(err, errPreScan) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// Names that merely start like the keys are not checked.
	ok := append(append([]byte{}, hello...), "/Sizes 99999999999 /Indexed [9999999999] startxref 99999999999"...)
	if err := preflight(ok); err != nil {
		t.Errorf("false positive: %v", err)
	}
}

func TestLookupTools(t *testing.T) {
	bin := requireTool(t, "pdftotext")
	tools := LookupTools()
	if tools.Pdftotext != bin {
		t.Errorf("LookupTools().Pdftotext = %q, want %q", tools.Pdftotext, bin)
	}
	// Nil Tools: looked up on demand; a good text layer needs none.
	res := extractFile(t, "hello.pdf", Options{})
	if res.Err != nil || res.Method != MethodPDF || res.Text != "Hello loop" {
		t.Errorf("%s %v %q", res.Method, res.Err, res.Text)
	}
}

// extendsLoopPDF: the page tree lives in object stream 5, whose /Extends
// is itself and which holds no object: the library's resolver loops
// forever looking for object 2.
func extendsLoopPDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	o1 := b.Len()
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	o5 := b.Len()
	b.WriteString("5 0 obj\n<< /Type /ObjStm /N 0 /First 1 /Extends 5 0 R /Length 1 >>\nstream\n \nendstream\nendobj\n")
	xo := b.Len()
	rows := [][3]int{{0, 0, 255}, {1, o1, 0}, {2, 5, 0}, {0, 0, 0}, {0, 0, 0}, {1, o5, 0}, {1, xo, 0}}
	var data []byte
	for _, r := range rows {
		data = append(data, byte(r[0]), byte(r[1]>>8), byte(r[1]), byte(r[2]))
	}
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n", len(data))
	b.Write(data)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xo)
	return b.Bytes()
}

// TestAbandonedWorkerStops: on timeout Extract returns at once, and the
// library goroutine it abandoned stops soon after, because every file
// read fails once the deadline has passed (guardedReaderAt).
func TestAbandonedWorkerStops(t *testing.T) {
	runtime.GC()
	before := runtime.NumGoroutine()
	start := time.Now()
	res := Extract(context.Background(), Input{Filename: "extends.pdf", Data: extendsLoopPDF()}, Options{Tools: noTools(), Timeout: 300 * time.Millisecond})
	if !errors.Is(res.Err, ErrTimeout) {
		t.Fatalf("want a timeout from the looping library, got %v (%s)", res.Err, res.Method)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Extract returned after %v", d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running after the timeout (before: %d)", n, before)
	}
}

func TestPDFEncrypted(t *testing.T) {
	// AES-128 with an empty user password: the library decrypts it.
	res := extractFile(t, "enc-aes128.pdf", Options{Tools: noTools()})
	if res.Err != nil || !strings.Contains(res.Text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") {
		t.Errorf("aes128: %v %q", res.Err, res.Text[:min(len(res.Text), 100)])
	}
	// AES-256 (R6): the library refuses it; without pdftotext that is an
	// error naming encryption.
	res = extractFile(t, "enc-aes256.pdf", Options{Tools: noTools()})
	if res.Err == nil || !strings.Contains(res.ErrText, "mã hóa") {
		t.Errorf("aes256 without tools: %v / %s", res.Err, res.ErrText)
	}
	// A user password: unreadable for everyone, said in Vietnamese.
	res = extractFile(t, "enc-password.pdf", Options{Tools: noTools()})
	if res.Err == nil || !strings.Contains(res.ErrText, "mật khẩu") {
		t.Errorf("password: %v / %s", res.Err, res.ErrText)
	}
	bin := requireTool(t, "pdftotext")
	res = extractFile(t, "enc-aes256.pdf", Options{Tools: &Tools{Pdftotext: bin}})
	if res.Err != nil || res.Method != MethodPdftotext || !strings.Contains(res.Text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") {
		t.Errorf("aes256 via pdftotext: %s %v", res.Method, res.Err)
	}
	res = extractFile(t, "enc-password.pdf", Options{Tools: &Tools{Pdftotext: bin}})
	if res.Err == nil || !strings.Contains(res.ErrText, "mật khẩu") {
		t.Errorf("password via pdftotext: %v / %s", res.Err, res.ErrText)
	}
}
