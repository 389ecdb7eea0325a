package view

import (
	"testing"
	"time"
)

// sameCursor: a and b name the same place in the list (the same id, and
// the same due instant or none).
func sameCursor(a, b *Cursor) bool {
	return a.ID == b.ID && (a.Due == nil) == (b.Due == nil) && (a.Due == nil || a.Due.Equal(*b.Due))
}

func TestCursorRoundTrip(t *testing.T) {
	due := time.UnixMicro(1772420400123456)
	for _, c := range []Cursor{{Due: &due, ID: 42}, {ID: 7}} {
		got, err := ParseCursor(c.String())
		if err != nil || !sameCursor(got, &c) {
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
	for _, s := range []string{"1772420400123456_42", "inf_7", "-1_0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil || c == nil {
			return
		}
		again, err := ParseCursor(c.String())
		if err != nil || !sameCursor(again, c) {
			t.Fatalf("%q → %v → %q → %v, %v", s, c, c.String(), again, err)
		}
	})
}
