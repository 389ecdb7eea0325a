package desk

import (
	"net/mail"
	"strings"
	"testing"
)

func TestBareAddress(t *testing.T) {
	for s, ok := range map[string]bool{
		"a@b.vn": true, " lan.nguyen@stp.namdinh.gov.vn ": true, "A <a@b.vn>": false, "a@b.vn (x)": false,
		"a@b.vn (x\r\nBcc: v@example.com)": false, "a@b.vn\r\nX: y": false, `"a b"@b.vn`: false, "a@b.vn, c@d.vn": false,
		"ab.vn": false, "a@[127.0.0.1]": false, "": false,
	} {
		if _, err := bareAddress(s); (err == nil) != ok {
			t.Errorf("bareAddress(%q) = %v, want ok %v", s, err, ok)
		}
	}
}

func FuzzBareAddress(f *testing.F) {
	for _, s := range []string{"a@b.vn", "a@b.vn (x\r\nBcc: v@e.com)", "A <a@b.vn>", `"x"@y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := bareAddress(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(a, "\r\n\t ()<>\"") {
			t.Fatalf("bareAddress(%q) = %q", s, a)
		}
		// It is what a From header writes back and reads again unchanged.
		back, err := mail.ParseAddress((&mail.Address{Address: a}).String())
		if err != nil || back.Address != a {
			t.Fatalf("bareAddress(%q) = %q does not round-trip: %v", s, a, err)
		}
	})
}
