package view

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSearch(t *testing.T) {
	for _, c := range []struct {
		in    string
		ts    string
		codes []string
	}{
		{"tro giup phap ly", "tro & giup & phap & ly:*", nil},
		{"Trợ giúp pháp lý", "trợ & giúp & pháp & lý:*", nil},
		{`"hộ tịch" Hà Nội`, "hộ <-> tịch & hà & nội:*", nil},
		{`Hà Nội "hộ tịch"`, "hà & nội & hộ <-> tịch", nil},
		{"TN-2026-000123", "", []string{"tn-2026-000123"}},
		{"công văn 125/QĐ-PBGDPL,", "công & văn:*", []string{"125/qđ-pbgdpl"}},
		{"08/2025/TT-BTP", "", []string{"08/2025/tt-btp"}},
		{"", "", nil},
		{`"unclosed phrase`, "unclosed <-> phrase", nil},
		// tsquery syntax never passes through.
		{`a:* | !b & (c) <-> 'd'`, "a & b & c & d:*", nil},
		{"2026", "2026:*", nil},
	} {
		got := ParseSearch(c.in)
		if got.TSQuery != c.ts || !slices.Equal(got.Codes, c.codes) {
			t.Errorf("ParseSearch(%q) = %q %q, want %q %q", c.in, got.TSQuery, got.Codes, c.ts, c.codes)
		}
	}
}

// tsQueryShape is every tsquery ParseSearch may produce: letter/digit
// lexemes, prefix marks, AND and phrase operators.
var tsQueryShape = regexp.MustCompile(`^([\p{L}\p{M}\p{N}]+(:\*)?( (&|<->) [\p{L}\p{M}\p{N}]+(:\*)?)*)?$`)

func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"tro giup", `"hộ tịch"`, "TN-2026-000123", "a:*|b", `""""`, "\x00'\\", "125/QĐ-BTP !x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := ParseSearch(s)
		if !tsQueryShape.MatchString(p.TSQuery) {
			t.Fatalf("ParseSearch(%q) produced tsquery %q", s, p.TSQuery)
		}
		for _, c := range p.Codes {
			if !utf8.ValidString(c) || strings.ContainsAny(c, " \t\n%_\\'\"") {
				t.Fatalf("ParseSearch(%q) produced code %q", s, c)
			}
		}
	})
}
