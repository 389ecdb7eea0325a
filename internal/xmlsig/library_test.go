package xmlsig

import (
	"crypto/x509/pkix"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
)

// goxmldsig's own Validate accepts what the test signer makes, and
// refuses it with another certificate or once the document changed: the
// verdict of a signed XML document rests on the library.
func TestLibraryValidateAgrees(t *testing.T) {
	now := time.Now()
	root, err := pdfsigtest.NewRoot("Root", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	a, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "A"}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "B"}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := xmlsigtest.SignXML([]byte(`<r xmlns="urn:x"><a>1</a></r>`), xmlsigtest.Signing{Signer: a, At: now})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseXML(signed)
	if err != nil {
		t.Fatal(err)
	}
	if err := libraryValidate(doc.Root(), "", a.Cert, now); err != nil {
		t.Fatalf("goxmldsig refuses a good signature: %v", err)
	}
	if err := libraryValidate(doc.Root(), "", b.Cert, now); err == nil {
		t.Fatal("goxmldsig accepts another signer's certificate")
	}
	doc.Root().ChildElements()[0].SetText("2")
	if err := libraryValidate(doc.Root(), "", a.Cert, now); err == nil {
		t.Fatal("goxmldsig accepts a changed document")
	}
}
