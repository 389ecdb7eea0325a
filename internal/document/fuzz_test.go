package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, returns non-nil lists, and that
// every value it returns is cut from the input.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		// Seeds are cut to the header and the footer: small seeds keep the
		// fuzzer's minimisation fast.
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b[:min(len(b), 1200)]))
			f.Add(string(b[max(0, len(b)-800):]))
		}
	}
	f.Add("Số: 1/\nHà Nội, ngày 1/1/2000\nNơi nhận:\n-\n- Lưu")
	f.Add("KT.\nTL. \nTUQ. X\nQ. Y\nA B")
	f.Fuzz(func(t *testing.T, s string) {
		got := Parse(s)
		if got.Recipients == nil || got.Addressees == nil || got.Evidence == nil {
			t.Fatal("nil list or map")
		}
		for _, v := range []string{got.Number, got.Issuer, got.Signer, got.SignerTitle, got.Place} {
			if !utf8.ValidString(v) {
				t.Fatalf("invalid UTF-8 %q", v)
			}
		}
		if got.SignedOn != "" {
			if _, err := time.Parse("2006-01-02", got.SignedOn); err != nil {
				t.Fatalf("signed_on %q: %v", got.SignedOn, err)
			}
		}
		if got.NumberSymbol != "" && !strings.HasSuffix(got.NumberSymbol, got.Symbol) {
			t.Fatalf("number_symbol %q does not end with symbol %q", got.NumberSymbol, got.Symbol)
		}
	})
}

// bigInput is about 1 MB of documents, prose and noise.
func bigInput() string {
	var b strings.Builder
	files, _ := filepath.Glob("testdata/*.txt")
	for b.Len() < 1<<20 {
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				b.Write(data)
			}
		}
		b.WriteString(strings.Repeat("Số: 1/ số 12/QĐ ngày 1/1/2020, ", 200))
		b.WriteString(strings.Repeat("- ", 2000) + "\n")
		b.WriteString(strings.Repeat("KT. BỘ TRƯỞNG\n", 200))
	}
	return b.String()
}

// BenchmarkParse measures Parse on a typical document.
func BenchmarkParse(b *testing.B) {
	in, err := os.ReadFile("testdata/cv-flattened-tabs.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Parse(string(in))
	}
}

// BenchmarkParse1MB measures Parse on 1 MB of mixed input; the time must
// grow linearly with the input.
func BenchmarkParse1MB(b *testing.B) {
	in := bigInput()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Parse(in)
	}
}

// BenchmarkParseOneLine1MB measures a 1 MB input without line breaks.
func BenchmarkParseOneLine1MB(b *testing.B) {
	in := strings.Repeat("Số: 12/QĐ-BTP Hà Nội, ngày 05 tháng 01 năm 2020 CỘNG HÒA XÃ HỘI ", 1<<20/80)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Parse(in)
	}
}
