package sender

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks that Extract never panics, always lists missing and
// invalid keys from the six required ones, and only returns valid numbers
// in canonical form or keeps an invalid one flagged.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b), "")
		}
	}
	f.Add("Trân trọng,\nNguyễn Văn A\nChuyên viên, Vụ Pháp chế\nĐT: 0912 345 678", "Mã số thuế: 0100109106-001")
	f.Add("Họ và tên:\n\nSĐT 0 0 0 0 0 0 0 0 0 0\n--\n", "CCCD: 001 203 012 345")
	required := map[string]bool{"organization": true, "name": true, "tax_code": true, "citizen_id": true, "phone": true, "address": true}
	f.Fuzz(func(t *testing.T, body, form string) {
		d := Extract(body, form)
		if d.Missing == nil || d.Invalid == nil {
			t.Fatal("nil missing or invalid")
		}
		for _, k := range append(append([]string{}, d.Missing...), d.Invalid...) {
			if !required[k] {
				t.Fatalf("unknown key %q", k)
			}
		}
		invalid := strings.Join(d.Invalid, ",")
		for key, v := range map[string]string{"tax_code": d.TaxCode, "citizen_id": d.CitizenID, "phone": d.Phone} {
			if v == "" || strings.Contains(invalid, key) {
				continue
			}
			if canon, err := validators[key](v); err != nil || canon != v {
				t.Fatalf("%s %q not canonical: %q, %v", key, v, canon, err)
			}
		}
		for _, v := range []string{d.Name, d.Organization, d.Title, d.Address} {
			if !utf8.ValidString(v) {
				t.Fatalf("invalid UTF-8 %q", v)
			}
		}
	})
}

// BenchmarkExtract1MB measures Extract on 1 MB of forms, signatures and noise.
func BenchmarkExtract1MB(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("Họ và tên: Nguyễn Văn An    Chức vụ: Chuyên viên\nĐT: 0912 345 678 / 024 3762 1234\n")
		sb.WriteString("Trân trọng,\nNguyễn Văn A\nChuyên viên, Vụ Pháp chế\n")
		sb.WriteString(strings.Repeat("1 2 3 4 5 6 7 8 9 ", 50) + "\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Extract(in)
	}
}

// BenchmarkExtractOneLine1MB measures a 1 MB body without line breaks.
func BenchmarkExtractOneLine1MB(b *testing.B) {
	in := strings.Repeat("ĐT: 0912 345 678 Địa chỉ: 60 Trần Phú ", 1<<20/40)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Extract(in)
	}
}
