package app

import (
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/membudget"
)

// SetMemoryLimit makes memory.limit_mb the Go runtime's soft memory limit
// (the garbage collector runs harder as the process nears it) for the
// commands that run the service (serve, demo). 0 leaves the runtime alone.
func SetMemoryLimit(m config.Memory) {
	if n := m.LimitBytes(); n > 0 {
		debug.SetMemoryLimit(n)
	}
}

// readingBudget is the byte budget of parsing and reading (a share of
// memory.limit_mb), with its use exported on /metrics.
func readingBudget(m config.Memory, reg *prometheus.Registry) *membudget.Budget {
	b := membudget.New(m.ReadingBytes())
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_bytes", Help: "Bytes that parsing and reading mail may hold at once (memory.limit_mb × 0.2)."},
			func() float64 { return float64(b.Total()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_in_use_bytes", Help: "Bytes of the reading budget held now."},
			func() float64 { return float64(b.InUse()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_peak_bytes", Help: "Most bytes of the reading budget ever held at once."},
			func() float64 { return float64(b.Peak()) }),
	)
	return b
}
