package mailparse

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// decodeTransfer undoes a Content-Transfer-Encoding (RFC 2045 §6). Bad input
// is decoded as far as possible and described in the returned problem text
// ("" when clean). Unknown encodings leave the bytes as they are.
func decodeTransfer(enc string, b []byte) ([]byte, string) {
	switch e := strings.ToLower(strings.Trim(strings.TrimSpace(enc), `"`)); e {
	case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
		return b, ""
	case "base64", "base-64":
		return decodeBase64(b)
	case "quoted-printable", "quoted printable":
		return decodeQP(b)
	default:
		return b, fmt.Sprintf("unknown transfer encoding %q; content kept as is", truncate(e, 30))
	}
}

// decodeBase64 decodes RFC 2045 §6.8 base64 leniently: characters outside
// the alphabet are skipped (line breaks and spaces silently, others counted),
// missing padding is accepted, and data after padding (concatenated base64
// blocks) is decoded too.
func decodeBase64(b []byte) ([]byte, string) {
	// Fast path: well-formed base64 (encoding/base64 skips CR and LF).
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	if n, err := base64.StdEncoding.Decode(out, b); err == nil {
		return out[:n], ""
	}
	clean := make([]byte, 0, len(b))
	invalid := 0
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/', c == '=':
			clean = append(clean, c)
		case c == '-': // base64url, seen from some webmail
			clean = append(clean, '+')
			invalid++
		case c == '_':
			clean = append(clean, '/')
			invalid++
		case c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			invalid++
		}
	}
	out = out[:0]
	dropped := 0
	for len(clean) > 0 {
		i := 0
		for i < len(clean) && clean[i] != '=' {
			i++
		}
		seg := clean[:i]
		for i < len(clean) && clean[i] == '=' {
			i++
		}
		clean = clean[i:]
		if len(seg)%4 == 1 {
			dropped++
			seg = seg[:len(seg)-1]
		}
		n := base64.RawStdEncoding.DecodedLen(len(seg))
		start := len(out)
		out = append(out, make([]byte, n)...)
		m, err := base64.RawStdEncoding.Decode(out[start:], seg)
		out = out[:start+m]
		if err != nil {
			dropped++
		}
	}
	var prob []string
	if invalid > 0 {
		prob = append(prob, fmt.Sprintf("%d character(s) outside the base64 alphabet skipped", invalid))
	}
	if dropped > 0 {
		prob = append(prob, "base64 data ends in the middle of a group")
	}
	return out, strings.Join(prob, "; ")
}

// decodeQP decodes RFC 2045 §6.7 quoted-printable leniently: "=XX" in either
// case, soft line breaks "=" + CRLF or LF (trailing white space allowed),
// trailing white space on lines removed (rule 3), and a stray "=" kept as a
// literal and counted.
func decodeQP(b []byte) ([]byte, string) {
	out := make([]byte, 0, len(b))
	bad := 0
	lineStart := 0 // index in out where the current line began
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '=':
			if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
				out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
				i += 2
				continue
			}
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			if j < len(b) && b[j] == '\r' {
				j++
			}
			if j == len(b) || b[j] == '\n' {
				i = j // soft line break
				lineStart = len(out)
				continue
			}
			bad++
			out = append(out, '=')
		case c == '\n' || c == '\r' && i+1 < len(b) && b[i+1] == '\n':
			// Rule 3: drop white space at the end of an encoded line.
			k := len(out)
			for k > lineStart && (out[k-1] == ' ' || out[k-1] == '\t') {
				k--
			}
			out = out[:k]
			if c == '\r' {
				out = append(out, '\r')
				i++
			}
			out = append(out, '\n')
			lineStart = len(out)
		default:
			out = append(out, c)
		}
	}
	if bad > 0 {
		return out, fmt.Sprintf("%d stray '=' in quoted-printable kept as written", bad)
	}
	return out, ""
}
