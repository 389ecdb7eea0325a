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

func TestLiteralString(t *testing.T) {
	for _, c := range []struct {
		in, want string
		next     int
		closed   bool
	}{
		{`a(b)c)rest`, `a(b)c`, 6, true},
		{`x\)y\053\` + "\n" + `z)`, `x)y+z`, 12, true},
		{`open (never`, `open (never`, 11, false},
		{`end\`, `end\`, 4, false},
		{`)`, ``, 1, true},
	} {
		s, next, closed := LiteralString([]byte(c.in), 0, nil)
		if string(s) != c.want || next != c.next || closed != c.closed {
			t.Errorf("LiteralString(%q) = %q %d %v, want %q %d %v", c.in, s, next, closed, c.want, c.next, c.closed)
		}
	}
}

func TestHexString(t *testing.T) {
	for _, c := range []struct {
		in, want      string
		next          int
		closed, clean bool
	}{
		{`48 69>rest`, "Hi", 6, true, true},
		{`486>`, "H`", 4, true, true},
		{`4x8>`, "H", 4, true, false},
		{`48`, "H", 2, false, true},
	} {
		s, next, closed, clean := HexString([]byte(c.in), 0, nil)
		if string(s) != c.want || next != c.next || closed != c.closed || clean != c.clean {
			t.Errorf("HexString(%q) = %q %d %v %v, want %q %d %v %v", c.in, s, next, closed, clean, c.want, c.next, c.closed, c.clean)
		}
	}
}
