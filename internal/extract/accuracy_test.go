package extract

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkWords must all appear in the extracted text of every Vietnamese
// official-document PDF of testdata (they do in pdftotext's output).
var checkWords = []string{
	"văn bản", "Số", "Quyết định", "Cổng Thông tin điện tử", "Nơi nhận", "Thứ trưởng",
	"Điều", "ngày làm việc", "đăng tải", "Bộ Tư pháp", "Căn cứ", "Nghị định", "Cục trưởng",
	"Độc lập - Tự do - Hạnh phúc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
}

// textPDFs are the PDFs with a text layer; scan.pdf and the malformed
// files are tested elsewhere.
var textPDFs = []string{
	"lo-vanban.pdf", "lo-quyche.pdf", "lo-full.pdf", "chromium-vanban.pdf", "chromium-quyche.pdf",
	"wide-bfrange.pdf", "hello.pdf",
}

func pdftotextRef(t testing.TB, bin, file string, extra ...string) (string, error) {
	t.Helper()
	args := append([]string{"-enc", "UTF-8", "-q"}, extra...)
	out, err := exec.Command(bin, append(args, file, "-")...).Output()
	return string(out), err
}

// TestAccuracyVsPdftotext measures our own text layer (pdftotext disabled
// as a fallback, so the figure is ours) against pdftotext's output.
//
// The gate (>= 99.5%) compares with `pdftotext -raw`, which keeps the
// content stream order as we do; default pdftotext re-orders blocks by its
// column heuristics (it interleaves the two cells of the "Nơi nhận" /
// signature table of an official document), so that figure is logged for
// information, not asserted.
func TestAccuracyVsPdftotext(t *testing.T) {
	bin := requireTool(t, "pdftotext")
	files := append([]string(nil), textPDFs...)
	for i := range files {
		files[i] = filepath.Join("testdata", files[i])
	}
	corpus, _ := filepath.Glob("../../testdata/corpus/*/*.pdf")
	corpus2, _ := filepath.Glob("../../testdata/corpus/*.pdf")
	files = append(files, corpus...)
	files = append(files, corpus2...)
	// PDF attachments of the e-mail corpus, written to a temporary folder.
	dir := t.TempDir()
	for _, a := range corpusPDFAttachments(t, "../../testdata/corpus") {
		f := filepath.Join(dir, "corpus-"+a.name)
		if err := os.WriteFile(f, a.data, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := pdftotextRef(t, bin, f, "-raw")
			if err != nil {
				// pdftotext cannot read it either: we must report an error.
				res := Extract(context.Background(), Input{Filename: filepath.Base(f), Data: data}, Options{Tools: noTools()})
				if res.Err == nil && res.Text != "" {
					t.Errorf("pdftotext fails (%v) but we returned text without error", err)
				}
				t.Logf("%s: unreadable by pdftotext too; ours: %v", filepath.Base(f), res.Err)
				return
			}
			def, _ := pdftotextRef(t, bin, f)
			if strings.TrimSpace(ref) == "" {
				t.Skip("no text layer according to pdftotext")
			}
			res := Extract(context.Background(), Input{Filename: filepath.Base(f), Data: data}, Options{Tools: noTools()})
			if res.Err != nil {
				t.Fatalf("Extract: %v", res.Err)
			}
			if res.Method != MethodPDF && res.Method != MethodPDFToUnicode {
				t.Fatalf("method %q, want our own text layer", res.Method)
			}
			if res.Garbled {
				t.Errorf("flagged garbled")
			}
			acc := charAccuracy(res.Text, ref)
			t.Logf("%s: character accuracy %.4f%% vs pdftotext -raw, %.4f%% vs default pdftotext (same words, order aside: %.2f%%) (%d pages, method %s)",
				filepath.Base(f), acc*100, charAccuracy(res.Text, def)*100, wordBagAgreement(res.Text, def)*100, res.Pages, res.Method)
			if acc < 0.995 {
				t.Errorf("accuracy %.4f < 0.995", acc)
				diffHint(t, res.Text, ref)
			}
			if bag := wordBagAgreement(res.Text, def); bag < 0.99 {
				t.Errorf("only %.2f%% of the words agree with default pdftotext", bag*100)
			}
			got := normalizeForCompare(res.Text)
			for _, w := range checkWords {
				if strings.Contains(normalizeForCompare(ref), w) && !strings.Contains(got, w) {
					t.Errorf("check word %q missing", w)
				}
			}
		})
	}
}

// diffHint logs the first differing region.
func diffHint(t *testing.T, got, want string) {
	g, w := []rune(normalizeForCompare(got)), []rune(normalizeForCompare(want))
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(0, i-40)
	t.Logf("first difference at %d:\n got: %q\nwant: %q", i, string(g[from:min(len(g), i+80)]), string(w[from:min(len(w), i+80)]))
}

type attachment struct {
	name string
	data []byte
}

// corpusPDFAttachments returns the PDF attachments of the .eml files in
// dir (multipart walked recursively, base64 decoded), named after the
// message and the attachment.
func corpusPDFAttachments(t *testing.T, dir string) []attachment {
	emls, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	var out []attachment
	for _, e := range emls {
		base := strings.TrimSuffix(filepath.Base(e), ".eml")
		n := 0
		walkMessage(t, e, func(name, ct string, data []byte) {
			if ct != "application/pdf" && !strings.HasSuffix(strings.ToLower(name), ".pdf") || !bytes.HasPrefix(data, []byte("%PDF")) {
				return
			}
			n++
			out = append(out, attachment{name: fmt.Sprintf("%s-%d.pdf", base, n), data: data})
		})
	}
	return out
}

// walkPart calls found with every leaf part that has a file name or a
// non-text type (name, media type, decoded body).
// walkMessage reads the .eml file path and walks its parts (walkPart); a
// file that is no message is passed over.
func walkMessage(t *testing.T, path string, found func(name, mediaType string, data []byte)) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return
	}
	walkPart(textproto.MIMEHeader(msg.Header), msg.Body, 0, found)
}

func walkPart(h textproto.MIMEHeader, body io.Reader, depth int, found func(name, mediaType string, data []byte)) {
	if depth > 5 {
		return
	}
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return
			}
			walkPart(p.Header, p, depth+1, found)
		}
	case mt == "message/rfc822":
		if m, err := mail.ReadMessage(body); err == nil {
			walkPart(textproto.MIMEHeader(m.Header), m.Body, depth+1, found)
		}
	default:
		_, dp, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
		name := dp["filename"]
		if name == "" {
			name = params["name"]
		}
		if name == "" && (mt == "" || strings.HasPrefix(mt, "text/")) {
			return // a body part, not an attachment
		}
		var r io.Reader = body
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, body)
		case "quoted-printable":
			r = quotedprintable.NewReader(body)
		}
		data, err := io.ReadAll(r)
		if err == nil {
			found(name, mt, data)
		}
	}
}

// TestCorpusAttachments extracts every attachment of the e-mail corpus
// (all formats, no external tools) and logs what came out: nothing may
// panic or time out, and every failure names its file.
func TestCorpusAttachments(t *testing.T) {
	emls, _ := filepath.Glob("../../testdata/corpus/*.eml")
	if len(emls) == 0 {
		t.Skip("no corpus")
	}
	count := 0
	for _, e := range emls {
		walkMessage(t, e, func(name, ct string, data []byte) {
			count++
			w := &panicWatch{}
			res := Extract(context.Background(), Input{Filename: name, ContentType: ct, Data: data},
				Options{Tools: noTools(), Timeout: 30 * time.Second, panicHook: w.hook})
			w.check(t)
			if errors.Is(res.Err, ErrTimeout) {
				t.Errorf("%s (%s): timeout", filepath.Base(e), name)
			}
			if res.Err != nil && !strings.Contains(res.ErrText, name) {
				t.Errorf("%s: error does not name the file: %s", name, res.ErrText)
			}
			t.Logf("%s | %s | %s | method=%s pages=%d chars=%d garbled=%v human=%v images=%d tiny=%d err=%v",
				filepath.Base(e), name, ct, res.Method, res.Pages, len([]rune(res.Text)), res.Garbled, res.NeedsHuman,
				res.Images.Count, len(res.Images.Tiny), res.Err)
		})
	}
	t.Logf("%d attachments", count)
}

// wordBagAgreement compares the words of two texts regardless of order:
// matched words / words of the longer text. It separates "same text in
// another block order" (default pdftotext re-orders table cells) from
// wrong characters.
func wordBagAgreement(got, want string) float64 {
	g := strings.Fields(normalizeForCompare(got))
	w := strings.Fields(normalizeForCompare(want))
	if len(g) == 0 && len(w) == 0 {
		return 1
	}
	bag := make(map[string]int, len(w))
	for _, x := range w {
		bag[x]++
	}
	match := 0
	for _, x := range g {
		if bag[x] > 0 {
			bag[x]--
			match++
		}
	}
	return float64(match) / float64(max(len(g), len(w)))
}
