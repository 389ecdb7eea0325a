package mailparse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary input to Parse with small caps. It checks that
// Parse never panics, that every string it returns is valid UTF-8, that
// attachment sizes and hashes agree with their data, and that the caps hold.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(winmailEML())
	f.Fuzz(func(t *testing.T, b []byte) {
		opts := Options{MaxParts: 50, MaxPartBytes: 1 << 16, MaxTotalBytes: 1 << 17, MaxDepth: 3, MaxHeaderBytes: 1 << 14}
		m, err := Parse(bytes.NewReader(b), opts)
		if err != nil {
			if m != nil {
				t.Fatal("message returned with an error")
			}
			return
		}
		checkMessage(t, m, opts)
		for _, a := range m.Attachments {
			// A part opened again by its span (Open) is the part parsed.
			if data, ok := Open(b, a); ok && !bytes.Equal(data, a.Data) {
				t.Fatalf("%s opened by its span differs from the part parsed", a.Path)
			}
		}
		if _, err := HeadersOnly(bytes.NewReader(b)); err != nil && !strings.Contains(err.Error(), "header") {
			t.Fatalf("HeadersOnly: %v", err)
		}
	})
}

func checkMessage(t *testing.T, m *Message, opts Options) {
	t.Helper()
	strs := []string{m.MessageID, m.From.Name, m.From.Address, m.Subject, m.Text, m.HTML, m.HTMLText, m.ListID, m.ReturnPath, m.AutoReason}
	for _, h := range m.Header {
		strs = append(strs, h.Name, h.Value)
	}
	for _, a := range m.To {
		strs = append(strs, a.Name, a.Address)
	}
	for _, p := range m.Problems {
		strs = append(strs, p.Detail, p.Path)
	}
	for i, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("string %d not valid UTF-8: %q", i, s)
		}
	}
	if len(m.Attachments) > opts.MaxParts {
		t.Fatalf("%d attachments beyond MaxParts %d", len(m.Attachments), opts.MaxParts)
	}
	for _, a := range m.Attachments {
		if a.Size != int64(len(a.Data)) || a.Size > opts.MaxPartBytes || !utf8.ValidString(a.Filename) {
			t.Fatalf("attachment %q: size %d, data %d", a.Path, a.Size, len(a.Data))
		}
		if a.Message != nil {
			checkMessage(t, a.Message, opts)
		}
	}
}

func FuzzParams(f *testing.F) {
	f.Add(`attachment; filename*0*=utf-8''T%E1%BB%9D; filename*1*=%20tr%C3%ACnh.pdf`)
	f.Add(`text/plain; charset="utf-8"; format=flowed`)
	f.Add(`multipart/mixed; boundary="=_x"; a*=windows-1258''%FA`)
	f.Fuzz(func(t *testing.T, s string) {
		mv := parseMediaValue(s)
		for k, v := range mv.params {
			if !utf8.ValidString(v) && utf8.ValidString(s) {
				t.Fatalf("param %q not valid UTF-8: %q", k, v)
			}
		}
	})
}

func FuzzLegacy(f *testing.F) {
	for _, v := range legacyVectors {
		f.Add(v[0])
	}
	f.Add("Céng hßa x· héi")
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range []string{legacyTCVN3, legacyVNI} {
			if out := convertLegacy(s, enc, false); !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 from %s", enc)
			}
			if out := convertLegacy(s, enc, true); !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 from raw %s", enc)
			}
		}
		detectLegacy(s, false)
		detectLegacy(s, true)
	})
}
