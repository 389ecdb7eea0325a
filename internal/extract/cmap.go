package extract

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// Caps on a single CMap so that a hostile font cannot exhaust memory.
const (
	maxCMapEntries   = 1 << 17 // bfchar entries + array elements
	maxCMapRanges    = 1 << 15
	maxCMapCodespace = 64
)

// codeKey identifies a character code together with its byte length, since
// <41> and <0041> are different codes (ISO 32000-1 §9.7.6.2).
type codeKey struct {
	n    uint8
	code uint32
}

// codeRange is one codespacerange entry: byte-wise bounds of equal length.
type codeRange struct {
	lo, hi []byte
}

// bfRange is one bfrange entry: codes lo..hi (same length n) map either to
// dst with its last code point incremented by (code-lo), or to arr[code-lo].
type bfRange struct {
	n      uint8
	lo, hi uint32
	dst    []rune
	arr    []string
	cid    uint32 // begincidrange: CID of lo
}

// CMap is a parsed ToUnicode (or encoding) CMap (ISO 32000-1 §9.10.3,
// Adobe Technical Note #5014 and #5099).
//
// Unlike github.com/ledongthuc/pdf's reader, a bfrange wider than 256
// codes carries into the higher bytes: <0000> <01FF> <0041> maps <0100> to
// U+0141, where the library increments only the last byte and yields a
// control character (the "v\x03n" for "văn" defect in pitfalls.md).
type CMap struct {
	codespace []codeRange
	chars     map[codeKey]string
	ranges    []bfRange // sorted by (n, lo)
	cidRanges []bfRange // begincidrange: code -> CID (encoding CMaps)
	// Truncated reports that the CMap exceeded the entry caps and the
	// remainder was ignored.
	Truncated bool
}

// ParseCMap parses a CMap program. It never fails: unknown or malformed
// parts are skipped, and the result maps whatever was well-formed.
func ParseCMap(data []byte) *CMap {
	m := &CMap{chars: make(map[codeKey]string)}
	l := &lexer{b: data}
	entries := 0
	for {
		t := l.next()
		switch t.kind {
		case tkEOF:
			sortRanges(m.ranges)
			sortRanges(m.cidRanges)
			return m
		case tkOp:
			switch string(t.s) {
			case "begincodespacerange":
				m.readCodespace(l)
			case "beginbfchar":
				entries += m.readBFChar(l, maxCMapEntries-entries)
			case "beginbfrange":
				entries += m.readBFRange(l, maxCMapEntries-entries)
			case "begincidrange":
				m.readCIDRange(l)
			}
		}
		if entries >= maxCMapEntries {
			m.Truncated = true
		}
	}
}

func sortRanges(rs []bfRange) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].n != rs[j].n {
			return rs[i].n < rs[j].n
		}
		return rs[i].lo < rs[j].lo
	})
}

func bytesToCode(b []byte) (codeKey, bool) {
	if len(b) == 0 || len(b) > 4 {
		return codeKey{}, false
	}
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return codeKey{n: uint8(len(b)), code: c}, true
}

func (m *CMap) readCodespace(l *lexer) {
	for {
		lo := l.next()
		if lo.kind != tkStr {
			return // endcodespacerange or junk
		}
		hi := l.next()
		if hi.kind != tkStr {
			return
		}
		if len(lo.s) == len(hi.s) && len(lo.s) >= 1 && len(lo.s) <= 4 && len(m.codespace) < maxCMapCodespace {
			m.codespace = append(m.codespace, codeRange{lo: lo.s, hi: hi.s})
		}
	}
}

// decodeUTF16BE decodes a bfchar/bfrange destination: UTF-16BE with
// surrogate pairs (§9.10.3). A single odd byte is taken as a code point.
func decodeUTF16BE(b []byte) []rune {
	if len(b) == 1 {
		return []rune{rune(b[0])}
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return utf16.Decode(u)
}

func (m *CMap) readBFChar(l *lexer, budget int) int {
	n := 0
	for {
		src := l.next()
		if src.kind != tkStr {
			return n
		}
		dst := l.next()
		if dst.kind != tkStr && dst.kind != tkName {
			return n
		}
		if n >= budget {
			m.Truncated = true
			continue
		}
		k, ok := bytesToCode(src.s)
		if !ok {
			continue
		}
		if dst.kind == tkName {
			if r, ok := glyphNameToRune(string(dst.s)); ok {
				m.chars[k] = string(r)
			}
		} else {
			m.chars[k] = string(decodeUTF16BE(dst.s))
		}
		n++
	}
}

func (m *CMap) readBFRange(l *lexer, budget int) int {
	n := 0
	for {
		lo := l.next()
		if lo.kind != tkStr {
			return n
		}
		hi := l.next()
		if hi.kind != tkStr {
			return n
		}
		klo, ok1 := bytesToCode(lo.s)
		khi, ok2 := bytesToCode(hi.s)
		valid := ok1 && ok2 && klo.n == khi.n && klo.code <= khi.code && len(m.ranges) < maxCMapRanges
		dst := l.next()
		switch dst.kind {
		case tkStr:
			if valid && n < budget {
				m.ranges = append(m.ranges, bfRange{n: klo.n, lo: klo.code, hi: khi.code, dst: decodeUTF16BE(dst.s)})
				n++
			}
		case tkArrOpen:
			// <lo> <hi> [<d0> <d1> ...]: one destination per code.
			var arr []string
			for {
				e := l.next()
				if e.kind != tkStr {
					break // ] or junk ends the array
				}
				if valid && n < budget && uint64(len(arr)) <= uint64(khi.code-klo.code) {
					arr = append(arr, string(decodeUTF16BE(e.s)))
					n++
				}
			}
			if valid && len(arr) > 0 {
				m.ranges = append(m.ranges, bfRange{n: klo.n, lo: klo.code, hi: klo.code + uint32(len(arr)) - 1, arr: arr})
			}
		default:
			return n
		}
		if n >= budget {
			m.Truncated = true
		}
	}
}

func (m *CMap) readCIDRange(l *lexer) {
	for {
		lo := l.next()
		if lo.kind != tkStr {
			return
		}
		hi := l.next()
		if hi.kind != tkStr {
			return
		}
		cid := l.next()
		if cid.kind != tkNum {
			return
		}
		klo, ok1 := bytesToCode(lo.s)
		khi, ok2 := bytesToCode(hi.s)
		if ok1 && ok2 && klo.n == khi.n && klo.code <= khi.code && len(m.cidRanges) < maxCMapRanges && cid.num >= 0 {
			m.cidRanges = append(m.cidRanges, bfRange{n: klo.n, lo: klo.code, hi: khi.code, cid: uint32(cid.num)})
		}
	}
}

// Map returns the Unicode text of one character code given as its bytes
// (1 to 4), and whether the CMap maps it.
func (m *CMap) Map(code []byte) (string, bool) {
	k, ok := bytesToCode(code)
	if !ok {
		return "", false
	}
	return m.lookup(k)
}

// lookup returns the Unicode text for a code of the given byte length.
func (m *CMap) lookup(k codeKey) (string, bool) {
	if s, ok := m.chars[k]; ok {
		return s, true
	}
	// Binary search for the last range with lo <= code among ranges of
	// length n, then scan back over overlapping ranges.
	rs := m.ranges
	i := sort.Search(len(rs), func(i int) bool {
		return rs[i].n > k.n || rs[i].n == k.n && rs[i].lo > k.code
	})
	for j := i - 1; j >= 0 && rs[j].n == k.n; j-- {
		r := rs[j]
		if k.code < r.lo || k.code > r.hi {
			if i-j > 64 {
				break // ranges rarely nest deeply; bound the scan
			}
			continue
		}
		off := k.code - r.lo
		if r.arr != nil {
			return r.arr[off], true
		}
		if len(r.dst) == 0 {
			return "", true
		}
		out := make([]rune, len(r.dst))
		copy(out, r.dst)
		// Increment the last code point with carry into higher bytes: the
		// offset is added to the whole value, not only the last byte.
		last := out[len(out)-1] + rune(off)
		if !utf8.ValidRune(last) {
			last = utf8.RuneError
		}
		out[len(out)-1] = last
		return string(out), true
	}
	return "", false
}

// matchCode returns the length of the code at the start of b under the
// codespace ranges, shortest match first (§9.7.6.2), or 0 for none.
func (m *CMap) matchCode(b []byte) int {
	for n := 1; n <= 4 && n <= len(b); n++ {
		for _, r := range m.codespace {
			if len(r.lo) != n {
				continue
			}
			ok := true
			for i := 0; i < n; i++ {
				if b[i] < r.lo[i] || b[i] > r.hi[i] {
					ok = false
					break
				}
			}
			if ok {
				return n
			}
		}
	}
	return 0
}

// cid returns the CID of a code under begincidrange (§9.7.5.3), used
// for glyph widths; ok is false when no range holds it.
func (m *CMap) cid(k codeKey) (uint32, bool) {
	rs := m.cidRanges
	i := sort.Search(len(rs), func(i int) bool {
		return rs[i].n > k.n || rs[i].n == k.n && rs[i].lo > k.code
	})
	for j := i - 1; j >= 0 && j >= i-64 && rs[j].n == k.n; j-- {
		if k.code >= rs[j].lo && k.code <= rs[j].hi {
			return rs[j].cid + (k.code - rs[j].lo), true
		}
	}
	return 0, false
}

// hasCodespace reports whether the CMap declared codespace ranges.
func (m *CMap) hasCodespace() bool { return len(m.codespace) > 0 }

// uniformCodeLen returns the single code length of the codespace, or 0.
func (m *CMap) uniformCodeLen() int {
	n := 0
	for _, r := range m.codespace {
		if n == 0 {
			n = len(r.lo)
		} else if n != len(r.lo) {
			return 0
		}
	}
	return n
}
