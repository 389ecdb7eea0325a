// Package xmlsig verifies the XML digital signatures (XML-DSig, W3C
// XML Signature Syntax and Processing 1.1) of the two other forms an
// electronic official document takes under Decree 30/2020/NĐ-CP besides
// the PDF (internal/pdfsig): a signed Office Open XML package (a .docx
// signed in Word or by a unit's signing tool) and a signed XML document.
// Its verdicts are pdfsig.Signature values with pdfsig's problem codes, so
// that inspect, the item page and the Điều 10 khoản 1 deadline read them as
// they read a PDF's.
//
// An OOXML package signature (ISO/IEC 29500-2 §13) is a part
// _xmlsignatures/sigN.xml holding a ds:Signature whose SignedInfo signs
// ds:Object elements of the signature itself; the package object holds a
// ds:Manifest with one Reference per signed part of the package (the URI
// is the part name, the digest is over its bytes, or for a relationships
// part over the relationships the signer selected: the
// RelationshipTransform, §13.2.4.24). The signing time is in the signed
// SignatureProperties (mdssi:SignatureTime, §13.2.4.22) or in the XAdES
// SignedProperties (xd:SigningTime, ETSI EN 319 132-1 §5.2.1).
//
// A signed XML document carries an enveloped ds:Signature (XML-DSig §6.6.4)
// over the document root (URI "" or the root's Id), and often another
// Reference to a SignatureProperties object with its SigningTime.
//
// Every check:
//   - each Reference's digest, after canonicalisation by
//     github.com/russellhaering/goxmldsig (its canonicalisers; the
//     Relationship transform selects relationships before that) — a digest
//     that differs names the part or element that changed;
//   - the SignatureValue over the canonical SignedInfo with the signer's
//     certificate (crypto/x509 CheckSignature, the call goxmldsig makes;
//     for a signed XML document goxmldsig's own Validate must agree);
//   - the certificate's validity at the signing instant, its chain to the
//     trust store (pdfsig.Signature.JudgeCertificate: "valid, issuer not in
//     the trust store" without a root);
//   - what is not covered: parts of the package that no Reference signs
//     (the metadata parts Word leaves unsigned aside), elements of the
//     document outside the signed ones.
//
// No cryptography is written here. The package is pure; every parse runs
// under recover, within size, depth and count caps (limits.go).
package xmlsig
