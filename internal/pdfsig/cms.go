package pdfsig

import (
	"bytes"
	"crypto"
	_ "crypto/sha1" // SHA-1 digests of adbe.pkcs7.sha1 and older tokens
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"slices"
	"time"

	"github.com/smallstep/pkcs7"
)

var (
	// oidTSTInfo is id-ct-TSTInfo, the content of a timestamp token
	// (RFC 3161 §2.4.2).
	oidTSTInfo = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	// oidSignatureTimeStamp is id-aa-signatureTimeStampToken, the unsigned
	// attribute holding a timestamp token over the signature value
	// (RFC 3161 Appendix A; ETSI EN 319 122 §5.3).
	oidSignatureTimeStamp = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

// digests maps the digest algorithm identifiers of message imprints to
// their hash (RFC 5754 §2, RFC 3370 §2.1).
var digests = []struct {
	oid  asn1.ObjectIdentifier
	hash crypto.Hash
}{
	{pkcs7.OIDDigestAlgorithmSHA1, crypto.SHA1},
	{pkcs7.OIDDigestAlgorithmSHA256, crypto.SHA256},
	{pkcs7.OIDDigestAlgorithmSHA384, crypto.SHA384},
	{pkcs7.OIDDigestAlgorithmSHA512, crypto.SHA512},
	{pkcs7.OIDDigestAlgorithmSHA224, crypto.SHA224},
}

func hashOf(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	for _, d := range digests {
		if d.oid.Equal(oid) {
			return d.hash, true
		}
	}
	return 0, false
}

func digest(h crypto.Hash, b []byte) []byte {
	w := h.New()
	w.Write(b)
	return w.Sum(nil)
}

// failure is why a signature or token does not verify: a problem code of
// Signature.Problem and an English detail for inspect.
type failure struct {
	code, detail string
}

func (f *failure) Error() string { return f.code + ": " + f.detail }

func fail(code, detail string) *failure { return &failure{code: code, detail: detail} }

// signedCMS is what a CMS SignedData says about its one signer.
type signedCMS struct {
	signer      *x509.Certificate
	certs       []*x509.Certificate
	signingTime time.Time // the signed signingTime attribute (RFC 5652 §11.3)
	signature   []byte    // the signature value, which a timestamp token covers
	token       []byte    // the signature-time-stamp attribute's token, if any
	stamp       *stamp    // the token once verified
}

// parseCMS parses a CMS SignedData (RFC 5652 §5) holding one signer.
func parseCMS(der []byte) (*pkcs7.PKCS7, *signedCMS, error) {
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, nil, fail(ProblemMalformed, "CMS SignedData unreadable: "+err.Error())
	}
	if len(p7.Signers) == 0 {
		return nil, nil, fail(ProblemMalformed, "CMS SignedData without a signer")
	}
	si := p7.Signers[0]
	s := &signedCMS{certs: p7.Certificates, signature: si.EncryptedDigest}
	for _, c := range p7.Certificates {
		if c.SerialNumber != nil && si.IssuerAndSerialNumber.SerialNumber != nil &&
			c.SerialNumber.Cmp(si.IssuerAndSerialNumber.SerialNumber) == 0 &&
			bytes.Equal(c.RawIssuer, si.IssuerAndSerialNumber.IssuerName.FullBytes) {
			s.signer = c
			break
		}
	}
	if s.signer == nil {
		return nil, nil, fail(ProblemNoCertificate, "the signer's certificate is not in the signature")
	}
	for _, a := range si.AuthenticatedAttributes {
		if a.Type.Equal(pkcs7.OIDAttributeSigningTime) {
			var t time.Time
			if _, err := asn1.Unmarshal(a.Value.Bytes, &t); err == nil {
				s.signingTime = t
			}
		}
	}
	for _, a := range si.UnauthenticatedAttributes {
		if a.Type.Equal(oidSignatureTimeStamp) {
			s.token = a.Value.Bytes
		}
	}
	return p7, s, nil
}

// checkCMS verifies every signer of p7 over its content (the library
// checks the message digest attribute, then the signature over the signed
// attributes with the signer's public key).
func checkCMS(p7 *pkcs7.PKCS7) error {
	err := p7.Verify()
	if err == nil {
		return nil
	}
	var mismatch *pkcs7.MessageDigestMismatchError
	var outside *pkcs7.SigningTimeNotValidError
	switch {
	case errors.As(err, &mismatch):
		return fail(ProblemAltered, "the signed bytes' digest differs from the one signed")
	case errors.As(err, &outside):
		if outside.SigningTime.After(outside.NotAfter) {
			return fail(ProblemExpired, "signed after the certificate expired")
		}
		return fail(ProblemNotYetValid, "signed before the certificate was valid")
	}
	return fail(ProblemBadSignature, "signature does not verify: "+err.Error())
}

// tstInfo is the start of TSTInfo (RFC 3161 §2.4.2); the fields after
// genTime are not needed (encoding/asn1 allows the rest of a SEQUENCE).
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	SerialNumber *big.Int
	GenTime      time.Time `asn1:"generalized"`
}

// stamp is a verified timestamp token.
type stamp struct {
	at    time.Time
	tsa   *x509.Certificate
	certs []*x509.Certificate
}

// verifyToken verifies an RFC 3161 timestamp token whose message imprint
// must be the digest of imprinted: the token is a CMS SignedData over a
// TSTInfo (§2.4.2), signed by a certificate meant for timestamping (§2.3).
func verifyToken(token, imprinted []byte) (*stamp, error) {
	p7, s, err := parseCMS(token)
	if err != nil {
		return nil, err
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(p7.Content, &info); err != nil || info.Version != 1 {
		return nil, fail(ProblemTimestampInvalid, "the token holds no TSTInfo")
	}
	if err := checkCMS(p7); err != nil {
		return nil, fail(ProblemTimestampInvalid, "the token's signature does not verify: "+err.Error())
	}
	h, ok := hashOf(info.MessageImprint.HashAlgorithm.Algorithm)
	if !ok {
		return nil, fail(ProblemTimestampInvalid, "unknown digest algorithm of the message imprint")
	}
	if !bytes.Equal(digest(h, imprinted), info.MessageImprint.HashedMessage) {
		return nil, fail(ProblemTimestampInvalid, "the token timestamps other data")
	}
	if !slices.Contains(s.signer.ExtKeyUsage, x509.ExtKeyUsageTimeStamping) {
		return nil, fail(ProblemTimestampInvalid, "the token's certificate is not for timestamping")
	}
	if info.GenTime.Before(s.signer.NotBefore) || info.GenTime.After(s.signer.NotAfter) {
		return nil, fail(ProblemTimestampInvalid, "the token's time is outside its certificate's validity")
	}
	return &stamp{at: info.GenTime, tsa: s.signer, certs: s.certs}, nil
}

// trusted reports whether cert chains to roots at the instant at, through
// the certificates the signature carries. A nil pool trusts nothing (never
// the system's roots: the Portal's store is its own).
func trusted(cert *x509.Certificate, certs []*x509.Certificate, roots *x509.CertPool, at time.Time, usage x509.ExtKeyUsage) bool {
	if roots == nil {
		return false
	}
	inter := x509.NewCertPool()
	for _, c := range certs {
		if c != cert {
			inter.AddCert(c)
		}
	}
	_, err := cert.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{usage},
	})
	return err == nil
}
