package pdfsig_test

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// now is the instant the tests verify at; the certificates are made
// around it.
var now = time.Now().UTC().Truncate(time.Second)

type fixture struct {
	root, other, person, agency, expired, tsa pdfsigtest.Key
	roots                                     *x509.CertPool
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	var f fixture
	from, to := now.AddDate(-5, 0, 0), now.AddDate(5, 0, 0)
	var err error
	must := func(k pdfsigtest.Key, e error) pdfsigtest.Key {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
		return k
	}
	f.root = must(pdfsigtest.NewRoot("Test Root CA", from, to))
	f.other = must(pdfsigtest.NewRoot("Other Root CA", from, to))
	f.person = must(f.root.Issue(pkix.Name{CommonName: "Nguyễn Văn An", Organization: []string{"Bộ Tư pháp"}}, from, to))
	f.agency = must(f.root.Issue(pkix.Name{CommonName: "Bộ Tư pháp", Organization: []string{"Bộ Tư pháp"}}, from, to))
	f.expired = must(f.root.Issue(pkix.Name{CommonName: "Trần Thị Bình", Organization: []string{"Vụ Pháp chế"}}, from, now.Add(-24*time.Hour)))
	f.tsa = must(f.root.IssueTSA("Test TSA", from, to))
	f.roots, _, err = pdfsig.LoadRoots(fstest.MapFS{"root.pem": {Data: f.root.PEM()}})
	if err != nil {
		t.Fatal(err)
	}
	return &f
}

func doc() []byte {
	return pdfsigtest.Simple("BO TU PHAP", "So: 12/QD-BTP", "Quyet dinh ve viec thu nghiem chu ky so")
}

func sign(t testing.TB, pdf []byte, s pdfsigtest.Signing) []byte {
	t.Helper()
	out, err := pdfsigtest.Sign(pdf, s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func only(t testing.TB, r pdfsig.Result) pdfsig.Signature {
	t.Helper()
	if len(r.Signatures) != 1 || r.Skipped != "" {
		t.Fatalf("want one signature, got %+v", r)
	}
	return r.Signatures[0]
}

func TestValidTrusted(t *testing.T) {
	f := newFixture(t)
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person, Reason: "Phê duyệt"})
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if !s.Valid || !s.Trusted || s.Problem != "" || !s.CoversWholeFile || s.AppendedBytes != 0 {
		t.Fatalf("verdict: %+v", s)
	}
	if s.Signer != "Nguyễn Văn An" || s.SignerKind != "person" || s.Organization != "Bộ Tư pháp" || s.Issuer != "Test Root CA" {
		t.Fatalf("signer: %+v", s)
	}
	if s.Timestamped || s.SignedAtSource != pdfsig.SourceSigningTime || s.SignedAt.Before(now.Add(-time.Minute)) {
		t.Fatalf("signing time: %+v", s)
	}
	if s.SignedLength != int64(len(pdf)) || s.Kind != pdfsig.KindSignature || s.SubFilter != "adbe.pkcs7.detached" || s.Reason != "Phê duyệt" {
		t.Fatalf("dictionary: %+v", s)
	}
}

func TestValidUntrusted(t *testing.T) {
	f := newFixture(t)
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.agency})
	otherRoots := x509.NewCertPool()
	otherRoots.AddCert(f.other.Cert)
	for name, roots := range map[string]*x509.CertPool{"no store": nil, "empty store": x509.NewCertPool(), "other root": otherRoots} {
		s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: roots}))
		if !s.Valid || s.Trusted || s.Problem != pdfsig.ProblemNotTrusted {
			t.Errorf("%s: want valid, not trusted: %+v", name, s)
		}
		if s.SignerKind != "organization" {
			t.Errorf("%s: the agency's own certificate: %+v", name, s)
		}
	}
}

func TestTamperedAfterSigning(t *testing.T) {
	f := newFixture(t)
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person})
	i := bytes.Index(pdf, []byte("So: 12"))
	pdf[i+4] = '9' // "So: 92": same length, the byte ranges still fit
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if s.Valid || s.Trusted || s.Problem != pdfsig.ProblemAltered {
		t.Fatalf("want altered: %+v", s)
	}
}

func TestIncrementalUpdateAfterSigning(t *testing.T) {
	f := newFixture(t)
	signed := sign(t, doc(), pdfsigtest.Signing{Signer: f.person})
	stream := "BT /F1 12 Tf 72 780 Td (So: 99/QD-BTP) Tj ET\n"
	pdf, err := pdfsigtest.Update(signed, map[int]string{5: fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(stream), stream)})
	if err != nil {
		t.Fatal(err)
	}
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if !s.Valid || !s.Trusted || s.CoversWholeFile || s.Problem != pdfsig.ProblemUpdatedAfter {
		t.Fatalf("want valid over its revision, updated after: %+v", s)
	}
	if s.SignedLength != int64(len(signed)) || s.AppendedBytes != int64(len(pdf)-len(signed)) {
		t.Fatalf("revision: %d+%d, want %d+%d", s.SignedLength, s.AppendedBytes, len(signed), len(pdf)-len(signed))
	}
	// Whitespace after %%EOF is no update.
	s = only(t, pdfsig.Verify(append(signed, "\r\n"...), now, pdfsig.Options{Roots: f.roots}))
	if !s.CoversWholeFile || s.Problem != "" {
		t.Fatalf("trailing newline: %+v", s)
	}
}

func TestExpiredCertificate(t *testing.T) {
	f := newFixture(t)
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.expired})
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if s.Valid || s.Trusted || s.Problem != pdfsig.ProblemExpired {
		t.Fatalf("want expired: %+v", s)
	}
	if s.Signer != "Trần Thị Bình" || !s.NotAfter.Before(now) {
		t.Fatalf("the certificate is still described: %+v", s)
	}
}

func TestTimestampToken(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2026, 3, 10, 2, 15, 0, 0, time.UTC) // 09:15 in Hà Nội
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person, TSA: &f.tsa, StampedAt: at})
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if !s.Valid || !s.Trusted || !s.Timestamped || s.Problem != "" {
		t.Fatalf("verdict: %+v", s)
	}
	if !s.SignedAt.Equal(at) || s.SignedAtSource != pdfsig.SourceTimestamp || s.TimestampAuthority != "Test TSA" {
		t.Fatalf("the token's time comes first: %+v", s)
	}

	// The TSA not in the store: valid, not trusted, the time still read.
	roots := x509.NewCertPool()
	roots.AddCert(f.root.Cert)
	tsaRoot, _ := pdfsigtest.NewRoot("Foreign TSA Root", at.AddDate(-1, 0, 0), at.AddDate(5, 0, 0))
	foreignTSA, err := tsaRoot.IssueTSA("Foreign TSA", at.AddDate(-1, 0, 0), at.AddDate(5, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	pdf = sign(t, doc(), pdfsigtest.Signing{Signer: f.person, TSA: &foreignTSA, StampedAt: at})
	s = only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: roots}))
	if !s.Valid || s.Trusted || !s.Timestamped || s.Problem != pdfsig.ProblemTSANotTrusted {
		t.Fatalf("foreign TSA: %+v", s)
	}
}

func TestTimestampOverOtherData(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2026, 3, 10, 2, 15, 0, 0, time.UTC)
	// A token over other bytes than this signature's value (one taken
	// from another signature, or a backdated stamp of something else).
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person, TSA: &f.tsa, StampedAt: at, StampOver: []byte("another signature")})
	s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots}))
	if !s.Valid || s.Timestamped || s.SignedAtSource != pdfsig.SourceSigningTime || s.Problem != pdfsig.ProblemTimestampInvalid {
		t.Fatalf("a token over other data is not the signing time: %+v", s)
	}
}

func TestTwoSignatures(t *testing.T) {
	f := newFixture(t)
	first := sign(t, doc(), pdfsigtest.Signing{Signer: f.person})
	both := sign(t, first, pdfsigtest.Signing{Signer: f.agency, Field: "Signature2"})
	r := pdfsig.Verify(both, now, pdfsig.Options{Roots: f.roots})
	if len(r.Signatures) != 2 {
		t.Fatalf("want 2 signatures: %+v", r)
	}
	a, b := r.Signatures[0], r.Signatures[1]
	if a.Signer != "Nguyễn Văn An" || !a.Valid || a.CoversWholeFile || a.Problem != "" || a.SignedLength != int64(len(first)) {
		t.Fatalf("the person's, under the agency's: %+v", a)
	}
	if b.Signer != "Bộ Tư pháp" || !b.Valid || !b.Trusted || !b.CoversWholeFile || b.Problem != "" {
		t.Fatalf("the agency's, over the whole file: %+v", b)
	}
}

func TestOtherFormats(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2026, 3, 10, 2, 15, 0, 0, time.UTC)
	sha1 := sign(t, doc(), pdfsigtest.Signing{Signer: f.person, SubFilter: "adbe.pkcs7.sha1"})
	if s := only(t, pdfsig.Verify(sha1, now, pdfsig.Options{Roots: f.roots})); !s.Valid || !s.Trusted || s.SubFilter != "adbe.pkcs7.sha1" {
		t.Fatalf("adbe.pkcs7.sha1: %+v", s)
	}
	sha1[bytes.Index(sha1, []byte("So: 12"))+4] = '9'
	if s := only(t, pdfsig.Verify(sha1, now, pdfsig.Options{Roots: f.roots})); s.Valid || s.Problem != pdfsig.ProblemAltered {
		t.Fatalf("adbe.pkcs7.sha1 altered: %+v", s)
	}
	dts := sign(t, doc(), pdfsigtest.Signing{SubFilter: "ETSI.RFC3161", TSA: &f.tsa, StampedAt: at})
	s := only(t, pdfsig.Verify(dts, now, pdfsig.Options{Roots: f.roots}))
	if s.Kind != pdfsig.KindTimestamp || !s.Valid || !s.Trusted || !s.SignedAt.Equal(at) || s.Signer != "Test TSA" {
		t.Fatalf("document timestamp: %+v", s)
	}
	dts[bytes.Index(dts, []byte("So: 12"))+4] = '9'
	if s := only(t, pdfsig.Verify(dts, now, pdfsig.Options{Roots: f.roots})); s.Valid || s.Problem != pdfsig.ProblemAltered {
		t.Fatalf("document timestamp altered: %+v", s)
	}
}

func TestByteRangeNotAroundContents(t *testing.T) {
	f := newFixture(t)
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person})
	i := bytes.Index(pdf, []byte("/ByteRange [0 ")) + len("/ByteRange [0 ")
	var a, b, c int
	if _, err := fmt.Sscanf(string(pdf[i:i+32]), "%d %d %d", &a, &b, &c); err != nil {
		t.Fatal(err)
	}
	// Leave more than /Contents unsigned: the classic way to smuggle
	// unsigned bytes into a "signed" file.
	copy(pdf[i:], fmt.Sprintf("%010d %010d %010d", a-20, b, c))
	if s := only(t, pdfsig.Verify(pdf, now, pdfsig.Options{Roots: f.roots})); s.Valid || s.Problem != pdfsig.ProblemByteRange {
		t.Fatalf("want byte range invalid: %+v", s)
	}
}

func TestUnsignedAndCaps(t *testing.T) {
	f := newFixture(t)
	if r := pdfsig.Verify(doc(), now, pdfsig.Options{}); len(r.Signatures) != 0 || r.Skipped != "" {
		t.Fatalf("unsigned: %+v", r)
	}
	pdf := sign(t, doc(), pdfsigtest.Signing{Signer: f.person})
	if r := pdfsig.Verify(pdf, now, pdfsig.Options{MaxBytes: 1000}); len(r.Signatures) != 0 || r.Skipped == "" {
		t.Fatalf("over the size cap: %+v", r)
	}
	both := sign(t, pdf, pdfsigtest.Signing{Signer: f.agency, Field: "Signature2"})
	if r := pdfsig.Verify(both, now, pdfsig.Options{MaxSignatures: 1}); len(r.Signatures) != 1 || r.Skipped == "" {
		t.Fatalf("over the signature cap: %+v", r)
	}
}

func TestLoadRoots(t *testing.T) {
	f := newFixture(t)
	fsys := fstest.MapFS{
		"gov.pem":    {Data: append(f.root.PEM(), f.other.PEM()...)},
		"tsa.cer":    {Data: f.tsa.Cert.Raw},
		"README.txt": {Data: []byte("not a certificate")},
	}
	_, n, err := pdfsig.LoadRoots(fsys)
	if err != nil || n != 3 {
		t.Fatalf("want 3 certificates, got %d, %v", n, err)
	}
	fsys["broken.pem"] = &fstest.MapFile{Data: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}
	if _, _, err := pdfsig.LoadRoots(fsys); err == nil {
		t.Fatal("a broken file must be an error naming it")
	}
}
