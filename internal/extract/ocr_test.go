package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// imagePage is one page of a PDF built by imagePDF: a gray image of w×h
// pixels drawn with the content stream (which names it /Im0).
type imagePage struct {
	w, h    int
	content string
	extra   string // more page dictionary entries (/Rotate, /CropBox)
}

// imagePDF builds a PDF of A4 pages (MediaBox on the Pages node, so that
// pages inherit it), each with an uncompressed 8-bit gray image.
func imagePDF(pages []imagePage) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for _, p := range pages {
		n := len(objs) + 1 // page object number; image n+1, content n+2
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
		px := bytes.Repeat([]byte{0xFF}, p.w*p.h)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R %s /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", p.extra, n+1, n+2),
			fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", p.w, p.h, len(px), px),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(p.content), p.content))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] >>", strings.Join(kids, " "), len(pages))
	return pdfsigtest.Assemble("%PDF-1.4\n", objs)
}

// TestPageScanRecorded: the text layer records, per page, the page box
// (inherited from the Pages node, cut by the CropBox), /Rotate, the images
// drawn with their CTM (forms and q/Q included) and the glyphs shown.
func TestPageScanRecorded(t *testing.T) {
	data := imagePDF([]imagePage{
		{w: 1240, h: 1754, content: "q 595 0 0 842 0 0 cm /Im0 Do Q"},
		{w: 1240, h: 1754, content: "q 595 0 0 842 0 0 cm /Im0 Do Q q 100 0 0 100 0 0 cm /Im0 Do Q", extra: "/Rotate -90 /CropBox [10 20 500 800]"},
	})
	o := defaults()
	pt, err := pdfTextLayer(t.Context(), data, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.scans) != 2 {
		t.Fatalf("%d page scans, want 2", len(pt.scans))
	}
	s := pt.scans[0]
	if !s.boxOK || s.box != [4]float64{0, 0, 595, 842} || s.rotate != 0 || s.images != 1 || s.glyphs != 0 {
		t.Errorf("page 1: %+v", s)
	}
	if s.img.w != 1240 || s.img.h != 1754 || s.img.ctm != (matrix{595, 0, 0, 842, 0, 0}) {
		t.Errorf("page 1 image: %+v", s.img)
	}
	if p := s.plan(o.TinyImagePixels); p.how != planNative || p.ppi != 150 {
		t.Errorf("page 1 plan %+v, want native at 150 ppi", p)
	}
	s = pt.scans[1]
	if s.box != [4]float64{10, 20, 500, 800} || s.rotate != 270 || s.images != 2 {
		t.Errorf("page 2: %+v", s)
	}
	if p := s.plan(o.TinyImagePixels); p.how != planRender {
		t.Errorf("page 2 (two images, rotated) plan %+v, want render", p)
	}

	// Text on the page, from contentPDF's fonts: glyphs are counted.
	pt, err = pdfTextLayer(t.Context(), contentPDF([]byte("BT /F2 10 Tf 72 700 Td (abc) Tj ET")), o)
	if err != nil || len(pt.scans) != 1 || pt.scans[0].glyphs != 3 || pt.scans[0].images != 0 {
		t.Errorf("text page: err %v scans %+v", err, pt.scans)
	}

	// Only the first MaxOCRPages pages are recorded.
	o.MaxOCRPages = 1
	pt, _ = pdfTextLayer(t.Context(), data, o)
	if len(pt.scans) != 1 {
		t.Errorf("MaxOCRPages 1: %d page scans", len(pt.scans))
	}
}

// TestPagePlan: only a page that is one upright image covering it, with
// no text, at 120–400 ppi, is read from its image; a tiny full-page image
// is not read at all; everything else is rendered.
func TestPagePlan(t *testing.T) {
	a4 := [4]float64{0, 0, 595.276, 841.89}
	scan := func(w, h int, ctm matrix, edit func(*pageScan)) *pageScan {
		s := &pageScan{box: a4, boxOK: true, unit: 1}
		s.drawImage(drawnImage{w: w, h: h, ctm: ctm})
		if edit != nil {
			edit(s)
		}
		return s
	}
	full := matrix{595.276, 0, 0, 841.89, 0, 0}
	tests := []struct {
		name string
		s    *pageScan
		how  int
		ppi  int
	}{
		// img2pdf's placement in corpus 010 (the image 10 pt shorter than A4).
		{"corpus 010", scan(1271, 1776, matrix{595.2756, 0, 0, 831.7934, 0, 5.0482}, nil), planNative, 154},
		{"whole A4, ppi 154.7 × 152.4", scan(1279, 1782, full, nil), planNative, 154},
		{"300 ppi", scan(2480, 3508, full, nil), planNative, 300},
		{"no record", nil, planRender, renderDPI},
		{"no box", scan(1271, 1776, full, func(s *pageScan) { s.boxOK = false }), planRender, renderDPI},
		{"text on the page", scan(1271, 1776, full, func(s *pageScan) { s.glyphs = 12 }), planRender, renderDPI},
		{"two images", scan(1271, 1776, full, func(s *pageScan) { s.drawImage(drawnImage{w: 10, h: 10}) }), planRender, renderDPI},
		{"half the page", scan(1271, 1776, matrix{595.276, 0, 0, 420, 0, 420}, nil), planRender, renderDPI},
		{"page rotated", scan(1271, 1776, full, func(s *pageScan) { s.rotate = 90 }), planRender, renderDPI},
		{"image rotated", scan(1776, 1271, matrix{0, 841.89, -595.276, 0, 595.276, 0}, nil), planRender, renderDPI},
		{"image flipped", scan(1271, 1776, matrix{595.276, 0, 0, -841.89, 0, 841.89}, nil), planRender, renderDPI},
		{"soft mask", scan(1271, 1776, full, func(s *pageScan) { s.img.smask = true }), planRender, renderDPI},
		{"stencil mask", scan(1271, 1776, full, func(s *pageScan) { s.img.stencil = true }), planRender, renderDPI},
		{"100 ppi", scan(827, 1169, full, nil), planRender, renderDPI},
		{"600 ppi", scan(4960, 7016, full, nil), planRender, renderDPI},
		{"non-square pixels", scan(1271, 3552, full, nil), planRender, renderDPI},
		{"UserUnit 2: half the ppi", scan(2480, 3508, full, func(s *pageScan) { s.unit = 2 }), planNative, 150},
		{"tiny full-page image", scan(200, 280, full, nil), planTiny, 0},
		{"tiny image, text drawn too", scan(200, 280, full, func(s *pageScan) { s.glyphs = 1 }), planRender, renderDPI},
		{"tiny logo, not the page", scan(200, 280, matrix{100, 0, 0, 140, 40, 700}, nil), planRender, renderDPI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.s.plan(300)
			if p.how != tt.how || p.ppi != tt.ppi {
				t.Errorf("plan %+v, want how %d ppi %d", p, tt.how, tt.ppi)
			}
		})
	}
}

// ocrTools returns the OCR programs, skipping (failing in CI) when missing.
func ocrTools(t *testing.T) Tools {
	return Tools{Pdftoppm: requireTool(t, "pdftoppm"), Pdfimages: requireTool(t, "pdfimages"), Tesseract: requireTesseractVie(t)}
}

// TestScanOCRFromEmbeddedImage: a scanned page is read from its embedded
// image (testdata/scan.pdf: 1241×1754 at 150 ppi) and, when pdfimages
// does not give the one image expected, from a rendering; both read the
// document.
func TestScanOCRFromEmbeddedImage(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow")
	}
	tools := ocrTools(t)
	data := readTestdata(t, "scan.pdf")
	check := func(name string, tools Tools, native, rendered int) {
		o := Options{Tools: &tools}.withDefaults()
		pt, err := pdfTextLayer(t.Context(), data, &o)
		if err != nil {
			t.Fatal(err)
		}
		oc, err := ocrPDF(t.Context(), &o, data, pt.pages, pt.scans)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if oc.native != native || oc.rendered != rendered || oc.pages != 1 {
			t.Errorf("%s: native %d rendered %d pages %d, want %d %d 1", name, oc.native, oc.rendered, oc.pages, native, rendered)
		}
		for _, w := range []string{"QUYẾT ĐỊNH", "Căn cứ", "Nghị định", "Bộ Tư pháp", "1319/QĐ-BTP"} {
			if !strings.Contains(oc.text, w) {
				t.Errorf("%s: OCR text lacks %q:\n%s", name, w, oc.text)
			}
		}
	}
	check("embedded image", tools, 1, 0)
	// A pdfimages that writes nothing: the page is rendered instead.
	broken := tools
	broken.Pdfimages = requireTool(t, "true")
	check("pdfimages broken", broken, 0, 1)
	// No pdfimages at all: rendered.
	none := tools
	none.Pdfimages = ""
	check("no pdfimages", none, 0, 1)

	res := Extract(t.Context(), Input{Filename: "scan.pdf", Data: data}, Options{Tools: &tools})
	if res.Method != MethodOCR || res.Err != nil || res.NeedsHuman || res.Pages != 1 {
		t.Errorf("Extract: method %s err %v needsHuman %v pages %d", res.Method, res.Err, res.NeedsHuman, res.Pages)
	}
}

// TestTinyImagesNotOCRd: an image file or a scanned page smaller than
// TinyImagePixels is reported as tiny and never given to tesseract (the
// tesseract here does not exist: running it would fail the extraction).
func TestTinyImagesNotOCRd(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-tesseract")
	tools := &Tools{Tesseract: missing, Pdftoppm: missing, Pdfimages: missing}

	res := extractFile(t, "tiny.png", Options{Tools: tools})
	if res.Err != nil || res.Method != MethodNone || res.NeedsHuman || len(res.Images.Tiny) != 1 {
		t.Errorf("tiny.png: %+v", res)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "48×32") || !strings.Contains(res.Notes[0], "không nhận dạng") {
		t.Errorf("tiny.png notes %q", res.Notes)
	}
	// Larger than the threshold: OCR runs (and fails on the missing program).
	res = extractFile(t, "tiny.png", Options{Tools: tools, TinyImagePixels: 20})
	if res.Err == nil || !res.NeedsHuman || len(res.Images.Tiny) != 0 {
		t.Errorf("tiny.png, threshold 20: err %v needsHuman %v", res.Err, res.NeedsHuman)
	}

	pdf := imagePDF([]imagePage{{w: 120, h: 170, content: "q 595 0 0 842 0 0 cm /Im0 Do Q"}})
	res = Extract(t.Context(), Input{Filename: "nho.pdf", Data: pdf}, Options{Tools: tools})
	if res.Err != nil || len(res.Images.Tiny) != 1 || res.Images.Tiny[0].Page != 1 {
		t.Fatalf("tiny scan: err %v images %+v", res.Err, res.Images)
	}
	if !res.NeedsHuman || !strings.Contains(res.HumanReason, "quá nhỏ") || res.Text != "" {
		t.Errorf("tiny scan: needsHuman %v reason %q text %q", res.NeedsHuman, res.HumanReason, res.Text)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Trang 1: ảnh quét quá nhỏ (120×170 điểm ảnh)") {
		t.Errorf("tiny scan notes %q", res.Notes)
	}
}

// fakeTesseract writes a program that sleeps, standing in for a slow OCR.
func fakeTesseract(t *testing.T, sleep string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tesseract")
	if err := os.WriteFile(p, []byte("#!/bin/sh\nsleep "+sleep+"\necho chữ\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOCRBudget: the attachments of one message share an OCR budget; an
// image or scan met when it is spent, or cut off when it runs out, goes
// to a person without an error, and time spent is charged.
func TestOCRBudget(t *testing.T) {
	requireTool(t, "sh")
	png := readTestdata(t, "scan.png")

	// Time is charged: a 0.2 s OCR run takes at least that from the budget.
	b := NewOCRBudget(time.Minute)
	res := Extract(t.Context(), Input{Filename: "anh.png", Data: png}, Options{Tools: &Tools{Tesseract: fakeTesseract(t, "0.2")}, OCRBudget: b})
	if res.Method != MethodOCR || res.Text != "chữ" {
		t.Fatalf("with budget: method %s text %q err %v", res.Method, res.Text, res.Err)
	}
	if left := b.Left(); left > time.Minute-200*time.Millisecond || left <= 0 {
		t.Errorf("left %v after a 0.2 s run", left)
	}

	// Cut off: a 30 s OCR run against a 0.3 s budget.
	b = NewOCRBudget(300 * time.Millisecond)
	start := time.Now()
	res = Extract(t.Context(), Input{Filename: "anh.png", Data: png}, Options{Tools: &Tools{Tesseract: fakeTesseract(t, "30")}, OCRBudget: b})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("budget of 0.3 s: OCR ran %v", d)
	}
	if !res.NeedsHuman || res.HumanReason != humanOCRBudget || res.Err != nil || res.Text != "" {
		t.Errorf("cut off: needsHuman %v reason %q err %v text %q", res.NeedsHuman, res.HumanReason, res.Err, res.Text)
	}
	if b.Left() != 0 {
		t.Errorf("left %v after the cut", b.Left())
	}

	// Spent: nothing runs (the program would fail if it did).
	missing := filepath.Join(t.TempDir(), "none")
	res = Extract(t.Context(), Input{Filename: "anh.png", Data: png}, Options{Tools: &Tools{Tesseract: missing}, OCRBudget: b})
	if !res.NeedsHuman || res.HumanReason != humanOCRBudget || res.Err != nil {
		t.Errorf("spent, image: needsHuman %v reason %q err %v", res.NeedsHuman, res.HumanReason, res.Err)
	}
	scan := readTestdata(t, "scan.pdf")
	res = Extract(t.Context(), Input{Filename: "scan.pdf", Data: scan}, Options{Tools: &Tools{Tesseract: missing, Pdftoppm: missing}, OCRBudget: b})
	if !res.NeedsHuman || res.HumanReason != humanOCRBudget || res.Err != nil || res.Method != MethodNone {
		t.Errorf("spent, scan: needsHuman %v reason %q err %v method %s", res.NeedsHuman, res.HumanReason, res.Err, res.Method)
	}
}

// TestOCRBudgetPartialScan: a scan whose budget runs out after its first
// page keeps that page and reports the rest unread. The programs are
// stand-ins: pdftoppm writes an empty file, tesseract takes a second.
func TestOCRBudgetPartialScan(t *testing.T) {
	requireTool(t, "sh")
	pdftoppm := filepath.Join(t.TempDir(), "pdftoppm")
	if err := os.WriteFile(pdftoppm, []byte("#!/bin/sh\nfor a; do last=$a; done\n: > \"$last.png\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	pages := make([]imagePage, 3)
	for i := range pages {
		pages[i] = imagePage{w: 40, h: 40, content: "q 100 0 0 100 50 50 cm /Im0 Do Q"} // not full-page: rendered
	}
	b := NewOCRBudget(1500 * time.Millisecond)
	res := Extract(context.Background(), Input{Filename: "ba-trang.pdf", Data: imagePDF(pages)},
		Options{Tools: &Tools{Tesseract: fakeTesseract(t, "1"), Pdftoppm: pdftoppm}, OCRBudget: b})
	if res.Method != MethodOCR || res.Err != nil || !res.Truncated || res.Pages != 3 {
		t.Fatalf("method %s err %v truncated %v pages %d, reason %q", res.Method, res.Err, res.Truncated, res.Pages, res.HumanReason)
	}
	if n := strings.Count(res.Text, "chữ"); n != 1 {
		t.Errorf("%d pages read, want 1 of 3: %q", n, res.Text)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Đã hết thời gian dành cho nhận dạng ký tự (OCR) của thư này: chỉ nhận dạng 1/3 trang đầu.") {
		t.Errorf("notes %q", res.Notes)
	}
}
