package main

import (
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// toneMarks are the combining tone marks that windows-1258 encodes as separate bytes;
// Vietnamese letters with a tone are written decomposed (base letter + tone mark), the
// way Windows' code page 1258 conversion writes them.
var toneMarks = map[rune]bool{0x0300: true, 0x0301: true, 0x0303: true, 0x0309: true, 0x0323: true}

// encode1258 converts UTF-8 text to windows-1258; characters it cannot hold become '?'.
func encode1258(s string) []byte {
	enc := charmap.Windows1258
	var out []byte
	for _, r := range s {
		if b, ok := enc.EncodeRune(r); ok {
			out = append(out, b)
			continue
		}
		var base []rune
		var tones []rune
		for _, d := range norm.NFD.String(string(r)) {
			if toneMarks[d] {
				tones = append(tones, d)
			} else {
				base = append(base, d)
			}
		}
		for _, c := range append([]rune(norm.NFC.String(string(base))), tones...) {
			if b, ok := enc.EncodeRune(c); ok {
				out = append(out, b)
			} else {
				out = append(out, '?')
			}
		}
	}
	return out
}

// encodeLatin1 converts text to ISO-8859-1.
func encodeLatin1(s string) []byte {
	var out []byte
	for _, r := range s {
		if b, ok := charmap.ISO8859_1.EncodeRune(r); ok {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
	}
	return out
}
