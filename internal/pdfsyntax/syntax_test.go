package pdfsyntax

import "testing"

func TestEscape(t *testing.T) {
	for _, c := range []struct {
		in   string
		want byte
		next int
		keep bool
	}{
		{`n`, '\n', 1, true}, {`(`, '(', 1, true}, {`\`, '\\', 1, true},
		{`053x`, '+', 3, true}, {`7`, 7, 1, true}, {`0123`, '\n', 3, true}, {`123`, 'S', 3, true},
		{"\r\nx", 0, 2, false}, {"\nx", 0, 1, false}, {"\rx", 0, 1, false},
		{`q`, 'q', 1, true},
	} {
		c2, next, keep := Escape([]byte(c.in), 0)
		if c2 != c.want || next != c.next || keep != c.keep {
			t.Errorf("Escape(%q) = %q %d %v, want %q %d %v", c.in, c2, next, keep, c.want, c.next, c.keep)
		}
	}
}

func TestSkipSpace(t *testing.T) {
	b := []byte(" \t% comment\r\n  %x\n/Name")
	if got := SkipSpace(b, 0); b[got] != '/' {
		t.Fatalf("SkipSpace stopped at %d (%q)", got, b[got:])
	}
	if got := SkipSpace([]byte("  % to the end"), 0); got != 14 {
		t.Fatalf("SkipSpace at the end = %d", got)
	}
}
