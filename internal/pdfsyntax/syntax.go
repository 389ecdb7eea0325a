// Package pdfsyntax holds the lexical conventions of PDF (ISO 32000-1
// §7.2, §7.3.4) that both the text extractor's content lexer
// (internal/extract) and the signature scanner (internal/pdfsig) read by:
// character classes, comments, string escapes and hex digits. It is pure.
package pdfsyntax

// IsSpace reports whether c is a PDF white-space character (§7.2.2,
// Table 1).
func IsSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

// IsDelim reports whether c is a PDF delimiter (§7.2.2, Table 2).
func IsDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// SkipSpace returns the offset of the first byte at or after pos that is
// neither white space nor in a comment (§7.2.4: % to the end of the line).
func SkipSpace(b []byte, pos int) int {
	for pos < len(b) {
		c := b[pos]
		switch {
		case IsSpace(c):
			pos++
		case c == '%':
			for pos < len(b) && b[pos] != '\n' && b[pos] != '\r' {
				pos++
			}
		default:
			return pos
		}
	}
	return pos
}

// HexVal is the value of the hexadecimal digit c.
func HexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Escape decodes the escape sequence of a literal string whose backslash
// is just before b[pos] (§7.3.4.2, Table 3): the byte it stands for, the
// offset after it, and keep false for a line continuation, which stands
// for nothing. \( \) \\ and unknown escapes stand for the character.
// pos must be inside b.
func Escape(b []byte, pos int) (c byte, next int, keep bool) {
	c = b[pos]
	pos++
	switch c {
	case 'n':
		return '\n', pos, true
	case 'r':
		return '\r', pos, true
	case 't':
		return '\t', pos, true
	case 'b':
		return '\b', pos, true
	case 'f':
		return '\f', pos, true
	case '\r':
		if pos < len(b) && b[pos] == '\n' {
			pos++
		}
		return 0, pos, false
	case '\n':
		return 0, pos, false
	}
	if c < '0' || c > '7' {
		return c, pos, true
	}
	v := int(c - '0')
	for i := 0; i < 2 && pos < len(b) && b[pos] >= '0' && b[pos] <= '7'; i++ {
		v = v*8 + int(b[pos]-'0')
		pos++
	}
	return byte(v), pos, true
}

// LiteralString decodes a (…) string (§7.3.4.2) whose '(' is just before
// b[pos]: balanced parentheses, backslash escapes, octal codes, line
// continuations. It appends the bytes to out and returns them with the
// offset after the closing ')'; closed is false when b ends first (then a
// backslash that ends b stands for itself).
func LiteralString(b []byte, pos int, out []byte) (s []byte, next int, closed bool) {
	depth := 1
	for pos < len(b) {
		c := b[pos]
		pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, pos, true
			}
		case '\\':
			if pos >= len(b) {
				break
			}
			var keep bool
			if c, pos, keep = Escape(b, pos); !keep {
				continue // a line continuation
			}
		}
		out = append(out, c)
	}
	return out, pos, false
}

// HexString decodes a <…> string (§7.3.4.3) whose '<' is just before
// b[pos]; an odd last digit counts as followed by 0. It appends the bytes
// to out and returns them with the offset after the '>'; closed is false
// when b ends first, clean is false when a byte that is neither a digit nor
// white space was skipped.
func HexString(b []byte, pos int, out []byte) (s []byte, next int, closed, clean bool) {
	var hi byte
	half := false
	clean = true
	for pos < len(b) {
		c := b[pos]
		pos++
		if c == '>' {
			closed = true
			break
		}
		v, ok := HexVal(c)
		if !ok {
			clean = clean && IsSpace(c)
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, pos, closed, clean
}
