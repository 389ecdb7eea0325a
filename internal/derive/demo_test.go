package derive

import (
	"context"
	"os"
	"testing"
	"time"
)

// The demo moves a sample document's signing date with the message; a
// service not started as the demo ignores the header a sender may write.
func TestDemoDatesMoveTheSigningDate(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/corpus/001-qd-ke-hoach-pbgdpl.eml")
	if err != nil {
		t.Fatal(err)
	}
	moved := append([]byte(demoShiftHeader+": 277\r\n"), raw...)
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		raw  []byte
		demo bool
		want string
	}{
		{raw, false, "2026-02-27"},
		{moved, false, "2026-02-27"}, // a sender's header moves nothing
		{moved, true, "2026-12-01"},  // 27/02 + 277 days
		{raw, true, "2026-02-27"},    // no header, nothing to move
	} {
		opts := Options{ReceivedAt: at, DemoDates: c.demo}
		r := Derive(context.Background(), c.raw, opts).Report
		if r.Document.SignedOn != c.want {
			t.Errorf("demo=%v header=%v: signed_on %q, want %q", c.demo, len(c.raw) != len(raw), r.Document.SignedOn, c.want)
		}
		// read_message reads from the outline: the header is kept there.
		stored := Envelope(c.raw, opts).Parsed(1)
		if _, ok := Reopen(c.raw, stored, opts); !ok {
			t.Fatal("not reopened")
		}
		if r := Reread(context.Background(), c.raw, stored, opts).Report; r.Document.SignedOn != c.want {
			t.Errorf("reread, demo=%v header=%v: signed_on %q, want %q", c.demo, len(c.raw) != len(raw), r.Document.SignedOn, c.want)
		}
	}
}
