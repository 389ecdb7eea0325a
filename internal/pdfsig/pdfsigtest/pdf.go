package pdfsigtest

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/smallstep/pkcs7"
)

// Simple is a one-page PDF 1.7 with a classic cross-reference table that
// shows lines of ASCII text in Helvetica.
func Simple(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 780 Td 16 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", escape(l))
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	return Assemble("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", objs)
}

// Assemble writes a PDF of header (the %PDF line and any comment after it)
// and the objects objs, numbered from 1 with object 1 the catalog, then a
// classic cross-reference table and the trailer (ISO 32000-1 §7.5).
func Assemble(header string, objs []string) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// textString writes s as a PDF text string in UTF-16BE with its byte
// order mark (ISO 32000-1 §7.9.2.2), as signing tools write names.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
}

var (
	reRoot      = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	reSize      = regexp.MustCompile(`/Size\s+(\d+)`)
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
)

// trailer reads the last trailer of a PDF with a classic cross-reference
// table: the catalog's object number, /Size, and the last xref offset.
func trailer(pdf []byte) (root, size, prev int, err error) {
	i := bytes.LastIndex(pdf, []byte("trailer"))
	m := reStartXref.FindSubmatch(pdf)
	if i < 0 || m == nil {
		return 0, 0, 0, errors.New("no classic trailer")
	}
	t := pdf[i:]
	r, s := reRoot.FindSubmatch(t), reSize.FindSubmatch(t)
	if r == nil || s == nil {
		return 0, 0, 0, errors.New("trailer without /Root or /Size")
	}
	root, _ = strconv.Atoi(string(r[1]))
	size, _ = strconv.Atoi(string(s[1]))
	prev, _ = strconv.Atoi(string(m[1]))
	return root, size, prev, nil
}

// object returns the dictionary text of the latest definition of object
// num ("<< … >>"), for a PDF whose objects are not in object streams.
func object(pdf []byte, num int) (string, error) {
	re := regexp.MustCompile(`(?s)(?:^|[\r\n])` + strconv.Itoa(num) + `\s+0\s+obj\s*(<<.*?>>)\s*endobj`)
	all := re.FindAllSubmatch(pdf, -1)
	if all == nil {
		return "", fmt.Errorf("object %d not found", num)
	}
	return string(all[len(all)-1][1]), nil
}

// Update appends an incremental update (ISO 32000-1 §7.5.6) that defines
// the objects given (number → object text, e.g. "<< … >>" or a stream);
// numbers at or past the file's /Size are new objects.
func Update(pdf []byte, objs map[int]string) ([]byte, error) {
	root, size, prev, err := trailer(pdf)
	if err != nil {
		return nil, err
	}
	b := bytes.NewBuffer(append([]byte(nil), pdf...))
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		b.WriteByte('\n')
	}
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
		size = max(size, n+1)
	}
	sort.Ints(nums)
	offs := map[int]int{}
	for _, n := range nums {
		offs[n] = b.Len()
		fmt.Fprintf(b, "%d 0 obj\n%s\nendobj\n", n, objs[n])
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for _, n := range nums { // one subsection per object: simple and valid
		fmt.Fprintf(b, "%d 1\n%010d 00000 n \n", n, offs[n])
	}
	fmt.Fprintf(b, "trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", size, root, prev, xref)
	return b.Bytes(), nil
}

// Signing describes one signature.
type Signing struct {
	Signer Key
	// Chain are the certificates between the signer and its root, issuer
	// first; they travel in the CMS.
	Chain []*x509.Certificate
	// TSA, when set, adds a timestamp token made at StampedAt.
	TSA       *Key
	StampedAt time.Time
	// StampOver, when set, is what the token stamps instead of the
	// signature value: a token that belongs elsewhere.
	StampOver []byte
	// SubFilter is adbe.pkcs7.detached when empty.
	SubFilter string
	Reason    string
	// ClaimedAt, when set, is written as /M (the signing tool's clock).
	ClaimedAt time.Time
	// Field names the signature field (Signature1 when empty).
	Field string
}

// placeholder is the room left for the CMS, in bytes.
const placeholder = 16 << 10

// Sign signs pdf as a signing tool does: an incremental update adding a
// signature field to the catalog's form, and a signature dictionary
// whose /ByteRange covers the whole new revision but /Contents.
func Sign(pdf []byte, s Signing) ([]byte, error) {
	root, size, _, err := trailer(pdf)
	if err != nil {
		return nil, err
	}
	cat, err := object(pdf, root)
	if err != nil {
		return nil, err
	}
	field, sig := size, size+1
	name := s.Field
	if name == "" {
		name = "Signature1"
	}
	if i := strings.Index(cat, "/Fields ["); i >= 0 {
		cat = cat[:i+len("/Fields [")] + fmt.Sprintf("%d 0 R ", field) + cat[i+len("/Fields ["):]
	} else {
		cat = strings.TrimSuffix(cat, ">>") + fmt.Sprintf(" /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>", field)
	}
	sub := s.SubFilter
	if sub == "" {
		sub = "adbe.pkcs7.detached"
	}
	typ := "Sig"
	if sub == "ETSI.RFC3161" {
		typ = "DocTimeStamp"
	}
	m := ""
	if !s.ClaimedAt.IsZero() {
		m = " /M (D:" + s.ClaimedAt.UTC().Format("20060102150405") + "Z)"
	}
	out, err := Update(pdf, map[int]string{
		root:  cat,
		field: fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /Rect [0 0 0 0] /F 132 /V %d 0 R >>", escape(name), sig),
		sig: fmt.Sprintf("<< /Type /%s /Filter /Adobe.PPKLite /SubFilter /%s /Reason %s%s /ByteRange [0 0000000000 0000000000 0000000000] /Contents <%s> >>",
			typ, sub, textString(s.Reason), m, strings.Repeat("0", 2*placeholder)),
	})
	if err != nil {
		return nil, err
	}
	return fill(out, s)
}

// fill writes the byte range and the CMS into the last signature
// dictionary of pdf.
func fill(pdf []byte, s Signing) ([]byte, error) {
	a := bytes.LastIndex(pdf, []byte("/Contents <")) + len("/Contents ")
	b := bytes.IndexByte(pdf[a:], '>') + a + 1
	br := bytes.LastIndex(pdf[:a], []byte("/ByteRange [0 0000000000 0000000000 0000000000]"))
	if a < len("/Contents ") || br < 0 {
		return nil, errors.New("no signature placeholder")
	}
	ranges := fmt.Sprintf("/ByteRange [0 %010d %010d %010d]", a, b, len(pdf)-b)
	copy(pdf[br:], ranges)
	signed := append(append([]byte(nil), pdf[:a]...), pdf[b:]...)
	der, err := cms(signed, s)
	if err != nil {
		return nil, err
	}
	if len(der) > placeholder {
		return nil, fmt.Errorf("CMS of %d bytes does not fit", len(der))
	}
	hex.Encode(pdf[a+1:], der)
	return pdf, nil
}

func cms(signed []byte, s Signing) ([]byte, error) {
	if s.SubFilter == "ETSI.RFC3161" { // a document timestamp (ISO 32000-2 §12.8.5)
		if s.TSA == nil {
			return nil, errors.New("a document timestamp needs a TSA")
		}
		return Token(*s.TSA, signed, s.StampedAt)
	}
	content := signed
	if s.SubFilter == "adbe.pkcs7.sha1" {
		sum := sha1.Sum(signed)
		content = sum[:]
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSignerChain(s.Signer.Cert, s.Signer.Key, s.Chain, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	if s.TSA != nil {
		si := &sd.GetSignedData().SignerInfos[0]
		over := si.EncryptedDigest
		if s.StampOver != nil {
			over = s.StampOver
		}
		tok, err := Token(*s.TSA, over, s.StampedAt)
		if err != nil {
			return nil, err
		}
		if err := si.SetUnauthenticatedAttributes([]pkcs7.Attribute{{Type: oidSignatureTimeStamp, Value: asn1.RawValue{FullBytes: tok}}}); err != nil {
			return nil, err
		}
	}
	if s.SubFilter != "adbe.pkcs7.sha1" {
		sd.Detach()
	}
	return sd.Finish()
}
