// Package http serves tiepnhan over HTTP: health and readiness probes,
// Prometheus metrics and the triage web UI (ui.go, routes.go: one route
// table with Go 1.22 patterns, one handler per concern, html/template
// embedded and parsed once). Every UI route requires a signed-in account
// with the right role except the login page and its static files; the
// probes stay open for the orchestrator, the metrics need a token or an
// administrator (or are served on a listener of their own, Metrics).
package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one readiness check: nil when that dependency is usable.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// Deps is what the HTTP server needs.
type Deps struct {
	Log      *slog.Logger
	Gatherer prometheus.Gatherer
	Checks   []Check
	// UI is the triage web interface; nil serves the probes only.
	UI *UI
	// MetricsToken, when set, opens /metrics to `Authorization: Bearer
	// TOKEN` (a Prometheus scraper); an administrator (PermJobs) signed in
	// may read it too. NoMetrics leaves /metrics out (it is served on its
	// own listener, see Metrics).
	MetricsToken string
	NoMetrics    bool
}

// Metrics is the handler of a listener of its own for /metrics (config
// http.metrics_addr: an address only the monitoring network reaches).
func Metrics(g prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{}))
	return http.MaxBytesHandler(mux, 0)
}

// NewHandler returns the route table.
func NewHandler(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { ready(w, r, d) })
	metrics := promhttp.HandlerFor(d.Gatherer, promhttp.HandlerOpts{})
	if d.UI == nil {
		if !d.NoMetrics {
			mux.Handle("GET /metrics", metrics)
		}
		return securityHeaders(limitBodies(mux, nil), &Proxies{})
	}
	if d.UI.Log == nil {
		d.UI.Log = d.Log
	}
	if err := d.UI.routes(mux); err != nil {
		// The templates are embedded: a parse error is a build defect that
		// TestTemplatesParse catches, never bad input.
		panic(err)
	}
	if !d.NoMetrics {
		mux.Handle("GET /metrics", d.UI.metrics(metrics, d.MetricsToken))
	}
	// Unsafe cross-origin requests are refused on every route (Sec-Fetch-Site
	// and Origin), on top of the per-session CSRF token of each form.
	return securityHeaders(http.NewCrossOriginProtection().Handler(limitBodies(mux, d.UI.wideBodies())), &d.UI.Proxies)
}

// ready answers 200 when every check passes, 503 otherwise, with a JSON
// body naming each check and its error.
func ready(w http.ResponseWriter, r *http.Request, d Deps) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	status := http.StatusOK
	out := map[string]string{}
	for _, c := range d.Checks {
		if err := c.Fn(ctx); err != nil {
			status = http.StatusServiceUnavailable
			out[c.Name] = err.Error()
		} else {
			out[c.Name] = "ok"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(out)
}

// securityHeaders sets the headers every response carries; handlers may
// tighten them (Content-Security-Policy) or relax framing for the mail
// preview only.
func securityHeaders(h http.Handler, proxies *Proxies) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if proxies.overTLS(r) {
			// RFC 6797 §7.2: only over a secure transport.
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}
