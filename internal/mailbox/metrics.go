package mailbox

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the watcher's Prometheus metrics.
type Metrics struct {
	Fetched            prometheus.Counter
	Stored             prometheus.Counter
	Duplicates         prometheus.Counter
	Reconnects         prometheus.Counter
	WatchdogFired      prometheus.Counter
	UIDValidityChanges prometheus.Counter
	LastSync           prometheus.Gauge
	SyncSeconds        prometheus.Histogram
	// ConsentRevoked is 1, by mailbox account, while its OAuth consent is
	// revoked (invalid_grant): intake from it is stopped until an
	// administrator acts.
	ConsentRevoked *prometheus.GaugeVec
}

// NewMetrics creates the metrics and registers them with reg (if not nil).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Fetched:            prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_messages_fetched_total", Help: "Messages fetched from the mailbox."}),
		Stored:             prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_messages_stored_total", Help: "Messages newly stored."}),
		Duplicates:         prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_messages_duplicate_total", Help: "Fetched messages that were already stored."}),
		Reconnects:         prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_reconnects_total", Help: "IMAP sessions that ended and were restarted."}),
		WatchdogFired:      prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_watchdog_fired_total", Help: "Connections closed because a command hung."}),
		UIDValidityChanges: prometheus.NewCounter(prometheus.CounterOpts{Name: "tiepnhan_imap_uidvalidity_changes_total", Help: "UIDVALIDITY changes seen (full resyncs)."}),
		LastSync:           prometheus.NewGauge(prometheus.GaugeOpts{Name: "tiepnhan_imap_last_sync_timestamp_seconds", Help: "Unix time of the last successful sync."}),
		ConsentRevoked:     prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "tiepnhan_imap_oauth_consent_revoked", Help: "1 while the mailbox's OAuth consent is revoked (invalid_grant)."}, []string{"account"}),
		SyncSeconds:        prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tiepnhan_imap_sync_duration_seconds", Help: "Duration of a mailbox sync.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}),
	}
	if reg != nil {
		reg.MustRegister(m.Fetched, m.Stored, m.Duplicates, m.Reconnects, m.WatchdogFired, m.UIDValidityChanges, m.LastSync, m.SyncSeconds, m.ConsentRevoked)
	}
	return m
}
