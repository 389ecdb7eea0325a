package extract

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// quality is the outcome of the garbled-text check.
type quality struct {
	letters  int // letters and digits
	nonSpace int
	bad      int // control characters, U+FFFD
	foreign  int // Latin letters Vietnamese does not use, rare Latin-1 signs
	symbols  int
	garbled  bool
}

// vietnameseLetters are the non-ASCII letters of Vietnamese in NFC
// (Vietnamese alphabet with its five tone marks).
const vietnameseLetters = "ăâđêôơưĂÂĐÊÔƠƯ" +
	"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" +
	"ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"

// commonLatin1Sym are Latin-1 signs that legitimately occur in
// Vietnamese documents (the others of U+00A1-U+00BF count as foreign).
var commonLatin1Sym = map[rune]bool{'§': true, '©': true, '«': true, '®': true, '°': true, '±': true, '·': true, '»': true, '½': true}

var vnSet = func() map[rune]bool {
	m := make(map[rune]bool)
	for _, r := range vietnameseLetters {
		m[r] = true
	}
	return m
}()

// assess detects text that broken font decoding produced: control
// characters ("v\x03n" for "văn"), U+FFFD,
// Latin letters foreign to Vietnamese ("SÑ" for "Số", TCVN3 bytes read as
// Latin-1), or a text made mostly of symbols. Private-use code points
// (Symbol-font bullets, U+F0B7) count as symbols, not as damage.
func assess(s string) quality {
	var q quality
	s = norm.NFC.String(s)
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == ' ' || r == '\u00a0':
			continue
		case r == '\uFFFD' || unicode.IsControl(r):
			q.bad++
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			q.letters++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			q.letters++
			if unicode.Is(unicode.Latin, r) && !vnSet[r] {
				q.foreign++
			}
		case unicode.IsSpace(r):
			continue
		case unicode.Is(unicode.Mn, r):
			// After NFC every Vietnamese vowel with its marks is one
			// precomposed letter: a combining mark left over sits on a
			// letter Vietnamese never marks (e.g. "b̀").
			q.foreign++
			q.symbols++
		case r >= 0xA1 && r <= 0xBF && !commonLatin1Sym[r]:
			// ¨ ¶ ¹ ¸ ­ ...: what TCVN3/VNI bytes look like read as Latin-1.
			q.foreign++
			q.symbols++
		case unicode.IsPunct(r):
		default:
			q.symbols++
		}
		q.nonSpace++
	}
	if q.nonSpace == 0 {
		return q
	}
	switch {
	case q.bad*100 > q.nonSpace: // more than 1% broken characters
		q.garbled = true
	case q.foreign >= 3 && q.foreign*100 > q.letters: // >1% foreign (3 at least)
		q.garbled = true
	case q.nonSpace >= 40 && q.letters*2 < q.nonSpace: // mostly symbols
		q.garbled = true
	}
	return q
}

// Garbled reports whether text looks like the product of broken font
// decoding (see assess).
func Garbled(text string) bool { return assess(text).garbled }
