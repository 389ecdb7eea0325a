package xmlsig_test

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/xmlsig"
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
)

// Signatures made by xmlsec1 (testdata/interop/README.md) verify, and
// stop verifying once their content changes.
func TestInteropXMLSec1(t *testing.T) {
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile("testdata/interop/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	blk, _ := pem.Decode(read("root.pem"))
	root, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root)
	opts := pdfsig.Options{Roots: roots}
	at := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	now := at.Add(time.Hour)
	check := func(what string, s pdfsig.Signature) {
		t.Helper()
		if !s.Valid || !s.Trusted || s.Problem != "" || !s.CoversWholeFile || !s.SignedAt.Equal(at) ||
			s.Signer != "Nguyễn Văn An" || s.Organization != "Bộ Tư pháp" || s.Issuer != "Interop Root CA" {
			t.Errorf("%s: %+v", what, s)
		}
	}

	x := read("xmlsec1-signed.xml")
	check("xml", one(t, xmlsig.VerifyXML(x, now, opts)))
	if s := one(t, xmlsig.VerifyXML(bytes.Replace(x, []byte("1319"), []byte("1391"), 1), now, opts)); s.Valid || s.Problem != pdfsig.ProblemAltered {
		t.Errorf("xml tampered: %+v", s)
	}

	d := read("xmlsec1-signed.docx")
	check("docx", one(t, xmlsig.VerifyPackage(d, now, opts)))
	parts, err := xmlsigtest.ReadPackage(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.Name == "word/document.xml" {
			tampered, err := xmlsigtest.SetPart(d, p.Name, bytes.Replace(p.Data, []byte("1319"), []byte("1391"), 1))
			if err != nil {
				t.Fatal(err)
			}
			if s := one(t, xmlsig.VerifyPackage(tampered, now, opts)); s.Valid || !strings.Contains(s.Detail, "/word/document.xml") {
				t.Errorf("docx tampered: %+v", s)
			}
		}
	}
}
