package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	textfold "github.com/moj-portal/tiepnhan/internal/fold"
)

// Text matching. Vietnamese mail arrives in NFC, in decomposed form
// (windows-1258) and typed without diacritics (domain.md §Text encodings),
// so every text is compared in two forms: lower-cased NFC words, and the
// same words folded to ASCII (diacritics and đ removed). A phrase written
// with diacritics matches the NFC form; a text that carries almost no
// diacritics is also matched in folded form, so that "xin hoi" finds
// "xin hỏi".

// Fold returns s in NFC, lower-cased, without diacritics (đ → d), with
// every run of characters other than letters and digits turned into one
// space and no space at either end.
func Fold(s string) string { return words(s, true) }

// Words returns s in NFC, lower-cased, with every run of characters other
// than letters and digits turned into one space, diacritics kept.
func Words(s string) string { return words(s, false) }

func words(s string, fold bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case fold && unicode.Is(unicode.Mn, r):
			continue // a mark no precomposed letter takes
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if fold {
				r = textfold.Rune(r)
			} else {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// haystack is a text prepared for phrase matching: both forms padded with
// spaces so that " phrase " matches whole words only.
type haystack struct {
	nfc, folded string
	// plain is set when the text carries (almost) no Vietnamese
	// diacritics: typed without them, or in English.
	plain bool
}

func newHaystack(s string) haystack {
	w := Words(s)
	f := Fold(s)
	return haystack{nfc: " " + w + " ", folded: " " + f + " ", plain: diacriticShare(w) < 0.02}
}

// has reports whether phrase p (already in Words form) occurs, and in
// which form it matched.
func (h haystack) has(p phrase) bool {
	contains := strings.Contains
	if p.anchored {
		contains = strings.HasPrefix
	}
	if contains(h.nfc, p.nfc) {
		return true
	}
	// A phrase written without diacritics means "any diacritics"; a text
	// written without them matches every phrase in folded form.
	if (p.plain || h.plain) && contains(h.folded, p.folded) {
		return true
	}
	return false
}

// phrase is a phrase of a rule; a leading "^" anchors it at the start of
// the text (the subject "Tin: …" but not "thông tin").
type phrase struct {
	src         string
	nfc, folded string
	plain       bool
	anchored    bool
}

func newPhrase(s string) phrase {
	anchored := strings.HasPrefix(strings.TrimSpace(s), "^")
	w := Words(s)
	f := Fold(s)
	return phrase{src: s, nfc: " " + w + " ", folded: " " + f + " ", plain: w == f, anchored: anchored}
}

// diacriticShare is the share of letters in w that differ from their
// folded form (carry a Vietnamese diacritic or are đ).
func diacriticShare(w string) float64 {
	letters, marked := 0, 0
	for _, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r > unicode.MaxASCII {
			marked++
		}
	}
	if letters == 0 {
		return 0
	}
	return float64(marked) / float64(letters)
}
