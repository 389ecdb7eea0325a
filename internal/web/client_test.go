package web

import (
	"net/http"
	"net/netip"
	"testing"
)

func TestProxiesClient(t *testing.T) {
	p := Proxies{Trusted: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("127.0.0.1/32")}, Header: "X-Forwarded-For"}
	cases := []struct {
		remote string
		xff    []string
		want   string
	}{
		{"192.0.2.1:5000", []string{"198.51.100.7"}, "192.0.2.1"},                          // untrusted peer: header ignored
		{"127.0.0.1:5000", []string{"198.51.100.7"}, "198.51.100.7"},                       // trusted proxy
		{"127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7"},              // client-written entries left of it
		{"127.0.0.1:5000", []string{"198.51.100.7, 10.0.0.5"}, "198.51.100.7"},             // a chain of trusted proxies
		{"127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.7"}, "198.51.100.7"},            // several header lines
		{"127.0.0.1:5000", []string{"garbage, 198.51.100.7"}, "198.51.100.7"},              // malformed left of the client
		{"127.0.0.1:5000", []string{"198.51.100.7, garbage"}, "127.0.0.1"},                 // malformed: the peer
		{"127.0.0.1:5000", nil, "127.0.0.1"},                                               // no header
		{"[::ffff:127.0.0.1]:5000", []string{"[2001:db8::1]:443"}, "2001:db8::1"},          // mapped peer, bracketed client
		{"127.0.0.1:5000", []string{"10.0.0.7, 10.0.0.5"}, "127.0.0.1"},                    // only proxies: the peer
		{"127.0.0.1:5000", []string{"fe80::1%eth0"}, "127.0.0.1"},                          // zones refused
		{"127.0.0.1:5000", []string{"198.51.100.7:1234"}, "198.51.100.7"},                  // with a port
		{"10.0.0.9:1", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},                    // mapped client
		{"bad", []string{"198.51.100.7"}, "bad"},                                           // unparsable peer
		{"127.0.0.1:5000", []string{"198.51.100.7,,"}, "127.0.0.1"},                        // empty entry ends the walk
		{"127.0.0.1:5000", []string{" 198.51.100.7 ,\t10.0.0.1"}, "198.51.100.7"},          // whitespace
		{"203.0.113.9:80", []string{"127.0.0.1"}, "203.0.113.9"},                           // spoofed loopback
		{"127.0.0.1:5000", []string{"198.51.100.7", "10.0.0.1, 10.0.0.2"}, "198.51.100.7"}, // lines joined in order
	}
	for _, c := range cases {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := p.Client(r); got != c.want {
			t.Errorf("%s %q: client %q, want %q", c.remote, c.xff, got, c.want)
		}
	}
	real := Proxies{Trusted: p.Trusted, Header: "X-Real-IP"}
	r, _ := http.NewRequest("GET", "/", nil)
	r.RemoteAddr, r.Header["X-Real-Ip"] = "127.0.0.1:1", []string{"198.51.100.8"}
	if got := real.Client(r); got != "198.51.100.8" {
		t.Errorf("X-Real-IP: %q", got)
	}
}

func FuzzProxiesHeader(f *testing.F) {
	for _, s := range []string{"198.51.100.7", "1.2.3.4, 10.0.0.1", "[::1]:80", "fe80::1%eth0", ",,", "x"} {
		f.Add(s)
	}
	p := Proxies{Trusted: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Header: "X-Forwarded-For"}
	f.Fuzz(func(t *testing.T, h string) {
		a, ok := p.fromHeader([]string{h})
		if ok && (!a.IsValid() || p.trusts(a) || a.Zone() != "" || a.Is4In6()) {
			t.Fatalf("fromHeader(%q) = %v", h, a)
		}
	})
}
