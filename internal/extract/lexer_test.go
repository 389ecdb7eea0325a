package extract

import (
	"strconv"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, s := range []string{"0", "-12", "+3", "3.25", ".5", "-.5", "4.", "123456789012345", "0.000001", "1234567890123456789", "-0"} {
		got, ok := parseNumber([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || got != want && (got-want)/want > 1e-12 {
			t.Errorf("%s: got %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-", ".", "abc", "1e5", "--1"} {
		if v, ok := parseNumber([]byte(s)); ok && v != 0 {
			t.Errorf("%s: got %v", s, v)
		}
	}
}

func TestLexerTokens(t *testing.T) {
	l := &lexer{b: []byte(`(a\(b\)\101\
c) <48 65 6C6> /Na#6De [1 -2.5] << /K (v) >> % comment
Tj`)}
	var got []string
	for tk := l.next(); tk.kind != tkEOF; tk = l.next() {
		got = append(got, strconv.Itoa(int(tk.kind))+":"+string(tk.s))
	}
	want := []string{"2:a(b)Ac", "2:Hel`", "3:Name", "5:", "1:", "1:", "6:", "7:", "3:K", "2:v", "8:", "4:Tj"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: got %q want %q", i, got[i], want[i])
		}
	}
}
