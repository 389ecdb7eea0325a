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
)

// signedDoc signs lo-vanban.pdf (Quyết định 1319/QĐ-BTP, "Hà Nội, ngày 12
// tháng 7 năm 2024", a LibreOffice export) as the Ministry does: a
// timestamped signature of the agency. It returns the file, the trust
// store holding its root, and the timestamp's instant.
func signedDoc(t *testing.T) ([]byte, *x509.CertPool, time.Time) {
	t.Helper()
	lo, err := os.ReadFile("../extract/testdata/lo-vanban.pdf")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	from, to := now.AddDate(-5, 0, 0), now.AddDate(5, 0, 0)
	root, err := pdfsigtest.NewRoot("Test Root CA", from, to)
	if err != nil {
		t.Fatal(err)
	}
	agency, err := root.Issue(pkix.Name{CommonName: "Bộ Tư pháp", Organization: []string{"Bộ Tư pháp"}}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	tsa, err := root.IssueTSA("Test TSA", from, to)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 12, 10, 0, 0, 0, workday.Zone) // Friday 10:00
	pdf, err := pdfsigtest.Sign(lo, pdfsigtest.Signing{Signer: agency, TSA: &tsa, StampedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	return pdf, roots, at
}

func deriveSigned(t *testing.T, pdf []byte, roots *x509.CertPool) derive.Report {
	t.Helper()
	body := "Kính gửi Ban Biên tập,\n\nBộ gửi Quyết định số 1319/QĐ-BTP để đăng tải.\n"
	raw := mailWith(body, mailFile{"QD-1319.pdf", "application/pdf", pdf})
	received := time.Date(2024, 7, 15, 9, 0, 0, 0, workday.Zone)
	return derive.Derive(context.Background(), raw, derive.Options{ReceivedAt: received, Signatures: pdfsig.Options{Roots: roots}}).Report
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
	if r.DocumentSource != "attachment:QD-1319.pdf" || r.Document.SignedOn != "2024-07-12" {
		t.Fatalf("document: %s %+v", r.DocumentSource, r.Document)
	}
	sigs := r.Attachments[0].Signatures
	if len(sigs) != 1 {
		t.Fatalf("signatures: %+v", sigs)
	}
	s := sigs[0]
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
	if p := problems(r); len(p) != 1 || p[0] != derive.ProblemSignatureInvalid {
		t.Fatalf("problems: %v", p)
	}
	if d := deadline101(t, r); !d.DueAt.Equal(time.Date(2024, 7, 15, 17, 0, 0, 0, workday.Zone)) {
		t.Fatalf("a broken signature gives no instant: due %v", d.DueAt)
	}
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
