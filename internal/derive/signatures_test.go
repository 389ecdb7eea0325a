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

// signedDoc signs lo-vanban.pdf (Quyết định 1319/QĐ-BTP, "Hà Nội, ngày 12
// tháng 7 năm 2024", a LibreOffice export) as the Ministry does: a
// timestamped signature of the agency. It returns the file, the trust
// store holding its root, and the timestamp's instant.
func signedDoc(t *testing.T) ([]byte, *x509.CertPool, time.Time) {
	t.Helper()
	return signFile(t, "../extract/testdata/lo-vanban.pdf", func(lo []byte, root pdfsigtest.Key, from, to, at time.Time) ([]byte, error) {
		agency, err := root.Issue(agencyName, from, to)
		if err != nil {
			return nil, err
		}
		tsa, err := root.IssueTSA("Test TSA", from, to)
		if err != nil {
			return nil, err
		}
		return pdfsigtest.Sign(lo, pdfsigtest.Signing{Signer: agency, TSA: &tsa, StampedAt: at})
	})
}

// signFile signs the file path with sign at Friday 12 July 2024 10:00,
// under a root CA valid from five years before now to five years after
// (from, to). It returns the signed file, a trust store that holds the
// root, and the signing instant.
func signFile(t *testing.T, path string, sign func(doc []byte, root pdfsigtest.Key, from, to, at time.Time) ([]byte, error)) ([]byte, *x509.CertPool, time.Time) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	from, to := now.AddDate(-5, 0, 0), now.AddDate(5, 0, 0)
	root, err := pdfsigtest.NewRoot("Test Root CA", from, to)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 12, 10, 0, 0, 0, workday.Zone) // Friday 10:00
	signed, err := sign(doc, root, from, to, at)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	return signed, roots, at
}

func deriveSigned(t *testing.T, pdf []byte, roots *x509.CertPool) derive.Report {
	t.Helper()
	return deriveAttached(t, mailFile{"QD-1319.pdf", "application/pdf", pdf}, roots)
}

// agencyName is the subject of the Ministry's signing certificate.
var agencyName = pkix.Name{CommonName: "Bộ Tư pháp", Organization: []string{"Bộ Tư pháp"}}

// deriveAttached derives a mail that sends Quyết định 1319/QĐ-BTP as the
// attachment f, received on Monday 15 July 2024 at 09:00, with the trust
// store roots.
func deriveAttached(t *testing.T, f mailFile, roots *x509.CertPool) derive.Report {
	t.Helper()
	body := "Kính gửi Ban Biên tập,\n\nBộ gửi Quyết định số 1319/QĐ-BTP để đăng tải.\n"
	received := time.Date(2024, 7, 15, 9, 0, 0, 0, workday.Zone)
	return derive.Derive(context.Background(), mailWith(body, f), derive.Options{ReceivedAt: received, Signatures: pdfsig.Options{Roots: roots}}).Report
}

// oneSignature checks that the document was read from the attachment
// source, signed on Friday 12 July 2024, and returns the one signature of
// the first attachment.
func oneSignature(t *testing.T, r derive.Report, source string) derive.Signature {
	t.Helper()
	if r.DocumentSource != source || r.Document.SignedOn != "2024-07-12" {
		t.Fatalf("document: %s %+v", r.DocumentSource, r.Document)
	}
	sigs := r.Attachments[0].Signatures
	if len(sigs) != 1 {
		t.Fatalf("signatures: %+v", sigs)
	}
	return sigs[0]
}

// wantBrokenSignature checks that a broken signature is the one problem of
// r and gives no instant: Điều 10 khoản 1 counts from the end of the date.
func wantBrokenSignature(t *testing.T, r derive.Report) {
	t.Helper()
	if p := problems(r); len(p) != 1 || p[0] != derive.ProblemSignatureInvalid {
		t.Fatalf("problems: %v", p)
	}
	if d := deadline101(t, r); !d.DueAt.Equal(time.Date(2024, 7, 15, 17, 0, 0, 0, workday.Zone)) {
		t.Fatalf("a broken signature gives no instant: due %v", d.DueAt)
	}
}

func deadline101(t *testing.T, r derive.Report) derive.Deadline {
	t.Helper()
	for _, d := range r.Deadlines {
		if d.Rule == "10.1" {
			return d
		}
	}
	t.Fatalf("no Điều 10 khoản 1 deadline: timing %q, document %+v, deadlines %+v", r.Classification.Timing, r.Document.SignedOn, r.Deadlines)
	return derive.Deadline{}
}

func problems(r derive.Report) []string {
	var out []string
	for _, p := range r.Problems {
		if strings.HasPrefix(p.Code, "sign") {
			out = append(out, p.Code)
		}
	}
	return out
}

func TestSignedDocumentDeadlineFromTheSignature(t *testing.T) {
	pdf, roots, at := signedDoc(t)
	r := deriveSigned(t, pdf, roots)
	s := oneSignature(t, r, "attachment:QD-1319.pdf")
	if s.Signer != "Bộ Tư pháp" || s.SignerKind != "organization" || !s.Valid || !s.Trusted || !s.Timestamped ||
		!s.CoversWholeFile || s.SignedAt == nil || !s.SignedAt.Equal(at) || s.Problem != "" {
		t.Fatalf("signature: %+v", s)
	}
	d := deadline101(t, r)
	// From the signing instant (Friday 10:00) one working day: Monday
	// 10:00 — not Monday 17:00 as from the end of the date.
	if !d.StartsAt.Equal(at) || !d.DueAt.Equal(time.Date(2024, 7, 15, 10, 0, 0, 0, workday.Zone)) {
		t.Fatalf("10.1 from %v due %v", d.StartsAt, d.DueAt)
	}
	if !strings.Contains(d.Explanation, "lấy từ chữ ký số hợp lệ") {
		t.Fatalf("explanation does not say where the instant comes from:\n%s", d.Explanation)
	}
	if p := problems(r); p != nil {
		t.Fatalf("problems: %v", p)
	}
}

func TestSignedDocumentUntrustedCountsFromTheDate(t *testing.T) {
	pdf, _, _ := signedDoc(t)
	r := deriveSigned(t, pdf, nil)
	s := r.Attachments[0].Signatures[0]
	if !s.Valid || s.Trusted || s.Problem != pdfsig.ProblemNotTrusted {
		t.Fatalf("signature: %+v", s)
	}
	d := deadline101(t, r)
	if !d.DueAt.Equal(time.Date(2024, 7, 15, 17, 0, 0, 0, workday.Zone)) || strings.Contains(d.Explanation, "chữ ký số") {
		t.Fatalf("untrusted: 10.1 from %v due %v\n%s", d.StartsAt, d.DueAt, d.Explanation)
	}
	if p := problems(r); p != nil {
		t.Fatalf("a valid untrusted signature is no problem: %v", p)
	}
}

func TestSignedDocumentAlteredIsFlagged(t *testing.T) {
	pdf, roots, _ := signedDoc(t)
	i := bytes.Index(pdf, []byte("/Producer"))
	pdf[i+len("/Producer")+2] ^= 0x01 // the Info dictionary: signed, not shown
	r := deriveSigned(t, pdf, roots)
	s := r.Attachments[0].Signatures[0]
	if s.Valid || s.Problem != pdfsig.ProblemAltered {
		t.Fatalf("signature: %+v", s)
	}
	wantBrokenSignature(t, r)
}

func TestSignedDocumentUpdatedAfterSigning(t *testing.T) {
	pdf, roots, _ := signedDoc(t)
	// An update that changes no text (a new, unused object) is reported
	// on the signature, and is no problem.
	quiet, err := pdfsigtest.Update(pdf, map[int]string{40: "<< /Producer (edited) >>"})
	if err != nil {
		t.Fatal(err)
	}
	r := deriveSigned(t, quiet, roots)
	if s := r.Attachments[0].Signatures[0]; !s.Valid || s.CoversWholeFile || s.AppendedBytes == 0 || s.Problem != pdfsig.ProblemUpdatedAfter {
		t.Fatalf("quiet update: %+v", s)
	}
	if p := problems(r); p != nil {
		t.Fatalf("quiet update: problems %v", p)
	}
	// An update that empties the first page's content: the text differs
	// from what was signed, and a person must look.
	blanked, err := pdfsigtest.Update(pdf, map[int]string{2: "<< /Length 0 >>\nstream\n\nendstream"})
	if err != nil {
		t.Fatal(err)
	}
	r = deriveSigned(t, blanked, roots)
	if s := r.Attachments[0].Signatures[0]; !s.Valid || s.CoversWholeFile {
		t.Fatalf("blanked: %+v", s)
	}
	if p := problems(r); len(p) != 1 || p[0] != derive.ProblemSignedRevisionDiffers {
		t.Fatalf("blanked: problems %v", p)
	}
}

// Signed OOXML (.docx) documents.

// signedDOCX signs lo-vanban.docx (Quyết định 1319/QĐ-BTP, "Hà Nội, ngày
// 12 tháng 7 năm 2024") as a unit's signing tool does, on Friday 12 July
// 2024 at 10:00.
func signedDOCX(t *testing.T) ([]byte, *x509.CertPool, time.Time) {
	t.Helper()
	return signFile(t, "../extract/testdata/lo-vanban.docx", func(doc []byte, root pdfsigtest.Key, from, to, at time.Time) ([]byte, error) {
		agency, err := xmlsigtest.IssueRSA(root, agencyName, from, to)
		if err != nil {
			return nil, err
		}
		return xmlsigtest.SignDOCX(doc, xmlsigtest.Signing{Signer: agency, At: at})
	})
}

func deriveDOCX(t *testing.T, docx []byte, roots *x509.CertPool) derive.Report {
	t.Helper()
	return deriveAttached(t, mailFile{"QD-1319.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx}, roots)
}

func TestSignedDOCXDeadlineFromTheSignature(t *testing.T) {
	docx, roots, at := signedDOCX(t)
	r := deriveDOCX(t, docx, roots)
	s := oneSignature(t, r, "attachment:QD-1319.docx")
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
	wantBrokenSignature(t, r)
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
