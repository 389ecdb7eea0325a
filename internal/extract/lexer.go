package extract

import (
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/pdfsyntax"
)

// tokKind is the kind of a PostScript/PDF content token (ISO 32000-1 §7.2, §7.3).
type tokKind uint8

const (
	tkEOF tokKind = iota
	tkNum
	tkStr // literal or hex string; token.s holds the decoded bytes
	tkName
	tkOp // operator or keyword (content streams, CMaps)
	tkArrOpen
	tkArrClose
	tkDictOpen
	tkDictClose
)

// token is one lexical token of a content stream or CMap.
type token struct {
	kind tokKind
	num  float64
	s    []byte
}

// lexer tokenises PDF content streams and CMap programs (ISO 32000-1 §7.2
// lexical conventions, §7.8.2 content streams, §9.10.3 CMaps). It never
// panics: malformed input yields operators or numbers that the interpreter
// ignores, and the position always advances, so every loop terminates.
type lexer struct {
	b     []byte
	pos   int
	tmp   []byte
	arena []byte
}

func (l *lexer) skipSpace() { l.pos = pdfsyntax.SkipSpace(l.b, l.pos) }

// next returns the next token; tkEOF at the end of input.
func (l *lexer) next() token {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return token{kind: tkEOF}
	}
	c := l.b[l.pos]
	switch c {
	case '[':
		l.pos++
		return token{kind: tkArrOpen}
	case ']':
		l.pos++
		return token{kind: tkArrClose}
	case '{', '}':
		l.pos++
		return token{kind: tkOp, s: l.b[l.pos-1 : l.pos]}
	case ')':
		l.pos++ // stray close paren: skip it as an unknown operator
		return token{kind: tkOp, s: l.b[l.pos-1 : l.pos]}
	case '(':
		l.pos++
		return token{kind: tkStr, s: l.literalString()}
	case '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return token{kind: tkDictOpen}
		}
		l.pos++
		return token{kind: tkStr, s: l.hexString()}
	case '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return token{kind: tkDictClose}
		}
		l.pos++
		return token{kind: tkOp, s: l.b[l.pos-1 : l.pos]}
	case '/':
		l.pos++
		return token{kind: tkName, s: l.name()}
	}
	start := l.pos
	for l.pos < len(l.b) && !pdfsyntax.IsSpace(l.b[l.pos]) && !pdfsyntax.IsDelim(l.b[l.pos]) {
		l.pos++
	}
	word := l.b[start:l.pos]
	if n, ok := parseNumber(word); ok {
		return token{kind: tkNum, num: n}
	}
	return token{kind: tkOp, s: word}
}

// parseNumber parses a PDF integer or real (§7.3.3), leniently: "4.", ".5",
// "-.5" and "+3" are numbers; anything else is not.
func parseNumber(w []byte) (float64, bool) {
	if len(w) == 0 {
		return 0, false
	}
	if f, ok := fastNumber(w); ok {
		return f, true
	}
	digits := 0
	for i, c := range w {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
		case (c == '-' || c == '+') && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		// e.g. "1.2.3" or "--1": poppler reads these as 0; so do we.
		return 0, true
	}
	return f, true
}

// pow10 holds 10^-n for fast decimal parsing.
var pow10 = [...]float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15}

// fastNumber parses the common forms "-12", "3.25", ".5" without
// strconv; ok is false for anything else (strconv decides then).
func fastNumber(w []byte) (float64, bool) {
	i, neg := 0, false
	if w[0] == '-' || w[0] == '+' {
		neg = w[0] == '-'
		i++
	}
	var mant uint64
	digits, frac := 0, -1
	for ; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			if digits >= 15 {
				return 0, false
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f := float64(mant)
	if frac > 0 {
		f *= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f, true
}

// keep returns a copy of b that stays valid: strings are copied into an
// arena that only grows, so earlier slices keep their bytes even when a
// later append moves the arena.
func (l *lexer) keep(b []byte) []byte {
	start := len(l.arena)
	l.arena = append(l.arena, b...)
	return l.arena[start:len(l.arena):len(l.arena)]
}

// literalString reads a (…) string (§7.3.4.2); an unterminated one keeps
// what it has.
func (l *lexer) literalString() []byte {
	out, next, _ := pdfsyntax.LiteralString(l.b, l.pos, l.tmp[:0])
	l.pos, l.tmp = next, out
	return l.keep(out)
}

// hexString reads a <…> string (§7.3.4.3); whitespace and junk are ignored,
// an unterminated one keeps what it has.
func (l *lexer) hexString() []byte {
	out, next, _, _ := pdfsyntax.HexString(l.b, l.pos, l.tmp[:0])
	l.pos, l.tmp = next, out
	return l.keep(out)
}

func (l *lexer) name() []byte {
	start := l.pos
	plain := true
	for l.pos < len(l.b) && !pdfsyntax.IsSpace(l.b[l.pos]) && !pdfsyntax.IsDelim(l.b[l.pos]) {
		if l.b[l.pos] == '#' {
			plain = false
		}
		l.pos++
	}
	raw := l.b[start:l.pos]
	if plain {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ { // #xx escapes (§7.3.5)
		if raw[i] == '#' && i+2 < len(raw) {
			h, ok1 := pdfsyntax.HexVal(raw[i+1])
			lo, ok2 := pdfsyntax.HexVal(raw[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return out
}

// skipInlineImage advances past inline image data after the ID operator
// (§8.9.7): the data ends at whitespace + "EI" + whitespace or end of input.
func (l *lexer) skipInlineImage() {
	if l.pos < len(l.b) && pdfsyntax.IsSpace(l.b[l.pos]) {
		l.pos++
	}
	for i := l.pos; i+1 < len(l.b); i++ {
		if l.b[i] == 'E' && l.b[i+1] == 'I' && (i == 0 || pdfsyntax.IsSpace(l.b[i-1])) &&
			(i+2 >= len(l.b) || pdfsyntax.IsSpace(l.b[i+2]) || pdfsyntax.IsDelim(l.b[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(l.b)
}
