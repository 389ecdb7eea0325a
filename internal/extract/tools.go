package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Tools holds the paths of the external programs used; an empty path
// means the program is unavailable.
type Tools struct {
	Pdftotext string // poppler-utils
	Pdftoppm  string // poppler-utils
	Pdfimages string // poppler-utils: the embedded image of a scanned page
	Tesseract string // tesseract-ocr with tesseract-ocr-vie
	Antiword  string // legacy .doc
	Catdoc    string // legacy .doc, if antiword is missing
}

// LookupTools finds the external programs on PATH. Tesseract counts only
// when its Vietnamese model is installed.
func LookupTools() Tools {
	look := func(name string) string {
		p, err := exec.LookPath(name)
		if err != nil {
			return ""
		}
		return p
	}
	t := Tools{
		Pdftotext: look("pdftotext"),
		Pdftoppm:  look("pdftoppm"),
		Pdfimages: look("pdfimages"),
		Tesseract: look("tesseract"),
		Antiword:  look("antiword"),
		Catdoc:    look("catdoc"),
	}
	if t.Tesseract != "" && !hasTessLang(t.Tesseract, "vie") {
		t.Tesseract = ""
	}
	return t
}

func hasTessLang(bin, lang string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--list-langs").CombinedOutput()
	if err != nil {
		return false
	}
	for _, l := range strings.Fields(string(out)) {
		if l == lang {
			return true
		}
	}
	return false
}

// capWriter keeps at most max bytes and reports overflow.
type capWriter struct {
	buf      bytes.Buffer
	max      int
	overflow bool
}

func (w *capWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room < len(p) {
		if room > 0 {
			w.buf.Write(p[:room])
		}
		w.overflow = true
		return len(p), nil // swallow: keep the child running to a clean exit
	}
	return w.buf.Write(p)
}

// runTool runs an external program with ctx's deadline, stdin and a
// capped stdout. The error names the program and its (masked) stderr.
func runTool(ctx context.Context, bin string, args []string, stdin []byte, maxOut int) ([]byte, bool, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out := &capWriter{max: maxOut}
	errw := &capWriter{max: 2048}
	cmd.Stdout, cmd.Stderr = out, errw
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", "LC_ALL=C.UTF-8")
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, sanitize(strings.TrimSpace(errw.buf.String())))
	}
	return out.buf.Bytes(), out.overflow, nil
}

// withTempFile writes data to a private temporary directory and calls fn
// with the file's path; the directory is removed afterwards.
func withTempFile(name string, data []byte, fn func(dir, file string) error) error {
	dir, err := os.MkdirTemp("", "tiepnhan-extract-*")
	if err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return fmt.Errorf("temporary file: %w", err)
	}
	return fn(dir, file)
}

// runPdftotext runs poppler's pdftotext in reading order (no -layout),
// UTF-8 output.
func runPdftotext(ctx context.Context, bin string, data []byte, o *Options) (string, error) {
	var txt string
	err := withTempFile("in.pdf", data, func(dir, file string) error {
		args := []string{"-enc", "UTF-8", "-q", "-l", strconv.Itoa(o.MaxPages), file, "-"}
		out, _, err := runTool(ctx, bin, args, nil, o.MaxOutputChars*4)
		txt = string(out)
		return err
	})
	return txt, err
}

// extractDOC reads legacy Word 97-2003 files with antiword (UTF-8 map) or
// catdoc; without either a person must read the file.
func extractDOC(ctx context.Context, data []byte, o *Options, res *Result) error {
	var out []byte
	var err error
	switch {
	case o.Tools.Antiword != "":
		err = withTempFile("in.doc", data, func(dir, file string) error {
			out, _, err = runTool(ctx, o.Tools.Antiword, []string{"-m", "UTF-8.txt", "-w", "0", file}, nil, o.MaxOutputChars*4)
			return err
		})
		if err != nil && o.Tools.Catdoc != "" && ctx.Err() == nil {
			err = withTempFile("in.doc", data, func(dir, file string) error {
				out, _, err = runTool(ctx, o.Tools.Catdoc, []string{"-d", "utf-8", "-w", file}, nil, o.MaxOutputChars*4)
				return err
			})
		}
	case o.Tools.Catdoc != "":
		err = withTempFile("in.doc", data, func(dir, file string) error {
			out, _, err = runTool(ctx, o.Tools.Catdoc, []string{"-d", "utf-8", "-w", file}, nil, o.MaxOutputChars*4)
			return err
		})
	default:
		res.needsHuman("tệp Word cũ (.doc) và máy chưa có công cụ đọc (antiword/catdoc): cần người đọc")
		return nil
	}
	if err != nil {
		res.needsHuman("tệp Word cũ (.doc) không đọc được: cần người đọc")
		return fail("legacy .doc unreadable", "tệp Word cũ (.doc) hỏng hoặc không đọc được", err)
	}
	res.Text = string(out)
	res.Method = MethodDOC
	if q := assess(res.Text); q.garbled {
		res.Garbled = true
		res.needsHuman("văn bản trích xuất từ tệp .doc có ký tự lỗi: cần người đọc lại")
	}
	return nil
}
