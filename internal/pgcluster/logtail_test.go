package pgcluster

import (
	"fmt"
	"strings"
	"testing"
)

func TestTailBufferKeepsTheEndAndFindsSinceMark(t *testing.T) {
	tb := newTailBuffer(128)
	fmt.Fprint(tb, "FATAL: old failure\n")
	m := tb.mark()
	if tb.containsSince(m, "FATAL") {
		t.Fatal("text before the mark reported after it")
	}
	for i := 0; i < 20; i++ {
		fmt.Fprintf(tb, "line %02d\n", i)
	}
	if !tb.containsSince(m, "line 19") || tb.containsSince(m, "line 00") {
		t.Fatal("trimmed buffer should hold the newest lines only")
	}
	if got := tb.linesSince(m, 3); got != "line 17\nline 18\nline 19" {
		t.Fatalf("linesSince(m, 3) = %q", got)
	}
	m2 := tb.mark()
	fmt.Fprint(tb, "FATAL: could not bind IPv4 address \"127.0.0.1\": Address already in use\n")
	if got := tb.linesSince(m2, 10); !strings.HasPrefix(got, "FATAL: could not bind") || strings.Contains(got, "line 19") {
		t.Fatalf("linesSince(m2) = %q", got)
	}
	if len(tb.linesSince(0, 1000)) > 128 {
		t.Fatal("buffer exceeds its limit")
	}
}
