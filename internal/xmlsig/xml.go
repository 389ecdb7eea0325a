package xmlsig

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
)

// IsSignedXML reports whether data is an XML document that carries an
// XML-DSig signature: it starts like XML and names the XML-DSig namespace.
func IsSignedXML(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 1024)], "\xef\xbb\xbf \t\r\n")
	return bytes.HasPrefix(head, []byte("<")) && bytes.Contains(data, []byte(nsDSig))
}

// VerifyXML finds and verifies every ds:Signature of an XML document, in
// document order. now is the instant used when a signature says nothing
// of when it was made. It never panics and never fails.
func VerifyXML(data []byte, now time.Time, o pdfsig.Options) pdfsig.Result {
	o = defaults(o)
	res := pdfsig.Result{Signatures: []pdfsig.Signature{}}
	if len(data) > min(o.MaxBytes, maxXMLBytes) {
		res.Skipped = fmt.Sprintf("XML larger than %d bytes: signatures not read", min(o.MaxBytes, maxXMLBytes))
		return res
	}
	var doc *etree.Document
	var sigs []*etree.Element
	if err := guard(func() {
		var err error
		if doc, err = parseXML(data); err != nil {
			res.Skipped = err.Error()
			return
		}
		walk(doc.Root(), func(e *etree.Element) bool {
			if isDSig(e, "Signature") {
				sigs = append(sigs, e)
			}
			return true
		})
	}); err != nil {
		res.Skipped = err.Error()
		return res
	}
	if len(sigs) > o.MaxSignatures {
		res.Skipped = fmt.Sprintf("more than %d signatures: the rest not read", o.MaxSignatures)
		sigs = sigs[:o.MaxSignatures]
	}
	for _, el := range sigs {
		var s pdfsig.Signature
		if err := guard(func() { s = verifyEnveloped(doc, el, len(sigs) == 1, now, o.Roots) }); err != nil {
			s = pdfsig.Signature{Kind: pdfsig.KindSignature, SubFilter: SubFilterXML, SignedAtSource: pdfsig.SourceNone}
			s.Fail(pdfsig.ProblemMalformed, err.Error())
		}
		res.Signatures = append(res.Signatures, s)
	}
	return res
}

// verifyEnveloped verifies one signature of an XML document. alone says
// it is the document's only signature: then goxmldsig's Validate, which
// takes the first signature it finds, must agree with the verdict.
func verifyEnveloped(doc *etree.Document, el *etree.Element, alone bool, now time.Time, roots *x509.CertPool) pdfsig.Signature {
	s := pdfsig.Signature{Kind: pdfsig.KindSignature, SubFilter: SubFilterXML, SignedAtSource: pdfsig.SourceNone}
	sig, signer, ok := parseAndCheck(el, &s)
	if !ok {
		return s
	}
	root := doc.Root()
	var verified []*etree.Element
	var changed []string
	whole, rootRef := false, ""
	for _, ref := range sig.refs {
		target, d, err := sameDocument(sig, ref)
		if err != nil {
			s.Fail(asProblem(err))
			continue
		}
		if !bytes.Equal(d, ref.digest) {
			changed = append(changed, describeRef(ref.uri, target))
			continue
		}
		verified = append(verified, target)
		if target == root {
			whole, rootRef = true, ref.uri
		}
	}
	if len(changed) > 0 {
		s.Fail(pdfsig.ProblemAltered, "changed after signing: "+strings.Join(changed, ", "))
	}
	judge(&s, sig, signer, verified, now, roots)
	if s.Valid && alone && whole {
		if err := libraryValidate(root, rootRef, signer, s.SignedAt); err != nil {
			s.Fail(pdfsig.ProblemBadSignature, "goxmldsig does not validate the signature: "+err.Error())
		}
	}
	s.CoversWholeFile = whole
	if !whole {
		var names []string
		for _, v := range verified {
			names = append(names, describeRef("", v))
		}
		slices.Sort(names)
		s.Note(pdfsig.ProblemUpdatedAfter, "the signature covers only "+strings.Join(names, ", ")+", not the whole document")
	}
	return s
}

func describeRef(uri string, el *etree.Element) string {
	if uri != "" {
		return uri
	}
	if el == nil {
		return "the document"
	}
	for _, a := range []string{"Id", "ID", "id"} {
		if v := el.SelectAttrValue(a, ""); v != "" {
			return "<" + el.Tag + " " + a + "=" + v + ">"
		}
	}
	return "<" + el.Tag + ">"
}

// libraryValidate has goxmldsig validate the enveloped signature over the
// root (its reference uri, "" or "#id"): the certificate is pinned to the
// signer this package found (the trust decision is JudgeCertificate's,
// over the trust store), the clock is the signing instant.
func libraryValidate(root *etree.Element, uri string, signer *x509.Certificate, at time.Time) error {
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{signer}})
	ctx.Clock = dsig.NewFakeClockAt(at)
	if uri != "" {
		for _, a := range []string{"Id", "ID", "id"} {
			if root.SelectAttrValue(a, "") == uri[1:] {
				ctx.IdAttribute = a
			}
		}
	}
	_, err := ctx.Validate(root)
	return err
}
