package pdfsig

import (
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// Problem codes of Signature.Problem, most serious first. The first group
// makes a signature invalid; the others leave it valid and say what a
// person should know.
const (
	ProblemUnreadable       = "unreadable"            // the dictionary or its ranges cannot be read
	ProblemByteRange        = "byte_range_invalid"    // the ranges do not leave exactly /Contents out
	ProblemUnsupported      = "unsupported_format"    // a SubFilter this package does not verify
	ProblemMalformed        = "malformed_signature"   // the CMS cannot be parsed
	ProblemNoCertificate    = "no_certificate"        // the signer's certificate is missing
	ProblemAltered          = "altered"               // the signed bytes changed after signing
	ProblemBadSignature     = "bad_signature"         // the signature value does not verify
	ProblemExpired          = "certificate_expired"   // signed after the certificate expired
	ProblemNotYetValid      = "certificate_not_valid" // signed before the certificate was valid
	ProblemKeyUsage         = "key_usage"             // the certificate is not for signing
	ProblemUpdatedAfter     = "updated_after_signing" // the file goes on after the last signature
	ProblemTimestampInvalid = "timestamp_invalid"     // the timestamp token does not verify
	ProblemNotTrusted       = "issuer_not_trusted"    // valid, but no chain to the trust store
	ProblemTSANotTrusted    = "timestamp_not_trusted" // the timestamp authority is not in the store
)

// Kinds of Signature.Kind.
const (
	KindSignature = "signature"          // an approval signature (/Type /Sig)
	KindTimestamp = "document_timestamp" // an RFC 3161 document timestamp (/Type /DocTimeStamp)
)

// Sources of Signature.SignedAtSource, most trustworthy first.
const (
	SourceTimestamp   = "timestamp"    // the genTime of a verified RFC 3161 token
	SourceSigningTime = "signing_time" // the signed signingTime attribute (the signer's clock)
	SourcePDF         = "pdf_m"        // the /M entry of the dictionary (the signing tool's claim)
	SourceNone        = "none"
)

// Signature is one signature of the file and its verdict.
type Signature struct {
	Kind      string `json:"kind"`
	SubFilter string `json:"sub_filter"`
	// Signer is the certificate subject's common name: a person, or for
	// an agency's own certificate the agency; SignerKind says which.
	Signer       string    `json:"signer"`
	SignerKind   string    `json:"signer_kind"` // person, organization
	Organization string    `json:"organization"`
	Issuer       string    `json:"issuer"`
	NotBefore    time.Time `json:"not_before"`
	NotAfter     time.Time `json:"not_after"`
	// Name and Reason are what the signing tool wrote in the dictionary.
	Name   string `json:"name,omitempty"`
	Reason string `json:"reason,omitempty"`
	// SignedAt is the signing instant, SignedAtSource where it comes from.
	SignedAt       time.Time `json:"signed_at"`
	SignedAtSource string    `json:"signed_at_source"`
	Timestamped    bool      `json:"timestamped"`
	// TimestampAuthority names the authority of the verified token.
	TimestampAuthority string `json:"timestamp_authority,omitempty"`
	// SignedLength is how many bytes of the file the signed revision has;
	// AppendedBytes what follows it (an incremental update after signing).
	SignedLength    int64 `json:"signed_length"`
	AppendedBytes   int64 `json:"appended_bytes"`
	CoversWholeFile bool  `json:"covers_whole_file"`
	// Valid: the signature verifies over its revision with a certificate
	// valid at the signing instant. Trusted: that certificate (and the
	// timestamp authority's) chains to the trust store.
	Valid   bool   `json:"valid"`
	Trusted bool   `json:"trusted"`
	Problem string `json:"problem"`
	Detail  string `json:"detail,omitempty"`
}

// Result is what Verify found in a file.
type Result struct {
	Signatures []Signature `json:"signatures"`
	// Skipped says why the file, or some of its signatures, went unread
	// (size caps); "" when everything was read.
	Skipped string `json:"skipped,omitempty"`
}

// Options are the trust store and caps of Verify.
type Options struct {
	// Roots is the trust store; nil or empty trusts nothing.
	Roots *x509.CertPool
	// MaxBytes is the largest file read (64 MiB when 0); MaxSignatures
	// the most signatures verified (32 when 0).
	MaxBytes      int
	MaxSignatures int
}

// Verify finds and verifies every signature of the PDF data, in file order.
// now is the instant used when a signature says nothing of when it was
// made. It never panics and never fails: what is wrong is in the result.
func Verify(data []byte, now time.Time, o Options) Result {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 64 << 20
	}
	if o.MaxSignatures <= 0 {
		o.MaxSignatures = 32
	}
	res := Result{Signatures: []Signature{}}
	if len(data) > o.MaxBytes {
		res.Skipped = fmt.Sprintf("file larger than %d bytes: signatures not read", o.MaxBytes)
		return res
	}
	var dicts []sigDict
	var more bool
	if err := guard(func() { dicts, more = scan(data, o.MaxSignatures) }); err != nil {
		res.Skipped = err.Error()
		return res
	}
	if more {
		res.Skipped = fmt.Sprintf("more than %d signatures: the rest not read", o.MaxSignatures)
	}
	last := int64(-1) // the signed length of the latest signature
	for _, d := range dicts {
		var s Signature
		if err := guard(func() { s = verifyOne(data, d, now, o.Roots) }); err != nil {
			s = Signature{Kind: KindSignature, Problem: ProblemMalformed, Detail: err.Error()}
		}
		last = max(last, s.SignedLength)
		res.Signatures = append(res.Signatures, s)
	}
	// Signatures sign successive revisions (ISO 32000-1 §12.8.1): order
	// them so, and say when the file goes on after the last one.
	slices.SortStableFunc(res.Signatures, func(a, b Signature) int { return int(a.SignedLength - b.SignedLength) })
	for i := range res.Signatures {
		s := &res.Signatures[i]
		if s.SignedLength == last && !s.CoversWholeFile && s.SignedLength > 0 {
			s.note(ProblemUpdatedAfter, fmt.Sprintf("%d bytes appended after the last signature", s.AppendedBytes))
		}
	}
	return res
}

// guard runs f, turning a panic into an error: a hostile file must never
// stop the pipeline.
func guard(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("signature parse panicked: %v: %s", r, firstFrames(debug.Stack()))
		}
	}()
	f()
	return nil
}

func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	return strings.Join(lines[:min(len(lines), 12)], " | ")
}

// fail records a problem that makes the signature invalid.
func (s *Signature) fail(err error) {
	f, ok := err.(*failure)
	if !ok {
		f = fail(ProblemMalformed, err.Error())
	}
	s.Valid, s.Trusted = false, false
	if s.Problem == "" || rank(f.code) < rank(s.Problem) {
		s.Problem, s.Detail = f.code, f.detail
	}
}

// note records a problem that leaves the verdict as it is; the most
// serious problem is kept.
func (s *Signature) note(code, detail string) {
	if s.Problem == "" || rank(code) < rank(s.Problem) {
		s.Problem, s.Detail = code, detail
	}
}

var problemOrder = []string{
	ProblemUnreadable, ProblemByteRange, ProblemUnsupported, ProblemMalformed, ProblemNoCertificate,
	ProblemAltered, ProblemBadSignature, ProblemExpired, ProblemNotYetValid, ProblemKeyUsage,
	ProblemUpdatedAfter, ProblemTimestampInvalid, ProblemNotTrusted, ProblemTSANotTrusted,
}

func rank(code string) int {
	if i := slices.Index(problemOrder, code); i >= 0 {
		return i
	}
	return len(problemOrder)
}

// signedBytes checks the byte ranges of d against data (ISO 32000-1
// §12.8.1: they cover the whole revision but the /Contents string) and
// returns the bytes they cover.
func signedBytes(data []byte, d sigDict) ([]byte, int64, error) {
	r := d.byteRange
	n := int64(len(data))
	if len(r) != 4 {
		return nil, 0, fail(ProblemByteRange, "the signed ranges are not two ranges around /Contents")
	}
	if r[0] != 0 {
		return nil, 0, fail(ProblemByteRange, "the signed bytes do not start at the beginning of the file")
	}
	var out []byte
	prevEnd := int64(0)
	for i := 0; i < len(r); i += 2 {
		off, l := r[i], r[i+1]
		if off < prevEnd || l < 0 || off+l > n {
			return nil, 0, fail(ProblemByteRange, "a signed range overlaps another or runs past the end of the file")
		}
		if i > 0 && (prevEnd != int64(d.contentsStart) || off != int64(d.contentsEnd)) {
			return nil, 0, fail(ProblemByteRange, "the unsigned gap is not exactly the /Contents string")
		}
		out = append(out, data[off:off+l]...)
		prevEnd = off + l
	}
	return out, prevEnd, nil
}

// verifyOne verifies one signature dictionary.
func verifyOne(data []byte, d sigDict, now time.Time, roots *x509.CertPool) Signature {
	s := Signature{Kind: KindSignature, SubFilter: d.subFilter, Name: d.name, Reason: d.reason, SignedAtSource: SourceNone}
	if d.typ == "DocTimeStamp" || d.subFilter == "ETSI.RFC3161" {
		s.Kind = KindTimestamp
	}
	if d.broken != "" {
		s.fail(fail(ProblemUnreadable, d.broken))
		return s
	}
	signed, length, err := signedBytes(data, d)
	if err != nil {
		s.fail(err)
		return s
	}
	s.SignedLength = length
	s.AppendedBytes = int64(len(data)) - length
	s.CoversWholeFile = s.AppendedBytes == 0 || strings.TrimSpace(string(data[length:])) == ""
	der := d.contents
	if s.Kind == KindTimestamp {
		verifyDocTimestamp(&s, der, signed, roots)
		return s
	}
	p7, cms, err := parseCMS(der)
	if err != nil {
		s.fail(err)
		return s
	}
	s.describe(cms.signer)
	switch d.subFilter {
	case "adbe.pkcs7.detached", "ETSI.CAdES.detached", "":
		// The CMS signs the ranges themselves, detached (ISO 32000-1
		// §12.8.3.3.1): an encapsulated content would be signing something
		// other than the file.
		if len(p7.Content) > 0 {
			s.fail(fail(ProblemAltered, "a detached signature carries content of its own"))
			return s
		}
		p7.Content = signed
	case "adbe.pkcs7.sha1":
		// The CMS signs the SHA-1 digest of the ranges, encapsulated.
		if string(p7.Content) != string(digest(crypto.SHA1, signed)) {
			s.fail(fail(ProblemAltered, "the signed bytes' digest differs from the one signed"))
			return s
		}
	default:
		s.fail(fail(ProblemUnsupported, "SubFilter "+d.subFilter+" is not verified"))
		return s
	}
	s.instant(cms, d, now)
	if err := checkCMS(p7); err != nil {
		s.fail(err)
		return s
	}
	s.Valid = true
	s.checkValidity(cms.signer)
	if s.Valid {
		s.judgeTrust(cms, roots)
	}
	return s
}

// describe fills the signer's names from its certificate. Only the common
// and organisation names are read: Vietnamese certificates may carry a
// citizen ID in other subject attributes, which stay out of reports.
func (s *Signature) describe(c *x509.Certificate) {
	s.Signer = c.Subject.CommonName
	if len(c.Subject.Organization) > 0 {
		s.Organization = c.Subject.Organization[0]
	}
	s.SignerKind = "person"
	if s.Organization != "" && strings.EqualFold(s.Signer, s.Organization) {
		s.SignerKind = "organization"
	}
	s.Issuer = c.Issuer.CommonName
	if s.Issuer == "" && len(c.Issuer.Organization) > 0 {
		s.Issuer = c.Issuer.Organization[0]
	}
	s.NotBefore, s.NotAfter = c.NotBefore, c.NotAfter
}

// instant sets the signing instant: a verified timestamp token's time,
// else the signed signingTime, else /M, else now.
func (s *Signature) instant(cms *signedCMS, d sigDict, now time.Time) {
	if cms.token != nil {
		st, err := verifyToken(cms.token, cms.signature)
		if err == nil {
			s.SignedAt, s.SignedAtSource, s.Timestamped = st.at, SourceTimestamp, true
			s.TimestampAuthority = name(st.tsa)
			cms.stamp = st
			return
		}
		s.note(ProblemTimestampInvalid, err.(*failure).detail)
	}
	switch {
	case !cms.signingTime.IsZero():
		s.SignedAt, s.SignedAtSource = cms.signingTime, SourceSigningTime
	case !d.m.IsZero():
		s.SignedAt, s.SignedAtSource = d.m, SourcePDF
	default:
		s.SignedAt = now
	}
}

// checkValidity checks the signer's certificate at the signing instant
// (RFC 5280 §4.1.2.5) and that it is meant for signatures (§4.2.1.3).
func (s *Signature) checkValidity(c *x509.Certificate) {
	switch {
	case s.SignedAt.After(c.NotAfter):
		s.fail(fail(ProblemExpired, "signed after the certificate expired"))
	case s.SignedAt.Before(c.NotBefore):
		s.fail(fail(ProblemNotYetValid, "signed before the certificate was valid"))
	case c.KeyUsage != 0 && c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0:
		s.fail(fail(ProblemKeyUsage, "the certificate is not for digital signatures"))
	}
}

// judgeTrust chains the signer (and the timestamp authority) to the store
// at the signing instant.
func (s *Signature) judgeTrust(cms *signedCMS, roots *x509.CertPool) {
	if !trusted(cms.signer, cms.certs, roots, s.SignedAt, x509.ExtKeyUsageAny) {
		s.note(ProblemNotTrusted, "signature valid, issuer not in the trust store")
		return
	}
	if st := cms.stamp; st != nil && !trusted(st.tsa, st.certs, roots, st.at, x509.ExtKeyUsageTimeStamping) {
		s.note(ProblemTSANotTrusted, "signature valid, timestamp authority not in the trust store")
		return
	}
	s.Trusted = true
}

// verifyDocTimestamp verifies a document timestamp (ISO 32000-2
// §12.8.5): an RFC 3161 token whose imprint is the digest of the ranges.
func verifyDocTimestamp(s *Signature, der, signed []byte, roots *x509.CertPool) {
	st, err := verifyToken(der, signed)
	if err != nil {
		f := err.(*failure)
		if f.code == ProblemTimestampInvalid && strings.Contains(f.detail, "other data") {
			f = fail(ProblemAltered, "the timestamped bytes' digest differs from the one stamped")
		}
		s.fail(f)
		return
	}
	s.describe(st.tsa)
	s.SignedAt, s.SignedAtSource, s.Timestamped, s.TimestampAuthority = st.at, SourceTimestamp, true, name(st.tsa)
	s.Valid = true
	if trusted(st.tsa, st.certs, roots, st.at, x509.ExtKeyUsageTimeStamping) {
		s.Trusted = true
	} else {
		s.note(ProblemTSANotTrusted, "timestamp valid, authority not in the trust store")
	}
}

func name(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	if len(c.Subject.Organization) > 0 {
		return c.Subject.Organization[0]
	}
	return hex.EncodeToString(c.SerialNumber.Bytes())
}
