// Package pdfsig finds and verifies the digital signatures of a PDF file:
// the signatures an electronic official document carries under Decree
// 30/2020/NĐ-CP (the signer's, then the issuing agency's), which back the
// authenticity and integrity the Portal must ensure (Điều 6 khoản 1) and
// the signing instant the sending deadline counts from (Điều 10 khoản 1).
//
// A signature value dictionary (ISO 32000-1 §12.8.1, Table 252) names the
// bytes it signs with /ByteRange and holds the CMS SignedData (RFC 5652) in
// the hex string /Contents, the one gap the ranges leave. Because that gap
// is a byte offset, the dictionary is never inside a compressed object
// stream: a tolerant byte scan for /ByteRange finds every one (scan.go).
// Each is then checked (verify.go):
//   - the ranges start at 0, leave exactly the /Contents string out, and
//     end where the file ends (else something was appended after signing:
//     an incremental update, ISO 32000-1 §7.5.6);
//   - the CMS signature over those bytes (github.com/smallstep/pkcs7 and
//     crypto/x509: no cryptography is written here);
//   - the signing instant, from an RFC 3161 timestamp token (the
//     signature-time-stamp unsigned attribute, RFC 3161 Appendix A) when
//     there is one, else the signed signingTime attribute, else /M;
//   - the signer certificate's validity at that instant, then its chain to
//     the trust store an administrator configures (the Government CA roots
//     of Ban Cơ yếu Chính phủ and others). Without a root the verdict is
//     "valid, issuer not in the trust store", not a failure.
//
// The package is pure: bytes in, values out, `now` passed in; every parse
// runs under recover and within size caps.
package pdfsig
