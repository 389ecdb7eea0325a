package app

import (
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

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
//
// Service.Run resizes it once the process holds what it keeps (pools,
// templates, the classifier's model, the HTTP server): at most
// memory.limit_mb less that resident memory and config.RunHeadroom, so
// that a larger model leaves less to the work instead of pushing the
// process over its ceiling (sizeWorkBudget).
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

// residentBytes is the process's resident memory now (VmRSS of
// /proc/self/status; 0 where there is none).
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// sizeWorkBudget resizes b to what memory.limit_mb leaves once the process
// holds rss bytes at rest (config.Memory.WorkBytesAfter).
func sizeWorkBudget(b *membudget.Budget, m config.Memory, rss int64, log *slog.Logger) {
	if b == nil {
		return
	}
	total := m.WorkBytesAfter(rss)
	b.Resize(total)
	log.Info("work budget sized", "limit_mib", m.LimitMB, "resident_mib", rss>>20, "budget_mib", total>>20)
}
