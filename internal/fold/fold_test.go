package fold

import (
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := map[string]string{
		"CỘNG HÒA XÃ HỘI":  "cong hoa xa hoi",
		"CỘNG HOÀ":         "cong hoa",
		"Đường Trần Phú":   "duong tran phu",
		"Quyết định số: 1": "quyet dinh so: 1",
		"ưởng ỹ":           "uong y",
		"Mã số thuế":       "ma so thue",
		"ASCII only":       "ascii only",
	}
	for in, want := range tests {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
		if len([]rune(String(in))) != len([]rune(in)) {
			t.Errorf("String(%q) changes the rune count", in)
		}
	}
}

// FuzzString: folding keeps the rune count (offsets line up) and is
// idempotent.
func FuzzString(f *testing.F) {
	f.Add("Cộng hoà xã hội chủ nghĩa Việt Nam")
	f.Add("ĐƯỜNG 3/2, Q.10")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := String(s)
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("String(%q) = %q: rune count changed", s, got)
		}
		if again := String(got); again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
	})
}
