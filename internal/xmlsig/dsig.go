package xmlsig

import (
	"crypto"
	_ "crypto/sha1" // SHA-1 digests of older signatures (XML-DSig §6.2.1)
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Namespaces and algorithm identifiers (XML-DSig 1.1 §6; ISO/IEC 29500-2
// §13.2.4; ETSI EN 319 132-1).
const (
	nsDSig          = "http://www.w3.org/2000/09/xmldsig#"
	nsExcC14N       = "http://www.w3.org/2001/10/xml-exc-c14n#"
	nsMDSSI         = "http://schemas.openxmlformats.org/package/2006/digital-signature"
	nsRels          = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsXAdES132      = "http://uri.etsi.org/01903/v1.3.2#"
	nsXAdES141      = "http://uri.etsi.org/01903/v1.4.1#"
	algEnveloped    = string(dsig.EnvelopedSignatureAltorithmId)
	algRelationship = "http://schemas.openxmlformats.org/package/2006/RelationshipTransform"
)

// digestByURI maps DigestMethod algorithms to their hash (XML-DSig §6.2,
// RFC 6931 §2.1).
var digestByURI = map[string]crypto.Hash{
	"http://www.w3.org/2000/09/xmldsig#sha1":        crypto.SHA1,
	"http://www.w3.org/2001/04/xmldsig-more#sha224": crypto.SHA224,
	"http://www.w3.org/2001/04/xmlenc#sha256":       crypto.SHA256,
	"http://www.w3.org/2001/04/xmldsig-more#sha384": crypto.SHA384,
	"http://www.w3.org/2001/04/xmlenc#sha512":       crypto.SHA512,
}

// signatureByURI maps SignatureMethod algorithms to crypto/x509's
// (XML-DSig §6.4, RFC 6931 §2.3).
var signatureByURI = map[string]x509.SignatureAlgorithm{
	dsig.RSASHA1SignatureMethod:     x509.SHA1WithRSA,
	dsig.RSASHA256SignatureMethod:   x509.SHA256WithRSA,
	dsig.RSASHA384SignatureMethod:   x509.SHA384WithRSA,
	dsig.RSASHA512SignatureMethod:   x509.SHA512WithRSA,
	dsig.ECDSASHA1SignatureMethod:   x509.ECDSAWithSHA1,
	dsig.ECDSASHA256SignatureMethod: x509.ECDSAWithSHA256,
	dsig.ECDSASHA384SignatureMethod: x509.ECDSAWithSHA384,
	dsig.ECDSASHA512SignatureMethod: x509.ECDSAWithSHA512,
}

// problem is why a signature does not verify: a pdfsig problem code and an
// English detail for inspect.
type problem struct{ code, detail string }

func (p *problem) Error() string { return p.code + ": " + p.detail }

func fail(code, format string, a ...any) *problem {
	return &problem{code: code, detail: fmt.Sprintf(format, a...)}
}

// reference is one ds:Reference (XML-DSig §4.4.3).
type reference struct {
	uri        string
	transforms []*etree.Element
	hash       crypto.Hash
	digest     []byte
}

// signature is a parsed ds:Signature.
type signature struct {
	el         *etree.Element
	signedInfo *etree.Element
	c14n       string
	prefixes   string // InclusiveNamespaces PrefixList of exclusive c14n
	method     string
	value      []byte
	certs      []*x509.Certificate
	refs       []reference
}

func isDSig(el *etree.Element, tag string) bool {
	return el.Tag == tag && el.NamespaceURI() == nsDSig
}

// children are the child elements of el named tag in namespace ns.
func children(el *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			out = append(out, c)
		}
	}
	return out
}

func child(el *etree.Element, ns, tag string) *etree.Element {
	if c := children(el, ns, tag); len(c) > 0 {
		return c[0]
	}
	return nil
}

// one is the single child named tag: a Signature with two SignedInfo
// (or two values) is refused, as a wrapping attack would need one.
func one(el *etree.Element, tag string) (*etree.Element, error) {
	c := children(el, nsDSig, tag)
	if len(c) != 1 {
		return nil, fail(pdfsig.ProblemMalformed, "the signature has %d %s elements, not one", len(c), tag)
	}
	return c[0], nil
}

func decodeB64(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
}

// parseSignature reads a ds:Signature element (XML-DSig §4).
func parseSignature(el *etree.Element) (*signature, error) {
	s := &signature{el: el}
	var err error
	if s.signedInfo, err = one(el, "SignedInfo"); err != nil {
		return nil, err
	}
	valueEl, err := one(el, "SignatureValue")
	if err != nil {
		return nil, err
	}
	if s.value, err = decodeB64(valueEl.Text()); err != nil || len(s.value) == 0 {
		return nil, fail(pdfsig.ProblemMalformed, "the signature value is not base64")
	}
	cm, err := one(s.signedInfo, "CanonicalizationMethod")
	if err != nil {
		return nil, err
	}
	s.c14n = cm.SelectAttrValue("Algorithm", "")
	if inc := child(cm, nsExcC14N, "InclusiveNamespaces"); inc != nil {
		s.prefixes = inc.SelectAttrValue("PrefixList", "")
	}
	sm, err := one(s.signedInfo, "SignatureMethod")
	if err != nil {
		return nil, err
	}
	s.method = sm.SelectAttrValue("Algorithm", "")
	if s.refs, err = parseReferences(s.signedInfo); err != nil {
		return nil, err
	}
	if len(s.refs) == 0 {
		return nil, fail(pdfsig.ProblemMalformed, "the signature signs nothing (no Reference)")
	}
	if ki := children(el, nsDSig, "KeyInfo"); len(ki) > 1 {
		return nil, fail(pdfsig.ProblemMalformed, "the signature has %d KeyInfo elements", len(ki))
	} else if len(ki) == 1 {
		for _, xd := range children(ki[0], nsDSig, "X509Data") {
			for _, xc := range children(xd, nsDSig, "X509Certificate") {
				der, err := decodeB64(xc.Text())
				if err != nil {
					return nil, fail(pdfsig.ProblemMalformed, "a certificate of the signature is not base64")
				}
				c, err := x509.ParseCertificate(der)
				if err != nil {
					return nil, fail(pdfsig.ProblemMalformed, "a certificate of the signature is unreadable: %v", err)
				}
				s.certs = append(s.certs, c)
			}
		}
	}
	if len(s.certs) == 0 {
		return nil, fail(pdfsig.ProblemNoCertificate, "the signature carries no X.509 certificate")
	}
	return s, nil
}

// parseReferences reads the ds:Reference children of a SignedInfo or a
// Manifest.
func parseReferences(parent *etree.Element) ([]reference, error) {
	var out []reference
	for _, r := range children(parent, nsDSig, "Reference") {
		if len(out) >= maxReferences {
			return nil, fail(pdfsig.ProblemUnreadable, "more than %d references", maxReferences)
		}
		ref := reference{uri: r.SelectAttrValue("URI", "")}
		if r.SelectAttr("URI") == nil {
			return nil, fail(pdfsig.ProblemUnsupported, "a reference without URI (the application would have to supply the data)")
		}
		if ts := child(r, nsDSig, "Transforms"); ts != nil {
			ref.transforms = children(ts, nsDSig, "Transform")
		}
		dm, err := one(r, "DigestMethod")
		if err != nil {
			return nil, err
		}
		h, ok := digestByURI[dm.SelectAttrValue("Algorithm", "")]
		if !ok {
			return nil, fail(pdfsig.ProblemUnsupported, "digest algorithm %q is not verified", dm.SelectAttrValue("Algorithm", ""))
		}
		ref.hash = h
		dv, err := one(r, "DigestValue")
		if err != nil {
			return nil, err
		}
		if ref.digest, err = decodeB64(dv.Text()); err != nil || len(ref.digest) != h.Size() {
			return nil, fail(pdfsig.ProblemMalformed, "a digest value is not a %v digest in base64", h)
		}
		out = append(out, ref)
	}
	return out, nil
}

// canonical is the canonical form of el in its document (the namespaces
// in scope carried onto it), by goxmldsig's canonicaliser for alg; ""
// is Canonical XML 1.0, the default of a node-set (XML-DSig §4.4.3.2).
func canonical(el *etree.Element, alg, prefixes string) ([]byte, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, fail(pdfsig.ProblemMalformed, "namespaces: %v", err)
	}
	det, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, fail(pdfsig.ProblemMalformed, "namespaces: %v", err)
	}
	var c dsig.Canonicalizer
	switch dsig.AlgorithmID(alg) {
	case "", dsig.CanonicalXML10RecAlgorithmId:
		c = dsig.MakeC14N10RecCanonicalizer()
	case dsig.CanonicalXML10WithCommentsAlgorithmId:
		c = dsig.MakeC14N10WithCommentsCanonicalizer()
	case dsig.CanonicalXML11AlgorithmId:
		c = dsig.MakeC14N11Canonicalizer()
	case dsig.CanonicalXML11WithCommentsAlgorithmId:
		c = dsig.MakeC14N11WithCommentsCanonicalizer()
	case dsig.CanonicalXML10ExclusiveAlgorithmId:
		c = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(prefixes)
	case dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
		c = dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList(prefixes)
	default:
		return nil, fail(pdfsig.ProblemUnsupported, "canonicalisation %q is not verified", alg)
	}
	b, err := c.Canonicalize(det)
	if err != nil {
		return nil, fail(pdfsig.ProblemMalformed, "canonicalisation: %v", err)
	}
	return b, nil
}

func isC14N(alg string) bool {
	switch dsig.AlgorithmID(alg) {
	case dsig.CanonicalXML10RecAlgorithmId, dsig.CanonicalXML10WithCommentsAlgorithmId,
		dsig.CanonicalXML11AlgorithmId, dsig.CanonicalXML11WithCommentsAlgorithmId,
		dsig.CanonicalXML10ExclusiveAlgorithmId, dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
		return true
	}
	return false
}

// checkSignedInfo verifies the SignatureValue over the canonical
// SignedInfo (XML-DSig §3.2.2) and returns the certificate it verifies
// with: the signer.
func checkSignedInfo(s *signature) (*x509.Certificate, error) {
	canon, err := canonical(s.signedInfo, s.c14n, s.prefixes)
	if err != nil {
		return nil, err
	}
	algo, ok := signatureByURI[s.method]
	if !ok {
		return nil, fail(pdfsig.ProblemUnsupported, "signature method %q is not verified", s.method)
	}
	value := s.value
	if strings.Contains(s.method, "ecdsa") {
		// XML-DSig writes r and s side by side (RFC 6931 §3.4.1);
		// crypto/x509 reads them as an ASN.1 sequence.
		value = ecdsaDER(value)
	}
	var last error
	for _, c := range s.certs {
		if last = c.CheckSignature(algo, canon, value); last == nil {
			return c, nil
		}
	}
	return nil, fail(pdfsig.ProblemBadSignature, "the signature value does not verify with the signer's certificate: %v", last)
}

func ecdsaDER(raw []byte) []byte {
	if len(raw) == 0 || len(raw)%2 != 0 {
		return raw
	}
	h := len(raw) / 2
	der, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:h]), new(big.Int).SetBytes(raw[h:])})
	if err != nil {
		return raw
	}
	return der
}

// byID finds the one element of the tree under root whose Id (ID, id)
// is id; two such elements make the reference ambiguous and are refused
// (the wrapping attacks of XML-DSig Best Practices §2.3).
func byID(root *etree.Element, id string) (*etree.Element, error) {
	var found *etree.Element
	n := 0
	stack := []*etree.Element{root}
	for len(stack) > 0 {
		el := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n++; n > maxTokens {
			return nil, fail(pdfsig.ProblemUnreadable, "too many elements")
		}
		for _, a := range []string{"Id", "ID", "id"} {
			if at := el.SelectAttr(a); at != nil && at.Space == "" && at.Value == id {
				if found != nil && found != el {
					return nil, fail(pdfsig.ProblemMalformed, "two elements have the Id %q", id)
				}
				found = el
			}
		}
		stack = append(stack, el.ChildElements()...)
	}
	if found == nil {
		return nil, fail(pdfsig.ProblemAltered, "the signed element #%s is missing", id)
	}
	return found, nil
}

// sameDocument digests a reference to the document of the signature:
// "" (the whole document) or "#id" (XML-DSig §4.4.3.3). It returns the
// element the reference covers.
func sameDocument(s *signature, ref reference) (*etree.Element, []byte, error) {
	root := s.el
	for root.Parent() != nil && root.Parent().Tag != "" {
		root = root.Parent()
	}
	var target *etree.Element
	switch {
	case ref.uri == "":
		target = root
	case strings.HasPrefix(ref.uri, "#") && !strings.HasPrefix(ref.uri, "#xpointer("):
		var err error
		if target, err = byID(root, ref.uri[1:]); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fail(pdfsig.ProblemUnsupported, "reference %q outside the document is not verified", ref.uri)
	}
	alg, prefixes, enveloped := "", "", false
	for _, t := range ref.transforms {
		switch a := t.SelectAttrValue("Algorithm", ""); {
		case a == algEnveloped:
			enveloped = true
		case isC14N(a):
			alg = a
			if inc := child(t, nsExcC14N, "InclusiveNamespaces"); inc != nil {
				prefixes = inc.SelectAttrValue("PrefixList", "")
			}
		default:
			return nil, nil, fail(pdfsig.ProblemUnsupported, "transform %q is not verified", a)
		}
	}
	if enveloped {
		// The enveloped-signature transform (§6.6.4) leaves the Signature
		// out; it is taken out of the tree for the time of the digest.
		if target == s.el || !within(s.el, target) {
			return nil, nil, fail(pdfsig.ProblemMalformed, "an enveloped-signature transform on an element that does not hold the signature")
		}
		parent, idx := s.el.Parent(), s.el.Index()
		parent.RemoveChildAt(idx)
		defer parent.InsertChildAt(idx, s.el)
	}
	b, err := canonical(target, alg, prefixes)
	if err != nil {
		return nil, nil, err
	}
	return target, sum(ref.hash, b), nil
}

// within reports whether el is target or one of its descendants.
func within(el, target *etree.Element) bool {
	for e := el; e != nil; e = e.Parent() {
		if e == target {
			return true
		}
	}
	return false
}

func sum(h crypto.Hash, b []byte) []byte {
	w := h.New()
	w.Write(b)
	return w.Sum(nil)
}

// signingTime is the signing instant the signer wrote inside the elements
// its signature verified: XAdES SigningTime (ETSI EN 319 132-1 §5.2.1),
// the OPC mdssi:SignatureTime (ISO/IEC 29500-2 §13.2.4.22), or a plain
// SigningTime in SignatureProperties as Vietnamese e-invoice and
// e-document XML writes it. Zero when there is none.
func signingTime(verified []*etree.Element) time.Time {
	for _, pass := range []func(*etree.Element) string{
		func(e *etree.Element) string {
			if e.Tag == "SigningTime" && (e.NamespaceURI() == nsXAdES132 || e.NamespaceURI() == nsXAdES141) {
				return e.Text()
			}
			return ""
		},
		func(e *etree.Element) string {
			if e.Tag == "SignatureTime" && e.NamespaceURI() == nsMDSSI {
				if v := child(e, nsMDSSI, "Value"); v != nil {
					return v.Text()
				}
			}
			return ""
		},
		func(e *etree.Element) string {
			if e.Tag == "SigningTime" {
				return e.Text()
			}
			return ""
		},
	} {
		for _, v := range verified {
			var at time.Time
			walk(v, func(e *etree.Element) bool {
				if s := pass(e); s != "" {
					if t, err := parseTime(s); err == nil {
						at = t
						return false
					}
				}
				return true
			})
			if !at.IsZero() {
				return at
			}
		}
	}
	return time.Time{}
}

// parseTime reads a signing time; one written without a zone is local
// time (workday.Zone, UTC+7): Vietnamese signing tools leave the offset out.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, workday.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("unreadable time")
}

// walk visits el and its descendants, depth first, while visit says so.
func walk(el *etree.Element, visit func(*etree.Element) bool) {
	stack := []*etree.Element{el}
	for n := 0; len(stack) > 0 && n < maxTokens; n++ {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(e) {
			return
		}
		c := e.ChildElements()
		for i := len(c) - 1; i >= 0; i-- {
			stack = append(stack, c[i])
		}
	}
}

// asProblem turns an error into its code and detail.
func asProblem(err error) (string, string) {
	var p *problem
	if errors.As(err, &p) {
		return p.code, p.detail
	}
	return pdfsig.ProblemMalformed, err.Error()
}

// signatureTimestamp verifies the XAdES signature timestamp of sig, if it
// has one (ETSI EN 319 132-1 §5.3: SignatureTimeStamp, an RFC 3161 token
// over the canonical ds:SignatureValue element), and makes its time the
// signing instant; a token that does not verify is noted, the signer's
// own time stays. It returns the verified token, nil when none.
func signatureTimestamp(s *pdfsig.Signature, sig *signature) *pdfsig.Timestamp {
	var stamp *etree.Element
	walk(sig.el, func(e *etree.Element) bool {
		if e.Tag == "SignatureTimeStamp" && (e.NamespaceURI() == nsXAdES132 || e.NamespaceURI() == nsXAdES141) {
			stamp = e
			return false
		}
		return true
	})
	if stamp == nil {
		return nil
	}
	enc := child(stamp, stamp.NamespaceURI(), "EncapsulatedTimeStamp")
	if enc == nil {
		s.Note(pdfsig.ProblemTimestampInvalid, "a SignatureTimeStamp without EncapsulatedTimeStamp")
		return nil
	}
	token, err := decodeB64(enc.Text())
	if err != nil {
		s.Note(pdfsig.ProblemTimestampInvalid, "the timestamp token is not base64")
		return nil
	}
	alg := ""
	if cm := child(stamp, nsDSig, "CanonicalizationMethod"); cm != nil {
		alg = cm.SelectAttrValue("Algorithm", "")
	}
	value, err := one(sig.el, "SignatureValue")
	if err != nil {
		return nil
	}
	imprinted, err := canonical(value, alg, "")
	if err != nil {
		s.Note(pdfsig.ProblemTimestampInvalid, err.Error())
		return nil
	}
	ts, err := pdfsig.VerifyTimestamp(token, imprinted)
	if err != nil {
		s.Note(pdfsig.ProblemTimestampInvalid, err.Error())
		return nil
	}
	s.UseTimestamp(ts)
	return &ts
}

// judge completes s once its references are checked: the signing instant
// (a signed SigningTime or SignatureTime among the verified elements, else
// now), the RFC 3161 timestamp when there is one, and, for a signature
// whose digests and value hold, the signer's certificate and the
// timestamp's against roots — the same verdicts as a PDF's (pdfsig).
func judge(s *pdfsig.Signature, sig *signature, signer *x509.Certificate, verified []*etree.Element, now time.Time, roots *x509.CertPool) {
	if t := signingTime(verified); !t.IsZero() {
		s.SignedAt, s.SignedAtSource = t, pdfsig.SourceSigningTime
	} else {
		s.SignedAt = now
	}
	var ts *pdfsig.Timestamp
	if s.Problem == "" {
		ts = signatureTimestamp(s, sig)
	}
	if s.Problem == "" || s.Problem == pdfsig.ProblemTimestampInvalid {
		s.Valid = true
		s.JudgeCertificate(signer, sig.certs, roots)
		if ts != nil {
			s.JudgeTimestamp(*ts, roots)
		}
	}
}

// parseAndCheck reads the ds:Signature el and checks its SignedInfo
// against the signing certificate, recording in s who signed and what is
// wrong; signer is nil when SignedInfo does not verify, ok false when el
// is no signature at all (then s says why).
// A SignedInfo that does not verify is recorded and the references are
// still checked: the verdict names every fault.
func parseAndCheck(el *etree.Element, s *pdfsig.Signature) (sig *signature, signer *x509.Certificate, ok bool) {
	sig, err := parseSignature(el)
	if err != nil {
		s.Fail(asProblem(err))
		return nil, nil, false
	}
	signer, err = checkSignedInfo(sig)
	if err != nil {
		s.Describe(sig.certs[0])
		s.Fail(asProblem(err))
	} else {
		s.Describe(signer)
	}
	return sig, signer, true
}
