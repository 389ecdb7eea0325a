package pdfsig

import (
	"bytes"
	"math"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/moj-portal/tiepnhan/internal/pdfsyntax"
)

// sigDict is a signature value dictionary found in the file (ISO 32000-1
// §12.8.1, Table 252), or a /ByteRange that could not be read as one.
type sigDict struct {
	at        int    // offset of the dictionary's "<<"
	typ       string // Sig or DocTimeStamp (ISO 32000-2 §12.8.5)
	filter    string
	subFilter string
	name      string // /Name: the signer's name as the signing tool wrote it
	reason    string
	location  string
	m         time.Time // /M: the signing time the tool claims
	byteRange []int64
	// contents is the decoded /Contents; data[contentsStart:contentsEnd]
	// is the hex string with its angle brackets.
	contents                   []byte
	contentsStart, contentsEnd int
	// broken names what is unreadable ("" when the dictionary reads).
	broken string
}

var byteRangeKey = []byte("/ByteRange")

// Scan bounds: where the dictionary may start before its /ByteRange key
// (the /Contents string may come first: a CMS with its chain and a
// timestamp token is some tens of kilobytes of hex), how many "<<" are
// tried, and how far a dictionary may run.
const (
	maxLookBack   = 512 << 10
	maxCandidates = 8
	maxDictLen    = 2 << 20
)

// scan finds the signature dictionaries of data, in file order, at most
// limit of them; more is reported by the second result.
func scan(data []byte, limit int) (dicts []sigDict, more bool) {
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], byteRangeKey)
		if i < 0 {
			break
		}
		pos := off + i
		off = pos + len(byteRangeKey)
		if off < len(data) && !pdfsyntax.IsSpace(data[off]) && !pdfsyntax.IsDelim(data[off]) {
			continue // a longer name such as /ByteRanges
		}
		if len(dicts) == limit {
			return dicts, true
		}
		d, end := enclosingDict(data, pos)
		if end > off {
			off = end
		}
		dicts = append(dicts, d)
	}
	return dicts, false
}

// enclosingDict parses the dictionary holding the /ByteRange key at pos;
// it returns the dictionary and the offset where it ends.
func enclosingDict(data []byte, pos int) (sigDict, int) {
	lo := max(0, pos-maxLookBack)
	c := pos
	for try := 0; try < maxCandidates; try++ {
		j := bytes.LastIndex(data[lo:c], []byte("<<"))
		if j < 0 {
			break
		}
		c = lo + j
		p := parser{b: data[c:min(len(data), c+maxDictLen)]}
		o, err := p.value(0)
		if err != nil || o.kind != kDict {
			continue
		}
		br, ok := o.dict["ByteRange"]
		if !ok || c+br.start < pos+len(byteRangeKey) || c+br.start > pos+len(byteRangeKey)+64 {
			continue // a dictionary nested before the key, not around it
		}
		return readSigDict(c, o), c + o.end
	}
	return sigDict{at: pos, broken: "signature dictionary unreadable"}, pos
}

func readSigDict(at int, o object) sigDict {
	d := sigDict{at: at}
	d.typ = nameOf(o.dict["Type"])
	d.filter = nameOf(o.dict["Filter"])
	d.subFilter = nameOf(o.dict["SubFilter"])
	d.name = textString(o.dict["Name"])
	d.reason = textString(o.dict["Reason"])
	d.location = textString(o.dict["Location"])
	if m, ok := o.dict["M"]; ok && m.kind == kStr {
		d.m, _ = parseDate(string(m.str))
	}
	br := o.dict["ByteRange"]
	if br.kind != kArr || len(br.arr) == 0 || len(br.arr)%2 != 0 {
		d.broken = "byte range is not an array of offset and length pairs"
		return d
	}
	for _, v := range br.arr {
		if v.kind != kNum || v.num < 0 || v.num > math.MaxInt32*4 || v.num != math.Trunc(v.num) {
			d.broken = "byte range holds a value that is not an offset"
			return d
		}
		d.byteRange = append(d.byteRange, int64(v.num))
	}
	ct, ok := o.dict["Contents"]
	if !ok || ct.kind != kStr {
		d.broken = "no /Contents string"
		return d
	}
	d.contents = ct.str
	d.contentsStart, d.contentsEnd = at+ct.start, at+ct.end
	return d
}

func nameOf(o object) string {
	if o.kind == kName {
		return o.name
	}
	return ""
}

// textString decodes a PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE
// with its byte order mark, UTF-8 with its mark (ISO 32000-2), else
// PDFDocEncoding, read as Latin-1 (they agree on the letters used here).
func textString(o object) string {
	if o.kind != kStr {
		return ""
	}
	b := o.str
	switch {
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf && utf8.Valid(b[3:]):
		return string(b[3:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// parseDate reads a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (ISO 32000-1
// §7.9.4); every part after the year is optional, a missing zone is UTC.
func parseDate(s string) (time.Time, bool) {
	if len(s) >= 2 && s[:2] == "D:" {
		s = s[2:]
	}
	fields := []int{0, 1, 1, 0, 0, 0} // year month day hour minute second
	widths := []int{4, 2, 2, 2, 2, 2}
	for i, w := range widths {
		if len(s) < w || !digits(s[:w]) {
			if i == 0 {
				return time.Time{}, false
			}
			break
		}
		fields[i], _ = strconv.Atoi(s[:w])
		s = s[w:]
	}
	loc := time.UTC
	if len(s) >= 3 && (s[0] == '+' || s[0] == '-') && digits(s[1:3]) {
		h, _ := strconv.Atoi(s[1:3])
		m := 0
		if rest := trimQuote(s[3:]); len(rest) >= 2 && digits(rest[:2]) {
			m, _ = strconv.Atoi(rest[:2])
		}
		off := h*3600 + m*60
		if s[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(fields[0], time.Month(fields[1]), fields[2], fields[3], fields[4], fields[5], 0, loc)
	return t, true
}

func trimQuote(s string) string {
	if len(s) > 0 && s[0] == '\'' {
		return s[1:]
	}
	return s
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
