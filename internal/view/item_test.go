package view

import (
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	due := time.UnixMicro(1772420400123456)
	for _, c := range []Cursor{{Due: &due, ID: 42}, {ID: 7}} {
		got, err := ParseCursor(c.String())
		if err != nil || got.ID != c.ID || (c.Due == nil) != (got.Due == nil) || (c.Due != nil && !got.Due.Equal(*c.Due)) {
			t.Errorf("round trip %v: %v %v", c, got, err)
		}
	}
	for _, bad := range []string{"x", "1_", "_1", "inf_-3", "1.5_3", "inf"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
	if c, err := ParseCursor(""); c != nil || err != nil {
		t.Error("empty cursor is the first page")
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add("1772420400123456_42")
	f.Add("inf_7")
	f.Add("-1_0")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil || c == nil {
			return
		}
		again, err := ParseCursor(c.String())
		if err != nil || again.ID != c.ID || (c.Due == nil) != (again.Due == nil) || (c.Due != nil && !again.Due.Equal(*c.Due)) {
			t.Fatalf("%q → %v → %q → %v, %v", s, c, c.String(), again, err)
		}
	})
}
