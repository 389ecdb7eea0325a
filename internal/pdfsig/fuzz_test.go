package pdfsig

import (
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// ownPanic reports whether the panic in stack was raised by this
// package's code: a library's panic on hostile input is recovered by
// guard in production, ours is a bug.
func ownPanic(stack string) bool {
	lines := strings.Split(stack, "\n")
	for i := range lines {
		if !strings.HasPrefix(lines[i], "panic(") {
			continue
		}
		for j := i + 2; j < len(lines); j += 2 {
			fn := lines[j]
			if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "panic(") {
				continue
			}
			return strings.HasPrefix(fn, "github.com/moj-portal/tiepnhan/internal/pdfsig.")
		}
	}
	return false
}

// unguarded runs f with a recover that fails t on a panic of our own.
func unguarded(t *testing.T, f func()) {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				if s := string(debug.Stack()); ownPanic(s) {
					done <- s
					return
				}
			}
			done <- ""
		}()
		f()
	}()
	select {
	case s := <-done:
		if s != "" {
			t.Fatalf("panic in package pdfsig:\n%s", s)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("hang: no verdict in 20 s")
	}
}

// FuzzVerify feeds whole files: the scan, the dictionary parser and the
// verification of each signature found. Seeds are signed test PDFs and
// hostile dictionaries (testdata/fuzz/FuzzVerify).
func FuzzVerify(f *testing.F) {
	for _, s := range []string{
		"<< /Type /Sig /ByteRange [0 10 20 5] /Contents <3082> >>",
		"<< /ByteRange [0 1e30 -5 7.5] /Contents (x) >>",
		"<< /ByteRange [0 0 0 0] /Contents <> /M (D:2026) /Name <FEFF00> >>",
		"/ByteRange /ByteRange << /ByteRange [ << /ByteRange",
		strings.Repeat("<<", 5000) + "/ByteRange [0 1 2 3]",
		"<< /Sub << /X (a\\\r\n\\377\\(b) >> /ByteRange [0 4 6 0] /Contents <30> /SubFilter /adbe.pkcs7.sha1 >>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		unguarded(t, func() {
			dicts, _ := scan(data, 8)
			for _, d := range dicts {
				s := verifyOne(data, d, time.Unix(0, 0), nil)
				if s.Valid && s.Problem != "" && rank(s.Problem) < rank(ProblemUpdatedAfter) {
					t.Errorf("valid with an invalidating problem: %+v", s)
				}
			}
		})
		r := Verify(data, time.Unix(0, 0), Options{MaxSignatures: 8})
		for _, s := range r.Signatures {
			if s.Trusted {
				t.Errorf("trusted without a trust store: %+v", s)
			}
		}
	})
}

// FuzzCMS feeds the /Contents bytes alone: CMS SignedData and timestamp
// token parsing and checks (seeds under testdata/fuzz/FuzzCMS).
func FuzzCMS(f *testing.F) {
	f.Add([]byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x30, 0x80, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, der []byte) {
		unguarded(t, func() {
			if p7, cms, err := parseCMS(der); err == nil {
				p7.Content = []byte("signed bytes")
				_ = checkCMS(p7)
				if cms.token != nil {
					_, _ = verifyToken(cms.token, cms.signature)
				}
			}
			_, _ = verifyToken(der, []byte("signed bytes"))
		})
	})
}
