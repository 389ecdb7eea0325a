package mailparse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenBySpan: every attachment of the corpus and of the parser's own
// samples whose body is a run of the message opens again by its span to
// the same bytes, without parsing; the others are files of winmail.dat and
// parts of a transfer-encoded nested message only.
func TestOpenBySpan(t *testing.T) {
	var files []string
	for _, g := range []string{filepath.Join("..", "..", "testdata", "corpus", "*.eml"), filepath.Join("testdata", "*.eml")} {
		fs, _ := filepath.Glob(g)
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Skip("no sample messages")
	}
	opened := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(bytes.NewReader(raw), Options{})
		if err != nil {
			continue
		}
		for _, a := range m.Attachments {
			data, ok := Open(raw, a)
			switch {
			case ok && !bytes.Equal(data, a.Data):
				t.Errorf("%s %s: opened bytes differ", filepath.Base(f), a.Path)
			case ok:
				opened++
			case !a.FromTNEF && !a.Nested && a.Size > 0:
				t.Errorf("%s %s (%s): a part of the message itself has no span", filepath.Base(f), a.Path, a.ContentType)
			}
		}
	}
	if opened == 0 {
		t.Error("no attachment opened by its span")
	}
	t.Logf("%d attachments opened by their spans", opened)
}

// A span out of the input or of a part cut by the parser opens nothing.
func TestOpenRefusesWhatDiffers(t *testing.T) {
	raw := []byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
	m, err := Parse(bytes.NewReader(raw), Options{})
	if err != nil || len(m.Attachments) != 1 {
		t.Fatalf("%v %+v", err, m)
	}
	a := m.Attachments[0]
	if data, ok := Open(raw, a); !ok || string(data) != "%PDF-1.4\n" {
		t.Fatalf("Open = %q, %v", data, ok)
	}
	if _, ok := Open(raw[:len(raw)/2], a); ok {
		t.Error("opened from a shorter input")
	}
	changed := bytes.Replace(raw, []byte("JVBERi0xLjQK"), []byte("JVBERi0xLjUK"), 1)
	if _, ok := Open(changed, a); ok {
		t.Error("opened other bytes")
	}
}
