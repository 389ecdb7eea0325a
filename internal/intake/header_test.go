package intake

import "testing"

func TestHeaderMessageID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"From: a@b\r\nMessage-ID: <x.1@moj.gov.vn>\r\n\r\nbody Message-ID: <no>", "x.1@moj.gov.vn"},
		{"message-id:\r\n  <folded@host>\r\nSubject: s\r\n\r\n", "folded@host"},
		{"Message-Id: bare-id@host\n\n", "bare-id@host"},
		{"Subject: none\r\n\r\nMessage-ID: <in-body@x>\r\n", ""},
		{"", ""},
		{"Message-ID: <unterminated\r\n\r\n", "<unterminated"},
	} {
		if got := HeaderMessageID(HeaderSection([]byte(tc.in), 1<<20)); got != tc.want {
			t.Errorf("HeaderMessageID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHeaderSection(t *testing.T) {
	raw := []byte("A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore")
	if got := string(HeaderSection(raw, 1<<20)); got != "A: 1\r\nB: 2\r\n\r\n" {
		t.Errorf("got %q", got)
	}
	if got := string(HeaderSection([]byte("A: 1\nB: 2\n\nbody"), 100)); got != "A: 1\nB: 2\n\n" {
		t.Errorf("bare LF: got %q", got)
	}
	if got := HeaderSection([]byte("no end of header at all"), 5); string(got) != "no en" {
		t.Errorf("cap: got %q", got)
	}
}

func FuzzHeaderMessageID(f *testing.F) {
	f.Add([]byte("Message-ID: <a@b>\r\n\r\n"))
	f.Add([]byte("message-id:\n <x>\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h := HeaderSection(b, 1<<16)
		if len(h) > len(b) {
			t.Fatal("header longer than input")
		}
		_ = HeaderMessageID(h)
	})
}
