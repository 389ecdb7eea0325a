package extract

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeCharset converts text to UTF-8: a BOM wins, then the declared
// charset (RFC 2046 §4.1.2), then valid UTF-8, else windows-1258 (the
// Vietnamese Windows code page).
func decodeCharset(data []byte, contentType string) (string, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		return string(data[3:]), "utf-8"
	case bytes.HasPrefix(data, []byte("\xFF\xFE")):
		s, _ := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(s), "utf-16le"
	case bytes.HasPrefix(data, []byte("\xFE\xFF")):
		s, _ := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(s), "utf-16be"
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := params["charset"]; cs != "" {
			if enc, name := charset.Lookup(cs); enc != nil {
				if s, err := enc.NewDecoder().Bytes(data); err == nil {
					return string(s), name
				}
			}
		}
	}
	if utf8.Valid(data) {
		return string(data), "utf-8"
	}
	s, _ := charmap.Windows1258.NewDecoder().Bytes(data)
	return string(s), "windows-1258"
}

// extractPlain reads a text/plain attachment.
func extractPlain(data []byte, contentType string, o *Options, res *Result) error {
	s, _ := decodeCharset(data, contentType)
	res.Text = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	res.Method = MethodText
	if assess(res.Text).garbled {
		res.Garbled = true
	}
	return nil
}

// extractHTML reads the visible text of an HTML attachment: script and
// style dropped, block elements on their own lines, entities decoded.
func extractHTML(data []byte, contentType string, o *Options, res *Result) error {
	r, err := charset.NewReader(bytes.NewReader(data), contentType)
	if err != nil {
		r = bytes.NewReader(data)
	}
	z := html.NewTokenizer(r)
	z.SetMaxBuf(8 << 20)
	var out strings.Builder
	skip := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if out.Len() > o.MaxOutputChars*4 {
			res.Truncated = true
			break
		}
		name, _ := z.TagName()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch string(name) {
			case "script", "style", "head", "noscript", "template":
				if tt == html.StartTagToken {
					skip++
				}
			case "br":
				out.WriteByte('\n')
			case "td", "th":
				out.WriteByte('\t')
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "section", "article":
				out.WriteByte('\n')
			}
		case html.EndTagToken:
			switch string(name) {
			case "script", "style", "head", "noscript", "template":
				if skip > 0 {
					skip--
				}
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "section", "article":
				out.WriteByte('\n')
			}
		case html.TextToken:
			if skip == 0 {
				t := strings.Join(strings.Fields(string(z.Text())), " ")
				if t != "" {
					if out.Len() > 0 {
						if b := out.String()[out.Len()-1]; b != '\n' && b != '\t' && b != ' ' {
							out.WriteByte(' ')
						}
					}
					out.WriteString(t)
				}
			}
		}
	}
	res.Text = collapseBlankLines(out.String())
	res.Method = MethodHTML
	return nil
}

func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
