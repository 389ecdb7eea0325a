package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestDOCXStructure(t *testing.T) {
	res := extractFile(t, "full.docx", Options{Tools: noTools()})
	if res.Err != nil || res.Method != MethodDOCX {
		t.Fatalf("method %s err %v", res.Method, res.Err)
	}
	lines := strings.Split(res.Text, "\n")
	has := func(l string) bool {
		for _, x := range lines {
			if x == l {
				return true
			}
		}
		return false
	}
	for _, l := range []string{
		"Số: 1319/QĐ-BTP\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", // table row by row, cells tab-separated
		"- Cổng Thông tin điện tử;\tKT. BỘ TRƯỞNG",
		"Điều 9. Tiếp nhận\tthông tin", // w:tab
		"dòng mới trong cùng đoạn",     // w:br
		"Văn bản đề nghị đăng tải gửi về Ban Biên tập.",
		"Chú thích: theo Điều 9 khoản 3 Quy chế.",        // footnotes.xml
		"Đầu trang: Ban Biên tập Cổng Thông tin điện tử", // header1.xml
		"Chân trang: Thứ trưởng ký duyệt",                // footer1.xml
	} {
		if !has(l) {
			t.Errorf("missing line %q in\n%s", l, res.Text)
		}
	}
	if strings.Contains(res.Text, "BỊ XÓA") || strings.Contains(res.Text, "PAGE") {
		t.Errorf("deleted text or field code leaked:\n%s", res.Text)
	}
	if strings.Count(res.Text, "Hộp văn bản") != 1 {
		t.Errorf("mc:Fallback duplicated the text box")
	}
}

func TestDOCXLibreOffice(t *testing.T) {
	res := extractFile(t, "lo-vanban.docx", Options{Tools: noTools()})
	got := normalizeForCompare(res.Text)
	for _, w := range checkWords {
		if w == "văn bản" || w == "ngày làm việc" {
			continue // not in this short document's body
		}
		if !strings.Contains(got, w) {
			t.Errorf("missing %q", w)
		}
	}
}

func TestODT(t *testing.T) {
	res := extractFile(t, "lo-vanban.odt", Options{Tools: noTools()})
	if res.Method != MethodODT || !strings.Contains(res.Text, "Căn cứ Luật Công nghệ thông tin số 67/2006/QH11") {
		t.Fatalf("method %s text %q", res.Method, res.Text[:min(300, len(res.Text))])
	}
}

// TestDOCXZipBomb: a 123 KB file that inflates to 120 MB is refused
// without inflating it all.
func TestDOCXZipBomb(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res := extractFile(t, "bomb.docx", Options{Tools: noTools(), MaxZipTotal: 50 << 20})
	runtime.ReadMemStats(&after)
	if !errors.Is(res.Err, ErrTooLarge) || !strings.Contains(res.ErrText, "nghi tệp nén độc hại") {
		t.Fatalf("err %v / %s", res.Err, res.ErrText)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 120<<20 {
		t.Errorf("allocated %d MB while refusing a bomb", grew>>20)
	}
	// The ratio cap alone also catches it, before inflating it all.
	runtime.ReadMemStats(&before)
	res = extractFile(t, "bomb.docx", Options{Tools: noTools(), MaxZipTotal: 1 << 30, MaxInputBytes: 1 << 30})
	runtime.ReadMemStats(&after)
	if !errors.Is(res.Err, ErrTooLarge) || !strings.Contains(res.Err.Error(), "ratio") {
		t.Fatalf("ratio cap: err %v", res.Err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 120<<20 {
		t.Errorf("allocated %d MB while refusing a bomb", grew>>20)
	}
}

func TestDOCXImageSizes(t *testing.T) {
	body := "<w:document xmlns:w=\"" + nsW + "\"><w:body><w:p><w:r><w:t>Ảnh</w:t></w:r></w:p></w:body></w:document>"
	data := makeZip(t, map[string]string{
		"word/document.xml": body,
		"word/media/a.png":  string(readTestdata(t, "tiny.png")),
		"word/media/b.png":  string(readTestdata(t, "scan.png")),
		"word/media/c.emf":  "not a raster",
		"word/styles.xml":   "<x/>",
	})
	res := extractAt(t.Context(), Input{Filename: "anh.docx", Data: data}, defaults(), 0)
	if res.Images.Count != 2 || len(res.Images.Tiny) != 1 || res.Images.Tiny[0] != (ImageSize{Width: 48, Height: 32}) {
		t.Errorf("images %+v", res.Images)
	}
}

func TestDOCXMissingBodyAndBrokenXML(t *testing.T) {
	data := makeZip(t, map[string]string{"word/styles.xml": "<x/>", "[Content_Types].xml": "<x/>"})
	res := extractAt(t.Context(), Input{Filename: "a.docx", Data: data}, defaults(), 0)
	if res.Err != nil {
		// without word/document.xml it is a plain ZIP
		t.Logf("err %v", res.Err)
	}
	data = makeZip(t, map[string]string{"word/document.xml": "<w:document xmlns:w=\"" + nsW + "\"><w:body><w:p><w:r><w:t>Xin chào</w:t></w:r></w:p><w:p><w:r><w:t>cắt"})
	res = extractAt(t.Context(), Input{Filename: "b.docx", Data: data}, defaults(), 0)
	if res.Method != MethodDOCX || !strings.Contains(res.Text, "Xin chào") {
		t.Errorf("truncated XML: keep text before the damage; got %s %q %v", res.Method, res.Text, res.Err)
	}
	data = makeZip(t, map[string]string{"word/document.xml": "<<<not xml"})
	res = extractAt(t.Context(), Input{Filename: "c.docx", Data: data}, defaults(), 0)
	if res.Err == nil || !strings.Contains(res.ErrText, "c.docx") {
		t.Errorf("broken XML: err %v", res.Err)
	}
}

func TestLegacyDOC(t *testing.T) {
	res := extractFile(t, "lo-vanban.doc", Options{Tools: noTools()})
	if !res.NeedsHuman || !strings.Contains(res.HumanReason, ".doc") {
		t.Errorf("without tools: needsHuman %v reason %q", res.NeedsHuman, res.HumanReason)
	}
	bin := requireTool(t, "antiword")
	res = extractFile(t, "lo-vanban.doc", Options{Tools: &Tools{Antiword: bin}})
	if res.Err != nil || res.Method != MethodDOC {
		t.Fatalf("method %s err %v", res.Method, res.Err)
	}
	for _, w := range []string{"Căn cứ Luật Công nghệ thông tin", "Nơi nhận", "Độc lập - Tự do - Hạnh phúc"} {
		if !strings.Contains(normalizeForCompare(res.Text), w) {
			t.Errorf("antiword output lacks %q:\n%s", w, res.Text)
		}
	}
}

func defaults() *Options {
	o := Options{Tools: noTools()}.withDefaults()
	return &o
}

func makeZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
