package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// pdfDoc is the state of one PDF text extraction.
type pdfDoc struct {
	opts          *Options
	fonts         map[fontKey]*pdfFont
	out           textBuilder
	images        ImageStats
	usedToUnicode bool
	contentBytes  int64
	fallback      *pdfFont
	loopInTree    bool
	badPages      int
	scans         []pageScan
}

type fontKey struct {
	obj  uint64
	name string
}

// font returns the decoder for a font resource, cached per document.
func (d *pdfDoc) font(res pdf.Value, name string) *pdfFont {
	fv := res.Key("Font").Key(name)
	k, ok := objKey(fv)
	key := fontKey{obj: k, name: name}
	if ok {
		if f, hit := d.fonts[key]; hit {
			return f
		}
	}
	var f *pdfFont
	if fv.Kind() != pdf.Dict {
		f = d.fallbackFont()
	} else {
		f = loadFont(fv, d.opts)
	}
	if ok && len(d.fonts) < 10000 {
		d.fonts[key] = f
	}
	return f
}

// fallbackFont decodes bytes as WinAnsi when a font is missing.
func (d *pdfDoc) fallbackFont() *pdfFont {
	if d.fallback == nil {
		d.fallback = &pdfFont{}
		d.fallback.loadSimple(pdf.Value{}, "")
	}
	return d.fallback
}

// readContent reads a content stream or an array of them (§7.8.2),
// within the per-page and per-document caps.
func (d *pdfDoc) readContent(v pdf.Value) ([]byte, error) {
	var parts []pdf.Value
	switch v.Kind() {
	case pdf.Stream:
		parts = []pdf.Value{v}
	case pdf.Array:
		for i := 0; i < v.Len() && i < 10000; i++ {
			parts = append(parts, v.Index(i))
		}
	}
	var out []byte
	for _, p := range parts {
		budget := int64(maxPageContent) - int64(len(out))
		if rest := maxDocContent - d.contentBytes; rest < budget {
			budget = rest
		}
		if budget <= 0 {
			break
		}
		b, err := readStream(p, budget)
		if err != nil {
			continue // a broken part: keep the others
		}
		d.contentBytes += int64(len(b))
		out = append(out, b...)
		out = append(out, '\n') // parts split at token boundaries
	}
	return out, nil
}

// inherited holds the page attributes that a Pages node passes down to
// its kids unless they set their own (§7.7.3.4).
type inherited struct {
	res, mediaBox, cropBox, rotate pdf.Value
}

// walkPages visits the leaves of the page tree in order (§7.7.3.2),
// passing inherited attributes. Pages nodes already seen are skipped, so a
// /Kids that contains its own ancestor ends at once, and depth is capped.
// The library's own Reader.Page loops forever on such a tree (poppler
// reports "Loop in Pages tree"); NewReader does not walk the tree, so
// walking it ourselves, without Reader.Page or NumPage, is enough.
func (d *pdfDoc) walkPages(node pdf.Value, in inherited, depth int, seen map[uint64]bool, visit func(page pdf.Value, in inherited) bool) bool {
	if depth > 64 {
		d.loopInTree = true
		return true
	}
	if r := node.Key("Resources"); r.Kind() == pdf.Dict {
		in.res = r
	}
	if b := node.Key("MediaBox"); b.Kind() == pdf.Array {
		in.mediaBox = b
	}
	if b := node.Key("CropBox"); b.Kind() == pdf.Array {
		in.cropBox = b
	}
	if r := node.Key("Rotate"); r.Kind() == pdf.Integer {
		in.rotate = r
	}
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Pages" || kids.Kind() == pdf.Array {
		if k, ok := objKey(node); ok {
			if seen[k] {
				d.loopInTree = true
				return true
			}
			seen[k] = true
		}
		n := kids.Len()
		for i := 0; i < n; i++ {
			if !d.walkPages(kids.Index(i), in, depth+1, seen, visit) {
				return false
			}
		}
		return true
	}
	if node.Kind() != pdf.Dict {
		return true
	}
	return visit(node, in)
}

// pdfText is the outcome of our own text layer.
type pdfText struct {
	text          string
	pages         int
	usedToUnicode bool
	truncated     bool
	loopInTree    bool
	badPages      int
	images        ImageStats
	scans         []pageScan // the first Options.MaxOCRPages pages
}

// pdfTextLayer extracts text with our own text layer on the library's
// object reader.
func pdfTextLayer(ctx context.Context, data []byte, o *Options) (pt pdfText, err error) {
	defer o.recoverPanic(&err)
	r, err := openPDF(ctx, data)
	if err != nil {
		return pt, err
	}
	d := &pdfDoc{opts: o, fonts: make(map[fontKey]*pdfFont)}
	d.out.max = o.MaxOutputChars
	root := r.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return pt, errors.New("no page tree")
	}
	pageNo := 0
	var pageErr error
	seen := make(map[uint64]bool)
	d.walkPages(root, inherited{}, 0, seen, func(page pdf.Value, in inherited) bool {
		if pageNo >= o.MaxPages {
			d.out.truncated = true
			return false
		}
		if err := ctx.Err(); err != nil {
			pageErr = err
			return false
		}
		pageNo++
		var scan *pageScan
		if pageNo <= o.MaxOCRPages {
			// What the page draws decides how OCR reads it (ocr.go).
			d.scans = append(d.scans, newPageScan(page, in))
			scan = &d.scans[len(d.scans)-1]
		}
		if err := d.page(ctx, pageNo, page, in.res, scan); err != nil {
			if ctx.Err() != nil {
				pageErr = ctx.Err()
				return false
			}
			d.badPages++ // one bad page does not lose the document
		}
		d.out.pageBreak()
		return !d.out.full()
	})
	if pageErr != nil {
		return pt, pageErr
	}
	pt = pdfText{
		text:          d.out.sb.String(),
		pages:         pageNo,
		usedToUnicode: d.usedToUnicode,
		truncated:     d.out.truncated,
		loopInTree:    d.loopInTree,
		badPages:      d.badPages,
		images:        d.images,
		scans:         d.scans,
	}
	return pt, nil
}

func (d *pdfDoc) page(ctx context.Context, n int, page, res pdf.Value, scan *pageScan) (err error) {
	defer d.opts.recoverPanic(&err)
	content, err := d.readContent(page.Key("Contents"))
	if err != nil || len(content) == 0 {
		return err
	}
	pc := &pageCtx{doc: d, page: n, scan: scan}
	gs := gstate{ctm: identity, scale: 1}
	return pc.interpret(ctx, content, res, gs, 0, make(map[uint64]bool))
}

// extractPDF fills res from a PDF: our text layer first; pdftotext when
// that fails, is garbled or empty; OCR for scans without a text layer.
func extractPDF(ctx context.Context, data []byte, o *Options, res *Result) error {
	pt, err := pdfTextLayer(ctx, data, o)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil && pt.pages == 0 {
		err = errNoPages
	}
	res.Images = pt.images
	res.Pages = pt.pages
	res.Truncated = pt.truncated
	if pt.badPages > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d trang của PDF bị hỏng, không đọc được nội dung.", pt.badPages))
	}
	if pt.loopInTree {
		res.Notes = append(res.Notes, "Cây trang của PDF tự tham chiếu (lỗi cấu trúc); đã bỏ qua phần lặp.")
	}
	q := assess(pt.text)
	if err == nil && !q.garbled && q.letters > 0 {
		useTextLayer(res, pt)
		return nil
	}
	// Fallback: poppler.
	if o.Tools.Pdftotext != "" {
		if done, ferr := pdftotextFallback(ctx, data, o, res, err); done {
			return ferr
		}
	}
	if err != nil {
		return fail("PDF unreadable", pdfErrVi(err), err)
	}
	if q.letters > 0 {
		return garbledPDF(ctx, data, o, res, pt)
	}
	return scannedPDF(ctx, data, o, res, pt)
}

// useTextLayer takes the text of our own text layer.
func useTextLayer(res *Result, pt pdfText) {
	res.Text = pt.text
	res.Method = MethodPDF
	if pt.usedToUnicode {
		res.Method = MethodPDFToUnicode
	}
}

// canOCR tells whether scanned pages can be read; pdfimages is optional:
// without it every page is rendered.
func (o *Options) canOCR() bool {
	return o.Tools.Pdftoppm != "" && o.Tools.Tesseract != ""
}

// pdftotextFallback asks poppler's pdftotext when our text layer failed
// (layerErr), is garbled or empty. done tells whether res is settled (with
// the error to return); otherwise the caller goes on.
func pdftotextFallback(ctx context.Context, data []byte, o *Options, res *Result, layerErr error) (done bool, err error) {
	txt, perr := runPdftotext(ctx, o.Tools.Pdftotext, data, o)
	if perr != nil {
		if layerErr != nil {
			return true, fail("PDF unreadable by both the built-in reader and pdftotext",
				pdfErrVi(layerErr), errors.Join(layerErr, perr))
		}
		return false, nil
	}
	pq := assess(txt)
	if pq.letters > 0 && !pq.garbled {
		res.Text = txt
		res.Method = MethodPdftotext
		if res.Pages == 0 {
			res.Pages = countPages(txt)
		}
		return true, nil
	}
	if pq.letters > 0 && layerErr != nil {
		// Our layer failed outright: poppler's text, flagged.
		res.Text, res.Method, res.Garbled = txt, MethodPdftotext, true
		res.needsHuman("văn bản trích xuất có ký tự lỗi phông chữ: cần người đọc lại")
		return true, nil
	}
	return false, nil
}

// garbledPDF handles a text layer that is garbled where pdftotext did no
// better: the glyphs still render right, so OCR reads them when available;
// else the garbled text, flagged for a person.
func garbledPDF(ctx context.Context, data []byte, o *Options, res *Result, pt pdfText) error {
	if o.canOCR() {
		oc, oerr := ocrPDF(ctx, o, data, res.Pages, pt.scans)
		if oerr == nil && assess(oc.text).letters > 0 && !assess(oc.text).garbled {
			res.Text, res.Method = oc.text, MethodOCR
			res.Notes = append(res.Notes, "Lớp văn bản của PDF bị lỗi phông chữ; đã dùng nhận dạng ký tự (OCR), có thể có lỗi.")
			oc.report(res)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	useTextLayer(res, pt)
	res.Garbled = true
	res.needsHuman("văn bản trích xuất có ký tự lỗi phông chữ: cần người đọc lại")
	return nil
}

// scannedPDF handles a PDF without a text layer: a scan, read by OCR when
// the tools are there, else left to a person.
func scannedPDF(ctx context.Context, data []byte, o *Options, res *Result, pt pdfText) error {
	if !o.canOCR() {
		res.needsHuman("PDF dạng ảnh quét, không có lớp văn bản và không có công cụ OCR: cần người đọc")
		return nil
	}
	oc, oerr := ocrPDF(ctx, o, data, res.Pages, pt.scans)
	if oerr != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res.needsHuman("PDF dạng ảnh quét, nhận dạng ký tự (OCR) không thành công: cần người đọc")
		return fail("OCR of scanned PDF failed", "nhận dạng ký tự (OCR) thất bại", oerr)
	}
	if oc.pages == oc.skipped() && oc.budgetOut {
		res.needsHuman(humanOCRBudget) // not a page read: nothing to report as OCR
		res.Notes = append(res.Notes, oc.tiny...)
		return nil
	}
	res.Text, res.Method = oc.text, MethodOCR
	res.Notes = append(res.Notes, "Văn bản lấy bằng nhận dạng ký tự (OCR) từ ảnh quét, có thể có lỗi.")
	oc.report(res)
	switch {
	case assess(oc.text).letters > 0:
	case oc.pages == oc.skipped():
		res.needsHuman("PDF chỉ có ảnh quét quá nhỏ, không nhận dạng được chữ: cần người kiểm tra")
	default:
		res.needsHuman("PDF dạng ảnh quét, OCR không nhận ra chữ: cần người đọc")
	}
	return nil
}

var errNoPages = errors.New("no readable page in the page tree")

// pdfErrVi explains a PDF reading error to a person.
func pdfErrVi(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "missing %%EOF"), strings.Contains(msg, "missing final startxref"):
		return "tệp PDF bị cắt cụt (thiếu phần cuối tệp), không đọc được"
	case strings.Contains(msg, "not a PDF file"):
		return "tệp không phải PDF hợp lệ"
	case strings.Contains(msg, "encrypt"), strings.Contains(msg, "password"):
		return "tệp PDF được mã hóa hoặc đặt mật khẩu, không đọc được"
	case errors.Is(err, errNoPages):
		return "tệp PDF không có trang nào đọc được"
	case errors.Is(err, errPreScan):
		return "tệp PDF có bảng tham chiếu (xref) sai cấu trúc, không đọc được"
	}
	return "tệp PDF hỏng hoặc không đúng định dạng, không đọc được"
}

func countPages(txt string) int {
	n := 0
	for i := 0; i < len(txt); i++ {
		if txt[i] == '\f' {
			n++
		}
	}
	return n
}
