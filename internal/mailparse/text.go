package mailparse

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// singleByteLatin lists the charsets whose bytes may hide TCVN3 or VNI text:
// legacy fonts drew Vietnamese letters over these code points.
var singleByteLatin = map[string]bool{
	"": true, "us-ascii": true, "iso-8859-1": true, "windows-1252": true, "windows-1258": true, "iso-8859-15": true,
}

// decodeText turns the transfer-decoded bytes of a text part into UTF-8.
// The charset is the declared one (RFC 2046 §4.1.2); a BOM overrides it
// (UTF-16 and UTF-8, RFC 2781 §3.3). Legacy Vietnamese text is detected and,
// unless Options.KeepLegacy, converted. The result is NFC unless keepForm is
// set (the HTML source is kept as received).
func (p *parser) decodeText(b []byte, cs, path string, keepForm bool) string {
	s := p.decodeCharsetText(b, cs, path)
	s = strings.ToValidUTF8(s, "\uFFFD")
	if keepForm {
		return s
	}
	return norm.NFC.String(s)
}

func (p *parser) decodeCharsetText(b []byte, cs, path string) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, cs = b[3:], "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(b)
		if err != nil {
			p.problem(CodeBadEncoding, path, "UTF-16 text could not be decoded entirely")
		}
		return p.hiddenLegacy(string(out), path)
	}
	name := normCharset(cs)
	if leg := declaredLegacy(name); leg != "" {
		if leg == legacyVISCII {
			p.problem(CodeLegacyEncoding, path, "viscii declared; not converted, raw bytes kept")
			p.problem(CodeUnknownCharset, path, fmt.Sprintf("charset %q not decodable; raw bytes kept", name))
			return strings.ToValidUTF8(string(b), "\uFFFD")
		}
		return p.legacy(string(b), leg, true, path, "declared")
	}
	if singleByteLatin[name] || name == "utf-8" {
		if !utf8.Valid(b) {
			if leg := detectLegacy(string(b), true); leg != "" {
				return p.legacy(string(b), leg, true, path, fmt.Sprintf("found in 8-bit text labelled %q", name))
			}
		}
	}
	switch name {
	case "", "us-ascii", "utf-8":
		if utf8.Valid(b) {
			return p.hiddenLegacy(string(b), path)
		}
		if name == "utf-8" {
			p.problem(CodeInvalidUTF8, path, "text declared UTF-8 contains invalid bytes; replaced with U+FFFD")
			return p.hiddenLegacy(strings.ToValidUTF8(string(b), "\uFFFD"), path)
		}
		// 8-bit text without a usable charset: read it with the message's
		// fallback (windows-1258 for Vietnamese mail unless declared otherwise).
		p.problem(CodeUnknownCharset, path, fmt.Sprintf("8-bit text without a charset read as %s", p.fallbackCharset))
		name = p.fallbackCharset
	}
	// go-message's entity decoder applies the charset tables registered by
	// its charset package, and signals an unknown charset (with the raw body).
	h := message.Header{}
	h.SetContentType("text/plain", map[string]string{"charset": name})
	e, err := message.New(h, bytes.NewReader(b))
	if err != nil && message.IsUnknownCharset(err) {
		p.problem(CodeUnknownCharset, path, fmt.Sprintf("charset %q unknown; raw bytes kept", truncate(name, 40)))
		return p.hiddenLegacy(strings.ToValidUTF8(string(b), "\uFFFD"), path)
	}
	if e == nil {
		return p.hiddenLegacy(strings.ToValidUTF8(string(b), "\uFFFD"), path)
	}
	out, rerr := io.ReadAll(io.LimitReader(e.Body, int64(4*len(b)+16)))
	if rerr != nil {
		p.problem(CodeBadEncoding, path, fmt.Sprintf("charset %q: text decoded only in part", truncate(name, 40)))
	}
	return p.hiddenLegacy(string(out), path)
}

// hiddenLegacy looks for TCVN3 or VNI text shown as Latin-1 letters inside
// Unicode text (copied from an old Word document) and converts it.
func (p *parser) hiddenLegacy(s, path string) string {
	if leg := detectLegacy(s, false); leg != "" {
		return p.legacy(s, leg, false, path, "hidden in Unicode text")
	}
	return s
}

// legacy records a legacy-encoding problem and converts unless told not to.
func (p *parser) legacy(s, enc string, raw bool, path, how string) string {
	if p.st.opts.KeepLegacy {
		p.problem(CodeLegacyEncoding, path, fmt.Sprintf("%s %s; kept unconverted", enc, how))
		if raw {
			return latin1String(s)
		}
		return s
	}
	p.problem(CodeLegacyEncoding, path, fmt.Sprintf("%s %s; converted to Unicode", enc, how))
	return convertLegacy(s, enc, raw)
}

// latin1String decodes bytes as ISO-8859-1.
func latin1String(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
