package pdfsig_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite the signed seeds of the fuzz targets under testdata/fuzz")

// TestWriteFuzzSeeds writes signed PDFs (and their CMS) as fuzz seeds,
// with -update-seeds; the seeds are kept in the repository.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*updateSeeds {
		t.Skip("run with -update-seeds to rewrite the seeds")
	}
	f := newFixture(t)
	at := time.Date(2026, 3, 10, 2, 15, 0, 0, time.UTC)
	small := pdfsigtest.Simple("x")
	files := map[string][]byte{
		"signed":      sign(t, small, pdfsigtest.Signing{Signer: f.person}),
		"timestamped": sign(t, small, pdfsigtest.Signing{Signer: f.person, TSA: &f.tsa, StampedAt: at}),
		"doc-tsa":     sign(t, small, pdfsigtest.Signing{SubFilter: "ETSI.RFC3161", TSA: &f.tsa, StampedAt: at}),
		"sha1":        sign(t, small, pdfsigtest.Signing{Signer: f.agency, SubFilter: "adbe.pkcs7.sha1"}),
	}
	for name, pdf := range files {
		write(t, "FuzzVerify", name, pdf)
	}
	tok, err := pdfsigtest.Token(f.tsa, []byte("signed bytes"), at)
	if err != nil {
		t.Fatal(err)
	}
	write(t, "FuzzCMS", "token", tok)
}

func write(t *testing.T, target, name string, b []byte) {
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
