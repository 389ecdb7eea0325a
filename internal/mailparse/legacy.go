package mailparse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Legacy Vietnamese 8-bit encodings. Old Word documents and the mail copied
// from them use fonts (.VnTime for TCVN3/ABC, VNI-Times for VNI) that draw
// Vietnamese letters for Latin-1 code points, so the text reaches us as
// Latin-1 (or as the Unicode Latin-1 letters). The byte maps below are this
// package's own, written from TCVN 5712:1993 (the VN3 lowercase set used by
// the ABC fonts) and the VNI font layout, and checked against official
// phrases in the tests.
const (
	legacyTCVN3  = "tcvn3"
	legacyVNI    = "vni"
	legacyVISCII = "viscii"
)

// tcvn3 maps the bytes 0xA1–0xFE of TCVN3 (ABC) to Unicode; 0 means the
// byte is not a Vietnamese letter and keeps its Latin-1 meaning. Capital
// letters with tone marks are not in VN3 (a separate ".VnTimeH" font draws
// the lower-case codes as capitals), so they decode to lower case.
var tcvn3 = [256]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ',
	0xC6: 'ặ', 0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// Combining marks (Unicode 15, §7.9) used to build VNI letters before NFC.
const (
	cGrave  = "\u0300"
	cAcute  = "\u0301"
	cCirc   = "\u0302"
	cTilde  = "\u0303"
	cBreve  = "\u0306"
	cHook   = "\u0309"
	cDotBel = "\u0323"
)

// vniMark maps the VNI bytes that follow a base vowel (VNI types "Vieät" for
// "Việt") to the combining marks they add. Capital forms are the lower-case
// byte minus 0x20, as in Latin-1.
var vniMark = func() map[byte]string {
	m := map[byte]string{
		0xF9: cAcute, 0xF8: cGrave, 0xFB: cHook, 0xF5: cTilde, 0xEF: cDotBel,
		0xE2: cCirc, 0xE1: cCirc + cAcute, 0xE0: cCirc + cGrave, 0xE5: cCirc + cHook, 0xE3: cCirc + cTilde, 0xE4: cCirc + cDotBel,
		0xEA: cBreve, 0xE9: cBreve + cAcute, 0xE8: cBreve + cGrave, 0xFA: cBreve + cHook, 0xFC: cBreve + cTilde, 0xEB: cBreve + cDotBel,
	}
	upper := make(map[byte]string, len(m))
	for b, s := range m {
		upper[b-0x20] = s
	}
	for b, s := range upper {
		m[b] = s
	}
	return m
}()

// vniLetter maps the VNI bytes that stand for a whole letter.
var vniLetter = map[byte]rune{
	0xF4: 'ơ', 0xF6: 'ư', 0xF1: 'đ', 0xED: 'í', 0xEC: 'ì', 0xE6: 'ỉ', 0xF3: 'ĩ', 0xF2: 'ị', 0xEE: 'ỵ',
	0xD4: 'Ơ', 0xD6: 'Ư', 0xD1: 'Đ', 0xCD: 'Í', 0xCC: 'Ì', 0xC6: 'Ỉ', 0xD3: 'Ĩ', 0xD2: 'Ị', 0xCE: 'Ỵ',
}

// isVNIBase reports whether b (a byte or Latin-1 rune) can carry a VNI mark:
// a vowel, or the VNI letters ơ and ư.
func isVNIBase(b byte) bool {
	switch b | 0x20 {
	case 'a', 'e', 'o', 'u', 'y':
		return b < 0x80
	}
	switch b {
	case 0xF4, 0xF6, 0xD4, 0xD6:
		return true
	}
	return false
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// latin1View projects text onto bytes: runes up to U+00FF become that byte,
// any other rune becomes 0 (a separator). Raw bytes are used as they are.
func latin1View(s string, raw bool) []byte {
	if raw {
		return []byte(s)
	}
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r <= 0xFF {
			out = append(out, byte(r))
		} else {
			out = append(out, 0)
		}
	}
	return out
}

// isLatinLetter reports whether c (a Latin-1 byte) is a letter.
func isLatinLetter(c byte) bool {
	return isASCIILetter(c) || c >= 0xC0 && c != 0xD7 && c != 0xF7
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

// tcvnSignal reports whether byte i of b is strong evidence of TCVN3: a
// Latin-1 symbol (¸ µ ¶ · ¹ ¨ © ª « ¬ ­ ® §) touching a letter, a capital
// Latin-1 letter inside a lower-case word ("ViÖt", "nghÞ"), or ß after a
// consonant ("hßa"). Western text has none of these.
func tcvnSignal(b []byte, i int) bool {
	c := b[i]
	if tcvn3[c] == 0 {
		return false
	}
	prev := byte(0)
	if i > 0 {
		prev = b[i-1]
	}
	next := byte(' ')
	if i+1 < len(b) {
		next = b[i+1]
	}
	switch {
	case c >= 0xA1 && c <= 0xBE:
		return isLatinLetter(prev) || isLatinLetter(next)
	case c == 0xDF:
		return isASCIILetter(prev) && !strings.ContainsRune("aeiouyAEIOUY", rune(prev))
	case c >= 0xC0 && c <= 0xDE:
		return isLowerASCII(prev) && (isLowerASCII(next) || !isLatinLetter(next))
	}
	return false
}

// vniSignal reports whether byte i of b is strong evidence of VNI: a mark
// byte after a vowel that is not itself a Vietnamese letter ("Vieät",
// "hoøa": ä and ø never occur in Vietnamese), ö (ư in VNI) after a
// consonant ("Tö"), or ñ/Ñ (đ/Đ) starting a word ("ñeán"). Marks that are
// also Vietnamese letters (à á â ã è é ê ù ú õ) prove nothing: "hoàng" and
// "quá" are real Unicode Vietnamese.
func vniSignal(b []byte, i int) bool {
	c := b[i]
	if _, ok := vniMark[c]; ok {
		return i > 0 && isVNIBase(b[i-1]) && !isVietLatin1(c)
	}
	switch c {
	case 0xF1, 0xD1: // đ starts a syllable; in capitals it follows a consonant ("QÑ" for "QĐ")
		if i+1 < len(b) && !isLatinLetter(b[i+1]) && b[i+1] != '-' && !(i > 0 && b[i-1] >= 'A' && b[i-1] <= 'Z') {
			return false
		}
		return i == 0 || !isLatinLetter(b[i-1]) || b[i-1] >= 'A' && b[i-1] <= 'Z' && !strings.ContainsRune("AEIOUY", rune(b[i-1]))
	case 0xF6, 0xD6:
		return i > 0 && isASCIILetter(b[i-1]) && !strings.ContainsRune("aeiouyAEIOUY", rune(b[i-1]))
	}
	return false
}

// isVietLatin1 reports whether c is a Latin-1 letter of the Vietnamese
// alphabet (à á â ã è é ê ì í ò ó ô õ ù ú ý and capitals).
func isVietLatin1(c byte) bool {
	return strings.IndexByte("\xe0\xe1\xe2\xe3\xe8\xe9\xea\xec\xed\xf2\xf3\xf4\xf5\xf9\xfa\xfd", c|0x20) >= 0 && c >= 0xC0
}

// detectLegacy guesses whether text is TCVN3 or VNI shown as Latin-1. raw
// says s holds raw 8-bit bytes rather than UTF-8 text. It returns "" when
// neither is likely: at least two (TCVN3) or three (VNI) signals, making up
// a quarter (TCVN3) or a third (VNI) of the non-ASCII characters.
func detectLegacy(s string, raw bool) string {
	b := latin1View(s, raw)
	high, tcvn, vni := 0, 0, 0
	for i, c := range b {
		if c < 0x80 {
			continue
		}
		high++
		if tcvnSignal(b, i) {
			tcvn++
		}
		if vniSignal(b, i) {
			vni++
		}
	}
	switch {
	case tcvn >= 2 && tcvn*4 >= high && tcvn >= vni:
		return legacyTCVN3
	case vni >= 3 && vni*3 >= high:
		return legacyVNI
	}
	return ""
}

// hasVietUnicode reports whether s holds Vietnamese letters beyond Latin-1
// (ă â đ ơ ư and the letters with tone marks of U+1EA0–U+1EF9): real Unicode
// Vietnamese, which must not be converted.
func hasVietUnicode(s string) bool {
	for _, r := range s {
		if r >= 0x0100 && r <= 0x01B0 || r >= 0x1EA0 && r <= 0x1EF9 {
			return true
		}
	}
	return false
}

// convertLegacy converts TCVN3 or VNI text to Unicode NFC. With raw, s is
// raw 8-bit bytes and all of it is converted. Otherwise s is UTF-8 text in
// which the legacy text shows as Latin-1 letters: lines without real
// Unicode Vietnamese are converted whole; in lines with some, only the words
// that carry a strong legacy signal, and their neighbours with a weak one,
// are converted, so "Đã nhận: ViÖt Nam" keeps its first half.
func convertLegacy(s, enc string, raw bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	if raw {
		for i := 0; i < len(s); i++ {
			emitLegacy(&b, s[i], enc)
		}
	} else {
		for _, line := range strings.SplitAfter(s, "\n") {
			if !hasVietUnicode(line) {
				convertRunes(&b, line, enc)
				continue
			}
			words := strings.SplitAfter(line, " ")
			strong := make([]bool, len(words))
			for i, w := range words {
				strong[i] = wordSignal(w, enc, true)
			}
			for i, w := range words {
				near := i > 0 && strong[i-1] || i+1 < len(words) && strong[i+1]
				if strong[i] || near && wordSignal(w, enc, false) {
					convertRunes(&b, w, enc)
				} else {
					b.WriteString(w)
				}
			}
		}
	}
	out := b.String()
	if !utf8.ValidString(out) {
		out = strings.ToValidUTF8(out, "\uFFFD")
	}
	return norm.NFC.String(out)
}

// wordSignal reports whether a word carries legacy evidence: a strong
// signal, or with strong false any Latin-1 byte the encoding maps (for VNI
// a mark after a vowel or a VNI letter).
func wordSignal(w, enc string, strong bool) bool {
	v := latin1View(w, false)
	for i, c := range v {
		if c < 0x80 {
			continue
		}
		switch {
		case enc == legacyTCVN3 && (tcvnSignal(v, i) || !strong && tcvn3[c] != 0):
			return true
		case enc == legacyVNI && (vniSignal(v, i) || !strong && vniWeak(v, i)):
			return true
		}
	}
	return false
}

// vniWeak reports a VNI mark after a vowel or a VNI letter byte.
func vniWeak(b []byte, i int) bool {
	if _, ok := vniMark[b[i]]; ok {
		return i > 0 && isVNIBase(b[i-1])
	}
	_, ok := vniLetter[b[i]]
	return ok
}

func convertRunes(b *strings.Builder, s, enc string) {
	for _, r := range s {
		if r >= 0x80 && r <= 0xFF {
			emitLegacy(b, byte(r), enc)
		} else {
			b.WriteRune(r)
		}
	}
}

func emitLegacy(b *strings.Builder, c byte, enc string) {
	switch enc {
	case legacyTCVN3:
		if r := tcvn3[c]; r != 0 {
			b.WriteRune(r)
			return
		}
	case legacyVNI:
		if m, ok := vniMark[c]; ok {
			b.WriteString(m)
			return
		}
		if r, ok := vniLetter[c]; ok {
			b.WriteRune(r)
			return
		}
	}
	b.WriteRune(rune(c))
}

// declaredLegacy maps a charset label to a legacy Vietnamese encoding, or "".
func declaredLegacy(cs string) string {
	switch normCharset(cs) {
	case "tcvn", "tcvn3", "x-viet-tcvn", "x-viet-tcvn3", "tcvn-3", "abc", "x-tcvn3", "vn3":
		return legacyTCVN3
	case "vni", "x-viet-vni", "vni-win", "x-vni", "vni-windows":
		return legacyVNI
	case "viscii", "csviscii", "x-viet-viscii", "viscii1.1-1":
		return legacyVISCII
	}
	return ""
}
