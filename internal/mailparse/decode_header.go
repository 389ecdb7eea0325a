package mailparse

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/unicode/norm"
)

// errUnknownCharset marks a charset that charset.Reader does not know.
type errUnknownCharset struct{ name string }

func (e errUnknownCharset) Error() string { return fmt.Sprintf("unknown charset %q", e.name) }

// charsetReader converts from a named charset to UTF-8 with go-message's
// charset tables (x/text). Legacy Vietnamese charsets are refused here; the
// body decoder handles them itself.
func charsetReader(name string, r io.Reader) (io.Reader, error) {
	name = normCharset(name)
	switch name {
	case "utf-8", "us-ascii", "":
		return r, nil
	}
	cr, err := charset.Reader(name, r)
	if err != nil {
		return nil, errUnknownCharset{name}
	}
	return cr, nil
}

// normCharset lower-cases a charset label and strips quotes, spaces and a
// trailing language suffix; it maps common misspellings of UTF-8.
func normCharset(name string) string {
	name = strings.ToLower(strings.Trim(strings.TrimSpace(name), `"' `))
	switch name {
	case "utf8", "utf-8", "unicode-1-1-utf-8", "x-utf-8":
		return "utf-8"
	case "ascii", "us-ascii", "ansi_x3.4-1968", "646":
		return "us-ascii"
	case "cp1258", "windows1258", "win-1258", "x-cp1258":
		return "windows-1258"
	case "cp1252", "windows1252":
		return "windows-1252"
	case "latin1", "latin-1", "iso8859-1", "iso_8859-1":
		return "iso-8859-1"
	}
	return name
}

// headerText decodes one unstructured header value: raw 8-bit bytes (RFC
// 6532 allows UTF-8; anything else is decoded with the fallback charset),
// RFC 2047 encoded words, unfolding white space, then NFC.
func (p *parser) headerText(name, raw, path string) string {
	s := p.header8bit(name, raw, path)
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	out, err := dec.DecodeHeader(s)
	if err != nil {
		var uc errUnknownCharset
		if errors.As(err, &uc) {
			p.problem(CodeUnknownCharset, path, fmt.Sprintf("%s: encoded word in %s kept undecoded", name, uc.name))
		} else {
			p.problem(CodeBadHeaderEncoding, path, fmt.Sprintf("%s: broken encoded word kept undecoded", name))
		}
		out = decodeWordsOneByOne(s)
	}
	out = strings.ToValidUTF8(out, "\uFFFD")
	return norm.NFC.String(strings.TrimSpace(collapseFolding(out)))
}

// decodeWordsOneByOne decodes the encoded words that can be decoded and keeps
// the others as written.
func decodeWordsOneByOne(s string) string {
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	var b strings.Builder
	for _, tok := range strings.SplitAfter(s, " ") {
		w := strings.TrimRight(tok, " ")
		if strings.HasPrefix(w, "=?") && strings.HasSuffix(w, "?=") {
			if d, err := dec.Decode(w); err == nil {
				b.WriteString(d)
				b.WriteString(tok[len(w):])
				continue
			}
		}
		b.WriteString(tok)
	}
	return b.String()
}

// collapseFolding turns the tabs and CR/LF left by unfolding into spaces.
func collapseFolding(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\r', '\n':
			return ' '
		}
		return r
	}, s)
}

// header8bit returns raw as valid UTF-8: UTF-8 as is (RFC 6532), other
// 8-bit bytes decoded with the message's fallback charset and flagged.
func (p *parser) header8bit(name, raw, path string) string {
	if utf8.ValidString(raw) {
		return raw
	}
	cs := p.fallbackCharset
	r, err := charsetReader(cs, strings.NewReader(raw))
	if err == nil {
		if b, err := io.ReadAll(io.LimitReader(r, int64(4*len(raw)+16))); err == nil {
			p.problem(CodeBadHeaderEncoding, path, fmt.Sprintf("%s: raw 8-bit bytes read as %s", name, cs))
			return string(b)
		}
	}
	p.problem(CodeBadHeaderEncoding, path, fmt.Sprintf("%s: raw 8-bit bytes not valid UTF-8", name))
	return strings.ToValidUTF8(raw, "\uFFFD")
}

// addressList parses an address list field (RFC 5322 §3.4) with net/mail,
// falling back to a lenient reading of each comma-separated item.
func (p *parser) addressList(name, raw, path string) []Address {
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	s := p.header8bit(name, raw, path)
	ap := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	list, err := ap.ParseList(s)
	if err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanName(a.Name), Address: a.Address})
		}
		return out
	}
	var out []Address
	bad := 0
	for _, item := range splitAddressList(s) {
		if strings.TrimSpace(item) == "" {
			continue
		}
		if a, err := ap.Parse(item); err == nil {
			out = append(out, Address{Name: cleanName(a.Name), Address: a.Address})
			continue
		}
		if a, ok := lenientAddress(item); ok {
			out = append(out, a)
			continue
		}
		bad++
	}
	p.problem(CodeBadAddress, path, fmt.Sprintf("%s: address list not well formed; %d address(es) read leniently, %d item(s) unreadable", name, len(out), bad))
	return out
}

// cleanName normalises a display name: NFC, folding white space, outer quotes.
func cleanName(s string) string {
	s = strings.TrimSpace(collapseFolding(strings.ToValidUTF8(s, "\uFFFD")))
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return norm.NFC.String(s)
}

// splitAddressList splits at commas outside quotes, angle brackets and comments.
func splitAddressList(s string) []string {
	var out []string
	depthAngle, depthParen, quoted, esc := 0, 0, false, false
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case quoted:
			quoted = c != '"'
		case c == '"':
			quoted = true
		case c == '(':
			depthParen++
		case c == ')' && depthParen > 0:
			depthParen--
		case c == '<':
			depthAngle++
		case c == '>' && depthAngle > 0:
			depthAngle--
		case (c == ',' || c == ';') && depthAngle == 0 && depthParen == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// lenientAddress reads "Name <addr>" or a bare token containing "@" from a
// malformed item; the name is decoded from RFC 2047 words.
func lenientAddress(item string) (Address, bool) {
	item = strings.TrimSpace(item)
	var name, addr string
	if i := strings.LastIndexByte(item, '<'); i >= 0 {
		j := strings.IndexAny(item[i:], "> ,;")
		if j < 0 {
			j = len(item) - i
		}
		addr = strings.TrimSpace(item[i+1 : i+j])
		name = item[:i]
	} else {
		for _, tok := range strings.Fields(item) {
			if strings.Contains(tok, "@") {
				addr = strings.Trim(tok, "<>()\"',;")
				name = strings.Replace(item, tok, "", 1)
				break
			}
		}
	}
	if addr == "" || !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \t\"") {
		return Address{}, false
	}
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	if d, err := dec.DecodeHeader(name); err == nil {
		name = d
	}
	name = strings.Trim(strings.TrimSpace(name), "\"()")
	return Address{Name: cleanName(name), Address: addr}, true
}

// msgIDs returns the message ids in a Message-ID, In-Reply-To or References
// field (RFC 5322 §3.6.4) without angle brackets. Tokens outside brackets
// are taken when the field has no bracketed id at all.
func msgIDs(raw string) []string {
	var out []string
	s := raw
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if id := strings.TrimSpace(s[i+1 : i+j]); id != "" && !strings.ContainsAny(id, " \t") {
			out = append(out, strings.ToValidUTF8(id, "\uFFFD"))
		}
		s = s[i+j+1:]
	}
	if len(out) > 0 {
		return out
	}
	for _, tok := range strings.Fields(raw) {
		if strings.Contains(tok, "@") {
			out = append(out, strings.ToValidUTF8(strings.Trim(tok, "<>,;\"'()"), "\uFFFD"))
		}
	}
	return out
}

// firstID returns the first message id of a field, or "".
func firstID(raw string) string {
	if ids := msgIDs(raw); len(ids) > 0 {
		return ids[0]
	}
	return strings.ToValidUTF8(strings.Trim(strings.TrimSpace(raw), "<>"), "\uFFFD")
}
