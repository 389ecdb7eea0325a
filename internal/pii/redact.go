package pii

import (
	"strconv"
	"strings"
)

// group is a run of ASCII digits in s: s[start:end].
type group struct{ start, end int }

// maxSeparator is the longest run of separators between two digit groups
// of one number ("0912 - 345 - 678", "(024) 3762 1234").
const maxSeparator = 3

// maxWindow is the most digit groups one number is written in
// ("+84 91 234 56 78").
const maxWindow = 6

func isSeparator(b byte) bool {
	return b == ' ' || b == '.' || b == '-' || b == '(' || b == ')' || b == '\t'
}

// Redact masks every substring of s that looks like a citizen ID (12
// digits), a tax code (10 digits, "0100109106-001"), an old 9-digit ID or a
// phone number (mobile, landline, +84/84/0084 forms, with spaces, dots,
// dashes or brackets), and any other run of nine or more digits. It
// over-masks rather than leaks: a long order number is masked too, but a
// date ("2024-07-12"), a time or an IPv4 address is left alone.
func Redact(s string) string {
	var spans [][2]int // byte ranges to mask, in order, not overlapping
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		groups, next := cluster(s, i)
		spans = appendSpans(spans, s, groups)
		i = next
	}
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(maskValue(s[sp[0]:sp[1]]))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// cluster reads the digit groups that start at s[i] and are joined by short
// runs of separators, and returns them with the index after the cluster.
func cluster(s string, i int) ([]group, int) {
	var groups []group
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		groups = append(groups, group{i, j})
		k := j
		for k < len(s) && k-j < maxSeparator && isSeparator(s[k]) {
			k++
		}
		if k == j || k >= len(s) || !isDigit(s[k]) {
			return groups, j
		}
		i = k
	}
}

// appendSpans adds the ranges of the cluster that hold personal numbers.
// Every window of consecutive groups whose digits read as such a number is
// masked; overlapping windows merge, so a number is masked whole even when
// the text around it glues other digits to it.
func appendSpans(spans [][2]int, s string, groups []group) [][2]int {
	if ipv4(s, groups) {
		return spans
	}
	var digits strings.Builder
	for a := range groups {
		digits.Reset()
		for b := a; b < len(groups) && b-a < maxWindow; b++ {
			digits.WriteString(s[groups[b].start:groups[b].end])
			if !personal(digits.String(), s, groups[a].start, a == b) {
				continue
			}
			start, end := groups[a].start, groups[b].end
			if start > 0 && s[start-1] == '+' {
				start--
			}
			if n := len(spans); n > 0 && start <= spans[n-1][1] {
				spans[n-1][1] = max(spans[n-1][1], end)
				spans[n-1][0] = min(spans[n-1][0], start)
			} else {
				spans = append(spans, [2]int{start, end})
			}
		}
	}
	return spans
}

// personal reports whether digits, written from s[at], read as a personal
// number.
func personal(d, s string, at int, single bool) bool {
	n := len(d)
	switch {
	case single && n >= 9:
		// One run of 9+ digits: CMND, tax code, citizen ID, phone, or an
		// unknown identifier; masked whatever it is.
		return true
	case n < 9 || n > 14:
		return false
	case d[0] == '0' && (n == 10 || n == 11 || n == 12 || n == 13):
		// Mobile 0xxxxxxxxx, landline 02xxxxxxxxx, citizen ID 0PPxxxxxxxxx
		// written in groups, tax code with branch.
		return true
	case strings.HasPrefix(d, "84") && (n == 11 || n == 12):
		return true
	case strings.HasPrefix(d, "0084") && (n == 13 || n == 14):
		return true
	case at > 0 && s[at-1] == '+' && (n == 11 || n == 12):
		return true
	}
	return false
}

// ipv4 reports whether the groups spell a dotted IPv4 address, which is not
// personal data under Điều 9 khoản 3 and is needed in logs.
func ipv4(s string, groups []group) bool {
	if len(groups) != 4 {
		return false
	}
	for i, g := range groups {
		part := s[g.start:g.end]
		if len(part) > 3 || (len(part) > 1 && part[0] == '0') {
			return false
		}
		if v, err := strconv.Atoi(part); err != nil || v > 255 {
			return false
		}
		if i > 0 && s[groups[i-1].end:g.start] != "." {
			return false
		}
	}
	return true
}

// maskValue masks one number found by Redact with the masker for its shape.
func maskValue(v string) string {
	d := digitCount(v)
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, v)
	switch {
	case branchTax.MatchString(v):
		return MaskTaxCode(v)
	case d == 12 && digits[0] == '0' && !strings.HasPrefix(v, "+"):
		return MaskCitizenID(v)
	case strings.HasPrefix(v, "+") || strings.HasPrefix(digits, "84") || strings.HasPrefix(digits, "0084") ||
		(digits[0] == '0' && (d == 10 || d == 11)):
		return MaskPhone(v)
	default:
		return maskDigits(v, 3, 2)
	}
}
