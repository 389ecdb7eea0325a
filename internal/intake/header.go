package intake

import (
	"bytes"
	"strings"
)

// HeaderSection returns the header section of a raw RFC 5322 message: the
// bytes up to and including the first empty line (CRLF or bare LF), or at
// most max bytes when no empty line comes first.
func HeaderSection(raw []byte, max int) []byte {
	limit := raw
	if len(limit) > max {
		limit = limit[:max]
	}
	if i := bytes.Index(limit, []byte("\r\n\r\n")); i >= 0 {
		return raw[:i+4]
	}
	if i := bytes.Index(limit, []byte("\n\n")); i >= 0 {
		return raw[:i+2]
	}
	return limit
}

// HeaderMessageID reads the Message-ID field (RFC 5322 §3.6.4) from a raw
// header section without a full parse, unfolding continuation lines. It
// returns the id without angle brackets, or "" when there is none. It is the
// deduplication key (with the content hash) and must never fail.
func HeaderMessageID(header []byte) string {
	lines := bytes.Split(header, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		line := bytes.TrimRight(lines[i], "\r")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || !strings.EqualFold(string(bytes.TrimSpace(name)), "Message-ID") {
			continue
		}
		v := string(value)
		for i+1 < len(lines) && len(lines[i+1]) > 0 && (lines[i+1][0] == ' ' || lines[i+1][0] == '\t') {
			i++
			v += string(bytes.TrimRight(lines[i], "\r"))
		}
		v = strings.TrimSpace(v)
		if a := strings.IndexByte(v, '<'); a >= 0 {
			if b := strings.IndexByte(v[a:], '>'); b > 0 {
				return strings.TrimSpace(v[a+1 : a+b])
			}
		}
		if f := strings.Fields(v); len(f) > 0 {
			return f[0]
		}
		return ""
	}
	return ""
}
