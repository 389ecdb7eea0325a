package sender

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

// line is one line of input, NFC with whitespace collapsed, and its fold.
type line struct {
	s, f string
}

// maxLineBytes bounds a line: sender data sits on short lines, and a longer
// one is cut so that the work per line stays bounded.
const maxLineBytes = 2000

var cleaner = strings.NewReplacer(
	"\u00a0", " ", "\u202f", " ", "\u200b", "", "\ufeff", "", "\uff1a", ":",
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2212", "-",
	"\r\n", "\n", "\r", "\n",
)

// prepare normalises text to NFC lines.
func prepare(text string) []line {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	raw := strings.Split(cleaner.Replace(norm.NFC.String(text)), "\n")
	out := make([]line, len(raw))
	for i, l := range raw {
		if len(l) > maxLineBytes {
			l = strings.ToValidUTF8(l[:maxLineBytes], "")
		}
		l = strings.Join(strings.Fields(l), " ")
		out[i] = line{s: l, f: fold.String(l)}
	}
	return out
}

// span returns the part of l.s behind the folded byte range l.f[i:j].
func (l line) span(i, j int) string {
	start := fold.ByteOffset(l.s, utf8.RuneCountInString(l.f[:i]))
	end := start + fold.ByteOffset(l.s[start:], utf8.RuneCountInString(l.f[i:j]))
	return l.s[start:end]
}

// replyHeader starts the quoted message of a reply: "Vào … đã viết:",
// "On … wrote:", "-----Original Message-----", an Outlook "From:" block.
// The sender data of a reply is above it; below it is, often, the Board's
// own request for a supplement.
var replyHeader = regexp.MustCompile(`^(?:(?:vao|on)\b.{0,200}\b(?:da viet|wrote)\s*:?$|-{2,}\s*(?:original message|thu goc)\s*-{2,}$)`)

// outlookFrom is the first line of an Outlook reply header; the next line
// names the date.
var outlookFrom = regexp.MustCompile(`^(?:from|tu|nguoi gui)\s*:`)
var outlookNext = regexp.MustCompile(`^(?:sent|date|gui|ngay|thoi gian|to|den)\s*:`)

// stripQuoted removes quoted lines ("> …") and cuts a reply at the quoted
// original.
func stripQuoted(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var out []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") {
			continue
		}
		f := fold.String(t)
		if len(f) < 300 && replyHeader.MatchString(f) {
			break
		}
		if outlookFrom.MatchString(f) && i+1 < len(lines) && outlookNext.MatchString(fold.String(strings.TrimSpace(lines[i+1]))) {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// numGroup is a run of digits in a value: v[start:end].
type numGroup struct{ start, end int }

// maxGroups bounds the digit groups looked at in one value.
const maxGroups = 64

// numbers returns the numbers written in a value, longest first from each
// starting group: digit groups joined by at most three spaces, dots, dashes
// or brackets, with a leading "+" or "(" kept. For
// "0912 345 678 / 0987 654 321" it gives "0912 345 678", "0912 345",
// "0912", "345 678", … then "0987 654 321", …: "/" ends a number.
func numbers(v string) []string {
	var groups []numGroup
	for i := 0; i < len(v) && len(groups) < maxGroups; {
		if v[i] < '0' || v[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			j++
		}
		groups = append(groups, numGroup{i, j})
		i = j
	}
	var out []string
	for a := range groups {
		end := a
		for b := a + 1; b < len(groups) && b-a < 6; b++ {
			gap := v[groups[b-1].end:groups[b].start]
			if len(gap) > 3 || strings.Trim(gap, " .-()") != "" {
				break
			}
			end = b
		}
		start := groups[a].start
		if start > 0 && (v[start-1] == '+' || v[start-1] == '(') {
			start--
		}
		for b := end; b >= a; b-- {
			out = append(out, v[start:groups[b].end])
		}
	}
	return out
}
