// Package pii masks the personal data that senders give under Điều 9
// khoản 3 of Regulation 1319/QĐ-BTP (citizen ID, tax code, phone, address,
// name) so that it never appears in logs, errors or default views
// (Điều 4 khoản 4: the sender's personal data is kept private).
//
// The Mask functions take one known value and keep a few characters so that
// staff can tell two values apart; Redact finds such values in free text;
// NewRedactingHandler applies Redact to everything a slog logger writes.
// Masking only ever replaces digits or letters by '*' and keeps separators,
// so the shape of a value survives and no kept digit is invented.
package pii

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maskRune replaces a masked character.
const maskRune = '*'

// minMasked is the fewest digits a mask hides; a value too short to keep
// its first and last digits and still hide this many is masked whole.
const minMasked = 4

// maskDigits replaces every ASCII digit of s by '*' except the first keep
// and the last keepLast digits. Other characters are kept.
func maskDigits(s string, keep, keepLast int) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	if n < keep+keepLast+minMasked {
		keep, keepLast = 0, 0
	}
	b := []byte(s)
	k := 0
	for i := range b {
		if !isDigit(b[i]) {
			continue
		}
		if k >= keep && k < n-keepLast {
			b[i] = maskRune
		}
		k++
	}
	return string(b)
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// MaskCitizenID masks a 12-digit citizen ID (số định danh cá nhân), keeping
// the first four digits (province and century/sex code) and the last two:
// "001203012345" → "0012******45".
func MaskCitizenID(s string) string { return maskDigits(s, 4, 2) }

// branchTax is the tax code of a dependent unit: "0100109106-001".
var branchTax = regexp.MustCompile(`^(\d{10})(\s*-\s*\d{3})$`)

// MaskTaxCode masks a tax code (Mã số thuế), keeping the first three and the
// last two digits of the ten-digit code and the branch suffix:
// "0100109106" → "010*****06", "0100109106-001" → "010*****06-001". A
// 12-digit tax code is a citizen ID and is masked as one.
func MaskTaxCode(s string) string {
	t := strings.TrimSpace(s)
	if m := branchTax.FindStringSubmatch(t); m != nil {
		return maskDigits(m[1], 3, 2) + m[2]
	}
	if digitCount(t) == 12 {
		return MaskCitizenID(s)
	}
	return maskDigits(s, 3, 2)
}

// MaskPhone masks a phone number, keeping the first three and the last
// three digits and every separator: "0912 345 678" → "091* *** 678",
// "+84912345678" → "+849*****678".
func MaskPhone(s string) string { return maskDigits(s, 3, 3) }

// countryPart is an address part that names the country, not a place.
var countryPart = regexp.MustCompile(`(?i)^(?:việt nam|viet nam|vn|vietnam)$`)

// MaskAddress keeps only the last administrative part of an address (the
// province or city): "Số 60 Trần Phú, Điện Biên, Ba Đình, Hà Nội" →
// "…, Hà Nội". A trailing country name is kept with it. An address of one
// part is masked whole.
func MaskAddress(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	parts = nonEmpty(parts)
	keep := 1
	if len(parts) >= 2 && countryPart.MatchString(parts[len(parts)-1]) {
		keep = 2
	}
	if len(parts) <= keep {
		if len(parts) == 0 {
			return ""
		}
		return "…"
	}
	if digitCount(strings.Join(parts[len(parts)-keep:], "")) > 0 {
		return "…"
	}
	return "…, " + strings.Join(parts[len(parts)-keep:], ", ")
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// MaskName keeps the initial of each word of a name: "Nguyễn Văn An" →
// "N. V. A.".
func MaskName(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			words[i] = string(unicode.ToUpper(r)) + "."
		} else {
			words[i] = strings.Repeat(string(maskRune), utf8.RuneCountInString(w))
		}
	}
	return strings.Join(words, " ")
}
