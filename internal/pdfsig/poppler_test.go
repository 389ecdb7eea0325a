package pdfsig_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestPopplerAgrees checks the signed test files against an independent
// verifier, poppler's pdfsig (NSS): the files the other tests make are
// real signed PDFs, and both verifiers reach the same verdict.
func TestPopplerAgrees(t *testing.T) {
	bin, err := exec.LookPath("pdfsig")
	testenv.Require(t, "pdfsig (poppler-utils)", err)
	f := newFixture(t)
	lo, err := os.ReadFile("../extract/testdata/lo-vanban.pdf") // a LibreOffice export
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 2, 15, 0, 0, time.UTC)
	valid := sign(t, lo, pdfsigtest.Signing{Signer: f.agency, TSA: &f.tsa, StampedAt: at})
	altered := append([]byte(nil), valid...)
	altered[200] ^= 0x01 // inside the first signed range
	dir := t.TempDir()
	for name, c := range map[string]struct {
		pdf     []byte
		poppler string
		ours    bool
	}{
		"valid":   {valid, "Signature is Valid.", true},
		"altered": {altered, "Digest Mismatch.", false},
	} {
		path := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(path, c.pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(bin, path).CombinedOutput()
		if !strings.Contains(string(out), "Signature Validation: "+c.poppler) {
			t.Errorf("%s: poppler says:\n%s", name, out)
		}
		s := only(t, pdfsig.Verify(c.pdf, now, pdfsig.Options{Roots: f.roots}))
		if s.Valid != c.ours {
			t.Errorf("%s: we say valid=%v: %+v", name, s.Valid, s)
		}
	}
}
