package extract

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ledongthuc/pdf"
)

// How a scanned page is read. A page that is one full-page image (what
// scanners and img2pdf write) is OCR'd from that image at its own
// resolution: pdfimages writes it out unchanged in pixels and tesseract is
// told its ppi. Re-rendering it at 300 dpi (pdftoppm) resamples the scan,
// which cost accuracy on the corpus scans (a "Đ" read as "ĐÐ", a short "i"
// as "ị") and three times the time. Other pages are rendered.
const (
	// renderDPI is the resolution of pages rendered by pdftoppm.
	renderDPI = 300
	// minNativePPI: below it the scan is upsampled by rendering instead
	// (a corpus scan downsampled to 100 ppi read better rendered at 300
	// dpi; at 120 ppi and above the embedded image read as well or better).
	minNativePPI = 120
	// maxNativePPI: above it rendering at 300 dpi is faster and reads as
	// well (tesseract's time grows with the pixel count).
	maxNativePPI = 400
	// maxNativePixels bounds the image written to disk by pdfimages.
	maxNativePixels = 40_000_000
	// minCoverage is the share of the page box an image must cover to be
	// the page.
	minCoverage = 0.9
)

// DefaultMessageOCRTime is the OCR time one message may use in total when
// the caller shares an OCRBudget between its attachments (derive does):
// well under the read job's 10-minute timeout, so that a message full of
// photos or scans ends with what was read and the rest flagged for a
// person, instead of timing out and being retried.
const DefaultMessageOCRTime = 3 * time.Minute

// OCRBudget bounds the time spent running OCR across several Extract
// calls, typically the attachments (and ZIP members) of one message. It is
// safe for concurrent use. Each page or image is OCR'd only while time is
// left, and is cut off when the budget runs out.
type OCRBudget struct {
	mu   sync.Mutex
	left time.Duration
}

// NewOCRBudget returns a budget of total OCR time.
func NewOCRBudget(total time.Duration) *OCRBudget { return &OCRBudget{left: total} }

// Left returns the OCR time left.
func (b *OCRBudget) Left() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(b.left, 0)
}

// step starts one OCR step: it returns a context cut off when the budget
// runs out and a function that charges the time spent; ok is false when
// no time is left. A nil budget never runs out.
func (b *OCRBudget) step(ctx context.Context) (sctx context.Context, done func(), ok bool) {
	if b == nil {
		return ctx, func() {}, true
	}
	left := b.Left()
	if left <= 0 {
		return ctx, nil, false
	}
	sctx, cancel := context.WithTimeout(ctx, left)
	start := time.Now()
	return sctx, func() {
		cancel()
		b.mu.Lock()
		b.left -= time.Since(start)
		b.mu.Unlock()
	}, true
}

// humanOCRBudget is the reason given when the message's OCR time ran out.
const humanOCRBudget = "đã hết thời gian dành cho nhận dạng ký tự (OCR) của thư này: cần người đọc"

// errOCRBudget reports that the OCR budget ran out.
var errOCRBudget = errors.New("OCR time budget of the message exhausted")

// drawnImage is one image drawn on a page: its pixel size and the CTM
// that maps its unit square onto the page (§8.9.4).
type drawnImage struct {
	w, h    int
	ctm     matrix
	stencil bool // an image mask (§8.9.6.2): its colour comes from the fill
	smask   bool // a soft mask or mask: poppler writes a second file
}

// pageScan is what one page draws, recorded by the content interpreter
// for choosing how OCR reads the page.
type pageScan struct {
	box    [4]float64 // visible page (CropBox within MediaBox), user space
	boxOK  bool
	rotate int     // /Rotate, 0, 90, 180 or 270
	unit   float64 // UserUnit (§14.11.2): 1/72 inch times this
	images int     // images drawn (XObjects and inline)
	glyphs int     // glyphs shown
	img    drawnImage
}

// newPageScan reads a page's geometry (§7.7.3.3, §14.11.2).
func newPageScan(page pdf.Value, in inherited) pageScan {
	s := pageScan{unit: 1}
	media, okM := rect(in.mediaBox)
	if okM {
		s.box, s.boxOK = media, true
		if crop, ok := rect(in.cropBox); ok {
			if c, ok := intersect(crop, media); ok {
				s.box = c
			}
		}
	}
	s.rotate = int(((in.rotate.Int64() % 360) + 360) % 360)
	if u := page.Key("UserUnit").Float64(); u > 0 && u < 1e5 {
		s.unit = u
	}
	return s
}

// rect reads a rectangle array [x1 y1 x2 y2] (§7.9.5), normalised.
func rect(v pdf.Value) ([4]float64, bool) {
	var r [4]float64
	if v.Kind() != pdf.Array || v.Len() != 4 {
		return r, false
	}
	for i := range r {
		e := v.Index(i)
		if e.Kind() != pdf.Integer && e.Kind() != pdf.Real {
			return r, false
		}
		r[i] = e.Float64()
		if math.IsNaN(r[i]) || math.IsInf(r[i], 0) {
			return r, false
		}
	}
	r = [4]float64{min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3])}
	return r, r[2]-r[0] > 0 && r[3]-r[1] > 0
}

func intersect(a, b [4]float64) ([4]float64, bool) {
	r := [4]float64{max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])}
	return r, r[2]-r[0] > 0 && r[3]-r[1] > 0
}

func area(r [4]float64) float64 { return (r[2] - r[0]) * (r[3] - r[1]) }

// drawImage records an image drawn on the page; s may be nil (pages past
// Options.MaxOCRPages are not recorded).
func (s *pageScan) drawImage(img drawnImage) {
	if s == nil {
		return
	}
	s.images++
	if s.images == 1 {
		s.img = img
	}
}

// How a page is OCR'd.
const (
	planRender = iota // pdftoppm at renderDPI, then tesseract
	planNative        // pdfimages, then tesseract --dpi ppi
	planTiny          // a full-page image too small to read: no OCR
)

// pagePlan is how one page is OCR'd.
type pagePlan struct {
	how  int
	ppi  int
	w, h int // the image's pixel size (planNative, planTiny)
}

// plan decides how to OCR the page: its embedded image when the page is
// one upright image covering it, with no text, at a resolution tesseract
// reads well; nothing when that image is tiny (Options.TinyImagePixels);
// a 300 dpi rendering otherwise.
func (s *pageScan) plan(tiny int) pagePlan {
	render := pagePlan{how: planRender, ppi: renderDPI}
	if s == nil || s.images != 1 || s.glyphs > 0 || !s.boxOK {
		return render
	}
	img := s.img
	m := img.ctm
	// The image's unit square on the page: bounding box of its corners.
	x0, y0 := m.apply(0, 0)
	bb := [4]float64{x0, y0, x0, y0}
	for _, c := range [][2]float64{{1, 0}, {0, 1}, {1, 1}} {
		x, y := m.apply(c[0], c[1])
		bb = [4]float64{min(bb[0], x), min(bb[1], y), max(bb[2], x), max(bb[3], y)}
	}
	in, ok := intersect(bb, s.box)
	if !ok || area(in) < minCoverage*area(s.box) {
		return render // not a full-page image: other content may be drawn
	}
	if img.w < tiny || img.h < tiny {
		return pagePlan{how: planTiny, w: img.w, h: img.h}
	}
	eps := 1e-3 * max(math.Abs(m[0]), math.Abs(m[3]))
	upright := m[0] > 0 && m[3] > 0 && math.Abs(m[1]) <= eps && math.Abs(m[2]) <= eps
	if !upright || s.rotate != 0 || img.stencil || img.smask || img.w <= 0 || img.h <= 0 ||
		float64(img.w)*float64(img.h) > maxNativePixels {
		return render // poppler writes the pixels unrotated and unmasked
	}
	// Resolution: pixels over the size the image is drawn at, in inches
	// (the page size, for a full-page scan).
	px := float64(img.w) / (m[0] * s.unit / 72)
	py := float64(img.h) / (m[3] * s.unit / 72)
	if math.Abs(px-py) > 0.05*max(px, py) {
		return render // non-square pixels: tesseract takes one resolution
	}
	ppi := int(math.Round((px + py) / 2))
	if ppi < minNativePPI || ppi > maxNativePPI {
		return render
	}
	return pagePlan{how: planNative, ppi: ppi, w: img.w, h: img.h}
}

// ocrOutcome is the result of OCR over a PDF's pages.
type ocrOutcome struct {
	text      string
	pages     int      // pages done (read, or passed over as tiny)
	native    int      // pages read from their embedded image
	rendered  int      // pages read from a rendering
	tiny      []string // notes on pages passed over as tiny
	budgetOut bool     // the message's OCR budget ran out
}

// ocrPDF reads the pages of a scanned PDF with tesseract's Vietnamese
// model, up to Options.MaxOCRPages, each as pagePlan decides. It stops
// early, with the pages done so far, when the time left before ctx's
// deadline would not fit another page or the OCR budget runs out.
func ocrPDF(ctx context.Context, o *Options, data []byte, pageCount int, scans []pageScan) (ocrOutcome, error) {
	var out ocrOutcome
	var text strings.Builder
	if pageCount <= 0 || pageCount > o.MaxOCRPages {
		pageCount = o.MaxOCRPages
	}
	err := withTempFile("in.pdf", data, func(dir, file string) error {
		var slowest time.Duration
		for p := 1; p <= pageCount; p++ {
			if dl, ok := ctx.Deadline(); ok && out.pages > 0 && time.Until(dl) < slowest*3/2 {
				break // no time for another page: keep what we have
			}
			var scan *pageScan
			if p <= len(scans) {
				scan = &scans[p-1]
			}
			pl := scan.plan(o.TinyImagePixels)
			if pl.how == planTiny {
				out.tiny = append(out.tiny, fmt.Sprintf("Trang %d: ảnh quét quá nhỏ (%d×%d điểm ảnh), không nhận dạng ký tự.", p, pl.w, pl.h))
				if out.pages > 0 {
					text.WriteString("\f")
				}
				out.pages++
				continue
			}
			sctx, done, ok := o.OCRBudget.step(ctx)
			if !ok {
				out.budgetOut = true
				break
			}
			start := time.Now()
			txt, how, err := ocrPage(sctx, o, dir, file, p, pl)
			done()
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if sctx.Err() != nil {
					out.budgetOut = true
					break
				}
				if out.pages > 0 && how == planRender {
					break // past the last page
				}
				return err
			}
			if out.pages > 0 {
				text.WriteString("\f")
			}
			text.Write(txt)
			out.pages++
			if how == planNative {
				out.native++
			} else {
				out.rendered++
			}
			if d := time.Since(start); d > slowest {
				slowest = d
			}
		}
		if out.pages == 0 && !out.budgetOut {
			return errors.New("pdftoppm rendered no page")
		}
		return nil
	})
	out.text = text.String()
	return out, err
}

// ocrPage OCRs page p as planned: from its embedded image, falling back
// to a rendering when poppler does not write the one image expected. It
// returns how the page was read.
func ocrPage(ctx context.Context, o *Options, dir, file string, p int, pl pagePlan) ([]byte, int, error) {
	if pl.how == planNative && o.Tools.Pdfimages != "" {
		txt, err := ocrEmbedded(ctx, o, dir, file, p, pl)
		if err == nil {
			return txt, planNative, nil
		}
		if ctx.Err() != nil {
			return nil, planNative, ctx.Err()
		}
		// Fall through: render the page instead.
	}
	n := strconv.Itoa(p)
	prefix := filepath.Join(dir, "p"+n)
	args := []string{"-r", strconv.Itoa(renderDPI), "-gray", "-png", "-singlefile", "-f", n, "-l", n, file, prefix}
	if _, _, err := runTool(ctx, o.Tools.Pdftoppm, args, nil, 1<<16); err != nil {
		return nil, planRender, err
	}
	defer os.Remove(prefix + ".png")
	out, _, err := runTool(ctx, o.Tools.Tesseract, []string{prefix + ".png", "stdout", "-l", "vie", "--dpi", strconv.Itoa(renderDPI)}, nil, o.MaxOutputChars*4)
	return out, planRender, err
}

// ocrEmbedded writes page p's image with pdfimages (PNG: poppler applies
// the colour space and /Decode) and reads it with tesseract at the
// image's own resolution. The file written must be the one image of the
// planned size, else the page numbering or the image is not what our
// reader saw and the caller renders the page instead.
func ocrEmbedded(ctx context.Context, o *Options, dir, file string, p int, pl pagePlan) ([]byte, error) {
	n := strconv.Itoa(p)
	sub := filepath.Join(dir, "i"+n)
	if err := os.Mkdir(sub, 0o700); err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(sub)
	if _, _, err := runTool(ctx, o.Tools.Pdfimages, []string{"-png", "-f", n, "-l", n, file, filepath.Join(sub, "img")}, nil, 1<<16); err != nil {
		return nil, err
	}
	files, err := os.ReadDir(sub)
	if err != nil {
		return nil, err
	}
	if len(files) != 1 || !strings.HasSuffix(files[0].Name(), ".png") {
		return nil, fmt.Errorf("pdfimages wrote %d files for page %d, want one PNG", len(files), p)
	}
	img := filepath.Join(sub, files[0].Name())
	f, err := os.Open(img)
	if err != nil {
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("pdfimages output: %w", err)
	}
	if cfg.Width != pl.w || cfg.Height != pl.h {
		return nil, fmt.Errorf("page %d image is %d×%d, want %d×%d", p, cfg.Width, cfg.Height, pl.w, pl.h)
	}
	out, _, err := runTool(ctx, o.Tools.Tesseract, []string{img, "stdout", "-l", "vie", "--dpi", strconv.Itoa(pl.ppi)}, nil, o.MaxOutputChars*4)
	return out, err
}

// ocrImage reads an image file with tesseract (stdin input) within the
// OCR budget.
func ocrImage(ctx context.Context, o *Options, data []byte) (string, error) {
	sctx, done, ok := o.OCRBudget.step(ctx)
	if !ok {
		return "", errOCRBudget
	}
	out, _, err := runTool(sctx, o.Tools.Tesseract, []string{"stdin", "stdout", "-l", "vie"}, data, o.MaxOutputChars*4)
	done()
	if err != nil && ctx.Err() == nil && sctx.Err() != nil {
		return "", errOCRBudget
	}
	return string(out), err
}

// skipped is the number of pages passed over as tiny.
func (oc *ocrOutcome) skipped() int { return len(oc.tiny) }

// report adds to res what people should know of the OCR: pages left
// unread (page cap, the message's OCR budget) and tiny pages.
func (oc *ocrOutcome) report(res *Result) {
	res.Notes = append(res.Notes, oc.tiny...)
	if oc.pages < res.Pages {
		res.Truncated = true
		if oc.budgetOut {
			res.Notes = append(res.Notes, fmt.Sprintf("Đã hết thời gian dành cho nhận dạng ký tự (OCR) của thư này: chỉ nhận dạng %d/%d trang đầu.", oc.pages, res.Pages))
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("Chỉ nhận dạng %d/%d trang đầu.", oc.pages, res.Pages))
		}
	}
}
