package xmlsig_test

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/xmlsig"
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
)

type pki struct {
	root    pdfsigtest.Key
	signer  pdfsigtest.Key
	expired pdfsigtest.Key
	roots   *x509.CertPool
	at, now time.Time
}

func newPKI(t *testing.T) pki {
	t.Helper()
	now := time.Now().Truncate(time.Second)
	root, err := pdfsigtest.NewRoot("Test Root CA", now.AddDate(-5, 0, 0), now.AddDate(5, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "Nguyễn Văn An", Organization: []string{"Bộ Tư pháp"}}, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	expired, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "Trần Thị Bình", Organization: []string{"Bộ Tư pháp"}}, now.AddDate(-3, 0, 0), now.AddDate(-2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	return pki{root: root, signer: signer, expired: expired, roots: roots, at: now.Add(-time.Hour).UTC(), now: now}
}

func one(t *testing.T, res pdfsig.Result) pdfsig.Signature {
	t.Helper()
	if len(res.Signatures) != 1 {
		t.Fatalf("want one signature, got %+v", res)
	}
	return res.Signatures[0]
}

func docx(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../extract/testdata/lo-vanban.docx")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPackageSignatures(t *testing.T) {
	p := newPKI(t)
	signed, err := xmlsigtest.SignDOCX(docx(t), xmlsigtest.Signing{Signer: p.signer, At: p.at})
	if err != nil {
		t.Fatal(err)
	}
	if !xmlsig.IsPackage(signed) || xmlsig.IsPackage(docx(t)) {
		t.Fatal("IsPackage: a signed package is one, an unsigned one is not")
	}
	opts := pdfsig.Options{Roots: p.roots}
	verify := func(t *testing.T, pkg []byte) pdfsig.Signature {
		t.Helper()
		return one(t, xmlsig.VerifyPackage(pkg, p.now, opts))
	}

	t.Run("valid", func(t *testing.T) {
		s := verify(t, signed)
		if !s.Valid || !s.Trusted || s.Problem != "" || !s.CoversWholeFile {
			t.Fatalf("verdict: %+v", s)
		}
		if s.Signer != "Nguyễn Văn An" || s.Organization != "Bộ Tư pháp" || s.Issuer != "Test Root CA" || s.SubFilter != xmlsig.SubFilterOOXML {
			t.Errorf("names: %+v", s)
		}
		if !s.SignedAt.Equal(p.at) || s.SignedAtSource != pdfsig.SourceSigningTime || s.Timestamped {
			t.Errorf("signed at %v (%s), want %v", s.SignedAt, s.SignedAtSource, p.at)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		s := one(t, xmlsig.VerifyPackage(signed, p.now, pdfsig.Options{}))
		if !s.Valid || s.Trusted || s.Problem != pdfsig.ProblemNotTrusted || s.Detail != "signature valid, issuer not in the trust store" {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("tampered part", func(t *testing.T) {
		tampered, ok := replaceInPart(t, signed, "word/document.xml", "1319", "1391")
		if !ok {
			t.Fatal("the document does not hold 1319")
		}
		s := verify(t, tampered)
		if s.Valid || s.Trusted || s.Problem != pdfsig.ProblemAltered || !strings.Contains(s.Detail, "/word/document.xml") {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("tampered relationships", func(t *testing.T) {
		tampered, ok := replaceInPart(t, signed, "word/_rels/document.xml.rels", `Target="styles.xml"`, `Target="evil.xml"`)
		if !ok {
			t.Skip("no document relationships, or no styles relationship among them")
		}
		wantAltered(t, verify(t, tampered), "/word/_rels/document.xml.rels")
	})
	t.Run("part added", func(t *testing.T) {
		s := verify(t, setPart(t, signed, "word/media/added.png", []byte("\x89PNG not really")))
		if !s.Valid || s.CoversWholeFile || s.Problem != pdfsig.ProblemUpdatedAfter || !strings.Contains(s.Detail, "/word/media/added.png") {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("content type changed", func(t *testing.T) {
		// [Content_Types].xml is no part and is not signed, but each
		// reference names its part's type (ISO/IEC 29500-2 §13.2.4.7).
		tampered, ok := replaceInPart(t, signed, "[Content_Types].xml", "wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml")
		if !ok {
			t.Fatal("no main document type")
		}
		wantAltered(t, verify(t, tampered), "/word/document.xml (content type)")
	})
	t.Run("metadata changed", func(t *testing.T) {
		// Word leaves docProps/core.xml unsigned: changing it is no
		// change of the document.
		s := verify(t, setPart(t, signed, "docProps/core.xml", []byte(`<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>`)))
		if !s.Valid || !s.Trusted || !s.CoversWholeFile || s.Problem != "" {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("signed part removed", func(t *testing.T) {
		parts, _ := xmlsigtest.ReadPackage(signed)
		var kept []xmlsigtest.Part
		for _, pt := range parts {
			if pt.Name != "word/settings.xml" {
				kept = append(kept, pt)
			}
		}
		if len(kept) == len(parts) {
			t.Skip("no settings part")
		}
		removed, _ := xmlsigtest.WritePackage(kept)
		wantAltered(t, verify(t, removed), "/word/settings.xml")
	})
	t.Run("signature value altered", func(t *testing.T) {
		sig := partOf(t, signed, "_xmlsignatures/sig1.xml")
		// Another signing time in the signed properties: the digest of the
		// package object no longer matches SignedInfo.
		changed := bytes.Replace(sig, []byte(p.at.Format("2006-01-02T15:04:05Z")), []byte(p.at.Add(-48*time.Hour).Format("2006-01-02T15:04:05Z")), -1)
		wantAltered(t, verify(t, setPart(t, signed, "_xmlsignatures/sig1.xml", changed)), "#idPackageObject")
		// A SignedInfo changed (a digest replaced): the value does not verify.
		changed = bytes.Replace(sig, []byte(`URI="#idSignedProperties"`), []byte(`URI="#idSignedProperties" Id="x"`), 1)
		if s := verify(t, setPart(t, signed, "_xmlsignatures/sig1.xml", changed)); s.Valid || s.Problem != pdfsig.ProblemBadSignature {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("timestamped", func(t *testing.T) {
		tsa, err := p.root.IssueTSA("Test TSA", p.now.AddDate(-1, 0, 0), p.now.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		stampedAt := p.at.Add(time.Minute)
		stamped, err := xmlsigtest.SignDOCX(docx(t), xmlsigtest.Signing{Signer: p.signer, At: p.at, TSA: &tsa, StampedAt: stampedAt})
		if err != nil {
			t.Fatal(err)
		}
		s := verify(t, stamped)
		if !s.Valid || !s.Trusted || s.Problem != "" || !s.Timestamped || s.SignedAtSource != pdfsig.SourceTimestamp ||
			!s.SignedAt.Equal(stampedAt) || s.TimestampAuthority != "Test TSA" {
			t.Fatalf("verdict: %+v", s)
		}
		// A token over another value: noted, the signer's time stays.
		other, err := xmlsigtest.SignDOCX(docx(t), xmlsigtest.Signing{Signer: p.signer, At: p.at.Add(time.Second), TSA: &tsa, StampedAt: stampedAt})
		if err != nil {
			t.Fatal(err)
		}
		swapped := swapToken(t, signed, other)
		s = verify(t, swapped)
		if !s.Valid || s.Timestamped || s.Problem != pdfsig.ProblemTimestampInvalid || !s.SignedAt.Equal(p.at) {
			t.Fatalf("swapped token: %+v", s)
		}
	})
	t.Run("expired certificate", func(t *testing.T) {
		expired, err := xmlsigtest.SignDOCX(docx(t), xmlsigtest.Signing{Signer: p.expired, At: p.at})
		if err != nil {
			t.Fatal(err)
		}
		s := verify(t, expired)
		if s.Valid || s.Trusted || s.Problem != pdfsig.ProblemExpired {
			t.Fatalf("verdict: %+v", s)
		}
	})
}

const officialXML = `<?xml version="1.0" encoding="UTF-8"?>
<VanBan xmlns="urn:vn:gov:vanban"><SoKyHieu>1319/QĐ-BTP</SoKyHieu><TrichYeu>Quyết định về việc công bố thủ tục hành chính</TrichYeu><NoiDung>Điều 1. Công bố kèm theo Quyết định này.</NoiDung></VanBan>`

func TestXMLSignatures(t *testing.T) {
	p := newPKI(t)
	signed, err := xmlsigtest.SignXML([]byte(officialXML), xmlsigtest.Signing{Signer: p.signer, At: p.at})
	if err != nil {
		t.Fatal(err)
	}
	if !xmlsig.IsSignedXML(signed) || xmlsig.IsSignedXML([]byte(officialXML)) {
		t.Fatal("IsSignedXML")
	}
	opts := pdfsig.Options{Roots: p.roots}
	t.Run("valid", func(t *testing.T) {
		s := one(t, xmlsig.VerifyXML(signed, p.now, opts))
		if !s.Valid || !s.Trusted || s.Problem != "" || !s.CoversWholeFile || s.SubFilter != xmlsig.SubFilterXML {
			t.Fatalf("verdict: %+v", s)
		}
		if !s.SignedAt.Equal(p.at) || s.SignedAtSource != pdfsig.SourceSigningTime || s.Signer != "Nguyễn Văn An" {
			t.Errorf("signed at %v (%s) by %q", s.SignedAt, s.SignedAtSource, s.Signer)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		s := one(t, xmlsig.VerifyXML(signed, p.now, pdfsig.Options{}))
		if !s.Valid || s.Trusted || s.Problem != pdfsig.ProblemNotTrusted {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		tampered := bytes.Replace(signed, []byte("1319/QĐ-BTP"), []byte("1391/QĐ-BTP"), 1)
		wantAltered(t, one(t, xmlsig.VerifyXML(tampered, p.now, opts)), "VanBan")
	})
	t.Run("element added", func(t *testing.T) {
		added := bytes.Replace(signed, []byte("<NoiDung>"), []byte("<GhiChu>thêm sau khi ký</GhiChu><NoiDung>"), 1)
		s := one(t, xmlsig.VerifyXML(added, p.now, opts))
		if s.Valid || s.Problem != pdfsig.ProblemAltered {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("signing time changed", func(t *testing.T) {
		changed := bytes.Replace(signed, []byte(p.at.Format(time.RFC3339)), []byte(p.at.Add(-48*time.Hour).Format(time.RFC3339)), 1)
		wantAltered(t, one(t, xmlsig.VerifyXML(changed, p.now, opts)), "#SigningTime")
	})
	t.Run("expired certificate", func(t *testing.T) {
		expired, err := xmlsigtest.SignXML([]byte(officialXML), xmlsigtest.Signing{Signer: p.expired, At: p.at})
		if err != nil {
			t.Fatal(err)
		}
		s := one(t, xmlsig.VerifyXML(expired, p.now, opts))
		if s.Valid || s.Problem != pdfsig.ProblemExpired {
			t.Fatalf("verdict: %+v", s)
		}
	})
	t.Run("wrapped", func(t *testing.T) {
		// A second element with the signed Id: the reference is
		// ambiguous and refused (XML-DSig Best Practices §2.3).
		wrapped := bytes.Replace(signed, []byte("<SoKyHieu>"), []byte(`<x Id="SigningTime"/><SoKyHieu>`), 1)
		s := one(t, xmlsig.VerifyXML(wrapped, p.now, opts))
		if s.Valid {
			t.Fatalf("verdict: %+v", s)
		}
	})
}

// swapToken puts the unsigned properties (the timestamp) of from's
// signature into to's.
func swapToken(t *testing.T, to, from []byte) []byte {
	t.Helper()
	sigOf := func(pkg []byte) []byte {
		sig := partOf(t, pkg, "_xmlsignatures/sig1.xml")
		if sig == nil {
			t.Fatal("no signature part")
		}
		return sig
	}
	src := sigOf(from)
	i, j := bytes.Index(src, []byte("<xd:UnsignedProperties>")), bytes.Index(src, []byte("</xd:UnsignedProperties>"))
	if i < 0 || j < 0 {
		t.Fatalf("no unsigned properties in %s", src)
	}
	dst := bytes.Replace(sigOf(to), []byte("</xd:QualifyingProperties>"), append(append([]byte{}, src[i:j+len("</xd:UnsignedProperties>")]...), []byte("</xd:QualifyingProperties>")...), 1)
	return setPart(t, to, "_xmlsignatures/sig1.xml", dst)
}

// partOf returns the part name of the package pkg, nil if it has none.
func partOf(t *testing.T, pkg []byte, name string) []byte {
	t.Helper()
	parts, err := xmlsigtest.ReadPackage(pkg)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range parts {
		if pt.Name == name {
			return pt.Data
		}
	}
	return nil
}

// replaceInPart returns the package pkg with the first old in its part name
// replaced by new; false if it has no such part or the part no old.
func replaceInPart(t *testing.T, pkg []byte, name, old, new string) ([]byte, bool) {
	t.Helper()
	data := partOf(t, pkg, name)
	changed := bytes.Replace(data, []byte(old), []byte(new), 1)
	if data == nil || bytes.Equal(changed, data) {
		return nil, false
	}
	return setPart(t, pkg, name, changed), true
}

// wantAltered fails the test unless s is an invalid signature over content
// changed after signing, with detail in its Detail.
func wantAltered(t *testing.T, s pdfsig.Signature, detail string) {
	t.Helper()
	if s.Valid || s.Problem != pdfsig.ProblemAltered || !strings.Contains(s.Detail, detail) {
		t.Fatalf("verdict: %+v", s)
	}
}

// setPart returns the package pkg with its part name set to data.
func setPart(t *testing.T, pkg []byte, name string, data []byte) []byte {
	t.Helper()
	out, err := xmlsigtest.SetPart(pkg, name, data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
