// Package http serves tiepnhan over HTTP: health and readiness probes and
// Prometheus metrics now; the triage UI later. One route table with Go 1.22
// patterns; every route but the probes will require a login.
package http

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
}

// NewHandler returns the route table.
func NewHandler(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { ready(w, r, d) })
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.Gatherer, promhttp.HandlerOpts{}))
	return securityHeaders(mux)
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

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}
