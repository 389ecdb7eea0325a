package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"regexp"
	"runtime/debug"
	"strings"
)

// guard runs fn in its own goroutine under recover and returns when fn
// returns or ctx ends, whichever comes first.
//
// Leak risk: Go cannot stop a goroutine, so on timeout the worker is
// abandoned and finishes in the background. It is bounded: the PDF
// library reads the file only through guardedReaderAt, which fails every
// read once ctx is done (each library loop reads, so it ends with an
// error), our own interpreters check ctx between operators, and the
// input itself is capped by Options.MaxInputBytes, which bounds the
// memory an abandoned worker can hold.
func guard(ctx context.Context, o *Options, fn func(ctx context.Context) error) error {
	done := make(chan error, 1) // buffered: an abandoned worker never blocks
	go func() {
		defer func() {
			if p := recover(); p != nil {
				if o.panicHook != nil {
					o.panicHook(debug.Stack())
				}
				done <- fail(fmt.Sprintf("internal error (panic): %v", p),
					"tệp hỏng hoặc không đúng định dạng, không đọc được", nil)
			}
		}()
		done <- fn(ctx)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recoverInto turns a panic of the PDF library into *errp; for use in
// narrower scopes than guard (one stream) so that one bad object does not
// lose the whole document.
func recoverInto(errp *error) {
	if p := recover(); p != nil {
		*errp = fmt.Errorf("malformed object: %v", p)
	}
}

// recoverPanic is recoverInto for scopes that run our own code too (one
// page, one font): the stack goes to the test hook so that fuzzing still
// finds our bugs although production recovers them.
func (o *Options) recoverPanic(errp *error) {
	if p := recover(); p != nil {
		if o.panicHook != nil {
			o.panicHook(debug.Stack())
		}
		*errp = fmt.Errorf("malformed object: %v", p)
	}
}

// guardedReaderAt serves a byte slice to the PDF library and fails every
// read once ctx is done, so that an abandoned library goroutine stops.
type guardedReaderAt struct {
	ctx  context.Context
	data []byte
}

func (g *guardedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := g.ctx.Err(); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, fmt.Errorf("negative offset %d", off)
	}
	if off >= int64(len(g.data)) {
		return 0, io.EOF
	}
	n := copy(p, g.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

var digitRun = regexp.MustCompile(`\d[\d .-]{5,}\d`)

// sanitize keeps library error messages short and masks long digit runs
// (citizen ID, tax code, phone numbers may appear in dumped objects).
func sanitize(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	s = strings.ToValidUTF8(s, "?")
	return digitRun.ReplaceAllStringFunc(s, func(m string) string {
		return strings.Repeat("*", len(m))
	})
}

// kind is a sniffed attachment format.
type kind int

const (
	kindUnknown kind = iota
	kindPDF
	kindDOCX
	kindODT
	kindZIP
	kindDOC
	kindOLEOther
	kindArchiveOther
	kindImage
	kindHTML
	kindText
	kindTNEF
)

// sniff decides the format from magic bytes first (RFC 2046 types are
// often wrong in mail), then from the declared type and extension.
func sniff(in Input) kind {
	d := in.Data
	e := ext(in.Filename)
	mt, _, _ := mime.ParseMediaType(in.ContentType)
	head := d
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.HasPrefix(d, []byte("\x78\x9F\x3E\x22")):
		return kindTNEF // winmail.dat: internal/mailparse unpacks it
	case bytes.HasPrefix(d, []byte("%PDF-")),
		bytes.Contains(head, []byte("%PDF-")) && (e == "pdf" || mt == "application/pdf"):
		// Readers accept a header within the first 1024 bytes (ISO
		// 32000-1 Annex H.3); elsewhere it may be a PDF embedded in
		// another container.
		return kindPDF
	case bytes.HasPrefix(d, []byte("PK\x03\x04")) || bytes.HasPrefix(d, []byte("PK\x05\x06")):
		return sniffZip(d, e)
	case bytes.HasPrefix(d, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		if e == "doc" || e == "dot" || mt == "application/msword" {
			return kindDOC
		}
		if e == "" && bytes.Contains(d, []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t")) {
			return kindDOC
		}
		return kindOLEOther
	case bytes.HasPrefix(d, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(d, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(d, []byte("II*\x00")), bytes.HasPrefix(d, []byte("MM\x00*")),
		bytes.HasPrefix(d, []byte("GIF8")), bytes.HasPrefix(d, []byte("BM")) && (e == "bmp" || mt == "image/bmp"),
		len(d) > 12 && bytes.HasPrefix(d, []byte("RIFF")) && bytes.Equal(d[8:12], []byte("WEBP")):
		return kindImage
	case bytes.HasPrefix(d, []byte("Rar!\x1a\x07")), bytes.HasPrefix(d, []byte("7z\xBC\xAF\x27\x1C")):
		return kindArchiveOther
	case bytes.HasPrefix(d, []byte("{\\rtf")):
		return kindUnknown // RTF: not supported yet, a person reads it
	}
	if mt == "text/html" || e == "html" || e == "htm" || looksHTML(head) {
		return kindHTML
	}
	if strings.HasPrefix(mt, "text/") || e == "txt" || e == "csv" || e == "md" || looksText(head) {
		return kindText
	}
	return kindUnknown
}

func looksHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n\xEF\xBB\xBF"))
	return bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html"))
}

func looksText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	if bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) {
		return true
	}
	return !bytes.ContainsAny(head, "\x00\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f")
}
