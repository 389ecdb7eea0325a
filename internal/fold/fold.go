// Package fold folds Vietnamese text for matching: lower case without
// diacritics (đ → d), rune for rune, so that "CỘNG HÒA", "Cộng hoà" and
// "Cong hoa" all read "cong hoa" and an offset in the folded text is the
// same rune offset in the original (byte offsets too, for ASCII text).
// Document fields (internal/document) and sender data (internal/sender)
// read their labels through it; the classifier's word forms
// (classify.Fold) fold each letter with Rune.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// String folds s, which must be NFC (precomposed letters), rune for rune.
func String(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(Rune(r))
	}
	return b.String()
}

// Rune maps a precomposed letter to its lower-case ASCII base letter when it
// has one (ế → e, Ư → u, đ → d) and otherwise lower-cases it.
func Rune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r == 'đ' || r == 'Đ' {
		return 'd'
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if d := norm.NFD.Properties(buf[:n]).Decomposition(); len(d) > 0 && d[0] < utf8.RuneSelf {
		r = rune(d[0])
	}
	return unicode.ToLower(r)
}

// ByteOffset is the byte offset of the n-th rune of s: an offset found in
// the folded text (a rune count) mapped back into the original.
func ByteOffset(s string, n int) int {
	off := 0
	for ; n > 0 && off < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}
