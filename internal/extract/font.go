package extract

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// Caps on font resources.
const (
	maxFontStream   = 4 << 20 // bytes of a ToUnicode/encoding CMap stream
	maxWidthEntries = 1 << 16
	maxDifferences  = 1024
)

// pdfFont decodes the strings shown with one font (ISO 32000-1 §9).
type pdfFont struct {
	composite bool // Type0: multi-byte codes through a CMap (§9.7)

	// simple fonts: code -> text, and widths in text space units.
	table  [256]string
	widths [256]float64

	// composite fonts
	toUni   *CMap
	enc     *CMap // embedded encoding CMap (codespace only), nil for Identity
	codeLen int   // fixed code length when known (2 for Identity-H/V)
	utf16   bool  // predefined UCS2/UTF16 CMap: codes are UTF-16BE
	cw      map[uint32]float64
	dw      float64

	// usedToUnicode: some glyph text came from a ToUnicode CMap.
	usedToUnicode bool
	hasToUnicode  bool
	spaceWidth    float64
}

// readStream reads a stream's decoded bytes, at most limit (+1 to detect
// overflow). Panics from the library's filters are turned into errors.
func readStream(v pdf.Value, limit int64) (b []byte, err error) {
	defer recoverInto(&err)
	if v.Kind() != pdf.Stream {
		return nil, nil
	}
	rc := v.Reader()
	defer rc.Close()
	b, err = io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(b)) > limit {
		b = b[:limit]
	}
	if err != nil && len(b) > 0 {
		err = nil // keep what decoded before a broken tail, as poppler does
	}
	return b, err
}

// loadFont builds a decoder for a font dictionary. It never fails: unknown
// parts fall back to identity-like decoding that the garble check catches.
func loadFont(fv pdf.Value, o *Options) (f *pdfFont) {
	f = &pdfFont{}
	var err error
	defer o.recoverPanic(&err) // a broken font dictionary: keep the partial decoder
	subtype := fv.Key("Subtype").Name()
	if tu := fv.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if data, err := readStream(tu, maxFontStream); err == nil && len(data) > 0 {
			f.toUni = ParseCMap(data)
			f.hasToUnicode = true
		}
	}
	if subtype == "Type0" {
		f.loadComposite(fv)
	} else {
		f.loadSimple(fv, subtype)
	}
	return f
}

func (f *pdfFont) loadComposite(fv pdf.Value) {
	f.composite = true
	f.codeLen = 2
	enc := fv.Key("Encoding")
	switch enc.Kind() {
	case pdf.Name:
		n := enc.Name()
		if strings.Contains(n, "UCS2") || strings.Contains(n, "UTF16") {
			f.utf16 = true
		}
	case pdf.Stream:
		if data, err := readStream(enc, maxFontStream); err == nil {
			m := ParseCMap(data)
			if m.hasCodespace() {
				f.enc = m
				f.codeLen = m.uniformCodeLen()
			}
		}
	}
	if f.enc == nil && f.toUni != nil && f.toUni.hasCodespace() && f.toUni.uniformCodeLen() == 1 {
		// A ToUnicode with a 1-byte codespace on a non-Identity CMap.
		if enc.Kind() != pdf.Name || !strings.HasPrefix(enc.Name(), "Identity") {
			f.enc = f.toUni
			f.codeLen = 1
		}
	}
	desc := fv.Key("DescendantFonts").Index(0)
	f.dw = 1
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64() / 1000
	}
	f.cw = make(map[uint32]float64)
	w := desc.Key("W")
	n := w.Len()
	entries := 0
	// W array (§9.7.4.3): c [w1 w2 ...] or cfirst clast w.
	for i := 0; i < n && entries < maxWidthEntries; {
		first := w.Index(i)
		if first.Kind() != pdf.Integer {
			break
		}
		c := first.Int64()
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && entries < maxWidthEntries; j++ {
				f.cw[uint32(c)+uint32(j)] = next.Index(j).Float64() / 1000
				entries++
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last := next.Int64()
		width := w.Index(i+2).Float64() / 1000
		for x := c; x <= last && entries < maxWidthEntries; x++ {
			f.cw[uint32(x)] = width
			entries++
		}
		i += 3
	}
	f.spaceWidth = f.dw * 0.25
}

// Simple font base encodings (ISO 32000-1 Annex D).
var (
	winAnsi   = charmap.Windows1252
	macRoman  = charmap.Macintosh
	standardQ = map[byte]rune{0x27: '\u2019', 0x60: '\u2018'}
)

func (f *pdfFont) loadSimple(fv pdf.Value, subtype string) {
	base := "WinAnsiEncoding"
	enc := fv.Key("Encoding")
	var diffs pdf.Value
	switch enc.Kind() {
	case pdf.Name:
		base = enc.Name()
	case pdf.Dict:
		if b := enc.Key("BaseEncoding"); b.Kind() == pdf.Name {
			base = b.Name()
		} else if subtype == "Type1" {
			base = "StandardEncoding"
		}
		diffs = enc.Key("Differences")
	default:
		if subtype == "Type1" {
			base = "StandardEncoding"
		}
	}
	for c := 0; c < 256; c++ {
		var r rune
		switch base {
		case "MacRomanEncoding":
			r = macRoman.DecodeByte(byte(c))
		case "StandardEncoding":
			if q, ok := standardQ[byte(c)]; ok {
				r = q
			} else {
				r = winAnsi.DecodeByte(byte(c))
			}
		default:
			r = winAnsi.DecodeByte(byte(c))
		}
		f.table[c] = string(r)
	}
	if diffs.Kind() == pdf.Array {
		f.applyDifferences(fv, diffs)
	}
	if f.toUni != nil {
		for c := 0; c < 256; c++ {
			if s, ok := f.toUni.lookup(codeKey{n: 1, code: uint32(c)}); ok {
				f.table[c] = s
				continue
			}
			// Some producers write 2-byte codes for simple fonts.
			if s, ok := f.toUni.lookup(codeKey{n: 2, code: uint32(c)}); ok {
				f.table[c] = s
			}
		}
	}
	// Widths (§9.6.2.1); Type3 glyph space is set by FontMatrix (§9.6.5).
	scale := 1.0 / 1000
	if subtype == "Type3" {
		if fm := fv.Key("FontMatrix"); fm.Len() >= 1 {
			scale = fm.Index(0).Float64()
		}
	}
	first := int(fv.Key("FirstChar").Int64())
	ws := fv.Key("Widths")
	missing := fv.Key("FontDescriptor").Key("MissingWidth").Float64() * scale
	if ws.Kind() != pdf.Array {
		// Standard 14 fonts have no Widths: approximate an average glyph.
		for c := range f.widths {
			f.widths[c] = 0.5
		}
		f.widths[' '] = 0.25
	} else {
		for c := range f.widths {
			f.widths[c] = missing
		}
		n := ws.Len()
		for i := 0; i < n && i < 256; i++ {
			if c := first + i; c >= 0 && c < 256 {
				f.widths[c] = ws.Index(i).Float64() * scale
			}
		}
	}
	f.spaceWidth = f.widths[' ']
	if f.spaceWidth <= 0 {
		f.spaceWidth = 0.25
	}
}

// applyDifferences applies /Differences (§9.6.6.1): glyph names resolved
// by uniXXXX/uXXXX rules, then by the library's Adobe Glyph List.
func (f *pdfFont) applyDifferences(fv pdf.Value, diffs pdf.Value) {
	n := diffs.Len()
	if n > maxDifferences {
		n = maxDifferences
	}
	var lib pdf.TextEncoding
	code := -1
	for i := 0; i < n; i++ {
		x := diffs.Index(i)
		switch x.Kind() {
		case pdf.Integer:
			code = int(x.Int64())
		case pdf.Name:
			if code >= 0 && code < 256 {
				if r, ok := glyphNameToRune(x.Name()); ok {
					f.table[code] = string(r)
				} else if s, ok := ligature(x.Name()); ok {
					f.table[code] = s
				} else {
					if lib == nil {
						lf := pdf.Font{V: fv}
						lib = lf.Encoder()
					}
					if s := lib.Decode(string([]byte{byte(code)})); s != string(rune(code)) {
						f.table[code] = s
					}
				}
			}
			code++
		}
	}
}

// glyphNameToRune resolves algorithmic glyph names (Adobe Glyph List
// specification: uniXXXX, uXXXX[XX]) and a few common names.
func glyphNameToRune(name string) (rune, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "a.sc" -> "a"
	}
	if len(name) == 7 && strings.HasPrefix(name, "uni") {
		if v, err := strconv.ParseUint(name[3:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	if len(name) >= 5 && len(name) <= 7 && name[0] == 'u' {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	if len(name) == 1 && (name[0] >= 'A' && name[0] <= 'Z' || name[0] >= 'a' && name[0] <= 'z') {
		return rune(name[0]), true
	}
	switch name {
	case "space", "nbspace":
		return ' ', true
	case "period":
		return '.', true
	case "comma":
		return ',', true
	case "hyphen":
		return '-', true
	}
	return 0, false
}

func ligature(name string) (string, bool) {
	switch name {
	case "ff":
		return "ff", true
	case "fi":
		return "fi", true
	case "fl":
		return "fl", true
	case "ffi":
		return "ffi", true
	case "ffl":
		return "ffl", true
	}
	if strings.Contains(name, "_") { // f_f_i style ligature names
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			r, ok := glyphNameToRune(part)
			if !ok {
				return "", false
			}
			b.WriteRune(r)
		}
		return b.String(), true
	}
	return "", false
}

// decoded is the result of decoding one shown string.
type decoded struct {
	text   string
	width  float64 // sum of glyph widths in text space (unscaled by size)
	glyphs int
	spaces int // single-byte code 32 occurrences (word spacing, §9.3.3)
}

// decode maps a shown string to text and its advance (§9.4.4).
func (f *pdfFont) decode(s []byte, sb *strings.Builder) decoded {
	var d decoded
	sb.Reset()
	if !f.composite {
		for _, c := range s {
			sb.WriteString(f.table[c])
			d.width += f.widths[c]
			d.glyphs++
			if c == ' ' {
				d.spaces++
			}
		}
		if f.hasToUnicode {
			f.usedToUnicode = true
		}
		d.text = sb.String()
		return d
	}
	for i := 0; i < len(s); {
		n := f.codeLen
		if f.enc != nil {
			if m := f.enc.matchCode(s[i:]); m > 0 {
				n = m
			} else if n == 0 {
				n = 1
			}
		}
		if n <= 0 {
			n = 2
		}
		if i+n > len(s) {
			n = len(s) - i
		}
		var code uint32
		for _, c := range s[i : i+n] {
			code = code<<8 | uint32(c)
		}
		i += n
		d.glyphs++
		cid := code // Identity-H/V: the code is the CID
		if f.enc != nil {
			if c, ok := f.enc.cid(codeKey{n: uint8(n), code: code}); ok {
				cid = c
			}
		}
		if w, ok := f.cw[cid]; ok {
			d.width += w
		} else {
			d.width += f.dw
		}
		if n == 1 && code == 32 {
			d.spaces++
		}
		if f.toUni != nil {
			if t, ok := f.toUni.lookup(codeKey{n: uint8(n), code: code}); ok {
				sb.WriteString(t)
				f.usedToUnicode = true
				continue
			}
		}
		if f.utf16 {
			if n == 2 {
				if utf16.IsSurrogate(rune(code)) && i+2 <= len(s) {
					lo := rune(s[i])<<8 | rune(s[i+1])
					if r := utf16.DecodeRune(rune(code), lo); r != utf8.RuneError {
						sb.WriteRune(r)
						i += 2
						continue
					}
				}
				sb.WriteRune(rune(code))
				continue
			}
		}
		sb.WriteRune(utf8.RuneError) // no mapping known: flagged by the garble check
	}
	d.text = sb.String()
	return d
}
