package extract

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Method names reported in Result.Method.
const (
	MethodPDF          = "pdf"           // own text layer, simple font encodings only
	MethodPDFToUnicode = "pdf-tounicode" // own text layer using ToUnicode CMaps
	MethodPdftotext    = "pdftotext"     // poppler's pdftotext (fallback)
	MethodDOCX         = "docx"
	MethodODT          = "odt"
	MethodDOC          = "doc" // legacy Word through antiword or catdoc
	MethodText         = "text"
	MethodHTML         = "html"
	MethodOCR          = "ocr-tesseract"
	MethodZIP          = "zip"
	MethodNone         = "none"
)

// Input is one attachment to extract text from.
type Input struct {
	// Filename is the attachment's file name as sent (used in messages and
	// as a format hint).
	Filename string
	// ContentType is the declared MIME type, possibly with parameters
	// (charset); it is a hint only, the content is sniffed first.
	ContentType string
	// Data is the decoded attachment body.
	Data []byte
}

// Options bounds one extraction. The zero value selects the defaults.
type Options struct {
	// Timeout bounds the whole call, including ZIP members and external
	// tools. Default 2 minutes.
	Timeout time.Duration
	// MaxInputBytes rejects larger inputs. Default 40 MiB.
	MaxInputBytes int
	// MaxOutputChars truncates the text (in characters). Default 2,000,000.
	MaxOutputChars int
	// MaxPages stops PDF extraction after this many pages. Default 1000.
	MaxPages int
	// MaxOCRPages bounds pages sent to tesseract. Default 10.
	MaxOCRPages int
	// OCRBudget, when set, bounds the OCR time of every Extract call that
	// shares it (derive shares one between the attachments of a message);
	// pages and images left when it runs out are flagged for a person.
	OCRBudget *OCRBudget
	// MaxZipMembers, MaxZipTotal (bytes, uncompressed) and MaxZipRatio
	// (uncompressed/compressed per member) guard against zip bombs, for
	// ZIP, DOCX and ODT alike. Defaults 500, 200 MiB, 200.
	MaxZipMembers int
	MaxZipTotal   int64
	MaxZipRatio   int64
	// MaxDepth bounds nesting of archives in archives. Default 2.
	MaxDepth int
	// TinyImagePixels: an image whose width or height is below this is
	// reported in Result.Images.Tiny (Điều 14 khoản 5: image quality) and
	// not OCR'd (an image file, or a scanned page that is one such image).
	// Default 300.
	TinyImagePixels int
	// Tools names the external programs to use. Nil looks them up on PATH
	// when a format needs one (that runs `tesseract --list-langs`: pass
	// the result of LookupTools when extracting many files); a non-nil
	// empty Tools disables them all.
	Tools *Tools

	// panicHook receives the stack of every recovered panic (tests and
	// fuzzing only: production recovers silently).
	panicHook func(stack []byte)
}

func (o Options) withDefaults() Options {
	orDefault(&o.Timeout, 2*time.Minute)
	orDefault(&o.MaxInputBytes, 40<<20)
	orDefault(&o.MaxOutputChars, 2_000_000)
	orDefault(&o.MaxPages, 1000)
	orDefault(&o.MaxOCRPages, 10)
	orDefault(&o.MaxZipMembers, 500)
	orDefault(&o.MaxZipTotal, 200<<20)
	orDefault(&o.MaxZipRatio, 200)
	orDefault(&o.MaxDepth, 2)
	orDefault(&o.TinyImagePixels, 300)
	return o
}

// orDefault sets a limit left unset (zero or negative) to its default.
func orDefault[T ~int | ~int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// ImageSize is the pixel size of one image; Page is 0 outside PDFs.
type ImageSize struct {
	Width, Height int
	Page          int
}

// ImageStats summarises the images of an attachment for quality
// screening (Điều 14 khoản 5).
type ImageStats struct {
	// Count is the number of images (PDF image XObjects and inline images,
	// or 1 for an image file).
	Count int
	// Tiny lists images smaller than Options.TinyImagePixels on a side
	// (at most 50 entries).
	Tiny []ImageSize
}

const maxTinyListed = 50

func (s *ImageStats) add(w, h, page, tiny int) {
	s.Count++
	if (w < tiny || h < tiny) && len(s.Tiny) < maxTinyListed {
		s.Tiny = append(s.Tiny, ImageSize{Width: w, Height: h, Page: page})
	}
}

// Result is the outcome of one extraction. Extract never panics; problems
// are reported in Err/ErrText, NeedsHuman and Garbled.
type Result struct {
	// Filename echoes Input.Filename (ZIP members: the member path).
	Filename string
	// Text is the extracted text, NFC-normalised.
	Text string
	// Method is how Text was obtained (one of the Method constants).
	Method string
	// Pages is the page count for paged formats (PDF, OCR'd pages).
	Pages int
	// Garbled reports text that looks like broken font decoding (control
	// characters, U+FFFD, letters foreign to Vietnamese).
	Garbled bool
	// NeedsHuman reports that a person must read the attachment (a scan
	// without OCR, legacy .doc without tools, unreadable text);
	// HumanReason says why, in Vietnamese.
	NeedsHuman  bool
	HumanReason string
	// Truncated reports that a cap (characters, pages, ZIP members) cut
	// the output short.
	Truncated bool
	// Err is the failure cause for programs (English, names the file);
	// ErrText is the same for people (Vietnamese). Neither contains
	// document text.
	Err     error `json:"-"`
	ErrText string
	// Notes are remarks for people (Vietnamese), e.g. that OCR was used.
	Notes []string
	// Members lists a ZIP archive's entries, each extracted.
	Members []Result
	// Images summarises images for quality screening.
	Images ImageStats
	// Elapsed is the wall time of the call.
	Elapsed time.Duration
}

// Extract extracts the text of one attachment. It never panics, honours
// ctx and Options.Timeout, and bounds input, output, pages and archives.
func Extract(ctx context.Context, in Input, opts Options) Result {
	start := time.Now()
	opts = opts.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	res := extractAt(ctx, in, &opts, 0)
	res.Elapsed = time.Since(start)
	return res
}

// failure describes an extraction error in English (for Err) and
// Vietnamese (for ErrText).
type failure struct {
	en, vi string
	cause  error
}

func (f *failure) Error() string {
	if f.cause != nil {
		return f.en + ": " + sanitize(f.cause.Error())
	}
	return f.en
}

func (f *failure) Unwrap() error { return f.cause }

// ErrTimeout is wrapped by Result.Err when the time budget ran out.
var ErrTimeout = errors.New("extraction timed out")

// ErrTooLarge is wrapped by Result.Err when a size cap rejected the input.
var ErrTooLarge = errors.New("input exceeds size cap")

func fail(en, vi string, cause error) *failure { return &failure{en: en, vi: vi, cause: cause} }

func (r *Result) setErr(err error) {
	if err == nil {
		return
	}
	name := r.Filename
	if name == "" {
		name = "(không tên)"
	}
	var f *failure
	if errors.As(err, &f) {
		r.Err = fmt.Errorf("extract %q: %w", name, f)
		r.ErrText = fmt.Sprintf("Tệp %q: %s.", name, f.vi)
		return
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTimeout) {
		r.Err = fmt.Errorf("extract %q: %w", name, ErrTimeout)
		r.ErrText = fmt.Sprintf("Tệp %q: quá thời gian xử lý, chưa trích xuất xong.", name)
		return
	}
	if errors.Is(err, context.Canceled) {
		r.Err = fmt.Errorf("extract %q: %w", name, err)
		r.ErrText = fmt.Sprintf("Tệp %q: việc trích xuất đã bị hủy.", name)
		return
	}
	r.Err = fmt.Errorf("extract %q: %s", name, sanitize(err.Error()))
	r.ErrText = fmt.Sprintf("Tệp %q: lỗi khi đọc nội dung tệp.", name)
}

func (r *Result) needsHuman(reason string) {
	r.NeedsHuman = true
	if r.HumanReason == "" {
		r.HumanReason = reason
	}
}

// extractAt dispatches on the sniffed kind; depth counts archive nesting.
func extractAt(ctx context.Context, in Input, o *Options, depth int) Result {
	res := Result{Filename: in.Filename, Method: MethodNone}
	if len(in.Data) > o.MaxInputBytes {
		res.setErr(fail(fmt.Sprintf("%d bytes exceed the %d-byte cap", len(in.Data), o.MaxInputBytes),
			fmt.Sprintf("tệp quá lớn (%d byte, giới hạn %d byte)", len(in.Data), o.MaxInputBytes), ErrTooLarge))
		res.needsHuman("tệp quá lớn để trích xuất tự động: cần người đọc")
		return res
	}
	if err := ctx.Err(); err != nil {
		res.setErr(err)
		return res
	}
	if len(in.Data) == 0 {
		res.setErr(fail("empty file", "tệp rỗng (0 byte)", nil))
		res.needsHuman("tệp đính kèm rỗng: cần người kiểm tra")
		return res
	}
	k := sniff(in)
	if o.Tools == nil && (k == kindPDF || k == kindDOC || k == kindImage) {
		t := LookupTools() // before guard: the workers only read o.Tools
		o.Tools = &t
	}
	var err error
	switch k {
	case kindPDF:
		err = guard(ctx, o, func(ctx context.Context) error { return extractPDF(ctx, in.Data, o, &res) })
	case kindDOCX:
		err = guard(ctx, o, func(ctx context.Context) error { return extractDOCX(ctx, in.Data, o, &res) })
	case kindODT:
		err = guard(ctx, o, func(ctx context.Context) error { return extractODT(ctx, in.Data, o, &res) })
	case kindZIP:
		err = guard(ctx, o, func(ctx context.Context) error { return extractZIP(ctx, in.Data, o, depth, &res) })
	case kindDOC:
		err = guard(ctx, o, func(ctx context.Context) error { return extractDOC(ctx, in.Data, o, &res) })
	case kindImage:
		err = guard(ctx, o, func(ctx context.Context) error { return extractImage(ctx, in.Data, o, &res) })
	case kindHTML:
		err = guard(ctx, o, func(ctx context.Context) error { return extractHTML(in.Data, in.ContentType, o, &res) })
	case kindText:
		err = guard(ctx, o, func(ctx context.Context) error { return extractPlain(in.Data, in.ContentType, o, &res) })
	case kindOLEOther:
		res.needsHuman("tệp Office cũ (Excel/PowerPoint) không trích xuất tự động: cần người đọc")
	case kindTNEF:
		res.needsHuman("tệp winmail.dat (Outlook TNEF) chưa được tách tệp đính kèm: cần người đọc")
	case kindArchiveOther:
		res.needsHuman("định dạng nén (RAR/7z) không hỗ trợ: cần người đọc")
	default:
		res.needsHuman("định dạng tệp không hỗ trợ trích xuất văn bản: cần người đọc")
	}
	res.setErr(err)
	if err != nil {
		// An attachment that could not be read is read by a person
		// (Điều 14 khoản 5: the quality of what was sent is checked).
		res.needsHuman(humanReason(err))
	}
	res.Text = finishText(res.Text, o.MaxOutputChars, &res)
	return res
}

// humanReason is the Vietnamese reason a person must read a file that
// failed with err.
func humanReason(err error) string {
	var f *failure
	switch {
	case errors.As(err, &f):
		return f.vi + ": cần người đọc"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrTimeout):
		return "quá thời gian xử lý, chưa trích xuất xong: cần người đọc"
	case errors.Is(err, context.Canceled):
		return "việc trích xuất bị hủy, chưa đọc được: cần người đọc"
	}
	return "lỗi khi đọc nội dung tệp: cần người đọc"
}

// finishText NFC-normalises text, trims trailing blanks of lines and caps
// its length in characters.
func finishText(s string, max int, r *Result) string {
	if s == "" {
		return s
	}
	s = norm.NFC.String(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = strings.TrimSpace(strings.Join(lines, "\n"))
	if n := 0; len(s) > max { // byte length bounds rune count from above
		for i := range s {
			if n == max {
				r.Truncated = true
				return s[:i]
			}
			n++
		}
	}
	return s
}

// ext returns the lower-case extension of a file name without the dot.
func ext(name string) string {
	return strings.TrimPrefix(strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/"))), ".")
}

func errorsIsTooLarge(err error) bool { return errors.Is(err, ErrTooLarge) }
