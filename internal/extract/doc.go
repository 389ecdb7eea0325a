// Package extract turns e-mail attachments into text: PDF, DOCX, ODT,
// legacy .doc, images, plain text, HTML and ZIP archives.
//
// PDF text comes from our own text layer on github.com/ledongthuc/pdf's
// object reader: ToUnicode CMaps are parsed here (the library's own parser
// increments only the last byte of a bfrange, which garbles Vietnamese in
// Type0/Identity-H fonts), simple fonts use their base encoding and
// /Differences, and runs are laid out into words and lines by position.
// Output that still looks garbled (control characters, U+FFFD, letters
// foreign to Vietnamese) falls back to poppler's pdftotext; PDFs without
// a text layer are OCR'd with tesseract (Vietnamese model) — a page that
// is one full-page scan from its embedded image at its own resolution
// (pdfimages), other pages rendered at 300 dpi (pdftoppm) — or flagged for
// a person to read. Tiny images are not OCR'd, and an OCRBudget shared by
// the attachments of a message bounds its OCR time (ocr.go).
//
// Every extraction runs under recover, a deadline and size caps (input
// bytes, output characters, pages, archive members, uncompressed bytes,
// compression ratio): no input may crash the process or hang a worker.
// The package is pure: no database, no logging, no globals beyond
// read-only tables; external programs are found through Options.Tools.
package extract
