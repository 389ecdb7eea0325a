package app

import (
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/membudget"
)

// SetMemoryLimit makes memory.limit_mb, less the program image the Go
// runtime does not count (config.ImageReserve), the runtime's soft memory
// limit (the garbage collector runs harder as the process nears it) for
// the commands that run the service (serve, demo). 0 leaves the runtime
// alone.
func SetMemoryLimit(m config.Memory) {
	if n := m.RuntimeBytes(); n > 0 {
		debug.SetMemoryLimit(n)
	}
}

// workBudget is the byte budget of parsing, reading and password checks
// (memory.limit_mb less the process's base), with its use exported on
// /metrics (the metric names keep their first name, "reading").
func workBudget(m config.Memory, reg *prometheus.Registry) *membudget.Budget {
	b := membudget.New(m.WorkBytes())
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_bytes", Help: "Bytes that parsing and reading mail and checking passwords may hold at once (memory.limit_mb less 128 MiB for the process's base)."},
			func() float64 { return float64(b.Total()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_in_use_bytes", Help: "Bytes of the work budget held now."},
			func() float64 { return float64(b.InUse()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tiepnhan_reading_budget_peak_bytes", Help: "Most bytes of the work budget ever held at once."},
			func() float64 { return float64(b.Peak()) }),
	)
	return b
}
