// Package xmlsigtest signs OOXML packages (.docx) and XML documents for
// tests, as Word and Vietnamese signing tools do: an XML-DSig signature
// (RSA-SHA256, Canonical XML 1.0 by github.com/russellhaering/goxmldsig's
// canonicaliser) with the signing time in signed properties, over a
// certificate of a throwaway CA (internal/pdfsig/pdfsigtest). Nothing
// here is for production keys.
package xmlsigtest

import (
	"archive/zip"
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

var serial atomic.Int64

// IssueRSA makes an RSA signing certificate signed by ca: XML-DSig
// signers use RSA (an ECDSA value is written raw in XML, RFC 6931 §3.4.1).
func IssueRSA(ca pdfsigtest.Key, subject pkix.Name, notBefore, notAfter time.Time) (pdfsigtest.Key, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return pdfsigtest.Key{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(900000 + serial.Add(1)),
		Subject:      subject,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return pdfsigtest.Key{}, fmt.Errorf("create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return pdfsigtest.Key{}, err
	}
	return pdfsigtest.Key{Cert: cert, Key: key}, nil
}

// Signing says who signs and when (the signer's clock); with TSA, a
// package signature gets a XAdES signature timestamp (ETSI EN 319 132-1
// §5.3) issued at StampedAt.
type Signing struct {
	Signer    pdfsigtest.Key
	At        time.Time
	TSA       *pdfsigtest.Key
	StampedAt time.Time
}

const (
	nsDSig    = "http://www.w3.org/2000/09/xmldsig#"
	c14n      = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	sha256URI = "http://www.w3.org/2001/04/xmlenc#sha256"
	relType   = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/"
)

// reference is a Reference to write: its URI, transforms (XML) and, for
// a package part, the digest already computed.
type reference struct {
	uri, typ, transforms string
	digest               []byte
}

func (r reference) xml() string {
	t := ""
	if r.typ != "" {
		t = ` Type="` + r.typ + `"`
	}
	tr := ""
	if r.transforms != "" {
		tr = "<Transforms>" + r.transforms + "</Transforms>"
	}
	return fmt.Sprintf(`<Reference URI="%s"%s>%s<DigestMethod Algorithm="%s"/><DigestValue>%s</DigestValue></Reference>`,
		escape(r.uri), t, tr, sha256URI, base64.StdEncoding.EncodeToString(r.digest))
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xmlEscape(&b, s)
	return b.String()
}

func xmlEscape(w io.Writer, s string) error {
	_, err := io.WriteString(w, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s))
	return err
}

// canonical is Canonical XML 1.0 of el in its document, by goxmldsig.
func canonical(el *etree.Element) ([]byte, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, err
	}
	det, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, err
	}
	return dsig.MakeC14N10RecCanonicalizer().Canonicalize(det)
}

func findID(root *etree.Element, id string) *etree.Element {
	if root.SelectAttrValue("Id", "") == id {
		return root
	}
	for _, c := range root.ChildElements() {
		if e := findID(c, id); e != nil {
			return e
		}
	}
	return nil
}

// finish fills the digests of the same-document references of the
// signature sig (in its document), then its SignatureValue.
func finish(root, sig *etree.Element, s Signing) error {
	si := sig.SelectElement("SignedInfo")
	for _, r := range si.SelectElements("Reference") {
		uri := r.SelectAttrValue("URI", "")
		var target *etree.Element
		enveloped := false
		if ts := r.SelectElement("Transforms"); ts != nil {
			for _, t := range ts.SelectElements("Transform") {
				enveloped = enveloped || t.SelectAttrValue("Algorithm", "") == string(dsig.EnvelopedSignatureAltorithmId)
			}
		}
		switch {
		case uri == "":
			target = root
		case strings.HasPrefix(uri, "#"):
			target = findID(root, uri[1:])
		default:
			continue // a package part, already digested
		}
		if target == nil {
			return fmt.Errorf("no element %s", uri)
		}
		var b []byte
		var err error
		if enveloped {
			parent, idx := sig.Parent(), sig.Index()
			parent.RemoveChildAt(idx)
			b, err = canonical(target)
			parent.InsertChildAt(idx, sig)
		} else {
			b, err = canonical(target)
		}
		if err != nil {
			return err
		}
		d := sha256.Sum256(b)
		r.SelectElement("DigestValue").SetText(base64.StdEncoding.EncodeToString(d[:]))
	}
	b, err := canonical(si)
	if err != nil {
		return err
	}
	d := sha256.Sum256(b)
	v, err := s.Signer.Key.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil {
		return err
	}
	sig.SelectElement("SignatureValue").SetText(base64.StdEncoding.EncodeToString(v))
	return nil
}

func signatureXML(id string, refs []reference, objects string, s Signing) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<Signature xmlns="%s" Id="%s"><SignedInfo><CanonicalizationMethod Algorithm="%s"/><SignatureMethod Algorithm="%s"/>`,
		nsDSig, id, c14n, dsig.RSASHA256SignatureMethod)
	for _, r := range refs {
		b.WriteString(r.xml())
	}
	fmt.Fprintf(&b, `</SignedInfo><SignatureValue></SignatureValue><KeyInfo><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo>%s</Signature>`,
		base64.StdEncoding.EncodeToString(s.Signer.Cert.Raw), objects)
	return b.String()
}

// SignXML adds an enveloped signature (XML-DSig §6.6.4) as the last child
// of the document root, over the whole document, with a second reference
// to SignatureProperties holding SigningTime, as Vietnamese e-document
// tools write it.
func SignXML(doc []byte, s Signing) ([]byte, error) {
	d := etree.NewDocument()
	if err := d.ReadFromBytes(doc); err != nil {
		return nil, err
	}
	refs := []reference{
		{uri: "", transforms: `<Transform Algorithm="` + string(dsig.EnvelopedSignatureAltorithmId) + `"/><Transform Algorithm="` + c14n + `"/>`},
		{uri: "#SigningTime", typ: "http://www.w3.org/2000/09/xmldsig#SignatureProperties"},
	}
	objects := fmt.Sprintf(`<Object Id="SigningTime"><SignatureProperties><SignatureProperty Target="#sig"><SigningTime>%s</SigningTime></SignatureProperty></SignatureProperties></Object>`,
		s.At.Format(time.RFC3339))
	sd := etree.NewDocument()
	if err := sd.ReadFromString(signatureXML("sig", refs, objects, s)); err != nil {
		return nil, err
	}
	sig := sd.Root()
	d.Root().AddChild(sig)
	if err := finish(d.Root(), sig, s); err != nil {
		return nil, err
	}
	return d.WriteToBytes()
}

// Part is one entry of a ZIP package.
type Part struct {
	Name string
	Data []byte
}

// ReadPackage lists the parts of a ZIP package in order.
func ReadPackage(data []byte) ([]Part, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out []Part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Part{f.Name, b})
	}
	return out, nil
}

// WritePackage writes parts as a ZIP package.
func WritePackage(parts []Part) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SetPart returns the package with the part name replaced, or added at
// the end when there is none.
func SetPart(data []byte, name string, content []byte) ([]byte, error) {
	parts, err := ReadPackage(data)
	if err != nil {
		return nil, err
	}
	found := false
	for i := range parts {
		if parts[i].Name == name {
			parts[i].Data, found = content, true
		}
	}
	if !found {
		parts = append(parts, Part{name, content})
	}
	return WritePackage(parts)
}

var (
	reRel      = regexp.MustCompile(`<Relationship\s[^>]*>`)
	reAttr     = regexp.MustCompile(`(\w+)="([^"]*)"`)
	reOverride = regexp.MustCompile(`<Override\s+PartName="([^"]+)"\s+ContentType="([^"]+)"`)
	reDefault  = regexp.MustCompile(`<Default\s+Extension="([^"]+)"\s+ContentType="([^"]+)"`)
)

// metadata says whether a package relationship's target is left unsigned
// by Office (core, extended, custom properties, thumbnail, signatures).
func metadata(typ string) bool {
	for _, m := range []string{"core-properties", "extended-properties", "custom-properties", "thumbnail"} {
		if strings.HasSuffix(typ, m) {
			return true
		}
	}
	return strings.Contains(typ, "/digital-signature/")
}

// SignDOCX signs an OOXML package as Word does (ISO/IEC 29500-2 §13):
// every part but the metadata ones, the relationships parts through the
// Relationship transform, the signing time in the package object's
// SignatureProperties and in XAdES SignedProperties.
func SignDOCX(docx []byte, s Signing) ([]byte, error) {
	parts, err := ReadPackage(docx)
	if err != nil {
		return nil, err
	}
	types, unsigned := addSignatureOrigin(parts)
	manifest, err := packageManifest(parts, types, unsigned)
	if err != nil {
		return nil, err
	}
	sigXML, err := packageSignature(manifest, s)
	if err != nil {
		return nil, err
	}
	parts = append(parts,
		Part{"_xmlsignatures/origin.sigs", nil},
		Part{"_xmlsignatures/_rels/origin.sigs.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relType + `signature" Target="sig1.xml"/></Relationships>`)},
		Part{"_xmlsignatures/sig1.xml", sigXML},
	)
	return WritePackage(parts)
}

// addSignatureOrigin declares the signature parts in [Content_Types].xml
// and the origin in _rels/.rels, in place. It returns the content types
// (by part name, "*.ext" for the defaults) and the parts left unsigned
// (the metadata the package relationships point to).
func addSignatureOrigin(parts []Part) (types map[string]string, unsigned map[string]bool) {
	types = map[string]string{}
	unsigned = map[string]bool{}
	for i, p := range parts {
		switch p.Name {
		case "[Content_Types].xml":
			for _, m := range reOverride.FindAllStringSubmatch(string(p.Data), -1) {
				types[strings.TrimPrefix(m[1], "/")] = m[2]
			}
			for _, m := range reDefault.FindAllStringSubmatch(string(p.Data), -1) {
				types["*."+m[1]] = m[2]
			}
			parts[i].Data = []byte(strings.Replace(string(p.Data), "</Types>",
				`<Default Extension="sigs" ContentType="application/vnd.openxmlformats-package.digital-signature-origin"/>`+
					`<Override PartName="/_xmlsignatures/sig1.xml" ContentType="application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml"/></Types>`, 1))
		case "_rels/.rels":
			for _, r := range reRel.FindAllString(string(p.Data), -1) {
				a := attrs(r)
				if metadata(a["Type"]) {
					unsigned[strings.TrimPrefix(a["Target"], "/")] = true
				}
			}
			parts[i].Data = []byte(strings.Replace(string(p.Data), "</Relationships>",
				`<Relationship Id="rIdSig" Type="`+relType+`origin" Target="_xmlsignatures/origin.sigs"/></Relationships>`, 1))
		}
	}
	return types, unsigned
}

// packageManifest is a reference to each signed part with its content type
// and digest.
func packageManifest(parts []Part, types map[string]string, unsigned map[string]bool) ([]reference, error) {
	var manifest []reference
	for _, p := range parts {
		if p.Name == "[Content_Types].xml" || unsigned[p.Name] || strings.HasSuffix(p.Name, "/") {
			continue
		}
		ct := types[p.Name]
		if ct == "" {
			ct = types["*."+p.Name[strings.LastIndex(p.Name, ".")+1:]]
		}
		ref := reference{uri: "/" + p.Name + "?ContentType=" + ct}
		if strings.HasSuffix(p.Name, ".rels") {
			if err := relsReference(&ref, p); err != nil {
				return nil, err
			}
		} else {
			sum := sha256.Sum256(p.Data)
			ref.digest = sum[:]
		}
		manifest = append(manifest, ref)
	}
	return manifest, nil
}

// relsReference sets the transforms and digest of a relationships part: the
// Relationship transform keeps the relationships that are not metadata
// (ISO/IEC 29500-2 §13), its output canonicalized.
func relsReference(ref *reference, p Part) error {
	var sel strings.Builder
	sel.WriteString(`<Transform Algorithm="http://schemas.openxmlformats.org/package/2006/RelationshipTransform">`)
	for _, r := range reRel.FindAllString(string(p.Data), -1) {
		if a := attrs(r); !metadata(a["Type"]) {
			fmt.Fprintf(&sel, `<mdssi:RelationshipReference xmlns:mdssi="http://schemas.openxmlformats.org/package/2006/digital-signature" SourceId="%s"/>`, a["Id"])
		}
	}
	sel.WriteString(`</Transform><Transform Algorithm="` + c14n + `"/>`)
	ref.transforms = sel.String()
	d := etree.NewDocument()
	if err := d.ReadFromBytes(p.Data); err != nil {
		return fmt.Errorf("%s: %w", p.Name, err)
	}
	// The transform's output, written here as Word does.
	out := etree.NewElement("Relationships")
	out.CreateAttr("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
	var keep []*etree.Element
	for _, r := range d.Root().SelectElements("Relationship") {
		if metadata(r.SelectAttrValue("Type", "")) {
			continue
		}
		c := etree.NewElement("Relationship")
		for _, a := range r.Attr {
			c.CreateAttr(a.Key, a.Value)
		}
		if c.SelectAttr("TargetMode") == nil {
			c.CreateAttr("TargetMode", "Internal")
		}
		keep = append(keep, c)
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].SelectAttrValue("Id", "") < keep[j].SelectAttrValue("Id", "") })
	for _, c := range keep {
		out.AddChild(c)
	}
	b, err := dsig.MakeC14N10RecCanonicalizer().Canonicalize(out)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	ref.digest = sum[:]
	return nil
}

// packageSignature is the signature element of a package: the package
// object (the manifest and the signing time) and the XAdES signed
// properties, signed and, with a TSA, time-stamped.
func packageSignature(manifest []reference, s Signing) ([]byte, error) {
	var obj strings.Builder
	obj.WriteString(`<Object Id="idPackageObject"><Manifest>`)
	for _, r := range manifest {
		obj.WriteString(r.xml())
	}
	fmt.Fprintf(&obj, `</Manifest><SignatureProperties><SignatureProperty Id="idSignatureTime" Target="#idPackageSignature">`+
		`<mdssi:SignatureTime xmlns:mdssi="http://schemas.openxmlformats.org/package/2006/digital-signature"><mdssi:Format>YYYY-MM-DDThh:mm:ssTZD</mdssi:Format><mdssi:Value>%s</mdssi:Value></mdssi:SignatureTime>`+
		`</SignatureProperty></SignatureProperties></Object>`, s.At.UTC().Format("2006-01-02T15:04:05Z"))
	fmt.Fprintf(&obj, `<Object><xd:QualifyingProperties xmlns:xd="http://uri.etsi.org/01903/v1.3.2#" Target="#idPackageSignature">`+
		`<xd:SignedProperties Id="idSignedProperties"><xd:SignedSignatureProperties><xd:SigningTime>%s</xd:SigningTime></xd:SignedSignatureProperties></xd:SignedProperties>`+
		`</xd:QualifyingProperties></Object>`, s.At.UTC().Format("2006-01-02T15:04:05Z"))
	refs := []reference{
		{uri: "#idPackageObject", typ: "http://www.w3.org/2000/09/xmldsig#Object"},
		{uri: "#idSignedProperties", typ: "http://uri.etsi.org/01903#SignedProperties", transforms: `<Transform Algorithm="` + c14n + `"/>`},
	}
	sd := etree.NewDocument()
	if err := sd.ReadFromString(signatureXML("idPackageSignature", refs, obj.String(), s)); err != nil {
		return nil, err
	}
	if err := finish(sd.Root(), sd.Root(), s); err != nil {
		return nil, err
	}
	if s.TSA != nil {
		if err := stamp(sd.Root(), s); err != nil {
			return nil, err
		}
	}
	return sd.WriteToBytes()
}

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range reAttr.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// stamp adds the XAdES SignatureTimeStamp: an RFC 3161 token over the
// canonical SignatureValue element, in the unsigned properties.
func stamp(sig *etree.Element, s Signing) error {
	b, err := canonical(sig.SelectElement("SignatureValue"))
	if err != nil {
		return err
	}
	token, err := pdfsigtest.Token(*s.TSA, b, s.StampedAt)
	if err != nil {
		return err
	}
	var qp *etree.Element
	for _, o := range sig.SelectElements("Object") {
		if e := o.SelectElement("xd:QualifyingProperties"); e != nil {
			qp = e
		}
	}
	if qp == nil {
		return fmt.Errorf("no QualifyingProperties")
	}
	usp := qp.CreateElement("xd:UnsignedProperties").CreateElement("xd:UnsignedSignatureProperties").CreateElement("xd:SignatureTimeStamp")
	usp.CreateElement("CanonicalizationMethod").CreateAttr("Algorithm", c14n)
	usp.CreateElement("xd:EncapsulatedTimeStamp").SetText(base64.StdEncoding.EncodeToString(token))
	return nil
}
