package notice

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/moj-portal/tiepnhan/internal/tomlpos"
)

//go:embed templates/*.tmpl
var defaults embed.FS

// FileError is a template that cannot be used, with the file and the line
// where the mistake is (1-based; 0 when the whole file is at fault): the
// position error of the other files administrators edit.
type FileError = tomlpos.Error

// Templates are the loaded templates, one per kind.
type Templates struct {
	subject map[Kind]*template.Template
	body    map[Kind]*template.Template
	source  map[Kind]string // the file each came from, for errors
}

// maxTemplate bounds a template file.
const maxTemplate = 64 << 10

// Load returns the shipped templates, each replaced by the file of the
// same name (<kind>.tmpl) in dir when there is one (dir empty: the shipped
// ones only). Every template is parsed and executed against sample data;
// the first mistake comes back as a *FileError. A file in dir that names
// no kind is an error too (a misspelt override would otherwise be ignored).
func Load(dir string) (*Templates, error) {
	t := &Templates{subject: map[Kind]*template.Template{}, body: map[Kind]*template.Template{}, source: map[Kind]string{}}
	overrides := map[Kind]string{}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("notice templates: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") {
				continue
			}
			k := Kind(strings.TrimSuffix(name, ".tmpl"))
			if !strings.HasSuffix(name, ".tmpl") || !k.Valid() {
				return nil, &FileError{File: filepath.Join(dir, name), Msg: fmt.Sprintf("không phải mẫu thư nào; tên tệp hợp lệ: %s", kindFiles())}
			}
			overrides[k] = filepath.Join(dir, name)
		}
	}
	for _, k := range Kinds {
		name := "templates/" + string(k) + ".tmpl"
		src, err := fs.ReadFile(defaults, name)
		if path, ok := overrides[k]; ok {
			name = path
			src, err = readLimited(path)
		}
		if err != nil {
			return nil, fmt.Errorf("notice template %s: %w", name, err)
		}
		if err := t.add(k, name, src); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func readLimited(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) > maxTemplate {
		return nil, &FileError{File: path, Msg: fmt.Sprintf("tệp quá lớn (%d byte, tối đa %d)", len(b), maxTemplate)}
	}
	return b, err
}

func kindFiles() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k) + ".tmpl"
	}
	return strings.Join(names, ", ")
}

// add parses one template file and tries it on sample data.
func (t *Templates) add(k Kind, file string, src []byte) error {
	subj, body, bodyLine, err := Split(src)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = file
		}
		return err
	}
	st, err := template.New(file).Option("missingkey=error").Parse(subj)
	if err != nil {
		return templateError(file, 0, err)
	}
	bt, err := template.New(file).Option("missingkey=error").Parse(body)
	if err != nil {
		return templateError(file, bodyLine-1, err)
	}
	t.subject[k], t.body[k], t.source[k] = st, bt, file
	for _, d := range samples() {
		s, _, err := t.Render(k, d)
		if err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return &FileError{File: file, Line: 1, Msg: "tiêu đề thư trống"}
		}
	}
	return nil
}

// templateLine finds the line of a text/template error ("template: NAME:LINE:COL: …").
var templateLine = regexp.MustCompile(`^template: .*?:(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns a text/template error into a *FileError; offset is
// the line of the file before the template's first line.
func templateError(file string, offset int, err error) error {
	msg := err.Error()
	if m := templateLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &FileError{File: file, Line: offset + n, Msg: m[2]}
	}
	return &FileError{File: file, Msg: msg}
}

// Split separates a template file into its subject line and its body: the
// first line must be "Subject: …" and the second blank (as a mail header
// and its body). bodyLine is the file's line where the body starts.
func Split(src []byte) (subject, body string, bodyLine int, err error) {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff") // a byte-order mark some editors write
	first, rest, ok := strings.Cut(text, "\n")
	name, value, isField := strings.Cut(first, ":")
	if !isField || !strings.EqualFold(strings.TrimSpace(name), "Subject") {
		return "", "", 0, &FileError{Line: 1, Msg: `dòng đầu phải là "Subject: <tiêu đề thư>"`}
	}
	if !ok {
		return "", "", 0, &FileError{Line: 2, Msg: "thiếu nội dung thư (sau dòng tiêu đề là một dòng trống rồi đến nội dung)"}
	}
	blank, body, _ := strings.Cut(rest, "\n")
	if strings.TrimSpace(blank) != "" {
		return "", "", 0, &FileError{Line: 2, Msg: "dòng thứ hai phải để trống (giữa tiêu đề và nội dung thư)"}
	}
	if strings.TrimSpace(body) == "" {
		return "", "", 0, &FileError{Line: 3, Msg: "nội dung thư trống"}
	}
	return strings.TrimSpace(value), body, 3, nil
}

// Render writes the notice of kind k for d: its subject (one line) and its
// body.
func (t *Templates) Render(k Kind, d Data) (subject, body string, err error) {
	st, ok := t.subject[k]
	if !ok {
		return "", "", fmt.Errorf("notice: no template for %q", k)
	}
	var s, b bytes.Buffer
	if err := st.Execute(&s, d); err != nil {
		return "", "", templateError(t.source[k], 0, err)
	}
	if err := t.body[k].Execute(&b, d); err != nil {
		return "", "", templateError(t.source[k], 2, err)
	}
	subject = strings.Join(strings.Fields(s.String()), " ") // one header line
	return subject, strings.TrimLeft(b.String(), "\n"), nil
}

// samples are the data a template is tried on when loaded: every field set,
// and every optional one missing.
func samples() []Data {
	full := Data{Reference: "TN-2026-000001", ReceivedAt: "08:15 ngày 05/01/2026",
		Deadline:  &Deadline{Rule: "13.1", Article: "Điều 13 khoản 1", Due: "12:15 ngày 05/01/2026"},
		PortalURL: "https://moj.gov.vn/tin-tuc/1", PublishedAt: "11:00 ngày 05/01/2026",
		Ground: grounds["14.4"], GroundArticle: "khoản 4 Điều 14", Unit: "Cục Hành chính tư pháp", SupplementAsked: "09:00 ngày 05/01/2026"}
	return []Data{full, {Reference: full.Reference, ReceivedAt: full.ReceivedAt}}
}
