package derive_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/xmlsig/xmlsigtest"
)

// signedDOCX signs lo-vanban.docx (Quyết định 1319/QĐ-BTP, "Hà Nội, ngày
// 12 tháng 7 năm 2024") as a unit's signing tool does, on Friday 12 July
// 2024 at 10:00.
func signedDOCX(t *testing.T) ([]byte, *x509.CertPool, time.Time) {
	t.Helper()
	doc, err := os.ReadFile("../extract/testdata/lo-vanban.docx")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	from, to := now.AddDate(-5, 0, 0), now.AddDate(5, 0, 0)
	root, err := pdfsigtest.NewRoot("Test Root CA", from, to)
	if err != nil {
		t.Fatal(err)
	}
	agency, err := xmlsigtest.IssueRSA(root, pkix.Name{CommonName: "Bộ Tư pháp", Organization: []string{"Bộ Tư pháp"}}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 12, 10, 0, 0, 0, workday.Zone)
	signed, err := xmlsigtest.SignDOCX(doc, xmlsigtest.Signing{Signer: agency, At: at})
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	return signed, roots, at
}

func deriveDOCX(t *testing.T, docx []byte, roots *x509.CertPool) derive.Report {
	t.Helper()
	body := "Kính gửi Ban Biên tập,\n\nBộ gửi Quyết định số 1319/QĐ-BTP để đăng tải.\n"
	raw := mailWith(body, mailFile{"QD-1319.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx})
	received := time.Date(2024, 7, 15, 9, 0, 0, 0, workday.Zone)
	return derive.Derive(context.Background(), raw, derive.Options{ReceivedAt: received, Signatures: pdfsig.Options{Roots: roots}}).Report
}

func TestSignedDOCXDeadlineFromTheSignature(t *testing.T) {
	docx, roots, at := signedDOCX(t)
	r := deriveDOCX(t, docx, roots)
	if r.DocumentSource != "attachment:QD-1319.docx" || r.Document.SignedOn != "2024-07-12" {
		t.Fatalf("document: %s %+v", r.DocumentSource, r.Document)
	}
	sigs := r.Attachments[0].Signatures
	if len(sigs) != 1 {
		t.Fatalf("signatures: %+v", sigs)
	}
	s := sigs[0]
	if s.Signer != "Bộ Tư pháp" || !s.Valid || !s.Trusted || !s.CoversWholeFile || s.SignedAt == nil || !s.SignedAt.Equal(at) ||
		s.SignedAtSource != pdfsig.SourceSigningTime || s.Problem != "" {
		t.Fatalf("signature: %+v", s)
	}
	// Điều 10 khoản 1 from the signing instant: Monday 10:00.
	if d := deadline101(t, r); !d.StartsAt.Equal(at) || !d.DueAt.Equal(time.Date(2024, 7, 15, 10, 0, 0, 0, workday.Zone)) {
		t.Fatalf("10.1 from %v due %v", d.StartsAt, d.DueAt)
	}
	if p := problems(r); p != nil {
		t.Fatalf("problems: %v", p)
	}
}

func TestSignedDOCXTamperedIsFlagged(t *testing.T) {
	docx, roots, _ := signedDOCX(t)
	parts, err := xmlsigtest.ReadPackage(docx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.Name == "word/document.xml" {
			docx, err = xmlsigtest.SetPart(docx, p.Name, bytes.Replace(p.Data, []byte("1319"), []byte("1391"), 1))
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	r := deriveDOCX(t, docx, roots)
	s := r.Attachments[0].Signatures[0]
	if s.Valid || s.Problem != pdfsig.ProblemAltered || !strings.Contains(s.Detail, "/word/document.xml") {
		t.Fatalf("signature: %+v", s)
	}
	if p := problems(r); len(p) != 1 || p[0] != derive.ProblemSignatureInvalid {
		t.Fatalf("problems: %v", p)
	}
	if d := deadline101(t, r); !d.DueAt.Equal(time.Date(2024, 7, 15, 17, 0, 0, 0, workday.Zone)) {
		t.Fatalf("a broken signature gives no instant: due %v", d.DueAt)
	}
}

func TestSignedDOCXPartAddedIsFlagged(t *testing.T) {
	docx, roots, _ := signedDOCX(t)
	docx, err := xmlsigtest.SetPart(docx, "word/header9.xml", []byte(`<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`))
	if err != nil {
		t.Fatal(err)
	}
	r := deriveDOCX(t, docx, roots)
	s := r.Attachments[0].Signatures[0]
	if !s.Valid || s.CoversWholeFile || s.Problem != pdfsig.ProblemUpdatedAfter || !strings.Contains(s.Detail, "/word/header9.xml") {
		t.Fatalf("signature: %+v", s)
	}
	if p := problems(r); len(p) != 1 || p[0] != derive.ProblemSignedRevisionDiffers {
		t.Fatalf("problems: %v", p)
	}
}
