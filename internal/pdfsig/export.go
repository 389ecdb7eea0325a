package pdfsig

import (
	"crypto/x509"
	"time"
)

// What follows lets the verifiers of other signed formats (internal/xmlsig:
// OOXML packages and XML-DSig documents) give the same verdicts, problem
// codes and trust decisions as the PDF signatures, so that inspect, the item
// page and the deadline read them alike.

// Describe fills the signer's names and validity from its certificate
// (common and organisation names only: see describe).
func (s *Signature) Describe(c *x509.Certificate) { s.describe(c) }

// Fail records a problem that makes the signature invalid; the most
// serious problem is kept.
func (s *Signature) Fail(code, detail string) { s.fail(fail(code, detail)) }

// Note records a problem that leaves the verdict as it is.
func (s *Signature) Note(code, detail string) { s.note(code, detail) }

// JudgeCertificate checks the signer's certificate at s.SignedAt (validity,
// RFC 5280 §4.1.2.5; key usage, §4.2.1.3) and, while s stays valid, its
// chain to roots through certs (the others the signature carries). It sets
// Trusted, or notes "valid, issuer not in the trust store".
func (s *Signature) JudgeCertificate(c *x509.Certificate, certs []*x509.Certificate, roots *x509.CertPool) {
	s.checkValidity(c)
	if !s.Valid {
		return
	}
	if !trusted(c, certs, roots, s.SignedAt, x509.ExtKeyUsageAny) {
		s.note(ProblemNotTrusted, "signature valid, issuer not in the trust store")
		return
	}
	s.Trusted = true
}

// Timestamp is a verified RFC 3161 timestamp token.
type Timestamp struct {
	At        time.Time
	Authority *x509.Certificate
	Certs     []*x509.Certificate
}

// VerifyTimestamp verifies an RFC 3161 timestamp token whose message
// imprint must be the digest of imprinted (§2.4.2), signed by a
// certificate meant for timestamping (§2.3). The error's text is a
// problem code, ": ", and an English detail.
func VerifyTimestamp(token, imprinted []byte) (Timestamp, error) {
	st, err := verifyToken(token, imprinted)
	if err != nil {
		return Timestamp{}, err
	}
	return Timestamp{At: st.at, Authority: st.tsa, Certs: st.certs}, nil
}

// UseTimestamp makes a verified token's time the signing instant.
func (s *Signature) UseTimestamp(ts Timestamp) {
	s.SignedAt, s.SignedAtSource, s.Timestamped, s.TimestampAuthority = ts.At, SourceTimestamp, true, name(ts.Authority)
}

// JudgeTimestamp chains the timestamp authority to roots once the signer
// is trusted: a signature is trusted only when both are.
func (s *Signature) JudgeTimestamp(ts Timestamp, roots *x509.CertPool) {
	if s.Trusted && !trusted(ts.Authority, ts.Certs, roots, ts.At, x509.ExtKeyUsageTimeStamping) {
		s.Trusted = false
		s.note(ProblemTSANotTrusted, "signature valid, timestamp authority not in the trust store")
	}
}
