package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image"
	"io"
	"sort"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/pdfsyntax"
)

// Office Open XML WordprocessingML namespace (ECMA-376 Part 1 §17).
const (
	nsW  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// extractDOCX reads the text of a .docx: document body (paragraphs, runs,
// tabs, breaks, tables row by row), then footnotes, endnotes, headers and
// footers (ECMA-376 Part 1 §17.2, §17.10, §17.11).
func extractDOCX(ctx context.Context, data []byte, o *Options, res *Result) error {
	zr, err := openZip(data, o)
	if err != nil {
		return err
	}
	budget := &zipBudget{o: o}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	main := files["word/document.xml"]
	if main == nil {
		return fail("DOCX has no word/document.xml", "tệp DOCX thiếu phần nội dung chính (word/document.xml)", nil)
	}
	parts := []string{"word/document.xml", "word/footnotes.xml", "word/endnotes.xml"}
	var headers, footers []string
	for name := range files {
		switch {
		case strings.HasPrefix(name, "word/header") && strings.HasSuffix(name, ".xml"):
			headers = append(headers, name)
		case strings.HasPrefix(name, "word/footer") && strings.HasSuffix(name, ".xml"):
			footers = append(footers, name)
		}
	}
	sort.Strings(headers)
	sort.Strings(footers)
	parts = append(append(parts, headers...), footers...)
	var out strings.Builder
	for _, name := range parts {
		f := files[name]
		if f == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := budget.read(f)
		if err != nil {
			return err
		}
		txt, err := wordprocessingText(b, o.MaxOutputChars)
		if err != nil {
			if name == "word/document.xml" {
				return fail("DOCX body is not well-formed XML", "nội dung tệp DOCX bị hỏng (XML sai cấu trúc)", err)
			}
			res.Notes = append(res.Notes, "Một phần phụ của tệp DOCX (đầu trang/chân trang/chú thích) bị hỏng, đã bỏ qua.")
			continue
		}
		txt = strings.TrimSpace(txt)
		if txt == "" {
			continue
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(txt)
	}
	res.Text = out.String()
	res.Method = MethodDOCX
	embeddedImages(zr, "word/media/", o, res)
	return nil
}

// embeddedImages reports the pixel sizes of a package's pictures (for
// the Điều 14 khoản 5 quality flag), reading only each image header.
func embeddedImages(zr *zip.Reader, prefix string, o *Options, res *Result) {
	n := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) || f.FileInfo().IsDir() {
			continue
		}
		if n++; n > 500 {
			return
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		cfg, _, err := image.DecodeConfig(io.LimitReader(rc, 1<<20))
		rc.Close()
		if err != nil {
			continue // EMF/WMF/SVG and the like: not a raster we can size
		}
		res.Images.add(cfg.Width, cfg.Height, 0, o.TinyImagePixels)
	}
}

// wordprocessingText walks a WordprocessingML part as a token stream
// (encoding/xml expands no external entities, so no billion-laughs).
func wordprocessingText(b []byte, maxChars int) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	var out strings.Builder
	inText := false
	skip := 0 // depth inside elements whose text is not document text
	cellStart := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if out.Len() > 0 {
				return out.String(), nil // keep the text before the damage
			}
			return "", err
		}
		if out.Len() > maxChars*4 {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
				skip = 1 // mc:Choice already holds the same text
				continue
			}
			if t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "delText", "instrText", "delInstrText":
				skip = 1 // deleted revisions and field codes (§17.16)
			case "tab", "ptab":
				out.WriteByte('\t')
			case "br", "cr":
				out.WriteByte('\n')
			case "noBreakHyphen":
				out.WriteByte('-')
			case "tc":
				if !cellStart {
					out.WriteByte('\t')
				}
				cellStart = false
			case "tr":
				cellStart = true
			case "sym":
				for _, a := range t.Attr {
					if a.Name.Local == "char" && len(a.Value) == 4 {
						out.WriteString(symChar(a.Value))
					}
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteByte('\n')
			case "tr":
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText && skip == 0 {
				out.Write(t)
			}
		}
	}
	return cleanCellNewlines(out.String()), nil
}

// symChar maps a w:sym character (often a Symbol/Wingdings PUA code) to a
// bullet when it is not a plain character.
func symChar(hex string) string {
	var v rune
	for _, c := range hex {
		d, ok := pdfsyntax.HexVal(byte(c))
		if !ok {
			return ""
		}
		v = v<<4 | rune(d)
	}
	if v >= 0xF000 && v <= 0xF0FF {
		return "•"
	}
	return string(v)
}

// cleanCellNewlines turns "\n\t" (paragraph end before the next cell) into
// a tab so that a table row stays on one line.
func cleanCellNewlines(s string) string {
	return strings.ReplaceAll(s, "\n\t", "\t")
}

// Open Document Format text namespace (OASIS ODF 1.2 Part 1 §5).
const nsText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
const nsTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

// extractODT reads content.xml of an OpenDocument text (paragraphs,
// headings, spaces, tabs, line breaks, tables).
func extractODT(ctx context.Context, data []byte, o *Options, res *Result) error {
	zr, err := openZip(data, o)
	if err != nil {
		return err
	}
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return fail("ODT has no content.xml", "tệp ODT thiếu phần nội dung (content.xml)", nil)
	}
	b, err := (&zipBudget{o: o}).read(content)
	if err != nil {
		return err
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	var out strings.Builder
	para := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if out.Len() == 0 {
				return fail("ODT content is not well-formed XML", "nội dung tệp ODT bị hỏng (XML sai cấu trúc)", err)
			}
			break
		}
		if out.Len() > o.MaxOutputChars*4 {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h"):
				para++
			case t.Name.Space == nsText && t.Name.Local == "s":
				n := 1
				for _, a := range t.Attr {
					if a.Name.Local == "c" {
						if v, ok := smallInt(a.Value); ok {
							n = v
						}
					}
				}
				out.WriteString(strings.Repeat(" ", n))
			case t.Name.Space == nsText && t.Name.Local == "tab":
				out.WriteByte('\t')
			case t.Name.Space == nsText && t.Name.Local == "line-break":
				out.WriteByte('\n')
			case t.Name.Space == nsTable && t.Name.Local == "table-cell":
				out.WriteByte('\t')
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h"):
				para--
				out.WriteByte('\n')
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				out.WriteByte('\n')
			}
		case xml.CharData:
			if para > 0 {
				out.Write(t)
			}
		}
	}
	res.Text = strings.ReplaceAll(out.String(), "\n\t", "\t")
	res.Method = MethodODT
	embeddedImages(zr, "Pictures/", o, res)
	return nil
}

func smallInt(s string) (int, bool) {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1000 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// sniffZip tells DOCX and ODT from other ZIP archives by their members.
func sniffZip(d []byte, e string) kind {
	zr, err := zip.NewReader(bytes.NewReader(d), int64(len(d)))
	if err != nil {
		switch e {
		case "docx":
			return kindDOCX
		case "odt":
			return kindODT
		}
		return kindZIP
	}
	for i, f := range zr.File {
		if i > 2000 {
			break
		}
		switch f.Name {
		case "word/document.xml":
			return kindDOCX
		case "content.xml":
			if e == "odt" {
				return kindODT
			}
		case "mimetype":
			if f.UncompressedSize64 < 100 {
				if rc, err := f.Open(); err == nil {
					b, _ := io.ReadAll(io.LimitReader(rc, 100))
					rc.Close()
					if string(b) == "application/vnd.oasis.opendocument.text" {
						return kindODT
					}
				}
			}
		}
	}
	return kindZIP
}
