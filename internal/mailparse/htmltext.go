package mailparse

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// htmlToText renders HTML as readable plain text with golang.org/x/net/html's
// tokenizer (HTML5 tokenisation, entities decoded): block elements start new
// lines, table rows become lines with " | " between cells, list items start
// with "- ", and script, style, head and template content is dropped.
func htmlToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0  // depth inside dropped elements
	pre := 0   // depth inside <pre>
	cells := 0 // cells written in the current table row
	newline := func(n int) {
		s := b.String()
		have := 0
		for have < n && have < len(s) && s[len(s)-1-have] == '\n' {
			have++
		}
		if len(s) == 0 {
			return
		}
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return finishText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			if pre == 0 {
				t = collapseSpace(t, b.Len() == 0 || endsSpace(b.String()))
			}
			b.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			start := tt != html.EndTagToken
			switch tag {
			case "script", "style", "head", "template", "noscript", "title", "xml":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch tag {
			case "br":
				b.WriteByte('\n')
			case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "dl":
				newline(2)
			case "div", "section", "article", "header", "footer", "address", "dd", "dt", "hr", "center", "form", "fieldset", "main", "nav", "caption", "tbody", "thead", "tfoot":
				newline(1)
			case "pre":
				newline(1)
				if start {
					pre++
				} else if pre > 0 {
					pre--
				}
			case "tr":
				newline(1)
				cells = 0
			case "td", "th":
				if start {
					if cells > 0 {
						b.WriteString(" | ")
					}
					cells++
				}
			case "li":
				if start {
					newline(1)
					b.WriteString("- ")
				}
			}
		}
	}
}

var (
	reSpaceRun    = regexp.MustCompile(`[ \t\r\n\f\x{00A0}]+`)
	reTrailingSp  = regexp.MustCompile(`[ \t]+\n`)
	reManyNewline = regexp.MustCompile(`\n{3,}`)
)

// collapseSpace folds white space runs to one space (CSS white-space: normal);
// a leading space is dropped when the output already ends in white space.
func collapseSpace(s string, atSpace bool) string {
	s = reSpaceRun.ReplaceAllString(s, " ")
	if atSpace {
		s = strings.TrimLeft(s, " ")
	}
	return s
}

func endsSpace(s string) bool {
	return strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")
}

// finishText trims line ends and blank-line runs, then normalises to NFC.
func finishText(s string) string {
	s = reTrailingSp.ReplaceAllString(s, "\n")
	s = reManyNewline.ReplaceAllString(s, "\n\n")
	return norm.NFC.String(strings.TrimSpace(s))
}

var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// htmlMetaCharset returns the charset declared in an HTML <meta> element in
// the first 2 KiB (HTML Living Standard §4.2.5.4 prescan, simplified), or "".
func htmlMetaCharset(b []byte) string {
	if len(b) > 2048 {
		b = b[:2048]
	}
	if !bytes.Contains(bytes.ToLower(b), []byte("charset")) {
		return ""
	}
	if m := reMetaCharset.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}
