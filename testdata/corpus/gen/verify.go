package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// found is one decoded leaf part of a message.
type found struct {
	name, ctype string
	data        []byte
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(cs) {
	case "windows-1258":
		return charmap.Windows1258.NewDecoder().Reader(r), nil
	case "iso-8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	}
	return nil, fmt.Errorf("charset %s", cs)
}}

func decodeBody(enc string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(enc) {
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, r))
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	}
	return io.ReadAll(r)
}

// walk collects every leaf of a MIME tree, recursing into message/rfc822 parts.
func walk(h map[string][]string, body io.Reader, out *[]found, depth int) error {
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ct := get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content-type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(p.Header, p, out, depth+1); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	if mt == "message/rfc822" && depth < 5 {
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("nested message: %w", err)
		}
		return walk(m.Header, m.Body, out, depth+1)
	}
	name := params["name"]
	if cd := get("Content-Disposition"); cd != "" {
		if _, dp, err := mime.ParseMediaType(cd); err == nil && dp["filename"] != "" {
			name = dp["filename"]
		}
	}
	if dn, err := wordDecoder.DecodeHeader(name); err == nil {
		name = dn
	}
	if cs := strings.ToLower(params["charset"]); cs == "windows-1258" {
		data, _ = charmap.Windows1258.NewDecoder().Bytes(data)
	}
	*out = append(*out, found{name: norm.NFC.String(name), ctype: mt, data: data})
	return nil
}

var spaces = regexp.MustCompile(`\s+`)

func normText(s string) string {
	return strings.ToLower(spaces.ReplaceAllString(norm.NFC.String(s), " "))
}

func tool(stdin []byte, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func tmpFile(data []byte, ext string) string {
	f, _ := os.CreateTemp("", "verify-*"+ext)
	f.Write(data)
	f.Close()
	return f.Name()
}

// verify checks every corpus file against labels.toml: headers parse, CRLF only, the topmost
// Received date equals received_at, every labelled document is found and has the expected
// fonts and words (pdffonts, pdftotext), scans have no text layer; it OCRs images with
// tesseract when ocr is set and reports how many check words came back.
func verify(dir string, ocr bool) error {
	var labels map[string]Label
	if _, err := toml.DecodeFile(filepath.Join(dir, "labels.toml"), &labels); err != nil {
		return err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != len(labels) {
		return fmt.Errorf("%d .eml files but %d labels", len(files), len(labels))
	}
	problems := 0
	bad := func(f, format string, a ...any) {
		problems++
		fmt.Printf("FAIL %s: %s\n", f, fmt.Sprintf(format, a...))
	}
	for _, path := range files {
		f := filepath.Base(path)
		l, ok := labels[f]
		if !ok {
			bad(f, "no label")
			continue
		}
		raw, _ := os.ReadFile(path)
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			bad(f, "bare LF line ending")
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			bad(f, "net/mail: %v", err)
			continue
		}
		rec := m.Header["Received"]
		if len(rec) < 2 || len(rec) > 3 {
			bad(f, "%d Received headers", len(rec))
		}
		if len(rec) > 0 {
			top := rec[0]
			i := strings.LastIndexByte(top, ';')
			dt := strings.TrimSpace(top[i+1:])
			t, err := mail.ParseDate(dt)
			want := mustTime(l.ReceivedAt)
			if err != nil || !t.Equal(want) {
				bad(f, "topmost Received %q (%v) != %s", dt, err, l.ReceivedAt)
			}
		}
		if _, err := m.Header.Date(); err != nil {
			bad(f, "Date: %v", err)
		}
		if m.Header.Get("Message-ID") == "" && m.Header.Get("Message-Id") == "" {
			bad(f, "no Message-ID")
		}
		if l.Kind == "reply" && !strings.Contains(m.Header.Get("In-Reply-To"), "@tiepnhan.moj.gov.vn>") {
			bad(f, "reply without In-Reply-To to the Board")
		}
		var parts []found
		if err := walk(m.Header, m.Body, &parts, 0); err != nil {
			bad(f, "mime: %v", err)
			continue
		}
		docs := l.OtherDocuments
		if l.Document != nil {
			docs = append([]DocLabel{*l.Document}, docs...)
		}
		for _, d := range docs {
			verifyDoc(f, d, parts, ocr, bad)
		}
	}
	fmt.Printf("verified %d files, %d problems\n", len(files), problems)
	if problems > 0 {
		return fmt.Errorf("%d problems", problems)
	}
	return nil
}

func verifyDoc(f string, d DocLabel, parts []found, ocr bool, bad func(string, string, ...any)) {
	var text string
	var data []byte
	if d.Format == "body" {
		for _, p := range parts {
			if p.ctype == "text/plain" {
				text += string(p.data)
			}
		}
	} else {
		for _, p := range parts {
			if p.name == norm.NFC.String(d.Attachment) {
				data = p.data
			}
		}
		if data == nil {
			bad(f, "attachment %q not found", d.Attachment)
			return
		}
	}
	format := d.Format
	if format == "zip" || format == "tnef" {
		inner, innerFormat, err := unpack(format, data, d.Member)
		if err != nil {
			bad(f, "%s: %v", format, err)
			return
		}
		data, format = inner, innerFormat
	}
	switch format {
	case "pdf-libreoffice", "pdf-identity-h", "scan-pdf":
		p := tmpFile(data, ".pdf")
		defer os.Remove(p)
		fonts, err := tool(nil, "pdffonts", p)
		if err != nil {
			bad(f, "pdffonts: %v %s", err, fonts)
			return
		}
		lines := strings.Count(strings.TrimSpace(fonts), "\n") - 1
		switch format {
		case "pdf-libreoffice":
			if lines < 1 || strings.Contains(fonts, "CID") || !strings.Contains(fonts, "TrueType") {
				bad(f, "expected simple TrueType fonts:\n%s", fonts)
			}
		case "pdf-identity-h":
			if !strings.Contains(fonts, "CID TrueType") || !strings.Contains(fonts, "Identity-H") {
				bad(f, "expected CID TrueType Identity-H fonts:\n%s", fonts)
			}
		case "scan-pdf":
			if lines > 0 {
				bad(f, "scan has fonts:\n%s", fonts)
			}
		}
		text, _ = tool(nil, "pdftotext", "-enc", "UTF-8", p, "-")
		if format == "scan-pdf" {
			if strings.TrimSpace(text) != "" {
				bad(f, "scan has a text layer")
			}
			if ocr {
				ocrReport(f, d, data, "pdf")
			}
			return
		}
	case "docx":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			bad(f, "docx: %v", err)
			return
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				x, _ := io.ReadAll(rc)
				rc.Close()
				text = regexp.MustCompile(`<w:p[ >]`).ReplaceAllString(string(x), "\n$0")
				text = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(text, "")
			}
		}
	case "png":
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			bad(f, "png: %v", err)
			return
		}
		if img.Bounds().Dx() < 600 {
			bad(f, "document photo too small: %v", img.Bounds())
		}
		if ocr {
			ocrReport(f, d, data, "png")
		}
		return
	case "body":
	default:
		bad(f, "unknown format %q", format)
		return
	}
	nt := normText(text)
	for _, w := range d.CheckWords {
		if !strings.Contains(nt, normText(w)) {
			bad(f, "check word %q not in %s text", w, format)
		}
	}
}

// unpack opens a ZIP member or the attachment inside a TNEF stream (with the tnef tool).
func unpack(format string, data []byte, member string) ([]byte, string, error) {
	kind := func(name string) string {
		if strings.HasSuffix(strings.ToLower(name), ".docx") {
			return "docx"
		}
		return "pdf-any"
	}
	if format == "zip" {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, "", err
		}
		for _, zf := range zr.File {
			if zf.Name == member {
				rc, _ := zf.Open()
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return b, fixPDFKind(kind(member), b), err
			}
		}
		return nil, "", fmt.Errorf("member %q missing", member)
	}
	dir, _ := os.MkdirTemp("", "tnef-")
	defer os.RemoveAll(dir)
	p := tmpFile(data, ".dat")
	defer os.Remove(p)
	if out, err := tool(nil, "tnef", "-C", dir, "--overwrite", "-f", p); err != nil {
		return nil, "", fmt.Errorf("tnef: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, member))
	return b, fixPDFKind(kind(member), b), err
}

// fixPDFKind tells a LibreOffice PDF from a Chromium one by its producer.
func fixPDFKind(k string, b []byte) string {
	if k != "pdf-any" {
		return k
	}
	if bytes.Contains(b, []byte("Skia/PDF")) {
		return "pdf-identity-h"
	}
	return "pdf-libreoffice"
}

func ocrReport(f string, d DocLabel, data []byte, ext string) {
	p := tmpFile(data, "."+ext)
	defer os.Remove(p)
	img := p
	if ext == "pdf" {
		base := strings.TrimSuffix(p, ".pdf")
		if _, err := tool(nil, "pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-singlefile", "-png", p, base); err != nil {
			return
		}
		img = base + ".png"
		defer os.Remove(img)
	}
	start := time.Now()
	out, _ := tool(nil, "tesseract", img, "-", "-l", "vie")
	nt := normText(out)
	hit := 0
	for _, w := range d.CheckWords {
		if strings.Contains(nt, normText(w)) {
			hit++
		}
	}
	fmt.Printf("ocr  %s: %d/%d check words (%s)\n", f, hit, len(d.CheckWords), time.Since(start).Round(time.Millisecond))
}
