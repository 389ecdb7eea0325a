package extract

import (
	"strings"
	"testing"
)

func TestImageWithoutOCR(t *testing.T) {
	// Tiny: reported, nothing to read (with or without OCR tools).
	res := extractFile(t, "tiny.png", Options{Tools: noTools()})
	if res.NeedsHuman || res.Images.Count != 1 || len(res.Images.Tiny) != 1 {
		t.Fatalf("%+v", res)
	}
	if s := res.Images.Tiny[0]; s.Width != 48 || s.Height != 32 {
		t.Errorf("size %+v", s)
	}
	res = extractFile(t, "scan.png", Options{Tools: noTools()})
	if len(res.Images.Tiny) != 0 || res.Images.Count != 1 || !res.NeedsHuman {
		t.Errorf("scan.png: %+v", res.Images)
	}
	res = extractAt(t.Context(), Input{Filename: "broken.png", Data: []byte("\x89PNG\r\n\x1a\nbroken")}, defaults(), 0)
	if res.Err == nil || !strings.Contains(res.ErrText, "broken.png") {
		t.Errorf("broken png: %v", res.Err)
	}
}

func TestImageOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow")
	}
	tools := Tools{Tesseract: requireTesseractVie(t)}
	res := extractFile(t, "scan.png", Options{Tools: &tools})
	if res.Method != MethodOCR || res.Err != nil {
		t.Fatalf("method %s err %v", res.Method, res.Err)
	}
	for _, w := range []string{"Số: 1319/QĐ-BTP", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH"} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("OCR text lacks %q:\n%s", w, res.Text)
		}
	}
}
