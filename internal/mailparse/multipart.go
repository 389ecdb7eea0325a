package mailparse

import "bytes"

// splitMultipart cuts a multipart body into its parts (RFC 2046 §5.1.1).
// A delimiter line is "--" boundary followed only by white space; the close
// delimiter adds "--". The line break before a delimiter belongs to it.
// Preamble and epilogue are dropped. found reports whether any delimiter was
// seen; closed whether the close delimiter was. Without a close delimiter the
// last part runs to the end of the body. CRLF and bare LF are both accepted,
// even mixed.
func splitMultipart(body []byte, boundary string, maxParts int) (parts [][]byte, found, closed, capped bool) {
	delim := []byte("--" + boundary)
	start := -1 // start of the current part's content
	pos := 0
	for pos < len(body) {
		line, rest := cutLine(body[pos:])
		lineStart := pos
		pos += len(line)
		if !bytes.HasPrefix(line, delim) {
			continue
		}
		tail := bytes.TrimRight(line[len(delim):], " \t\r\n")
		isClose := bytes.Equal(tail, []byte("--"))
		if len(tail) != 0 && !isClose {
			continue
		}
		found = true
		if start >= 0 {
			parts = append(parts, trimLineBreak(body[start:lineStart]))
		}
		if isClose {
			return parts, found, true, false
		}
		if len(parts) >= maxParts {
			return parts, found, false, true
		}
		start = pos
		_ = rest
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts, found, false, false
}

// trimLineBreak removes the one CRLF or LF that precedes a delimiter.
func trimLineBreak(b []byte) []byte {
	if bytes.HasSuffix(b, []byte("\r\n")) {
		return b[:len(b)-2]
	}
	if bytes.HasSuffix(b, []byte("\n")) {
		return b[:len(b)-1]
	}
	return b
}
