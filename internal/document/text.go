package document

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

// cell is one column of one line: a line of the input split at tabs and at
// runs of three or more spaces (the gap between the two columns of a
// flattened header or of the Nơi nhận / signature footer). An empty cell
// stands for a blank line.
type cell struct {
	s    string // original text, NFC, whitespace collapsed, trimmed
	f    string // fold.String(s): one rune of f for each rune of s
	line int    // index of the source line in the prepared lines
}

// blank reports whether the cell stands for an empty line.
func (c cell) blank() bool { return c.s == "" }

// span returns the original text behind the folded byte range f[i:j]. fold
// maps rune to rune, so rune counts line up.
func (c cell) span(i, j int) string {
	start := fold.ByteOffset(c.s, utf8.RuneCountInString(c.f[:i]))
	end := start + fold.ByteOffset(c.s[start:], utf8.RuneCountInString(c.f[i:j]))
	return c.s[start:end]
}

// sub returns the cell cut to the folded byte range f[i:j], trimmed.
func (c cell) sub(i, j int) cell {
	s := c.span(i, j)
	t := strings.TrimSpace(s)
	if t == s {
		return cell{s: s, f: c.f[i:j], line: c.line}
	}
	return newCell(t, c.line)
}

func newCell(s string, line int) cell {
	return cell{s: s, f: fold.String(s), line: line}
}

// spaceRunes are the spaces that PDF and Word text carries besides ' '.
var spaceReplacer = strings.NewReplacer(
	"\u00a0", " ", "\u2000", " ", "\u2001", " ", "\u2002", " ", "\u2003", " ",
	"\u2004", " ", "\u2005", " ", "\u2006", " ", "\u2007", " ", "\u2008", " ",
	"\u2009", " ", "\u200a", " ", "\u200b", "", "\u202f", " ", "\u3000", " ",
	"\ufeff", "", "\u00ad", "",
	// Unicode dashes and minus signs read as "-" (symbols are joined by "-",
	// Decree 30/2020 Appendix I, section II.3).
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-",
	"\u2015", "-", "\u2212", "-", "\ufe58", "-", "\ufe63", "-", "\uff0d", "-",
	"\uff1a", ":", "\u2215", "/", "\uff0f", "/",
	// The Icelandic eth looks like Đ and comes out of OCR and of legacy
	// encodings in its place ("QĐ" read as "QÐ").
	"\u00d0", "Đ", "\u00f0", "đ",
	"\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n",
)

// columnGap separates the columns of a flattened two-column layout.
var columnGap = regexp.MustCompile(`\t|   +`)

// openGap matches a cell that ends where a draft leaves a blank to fill in.
var openGap = regexp.MustCompile(`(?:^|\s)(?:so\s*:|ngay|thang)$`)

// quoteMark is the quoting prefix of an email reply ("> > text").
var quoteMark = regexp.MustCompile(`^(?:\s*>)+ ?`)

// prepare normalises text and splits it into lines and cells.
func prepare(text string) (lines []string, cells []cell) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = spaceReplacer.Replace(norm.NFC.String(text))
	lines = strings.Split(text, "\n")
	cells = make([]cell, 0, len(lines))
	for i, l := range lines {
		l = quoteMark.ReplaceAllString(l, "")
		lines[i] = strings.Join(strings.Fields(l), " ")
		added, carry := false, ""
		for _, col := range columnGap.Split(l, -1) {
			col = strings.Join(strings.Fields(carry+" "+col), " ")
			carry = ""
			if col == "" {
				continue
			}
			c := newCell(col, i)
			if openGap.MatchString(c.f) {
				// A blank left for the number or the date of a draft
				// ("Số:      /QĐ-BTP", "ngày     tháng     năm 2024") is not
				// a column gap.
				carry = col
				continue
			}
			cells = append(cells, splitFooter(c)...)
			added = true
		}
		if carry != "" {
			cells = append(cells, splitFooter(newCell(carry, i))...)
			added = true
		}
		if !added {
			cells = append(cells, cell{line: i})
		}
	}
	return lines, cells
}

// isUpper reports whether s has at least two letters and no lower-case
// letter: headers, titles and signature titles are set in capitals.
func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// startsUpper reports whether the first letter of s is upper case.
func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

// startsLower reports whether s begins with a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// separatorLine matches the rules drawn under the header and the summary.
var separatorLine = regexp.MustCompile(`^[-_=*.~•·\s]+$`)

// bullet reports whether a cell is a list item: "-", "+" or "•" as typed,
// "~" as OCR often reads a dash.
func bullet(s string) bool {
	return strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "•") || strings.HasPrefix(s, "~")
}

// trimItem cuts a list item of its bullet and of the final ";" or "."
// (Decree 30/2020 Appendix I: each recipient line starts with "-" and ends
// with ";", the last one with ".").
func trimItem(s string) string {
	s = strings.TrimLeft(s, "-+•·*–~ \t")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "./.")
	s = strings.TrimRight(s, ";.,: ")
	return strings.TrimSpace(s)
}
