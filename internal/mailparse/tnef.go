package mailparse

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// TNEF ([MS-OXTNEF]) is the "winmail.dat" format Outlook and Exchange use to
// wrap a message's body and attachments. The module github.com/teamwork/tnef
// could not be fetched here, so this is a small reader written from the
// specification: it takes the attachment titles, data and MIME tags and the
// plain or HTML body, and skips everything else. Every length is checked
// against the remaining input, so a hostile blob costs at most one pass.

const tnefSignature = 0x223E9F78 // [MS-OXTNEF] §2.1.3.1

// Attribute levels and identifiers ([MS-OXTNEF] §2.1.3.2, §2.1.3.3).
const (
	tnefLevelMessage    = 0x01
	tnefLevelAttachment = 0x02

	attBody           = 0x0002800C
	attAttachData     = 0x0006800F
	attAttachTitle    = 0x00018010
	attAttachRendData = 0x00069002
	attMsgProps       = 0x00069003
	attAttachment     = 0x00069005
	attOemCodepage    = 0x00069007
)

// MAPI property types and identifiers ([MS-OXCDATA] §2.11.1, [MS-OXPROPS]).
const (
	ptString8 = 0x001E
	ptUnicode = 0x001F
	ptBinary  = 0x0102
	ptObject  = 0x000D
	mvFlag    = 0x1000

	prBody             = 0x1000
	prRTFCompressed    = 0x1009
	prBodyHTML         = 0x1013
	prAttachDataObj    = 0x3701
	prAttachFilename   = 0x3704
	prAttachLongName   = 0x3707
	prAttachMimeTag    = 0x370E
	prDisplayName      = 0x3001
	maxTNEFProps       = 10000
	maxTNEFAttachments = 1000
)

// tnefFile is one attachment unpacked from a TNEF stream.
type tnefFile struct {
	name     string
	mimeType string
	data     []byte
}

// tnefContent is what readTNEF finds.
type tnefContent struct {
	files   []tnefFile
	body    string // plain text body (attBody or PR_BODY)
	html    string // PR_BODY_HTML
	hasRTF  bool   // the body exists only as compressed RTF (not converted)
	problem []string
}

// readTNEF reads a TNEF stream. It never fails: what cannot be read is
// described in the returned problems and the rest is kept.
func readTNEF(b []byte) tnefContent {
	var tc tnefContent
	if len(b) < 6 || binary.LittleEndian.Uint32(b) != tnefSignature {
		tc.problem = append(tc.problem, "not a TNEF stream (bad signature)")
		return tc
	}
	codepage := "windows-1252"
	var cur *tnefFile
	badSum := 0
	rest := b[6:]
	for len(rest) > 0 {
		if len(rest) < 9 {
			tc.problem = append(tc.problem, fmt.Sprintf("%d stray byte(s) at the end", len(rest)))
			break
		}
		level := rest[0]
		id := binary.LittleEndian.Uint32(rest[1:])
		n := binary.LittleEndian.Uint32(rest[5:])
		if uint64(n)+11 > uint64(len(rest)) {
			tc.problem = append(tc.problem, fmt.Sprintf("attribute 0x%08X longer than the stream; stream truncated", id))
			break
		}
		data := rest[9 : 9+n]
		sum := binary.LittleEndian.Uint16(rest[9+n:])
		rest = rest[11+n:]
		if checksum(data) != sum {
			badSum++
		}
		switch {
		case id == attOemCodepage && len(data) >= 4:
			if cp := binary.LittleEndian.Uint32(data); cp >= 1250 && cp <= 1258 {
				codepage = fmt.Sprintf("windows-%d", cp)
			}
		case id == attAttachRendData:
			if len(tc.files) >= maxTNEFAttachments {
				tc.problem = append(tc.problem, "too many attachments; the rest skipped")
				return tc
			}
			tc.files = append(tc.files, tnefFile{})
			cur = &tc.files[len(tc.files)-1]
		case id == attAttachTitle:
			if cur == nil {
				tc.files = append(tc.files, tnefFile{})
				cur = &tc.files[len(tc.files)-1]
			}
			if cur.name == "" {
				cur.name = tnefString8(data, codepage)
			}
		case id == attAttachData:
			if cur == nil {
				tc.files = append(tc.files, tnefFile{})
				cur = &tc.files[len(tc.files)-1]
			}
			cur.data = data
		case id == attBody && level == tnefLevelMessage:
			tc.body = tnefString8(data, codepage)
		case id == attAttachment && cur != nil:
			props, prob := readMAPIProps(data, codepage)
			if prob != "" {
				tc.problem = append(tc.problem, "attachment properties: "+prob)
			}
			if v, ok := props[prAttachLongName]; ok && v.str != "" {
				cur.name = v.str // the long name wins over the 8.3 title
			} else if v, ok := props[prAttachFilename]; ok && v.str != "" && cur.name == "" {
				cur.name = v.str
			} else if v, ok := props[prDisplayName]; ok && v.str != "" && cur.name == "" {
				cur.name = v.str
			}
			if v, ok := props[prAttachMimeTag]; ok {
				cur.mimeType = strings.ToLower(strings.TrimSpace(v.str))
			}
			if v, ok := props[prAttachDataObj]; ok && cur.data == nil {
				cur.data = v.bin
			}
		case id == attMsgProps:
			props, prob := readMAPIProps(data, codepage)
			if prob != "" {
				tc.problem = append(tc.problem, "message properties: "+prob)
			}
			if v, ok := props[prBody]; ok && tc.body == "" {
				tc.body = v.str
			}
			if v, ok := props[prBodyHTML]; ok {
				if v.str != "" {
					tc.html = v.str
				} else {
					tc.html, _ = decodeCharset(v.bin, codepage)
				}
			}
			if _, ok := props[prRTFCompressed]; ok {
				tc.hasRTF = true
			}
		}
	}
	if badSum > 0 {
		tc.problem = append(tc.problem, fmt.Sprintf("%d attribute checksum(s) wrong", badSum))
	}
	return tc
}

// checksum is the attribute checksum of [MS-OXTNEF] §2.1.3.2: the sum of
// the data bytes modulo 65536.
func checksum(b []byte) uint16 {
	var s uint16
	for _, c := range b {
		s += uint16(c)
	}
	return s
}

// tnefString8 decodes a NUL-terminated string in the OEM code page.
func tnefString8(b []byte, codepage string) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	s, _ := decodeCharset(b, codepage)
	return s
}

// mapiValue is one MAPI property value: a string or binary data (the first
// value of a multi-valued property).
type mapiValue struct {
	str string
	bin []byte
}

// readMAPIProps reads a MAPI property list ([MS-OXTNEF] §2.1.3.4): a count,
// then for each property its tag, for named properties (id ≥ 0x8000) a GUID
// and a name, then its value(s). Variable-length values carry a value count,
// then each value as a 4-byte length, the bytes and padding to 4 bytes.
func readMAPIProps(b []byte, codepage string) (map[uint16]mapiValue, string) {
	props := map[uint16]mapiValue{}
	r := tnefCursor{b: b}
	count, ok := r.u32()
	if !ok {
		return props, "empty property list"
	}
	if count > maxTNEFProps {
		return props, fmt.Sprintf("%d properties claimed; not read", count)
	}
	for i := uint32(0); i < count; i++ {
		typ, ok1 := r.u16()
		id, ok2 := r.u16()
		if !ok1 || !ok2 {
			return props, "property list truncated"
		}
		if id >= 0x8000 { // named property: GUID, kind, id or name
			r.skip(16)
			kind, _ := r.u32()
			if kind == 0 {
				r.skip(4)
			} else {
				n, _ := r.u32()
				r.skip(pad4(n))
			}
		}
		base := typ &^ mvFlag
		nvals := uint32(1)
		variable := base == ptString8 || base == ptUnicode || base == ptBinary || base == ptObject
		if typ&mvFlag != 0 || variable {
			nvals, ok = r.u32()
			if !ok || nvals > uint32(len(b)) {
				return props, "bad value count"
			}
		}
		for v := uint32(0); v < nvals; v++ {
			if variable {
				n, ok := r.u32()
				if !ok {
					return props, "property value truncated"
				}
				data, ok := r.take(n)
				if !ok {
					return props, "property value longer than the list"
				}
				r.skip(pad4(n) - n)
				if v > 0 {
					continue
				}
				val := mapiValue{bin: data}
				switch base {
				case ptString8:
					val.str = tnefString8(data, codepage)
				case ptUnicode:
					val.str = utf16LEString(data)
				case ptObject:
					if len(data) >= 16 { // an interface id precedes the object
						val.bin = data[16:]
					}
				}
				props[id] = val
				continue
			}
			size := fixedSize(base)
			if size < 0 {
				return props, fmt.Sprintf("unknown property type 0x%04X", base)
			}
			if _, ok := r.take(uint32(size)); !ok {
				return props, "property value truncated"
			}
		}
	}
	return props, ""
}

// fixedSize is the stored size of a fixed-length MAPI type, padded to 4
// bytes ([MS-OXCDATA] §2.11.1), or -1 when unknown.
func fixedSize(t uint16) int {
	switch t {
	case 0x0001, 0x0002, 0x0003, 0x0004, 0x000A, 0x000B: // null, short, long, float, error, boolean
		return 4
	case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040: // double, currency, apptime, int64, systime
		return 8
	case 0x0048: // GUID
		return 16
	}
	return -1
}

func pad4(n uint32) uint32 {
	if n > 0xFFFFFFF0 {
		return n
	}
	return (n + 3) &^ 3
}

// utf16LEString decodes NUL-terminated UTF-16LE.
func utf16LEString(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// tnefCursor reads little-endian values with bounds checks.
type tnefCursor struct {
	b   []byte
	off uint64
}

func (c *tnefCursor) take(n uint32) ([]byte, bool) {
	if c.off+uint64(n) > uint64(len(c.b)) {
		c.off = uint64(len(c.b))
		return nil, false
	}
	out := c.b[c.off : c.off+uint64(n)]
	c.off += uint64(n)
	return out, true
}

func (c *tnefCursor) skip(n uint32) { c.take(n) }

func (c *tnefCursor) u32() (uint32, bool) {
	b, ok := c.take(4)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b), true
}

func (c *tnefCursor) u16() (uint16, bool) {
	b, ok := c.take(2)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint16(b), true
}

// TNEFFiles decodes the files of a winmail.dat container ([MS-OXTNEF])
// again from its bytes, in the order Parse lists them after it (marked
// FromTNEF), before the parser's caps: what Open is to a MIME part, this
// is to the files of a container opened by its span. A file the parser
// cut to its caps differs from the one listed (compare the SHA-256).
func TNEFFiles(data []byte) [][]byte {
	tc := readTNEF(data)
	out := make([][]byte, len(tc.files))
	for i, f := range tc.files {
		out[i] = f.data
	}
	return out
}
