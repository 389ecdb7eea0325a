package xmlsig

import (
	"archive/zip"
	"bytes"
	"crypto/x509"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
)

// SubFilterOOXML is the Signature.SubFilter of an OOXML package signature,
// SubFilterXML that of a signed XML document.
const (
	SubFilterOOXML = "ooxml"
	SubFilterXML   = "xmldsig"
)

// metadataRels are the package relationships whose targets Office leaves
// unsigned (core, extended and custom properties, the thumbnail, the
// signature origin): a change there does not touch the document.
var metadataRels = []string{
	"/metadata/core-properties", "/core-properties", "/extended-properties",
	"/custom-properties", "/metadata/thumbnail", "/digital-signature/origin",
}

// pkg is an opened OPC package (ISO/IEC 29500-2 §8): its parts by
// lower-cased name (part names compare case-insensitively, §9.1.1.1.2).
type pkg struct {
	parts    map[string]*zip.File
	budget   int64 // bytes left to decompress for digests
	metadata map[string]bool
	// overrides and defaults are the content types of [Content_Types].xml
	// by lower-cased part name and extension (§10.1.2).
	overrides, defaults map[string]string
}

// IsPackage reports whether data is a ZIP package that holds XML
// signature parts (_xmlsignatures/, ISO/IEC 29500-2 §13.2.1).
func IsPackage(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if strings.HasPrefix(strings.ToLower(f.Name), "_xmlsignatures/") {
			return true
		}
	}
	return false
}

// VerifyPackage finds and verifies every XML signature part of an OOXML
// package (a signed .docx, .xlsx, .pptx). now is the instant used when a
// signature says nothing of when it was made. It never panics and never
// fails: what is wrong is in the result.
func VerifyPackage(data []byte, now time.Time, o pdfsig.Options) pdfsig.Result {
	o = defaults(o)
	res := pdfsig.Result{Signatures: []pdfsig.Signature{}}
	if len(data) > o.MaxBytes {
		res.Skipped = fmt.Sprintf("file larger than %d bytes: signatures not read", o.MaxBytes)
		return res
	}
	var p *pkg
	var sigParts []*zip.File
	err := guard(func() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			res.Skipped = "not a readable package: " + err.Error()
			return
		}
		if len(zr.File) > maxParts {
			res.Skipped = fmt.Sprintf("more than %d parts: signatures not read", maxParts)
			return
		}
		p = &pkg{parts: map[string]*zip.File{}, budget: maxDigested}
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, "/") {
				continue
			}
			name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
			if _, dup := p.parts[name]; dup {
				// Two parts of one name (§9.1.1.1.2): the one a signature
				// would be checked against is not the one a reader shows.
				res.Skipped = "two parts named " + f.Name + ": signatures not read"
				p = nil
				return
			}
			p.parts[name] = f
			if strings.HasPrefix(name, "_xmlsignatures/") && !strings.Contains(name, "/_rels/") && strings.HasSuffix(name, ".xml") {
				sigParts = append(sigParts, f)
			}
		}
		p.metadata = p.metadataParts()
		p.overrides, p.defaults = p.contentTypes()
	})
	if err != nil {
		res.Skipped = err.Error()
		return res
	}
	if p == nil {
		return res
	}
	slices.SortFunc(sigParts, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	if len(sigParts) > o.MaxSignatures {
		res.Skipped = fmt.Sprintf("more than %d signatures: the rest not read", o.MaxSignatures)
		sigParts = sigParts[:o.MaxSignatures]
	}
	for _, f := range sigParts {
		var s pdfsig.Signature
		if err := guard(func() { s = p.verify(f, now, o.Roots) }); err != nil {
			s = pdfsig.Signature{Kind: pdfsig.KindSignature, SubFilter: SubFilterOOXML, SignedAtSource: pdfsig.SourceNone}
			s.Fail(pdfsig.ProblemMalformed, err.Error())
		}
		res.Signatures = append(res.Signatures, s)
	}
	return res
}

func defaults(o pdfsig.Options) pdfsig.Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 64 << 20
	}
	if o.MaxSignatures <= 0 {
		o.MaxSignatures = 32
	}
	return o
}

// read reads a part whole, up to limit bytes.
func (p *pkg) read(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("part %s larger than %d bytes: %w", f.Name, limit, errLimit)
	}
	return b, nil
}

// metadataParts are the targets of the package relationships of
// metadataRels (in /_rels/.rels).
func (p *pkg) metadataParts() map[string]bool {
	out := map[string]bool{}
	f := p.parts["_rels/.rels"]
	if f == nil {
		return out
	}
	b, err := p.read(f, maxXMLBytes)
	if err != nil {
		return out
	}
	doc, err := parseXML(b)
	if err != nil {
		return out
	}
	for _, r := range children(doc.Root(), nsRels, "Relationship") {
		typ := r.SelectAttrValue("Type", "")
		if r.SelectAttrValue("TargetMode", "") == "External" {
			continue
		}
		for _, m := range metadataRels {
			if strings.HasSuffix(typ, m) {
				out[partName("/", r.SelectAttrValue("Target", ""))] = true
			}
		}
	}
	return out
}

// contentTypes reads [Content_Types].xml (ISO/IEC 29500-2 §10.1.2).
func (p *pkg) contentTypes() (overrides, defaults map[string]string) {
	overrides, defaults = map[string]string{}, map[string]string{}
	f := p.parts["[content_types].xml"]
	if f == nil {
		return
	}
	b, err := p.read(f, maxXMLBytes)
	if err != nil {
		return
	}
	doc, err := parseXML(b)
	if err != nil {
		return
	}
	for _, e := range doc.Root().ChildElements() {
		switch e.Tag {
		case "Override":
			overrides[partName("/", e.SelectAttrValue("PartName", ""))] = e.SelectAttrValue("ContentType", "")
		case "Default":
			defaults[strings.ToLower(e.SelectAttrValue("Extension", ""))] = e.SelectAttrValue("ContentType", "")
		}
	}
	return
}

// contentType is the content type the package gives a part.
func (p *pkg) contentType(name string) string {
	if ct, ok := p.overrides[name]; ok {
		return ct
	}
	return p.defaults[strings.TrimPrefix(path.Ext(name), ".")]
}

// typeOf is the content type a reference URI names (the ContentType
// query of §13.2.4.7), "" when it names none.
func typeOf(uri string) string {
	i := strings.Index(uri, "?ContentType=")
	if i < 0 {
		return ""
	}
	ct := uri[i+len("?ContentType="):]
	if u, err := url.PathUnescape(ct); err == nil {
		ct = u
	}
	return ct
}

// partName resolves a relationship target or a reference URI against the
// directory base (ISO/IEC 29500-2 §9.3.2.2) into a lower-cased part name
// without its leading slash.
func partName(base, target string) string {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	if !strings.HasPrefix(target, "/") {
		target = path.Join(base, target)
	}
	return strings.ToLower(strings.TrimPrefix(path.Clean(target), "/"))
}

// verify verifies one signature part.
func (p *pkg) verify(f *zip.File, now time.Time, roots *x509.CertPool) pdfsig.Signature {
	s := pdfsig.Signature{Kind: pdfsig.KindSignature, SubFilter: SubFilterOOXML, SignedAtSource: pdfsig.SourceNone, Name: f.Name}
	b, err := p.read(f, maxXMLBytes)
	if err != nil {
		s.Fail(pdfsig.ProblemUnreadable, err.Error())
		return s
	}
	doc, err := parseXML(b)
	if err != nil {
		s.Fail(pdfsig.ProblemUnreadable, err.Error())
		return s
	}
	if !isDSig(doc.Root(), "Signature") {
		s.Fail(pdfsig.ProblemUnreadable, "the signature part holds no ds:Signature")
		return s
	}
	sig, signer, ok := parseAndCheck(doc.Root(), &s)
	if !ok {
		return s
	}
	// The references of SignedInfo: the package object, the Office object,
	// the XAdES signed properties — all inside the signature part.
	var verified []*etree.Element
	var changed []string
	for _, ref := range sig.refs {
		el, d, err := sameDocument(sig, ref)
		if err != nil {
			s.Fail(asProblem(err))
			continue
		}
		if !bytes.Equal(d, ref.digest) {
			changed = append(changed, "signature element "+ref.uri)
			continue
		}
		verified = append(verified, el)
	}
	// The manifests of the verified objects: the parts of the package.
	covered := map[string]bool{}
	manifests := 0
	for _, el := range verified {
		for _, m := range manifestsOf(el) {
			manifests++
			refs, err := parseReferences(m)
			if err != nil {
				s.Fail(asProblem(err))
				continue
			}
			for _, ref := range refs {
				name := partName("/", ref.uri)
				if ct := typeOf(ref.uri); ct != "" && p.parts[name] != nil && !strings.EqualFold(ct, p.contentType(name)) {
					// The signer signed the part as one type; the package
					// now says it is another (how a reader opens it).
					changed = append(changed, "/"+name+" (content type)")
					continue
				}
				ok, err := p.checkPart(name, ref)
				if err != nil {
					s.Fail(asProblem(err))
					continue
				}
				if !ok {
					changed = append(changed, "/"+name)
					continue
				}
				covered[name] = true
			}
		}
	}
	if len(changed) > 0 {
		s.Fail(pdfsig.ProblemAltered, "changed after signing: "+strings.Join(changed, ", "))
	}
	if manifests == 0 && len(changed) == 0 {
		s.Fail(pdfsig.ProblemUnsupported, "no signed package manifest: the signature signs no part of the package")
	}
	judge(&s, sig, signer, verified, now, roots)
	var unsigned []string
	for name := range p.parts {
		if !covered[name] && !p.exempt(name) {
			unsigned = append(unsigned, "/"+name)
		}
	}
	slices.Sort(unsigned)
	s.CoversWholeFile = len(unsigned) == 0
	if !s.CoversWholeFile {
		s.Note(pdfsig.ProblemUpdatedAfter, "parts not covered by the signature: "+strings.Join(unsigned[:min(len(unsigned), 20)], ", "))
	}
	return s
}

// exempt reports whether a part is not expected to be signed: the content
// types stream (not a part; each reference names its part's content type),
// the signatures themselves and their origin, the metadata parts Office
// leaves unsigned.
func (p *pkg) exempt(name string) bool {
	return name == "[content_types].xml" || strings.HasPrefix(name, "_xmlsignatures/") || p.metadata[name]
}

// manifestsOf are the ds:Manifest elements of a verified element: the
// element itself or the children of a ds:Object.
func manifestsOf(el *etree.Element) []*etree.Element {
	if isDSig(el, "Manifest") {
		return []*etree.Element{el}
	}
	if isDSig(el, "Object") {
		return children(el, nsDSig, "Manifest")
	}
	return nil
}

// checkPart reports whether the part's digest is the reference's:
// over its bytes, or for a relationships part over the relationships the
// Relationship transform selects, canonicalised (§13.2.4.24-25).
func (p *pkg) checkPart(name string, ref reference) (bool, error) {
	f := p.parts[name]
	if f == nil {
		return false, nil // a signed part that is gone: altered
	}
	if len(ref.transforms) == 0 {
		rc, err := f.Open()
		if err != nil {
			return false, fail(pdfsig.ProblemUnreadable, "part /%s: %v", name, err)
		}
		defer rc.Close()
		h := ref.hash.New()
		n, err := io.Copy(h, io.LimitReader(rc, p.budget+1))
		p.budget -= n
		if err != nil {
			return false, fail(pdfsig.ProblemUnreadable, "part /%s: %v", name, err)
		}
		if p.budget < 0 {
			return false, fail(pdfsig.ProblemUnreadable, "more than %d bytes of parts to digest", maxDigested)
		}
		return bytes.Equal(h.Sum(nil), ref.digest), nil
	}
	var rels []*etree.Element
	c14n := ""
	for i, t := range ref.transforms {
		switch a := t.SelectAttrValue("Algorithm", ""); {
		case a == algRelationship && i == 0:
			rels = append(rels, t)
		case a == algRelationship && rels != nil && c14n == "":
			rels = append(rels, t)
		case isC14N(a) && i == len(ref.transforms)-1:
			c14n = a
		default:
			return false, fail(pdfsig.ProblemUnsupported, "transform %q of part /%s is not verified", a, name)
		}
	}
	b, err := p.read(f, maxXMLBytes)
	if err != nil {
		return false, fail(pdfsig.ProblemUnreadable, "part /%s: %v", name, err)
	}
	doc, err := parseXML(b)
	if err != nil {
		return false, fail(pdfsig.ProblemAltered, "part /%s: %v", name, err)
	}
	el := doc.Root()
	if rels != nil {
		el = relationshipTransform(el, rels)
	}
	canon, err := canonical(el, c14n, "")
	if err != nil {
		return false, err
	}
	return bytes.Equal(sum(ref.hash, canon), ref.digest), nil
}

// relationshipTransform keeps the relationships a signer selected, by Id
// (RelationshipReference SourceId) or type (RelationshipsGroupReference
// SourceType), sorted by Id, with TargetMode made explicit (ISO/IEC
// 29500-2 §13.2.4.24).
func relationshipTransform(root *etree.Element, transforms []*etree.Element) *etree.Element {
	ids, types := map[string]bool{}, map[string]bool{}
	for _, t := range transforms {
		for _, r := range children(t, nsMDSSI, "RelationshipReference") {
			ids[r.SelectAttrValue("SourceId", "")] = true
		}
		for _, r := range children(t, nsMDSSI, "RelationshipsGroupReference") {
			types[r.SelectAttrValue("SourceType", "")] = true
		}
	}
	out := etree.NewElement("Relationships")
	out.CreateAttr("xmlns", nsRels)
	var keep []*etree.Element
	if root.Tag == "Relationships" && root.NamespaceURI() == nsRels {
		for _, r := range children(root, nsRels, "Relationship") {
			if ids[r.SelectAttrValue("Id", "")] || types[r.SelectAttrValue("Type", "")] {
				c := etree.NewElement("Relationship")
				for _, a := range r.Attr {
					if a.Space == "" && a.Key != "xmlns" {
						c.CreateAttr(a.Key, a.Value)
					}
				}
				if c.SelectAttr("TargetMode") == nil {
					c.CreateAttr("TargetMode", "Internal")
				}
				keep = append(keep, c)
			}
		}
	}
	slices.SortStableFunc(keep, func(a, b *etree.Element) int {
		return strings.Compare(a.SelectAttrValue("Id", ""), b.SelectAttrValue("Id", ""))
	})
	for _, c := range keep {
		out.AddChild(c)
	}
	return out
}
