package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies says which peers are reverse proxies whose header names the
// client (issue 12, finding 5): behind a proxy every request comes from
// the proxy's address, so the login throttle would count all clients as
// one. Only a peer within Trusted is believed; a header from anyone else
// is ignored (a client could write any address there).
type Proxies struct {
	Trusted []netip.Prefix
	// Header is "X-Forwarded-For" (the rightmost address that is not a
	// trusted proxy is the client) or a single-address header such as
	// "X-Real-IP".
	Header string
}

func (p Proxies) trusts(a netip.Addr) bool {
	for _, t := range p.Trusted {
		if t.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// peer is the address of the TCP peer (RemoteAddr), or the zero Addr.
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// Client returns the client's address: the peer's, unless the peer is a
// trusted proxy that names the client in Header.
func (p Proxies) Client(r *http.Request) string {
	a := peer(r)
	if !a.IsValid() {
		return r.RemoteAddr
	}
	if p.Header == "" || !p.trusts(a) {
		return a.String()
	}
	if c, ok := p.fromHeader(r.Header.Values(p.Header)); ok {
		return c.String()
	}
	return a.String()
}

// fromHeader reads the client from the proxy header's values: for a list
// (X-Forwarded-For, RFC 7239 §5.2 in spirit), the rightmost address that
// is not itself a trusted proxy, since everything left of it was written
// by the client. A malformed entry ends the walk: what lies left of it
// cannot be trusted either.
func (p Proxies) fromHeader(values []string) (netip.Addr, bool) {
	var parts []string
	for _, v := range values {
		parts = append(parts, strings.Split(v, ",")...)
	}
	for i := len(parts) - 1; i >= 0; i-- {
		s := strings.TrimSpace(parts[i])
		if h, _, err := net.SplitHostPort(s); err == nil {
			s = h
		}
		a, err := netip.ParseAddr(strings.Trim(s, "[]"))
		if err != nil || a.Zone() != "" {
			return netip.Addr{}, false
		}
		a = a.Unmap()
		if !p.trusts(a) {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// overTLS reports whether the client reached us over TLS: directly, or
// through a trusted proxy that says so (X-Forwarded-Proto: https).
func (p Proxies) overTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return p.trusts(peer(r)) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// secure says whether cookies set in answer to r are marked Secure: by
// configuration (every address but loopback) or because the client came
// over TLS (issue 12, finding 9).
func (u *UI) secure(r *http.Request) bool { return u.SecureCookies || u.Proxies.overTLS(r) }
