package xmlsig

import (
	"bytes"
	"crypto/x509/pkix"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
)

// seedKeys are made once per test binary (RSA keys are slow to make).
var seedKeys = sync.OnceValues(func() (xmlsigtest.Signing, error) {
	now := time.Now()
	root, err := pdfsigtest.NewRoot("Fuzz Root", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		return xmlsigtest.Signing{}, err
	}
	k, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "Fuzz"}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	return xmlsigtest.Signing{Signer: k, At: now}, err
})

// fuzzHang is how long one input may take.
var fuzzHang = 3 * time.Second

// noPanicNoHang runs f and fails t when it panicked (guard turned the
// panic into a "panicked" verdict) or gave no verdict in 20 s.
func noPanicNoHang(t *testing.T, f func() pdfsig.Result) {
	t.Helper()
	done := make(chan pdfsig.Result, 1)
	go func() { done <- f() }()
	select {
	case res := <-done:
		if strings.Contains(res.Skipped, "panicked") {
			t.Fatalf("panic: %s", res.Skipped)
		}
		for _, s := range res.Signatures {
			if strings.Contains(s.Detail, "panicked") {
				t.Fatalf("panic: %s", s.Detail)
			}
		}
	case <-time.After(fuzzHang):
		t.Fatalf("hang: no verdict in %v", fuzzHang)
	}
}

var hostileXML = []string{
	`<r xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Signature/></r>`,
	`<r xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Signature><ds:SignedInfo/><ds:SignedInfo/><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature></r>`,
	`<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><r xmlns="http://www.w3.org/2000/09/xmldsig#">&b;</r>`,
	`<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm=""/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
		`<Reference URI="#x"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</DigestValue></Reference>` +
		`</SignedInfo><SignatureValue>AA==</SignatureValue><KeyInfo><X509Data><X509Certificate>MIIB</X509Certificate></X509Data></KeyInfo><Object Id="x"/></Signature>`,
	strings.Repeat(`<a xmlns="http://www.w3.org/2000/09/xmldsig#">`, 5000) + strings.Repeat(`</a>`, 5000),
}

// FuzzVerifyXML feeds whole XML documents: hostile XML never crashes or
// hangs the verifier. Seeds: a signed document and hostile ones.
func FuzzVerifyXML(f *testing.F) {
	s, err := seedKeys()
	if err != nil {
		f.Fatal(err)
	}
	signed, err := xmlsigtest.SignXML([]byte(`<VanBan xmlns="urn:vn"><So>1319/QĐ-BTP</So></VanBan>`), s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	for _, h := range hostileXML {
		f.Add([]byte(h))
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, data []byte) {
		noPanicNoHang(t, func() pdfsig.Result { return VerifyXML(data, now, pdfsig.Options{}) })
	})
}

// FuzzSignaturePart puts the fuzzed bytes as the signature part of a
// signed .docx: the signature parser, the references, the manifest and
// the relationship transform meet hostile XML.
func FuzzSignaturePart(f *testing.F) {
	s, err := seedKeys()
	if err != nil {
		f.Fatal(err)
	}
	doc, err := os.ReadFile("../extract/testdata/lo-vanban.docx")
	if err != nil {
		f.Fatal(err)
	}
	signed, err := xmlsigtest.SignDOCX(doc, s)
	if err != nil {
		f.Fatal(err)
	}
	parts, err := xmlsigtest.ReadPackage(signed)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range parts {
		if p.Name == "_xmlsignatures/sig1.xml" {
			f.Add(p.Data)
			f.Add(bytes.Replace(p.Data, []byte("RelationshipTransform"), []byte("RelationshipTransformX"), 1))
		}
	}
	for _, h := range hostileXML {
		f.Add([]byte(h))
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, data []byte) {
		pkg, err := xmlsigtest.SetPart(signed, "_xmlsignatures/sig1.xml", data)
		if err != nil {
			t.Fatal(err)
		}
		noPanicNoHang(t, func() pdfsig.Result { return VerifyPackage(pkg, now, pdfsig.Options{}) })
	})
}

// Hostile inputs get a verdict, not a crash: deep nesting and a DTD are
// refused before the tree is built.
func TestHostileXML(t *testing.T) {
	for i, h := range hostileXML {
		res := VerifyXML([]byte(h), time.Now(), pdfsig.Options{})
		for _, s := range res.Signatures {
			if s.Valid {
				t.Errorf("hostile %d: valid signature %+v", i, s)
			}
		}
		if i == 2 && !strings.Contains(res.Skipped, "DTD") {
			t.Errorf("a DTD is not refused: %+v", res)
		}
		if i == 4 && !strings.Contains(res.Skipped, "nested deeper") {
			t.Errorf("deep nesting is not refused: %+v", res)
		}
	}
}
