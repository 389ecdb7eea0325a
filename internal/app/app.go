// Package app is the composition root shared by the tiepnhan command and by
// end-to-end tests and benchmarks: it builds the concrete adapters
// (PostgreSQL, River, IMAP, HTTP) from a config.Config and runs them with a
// graceful shutdown.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailbox"
	"github.com/moj-portal/tiepnhan/internal/membudget"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/web"
	"github.com/moj-portal/tiepnhan/workers"
)

// Options are what a caller can set beyond the config.
type Options struct {
	Log *slog.Logger
	// Derive sets how messages are read; the zero value uses the defaults.
	Derive derive.Options
	// IMAPAuth overrides the authenticator built from the config.
	IMAPAuth mailbox.Authenticator
	// NoWatcher runs the workers and HTTP server without watching a mailbox.
	NoWatcher bool
	// HTTPListener, when set, is used instead of listening on cfg.HTTP.Addr.
	HTTPListener net.Listener
	// CreateKeyFile creates the personal-data key file (ui.key_file) when
	// it is missing, as the demo does; otherwise New refuses to start
	// without it (Điều 4 khoản 4, pii_keys.go).
	CreateKeyFile bool
}

// Service is a running tiepnhan process: River workers, the IMAP watcher and
// the HTTP server over one PostgreSQL pool.
type Service struct {
	cfg      config.Config
	log      *slog.Logger
	Pool     *pgxpool.Pool
	Store    *postgres.Store
	River    *river.Client[pgx.Tx]
	Registry *prometheus.Registry
	// memory is the work budget shared by reading mail and checking
	// passwords (memory.limit_mb, issue 13).
	memory *membudget.Budget
	// orphans tracks the jobs this process runs and sweeps those whose
	// completion a database switch lost (orphans.go).
	orphans  *workers.Orphans
	watchers []*mailbox.Watcher // one a mailbox (mailboxes.go)
	httpSrv  *http.Server
	// metricsSrv serves /metrics on http.metrics_addr (nil: on httpSrv).
	metricsSrv *http.Server
	metricsLn  net.Listener
	httpLn     net.Listener
	// classify: rules and routing deps (classify.go).
	classify *classifyParts
	// deps are the workers' dependencies; the UI's actions use them too.
	deps *pipeline.Service
	// UI is the triage web interface and the audit sealer (ui.go).
	UI *UIParts
}

// New connects to cfg.Database.URL (which must be resolved by then),
// applies migrations (as the owner when database.owner_url is set) and
// builds every component without starting them.
func New(ctx context.Context, cfg config.Config, opts Options) (*Service, error) {
	if cfg.Database.URL == "" {
		return nil, errors.New("database.url is not resolved")
	}
	pool, err := openMigrated(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	s, err := newService(ctx, cfg, opts, pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// openMigrated checks the personal-data key file, migrates the database
// and opens the service's pool.
func openMigrated(ctx context.Context, cfg config.Config, opts Options) (*pgxpool.Pool, error) {
	log := opts.Log
	if err := requireKeyFile(cfg.UI.KeyFile, opts.CreateKeyFile); err != nil { // pii_keys.go
		return nil, err
	}
	if cfg.Database.OwnerURL != "" { // db_roles.go: first, it may create the service's role
		if err := MigrateAsOwnerLogged(ctx, cfg.Database, log); err != nil {
			return nil, err
		}
	}
	pool, err := postgres.Open(ctx, cfg.Database.URL, cfg.Database.MaxConns)
	if err != nil {
		return nil, err
	}
	if cfg.Database.OwnerURL == "" {
		if err := migrate(ctx, pool, log); err != nil { // db_roles.go
			pool.Close()
			return nil, err
		}
	}
	if err := warnOwnerRole(ctx, pool, log); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// newService builds every component over pool; the caller closes pool when
// it fails.
func newService(ctx context.Context, cfg config.Config, opts Options, pool *pgxpool.Pool) (*Service, error) {
	log := opts.Log
	s := &Service{cfg: cfg, log: log, Pool: pool, Store: postgres.New(pool), Registry: prometheus.NewRegistry()}
	s.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.orphans = &workers.Orphans{}

	dl, err := NewDeadlines(cfg) // deadlines.go
	if err != nil {
		return nil, err
	}
	if s.classify, err = newClassify(cfg, dl.Mailer, log); err != nil { // classify.go
		return nil, err
	}
	s.memory = workBudget(cfg.Memory, s.Registry)                  // memory.go: reading and sign-ins share it
	if err := loadTrustStore(cfg, &opts.Derive, log); err != nil { // signatures.go
		return nil, err
	}
	notices, err := newNotices(cfg) // notices.go
	if err != nil {
		return nil, err
	}
	opts.Derive.Auth = senderAuth(cfg, log) // mailauth.go
	dl.Store, dl.Log = s.Store, log
	s.deps = &pipeline.Service{
		Store: s.Store, Derive: opts.Derive, Log: log, SenderAuth: cfg.Intake.AuthServID != "" || cfg.Intake.VerifyDKIM,
		ReferencePrefix: cfg.Intake.ReferencePrefix, OwnDomain: cfg.Intake.OwnDomain,
		Classify:     s.classify.deps,
		ParseTimeout: cfg.Workers.ParseTimeout.Duration, Deadlines: dl,
		ReadYield: cfg.Workers.ReadYield.Duration, Notices: notices,
		Memory: s.memory,
	}
	if s.River, err = s.newRiver(cfg, dl); err != nil {
		return nil, err
	}
	dl.Client = s.River // deadline jobs inserted outside workers (HTTP actions)

	if !opts.NoWatcher {
		s.watchers = s.newWatchers(cfg, opts.IMAPAuth, log) // mailboxes.go
	}

	if s.UI, err = s.buildUI(cfg, log); err != nil { // ui.go
		return nil, err
	}
	// Raw mail, bodies and attachment texts are sealed with the UI's
	// personal-data keyring (Điều 4 khoản 4); nothing runs before Run.
	s.Store.Keys = s.UI.Keys
	s.warnUnsealed(ctx, log)
	if err := s.buildHTTP(cfg.HTTP, opts.HTTPListener); err != nil {
		return nil, err
	}
	return s, nil
}

// newRiver is the job queue's client with every job kind registered.
func (s *Service) newRiver(cfg config.Config, dl *deadlines.Service) (*river.Client[pgx.Tx], error) {
	ws := river.NewWorkers()
	workers.Register(ws, s.deps)
	client, err := river.NewClient(riverpgxv5.New(s.Pool), &river.Config{
		Logger: s.log.With("component", "river"),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cfg.Workers.MaxWorkers},
			jobs.QueueReading:  {MaxWorkers: cfg.Workers.MaxReaders},
		},
		Workers: ws,
		// Pick up new work fast: intake latency is a legal matter (Điều 13).
		// River sends at most one insert notification per queue per
		// FetchCooldown, so a job inserted right after another waits for the
		// next poll: keep both short (a poll is one cheap indexed query).
		FetchCooldown:        5 * time.Millisecond,
		FetchPollInterval:    100 * time.Millisecond,
		JobTimeout:           cfg.Workers.JobTimeout.Duration,
		RescueStuckJobsAfter: cfg.Workers.RescueAfter.Duration,
		ErrorHandler:         &errorHandler{log: s.log},
		// A job cut off by a database switch runs again in a second; one
		// whose completion the switch lost, within a minute (orphans.go).
		Middleware:   []rivertype.Middleware{&workers.RetryWhenUnavailable{}, s.orphans},
		PeriodicJobs: workers.PeriodicJobs(dl),
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return client, nil
}

// buildHTTP listens (on ln when given) and builds the HTTP server, and the
// metrics server when http.metrics_addr is set.
func (s *Service) buildHTTP(h config.HTTP, ln net.Listener) error {
	s.httpLn = ln
	if s.httpLn == nil {
		var err error
		if s.httpLn, err = net.Listen("tcp", h.Addr); err != nil {
			return fmt.Errorf("http.addr %s: %w", h.Addr, err)
		}
	}
	pool := s.Pool
	s.httpSrv = &http.Server{
		Handler: web.NewHandler(web.Deps{Log: s.log, Gatherer: s.Registry, Checks: []web.Check{
			{Name: "database", Fn: func(ctx context.Context) error { return pool.Ping(ctx) }},
		}, UI: s.UI.HTTP, MetricsToken: h.MetricsToken, NoMetrics: h.MetricsAddr != ""}),
		// Every connection is bounded in time (issue 12, finding 3).
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: h.ReadTimeout.Duration,
		WriteTimeout: h.WriteTimeout.Duration, IdleTimeout: h.IdleTimeout.Duration,
	}
	if h.MetricsAddr != "" {
		var err error
		if s.metricsLn, err = net.Listen("tcp", h.MetricsAddr); err != nil {
			return fmt.Errorf("http.metrics_addr %s: %w", h.MetricsAddr, err)
		}
		s.metricsSrv = &http.Server{Handler: web.Metrics(s.Registry), ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: h.IdleTimeout.Duration}
	}
	return nil
}

// HTTPAddr is the address the HTTP server listens on.
func (s *Service) HTTPAddr() string { return s.httpLn.Addr().String() }

// Run starts everything and blocks until ctx is cancelled, then shuts down
// gracefully: the watcher stops taking mail, River finishes running jobs (up
// to 30 s), the HTTP server drains.
func (s *Service) Run(ctx context.Context) error {
	sizeWorkBudget(s.memory, s.cfg.Memory, residentBytes(), s.log) // memory.go
	if err := s.River.Start(ctx); err != nil {
		s.Pool.Close()
		if ctx.Err() != nil {
			return nil // stopped while starting (Ctrl-C at once): a clean stop
		}
		return fmt.Errorf("start river: %w", err)
	}
	s.classify.start(ctx, s.Store)
	if err := s.UI.start(ctx); err != nil {
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		s.River.Stop(shutdown)
		s.Pool.Close()
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.httpSrv.Serve(s.httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http: %w", err)
		}
	}()
	if s.metricsSrv != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.metricsSrv.Serve(s.metricsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("metrics: %w", err)
			}
		}()
	}
	wctx, stopWatcher := context.WithCancel(ctx)
	defer stopWatcher()
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.sweepOrphans(wctx) // orphans.go
	}()
	for _, w := range s.watchers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Run(wctx); err != nil {
				errc <- fmt.Errorf("imap watcher: %w", err)
			}
		}()
	}
	s.log.Info("tiepnhan running", "http", s.HTTPAddr(), "imap", s.cfg.IMAP.Addr, "mailbox", s.cfg.IMAP.Mailbox, "mailboxes", len(s.watchers))
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	s.log.Info("shutting down")
	stopWatcher()
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := s.River.Stop(shutdown); err != nil {
		s.log.Warn("river did not stop cleanly", "err", err)
	}
	s.httpSrv.Shutdown(shutdown)
	if s.metricsSrv != nil {
		s.metricsSrv.Shutdown(shutdown)
	}
	wg.Wait()
	s.Pool.Close()
	return runErr
}

// Close releases the pool of a Service that was never Run.
func (s *Service) Close() {
	s.httpLn.Close()
	if s.metricsLn != nil {
		s.metricsLn.Close()
	}
	s.Pool.Close()
}

// sink is the mailbox.Sink of a watcher: the use case of receiving a batch
// (pipeline.Receiver) and the mailbox's state in the PostgreSQL store.
type sink struct {
	store *postgres.Store
	*pipeline.Receiver
}

func (k *sink) Mailbox(ctx context.Context, account, name string) (intake.MailboxState, error) {
	return k.store.Mailbox(ctx, account, name)
}

func (k *sink) ResetUIDValidity(ctx context.Context, id int64, old, new uint32) error {
	return k.store.ResetUIDValidity(ctx, id, old, new)
}

func (k *sink) MarkSynced(ctx context.Context, id int64, at time.Time) error {
	return k.store.MarkSynced(ctx, id, at)
}

func (k *sink) MarkError(ctx context.Context, id int64, msg string) error {
	return k.store.MarkError(ctx, id, msg)
}

// locker adapts postgres.TryLock to mailbox.Locker.
type locker struct{ url string }

func (l *locker) TryLock(ctx context.Context, key string) (mailbox.Lease, error) {
	lk, err := postgres.TryLock(ctx, l.url, key, 5*time.Second)
	if err != nil || lk == nil {
		return nil, err
	}
	return lk, nil
}

// errorHandler logs job failures once, at the edge (style.md).
type errorHandler struct{ log *slog.Logger }

func (h *errorHandler) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.log.Error("job failed", "kind", job.Kind, "job_id", job.ID, "attempt", job.Attempt, "err", err)
	return nil
}

func (h *errorHandler) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.log.Error("job panicked", "kind", job.Kind, "job_id", job.ID, "attempt", job.Attempt, "panic", fmt.Sprint(panicVal), "trace", trace)
	return nil
}
