package mailparse

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// mediaValue is a parsed Content-Type or Content-Disposition field.
type mediaValue struct {
	value  string            // lower-case type, e.g. "text/plain" or "attachment"
	params map[string]string // lower-case names; RFC 2231 values decoded
	probs  []string          // what was wrong, for Problem details
}

// parseMediaValue reads `value *(";" name "=" (token / quoted-string))`
// (RFC 2045 §5.1, RFC 2183 §2) tolerantly, with RFC 2231 extended values and
// continuations (`name*=charset'lang'%XX`, `name*0*=…; name*1*=…`) in any
// charset known to charsetReader. Missing quotes, stray semicolons, spaces in
// tokens and unterminated quoted strings are accepted.
func parseMediaValue(raw string) mediaValue {
	mv := mediaValue{params: map[string]string{}}
	s := collapseFolding(raw)
	head, rest, _ := strings.Cut(s, ";")
	mv.value = strings.ToLower(strings.TrimSpace(head))

	ext := map[string]string{}
	conts := map[string][]paramSegment{}
	for rest != "" {
		rest = strings.TrimLeft(rest, " ;")
		if rest == "" {
			break
		}
		eq := strings.IndexAny(rest, "=;")
		if eq < 0 || rest[eq] == ';' {
			mv.probs = append(mv.probs, fmt.Sprintf("parameter %q without a value", truncate(strings.TrimSpace(rest), 30)))
			if eq < 0 {
				break
			}
			rest = rest[eq+1:]
			continue
		}
		name := strings.ToLower(strings.TrimSpace(rest[:eq]))
		var val string
		val, rest = mv.paramValue(name, strings.TrimLeft(rest[eq+1:], " "))
		if name == "" {
			continue
		}
		mv.addParam(name, val, ext, conts)
	}
	mv.joinExtended(ext)
	mv.joinContinuations(conts, ext)
	return mv
}

// paramSegment is one continuation `name*n=` or `name*n*=` of a parameter
// (RFC 2231 §3).
type paramSegment struct {
	n       int
	encoded bool
	value   string
}

// paramValue reads the value of parameter name at the start of rest, a
// quoted string or a token, and returns it with what follows it (from the
// next ";").
func (mv *mediaValue) paramValue(name, rest string) (val, after string) {
	if !strings.HasPrefix(rest, `"`) {
		j := strings.IndexByte(rest, ';')
		if j < 0 {
			j = len(rest)
		}
		return strings.TrimSpace(rest[:j]), rest[j:]
	}
	var b strings.Builder
	i := 1
	closed := false
	for ; i < len(rest); i++ {
		c := rest[i]
		if c == '\\' && i+1 < len(rest) {
			i++
			b.WriteByte(rest[i])
			continue
		}
		if c == '"' {
			closed = true
			i++
			break
		}
		b.WriteByte(c)
	}
	if !closed {
		mv.probs = append(mv.probs, fmt.Sprintf("parameter %q: unterminated quoted string", name))
	}
	rest = rest[i:]
	if j := strings.IndexByte(rest, ';'); j >= 0 {
		return b.String(), rest[j:]
	}
	return b.String(), ""
}

// addParam keeps a plain parameter (the first of a name wins), or sets an
// extended value aside in ext and a continuation in conts.
func (mv *mediaValue) addParam(name, val string, ext map[string]string, conts map[string][]paramSegment) {
	star := strings.IndexByte(name, '*')
	if star < 0 {
		if _, dup := mv.params[name]; !dup {
			mv.params[name] = val
		}
		return
	}
	base, suffix := name[:star], name[star+1:]
	if suffix == "" { // name*=charset'lang'value (RFC 2231 §4)
		ext[base] = val
		return
	}
	encoded := strings.HasSuffix(suffix, "*")
	n, err := strconv.Atoi(strings.TrimSuffix(suffix, "*"))
	if err != nil || n < 0 || len(conts[base]) >= 1000 {
		mv.probs = append(mv.probs, fmt.Sprintf("parameter %q: bad continuation", name))
		return
	}
	conts[base] = append(conts[base], paramSegment{n, encoded, val})
}

// joinExtended decodes the extended values `name*=charset'lang'%XX`
// (RFC 2231 §4); they replace a plain value of the same name.
func (mv *mediaValue) joinExtended(ext map[string]string) {
	for base, v := range ext {
		dec, prob := decode2231(v)
		if prob != "" {
			mv.probs = append(mv.probs, fmt.Sprintf("parameter %q: %s", base, prob))
		}
		mv.params[base] = dec
	}
}

// joinContinuations joins and decodes the continuations of each parameter
// (RFC 2231 §3, §4.1) that has no extended value.
func (mv *mediaValue) joinContinuations(conts map[string][]paramSegment, ext map[string]string) {
	for base, segs := range conts {
		if _, done := ext[base]; done {
			continue
		}
		sort.SliceStable(segs, func(i, j int) bool { return segs[i].n < segs[j].n })
		var raw []byte
		cs := ""
		for i, sg := range segs {
			if sg.n != i {
				mv.probs = append(mv.probs, fmt.Sprintf("parameter %q: continuation %d missing", base, i))
			}
			if !sg.encoded {
				raw = append(raw, sg.value...)
				continue
			}
			v := sg.value
			if i == 0 {
				// charset'language' prefix, only on the first segment (RFC 2231 §4.1).
				cs, v = splitCharset(v)
			}
			raw = append(raw, pctDecode(v)...)
		}
		dec, prob := decodeCharset(raw, cs)
		if prob != "" {
			mv.probs = append(mv.probs, fmt.Sprintf("parameter %q: %s", base, prob))
		}
		mv.params[base] = dec
	}
}

// decode2231 decodes an RFC 2231 extended value "charset'lang'%XX…".
func decode2231(v string) (string, string) {
	cs, v := splitCharset(v)
	return decodeCharset(pctDecode(v), cs)
}

// splitCharset splits the "charset'language'" prefix of an extended value
// (RFC 2231 §4) from the rest; without a prefix cs is empty.
func splitCharset(v string) (cs, rest string) {
	if a := strings.IndexByte(v, '\''); a >= 0 {
		if b := strings.IndexByte(v[a+1:], '\''); b >= 0 {
			return v[:a], v[a+1+b+1:]
		}
	}
	return "", v
}

// pctDecode decodes %XX escapes, keeping malformed ones as written.
func pctDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// decodeCharset converts b from charset cs to a UTF-8 string. It returns a
// problem text when the charset is unknown (the bytes are then kept, made
// valid UTF-8).
func decodeCharset(b []byte, cs string) (string, string) {
	r, err := charsetReader(cs, strings.NewReader(string(b)))
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD"), fmt.Sprintf("unknown charset %q", normCharset(cs))
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(4*len(b)+16)))
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD"), fmt.Sprintf("charset %q: %v", normCharset(cs), err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), ""
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
