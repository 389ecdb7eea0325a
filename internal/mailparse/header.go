package mailparse

import (
	"bytes"
	"fmt"
	"strings"
)

// field is one raw header field: its name as written and its unfolded value
// as received (possibly raw 8-bit bytes).
type field struct {
	name  string
	value string
}

// fields is a header section in order.
type fields []field

// get returns the first value of the named field (case-insensitive), or "".
func (fs fields) get(name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

// has reports whether the named field is present.
func (fs fields) has(name string) bool {
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return true
		}
	}
	return false
}

// all returns every value of the named field, in order.
func (fs fields) all(name string) []string {
	var out []string
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			out = append(out, f.value)
		}
	}
	return out
}

// readHeader splits data into its header section and body (RFC 5322 §2.1:
// the header ends at the first empty line). It is tolerant: CRLF and bare LF
// line endings both count (RFC 5322 §2.3 allows nothing else, mail in the
// wild does), an mbox "From " line first is skipped, folded lines are
// unfolded (RFC 5322 §2.2.3), and a line that is not a field ends the header
// section with a problem. The header is capped at max bytes; the rest is
// then body. It returns ok=false when not a single field could be read.
func readHeader(data []byte, max int, path string) (fs fields, body []byte, probs []Problem, ok bool) {
	rest := data
	consumed := 0
	first := true
	var folded [][]byte // continuation bytes of each field, joined at the end
	defer func() {
		for i, f := range folded {
			if len(f) > 0 {
				fs[i].value += string(f)
			}
		}
	}()
	for len(rest) > 0 {
		line, next := cutLine(rest)
		content := bytes.TrimRight(line, "\r\n")
		if len(content) == 0 { // the empty line ending the header section
			return fs, next, probs, len(fs) > 0
		}
		if consumed+len(line) > max {
			probs = append(probs, Problem{CodeTruncated, path, fmt.Sprintf("header section longer than %d bytes; the rest is read as body", max)})
			return fs, rest, probs, len(fs) > 0
		}
		switch {
		case first && bytes.HasPrefix(content, []byte("From ")):
			// An mbox separator line (RFC 4155), not part of the message.
		case content[0] == ' ' || content[0] == '\t':
			if len(fs) == 0 {
				probs = append(probs, Problem{CodeBadHeaderLine, path, "header section starts with a continuation line; line skipped"})
				break
			}
			// Unfolding removes the line break and keeps the white space.
			folded[len(fs)-1] = append(folded[len(fs)-1], content...)
		default:
			name, value, found := bytes.Cut(content, []byte(":"))
			name = bytes.TrimRight(name, " \t")
			if !found || !validFieldName(name) {
				probs = append(probs, Problem{CodeBadHeaderLine, path, fmt.Sprintf("line %q is not a header field; the header section ends there", truncate(string(content), 40))})
				return fs, rest, probs, len(fs) > 0
			}
			fs = append(fs, field{name: string(name), value: string(value)})
			folded = append(folded, nil)
		}
		first = false
		consumed += len(line)
		rest = next
	}
	// No empty line: the whole input is header, the body is empty.
	return fs, nil, probs, len(fs) > 0
}

// cutLine returns the first line of b including its line ending, and the rest.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

// validFieldName reports whether name is a field name of RFC 5322 §3.6.8:
// printable US-ASCII except colon.
func validFieldName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// truncate shortens s to at most n bytes on a rune boundary, for details.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
