package config

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

func defaultHTTP() HTTP {
	return HTTP{Addr: "127.0.0.1:8080", ClientIPHeader: "X-Forwarded-For",
		ReadTimeout: Duration{5 * time.Minute}, WriteTimeout: Duration{5 * time.Minute}, IdleTimeout: Duration{2 * time.Minute}}
}

// Proxies parses TrustedProxies: each entry an address (a single-host
// prefix) or a CIDR prefix.
func (h HTTP) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(h.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR prefix", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// SecureCookies says whether the UI's cookies are marked Secure for every
// request: always, unless the UI listens on loopback only (a developer's
// machine, the demo) and ui.secure_cookies is not set. Behind a trusted
// proxy that reports TLS they are Secure anyway.
func (c Config) SecureCookies() bool { return c.UI.SecureCookies || !isLoopback(c.HTTP.Addr) }

func (c Config) validateHTTP() []error {
	var errs []error
	h := c.HTTP
	if _, err := h.Proxies(); err != nil {
		errs = append(errs, fmt.Errorf("http.trusted_proxies: %w", err))
	}
	if strings.ContainsAny(h.ClientIPHeader, " :\r\n") {
		errs = append(errs, fmt.Errorf("http.client_ip_header: must be a header name, got %q", h.ClientIPHeader))
	}
	if h.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(h.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("http.metrics_addr: must be host:port, got %q", h.MetricsAddr))
		}
	}
	if h.MetricsToken != "" && len(h.MetricsToken) < 20 {
		errs = append(errs, fmt.Errorf("http.metrics_token: must be at least 20 characters"))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"http.read_timeout", h.ReadTimeout.Duration}, {"http.write_timeout", h.WriteTimeout.Duration}, {"http.idle_timeout", h.IdleTimeout.Duration}} {
		if d.v < time.Second || d.v > time.Hour {
			errs = append(errs, fmt.Errorf("%s: must be between 1s and 1h, got %s", d.name, d.v))
		}
	}
	return errs
}
