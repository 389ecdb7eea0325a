// Package workerstest is the pipeline on a fresh database for the tests of
// the packages that drive the workers (workers, desk): the store, the
// workers' dependencies on a 24-hour working day, a River client that runs
// them once started, and a mail relay that records what it is handed.
package workerstest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers"
)

// OwnDomain is the right-hand side of the Message-IDs the workers write.
const OwnDomain = "tiepnhan.test"

// From is the From: of the service's mail.
const From = "Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>"

// WholeDay is a calendar whose working day is 24 hours, so that tests can
// have deadlines of seconds or hours at any hour.
func WholeDay() *workday.Config {
	c := workday.DefaultConfig()
	c.Sessions = []workday.Session{{Start: 0, End: 24 * time.Hour}}
	return &c
}

// Sent is one message handed to the relay.
type Sent struct {
	To  []string
	Raw []byte
}

// Mail records what the workers send (the e2e tests use real servers).
type Mail struct {
	mu   sync.Mutex
	sent []Sent
}

// Send implements smtp.Sender.
func (f *Mail) Send(_ context.Context, m smtp.Message) error {
	raw, err := smtp.Render(m, "")
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, Sent{To: m.To, Raw: bytes.Clone(raw)})
	return nil
}

// Sent returns the messages sent so far.
func (f *Mail) Sent() []Sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sent)
}

// To returns the messages sent to addr, parsed.
func (f *Mail) To(addr string) []*mailparse.Message {
	var out []*mailparse.Message
	for _, s := range f.Sent() {
		if slices.Contains(s.To, addr) {
			if m, err := mailparse.Parse(bytes.NewReader(s.Raw), mailparse.Options{}); err == nil {
				out = append(out, m)
			}
		}
	}
	return out
}

// Pipeline is the workers over a fresh database.
type Pipeline struct {
	T      *testing.T
	Store  *postgres.Store
	Client *river.Client[pgx.Tx]
	Deps   *pipeline.Service
	Mail   *Mail
	// Dir is the newest directory version shipped with the program.
	Dir *directory.Directory
}

// New returns the pipeline on a fresh migrated database, with deadlines on
// a 24-hour working day, classification's mail on (supplement requests,
// forwards) and the River client not started (Run).
func New(t *testing.T) *Pipeline {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	pool, err := postgres.Open(ctx, testenv.MigratedPostgres(t, postgres.MigrateDSN), 20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := postgres.Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	store := postgres.New(pool)
	src, err := deadlines.NewCalendarSource(*WholeDay())
	if err != nil {
		t.Fatal(err)
	}
	rules, err := deadline.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := directory.Seed()
	if err != nil {
		t.Fatal(err)
	}
	mail := &Mail{}
	dd := &deadlines.Service{Store: store, Log: log, Calendar: src, Rules: rules, Fractions: deadline.DefaultFractions}
	deps := &pipeline.Service{Store: store, Log: log, ReferencePrefix: "TN", OwnDomain: OwnDomain, ParseTimeout: time.Minute, Deadlines: dd,
		Classify: &pipeline.ClassifyDeps{Seed: seed, Mail: mail, From: From,
			Supplement: true, ForwardQueries: true, MailCap: smtp.Cap{Max: 100, Daily: true}}}
	ws := river.NewWorkers()
	workers.Register(ws, deps)
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log, Workers: ws,
		Queues:        map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}, jobs.QueueReading: {MaxWorkers: 1}},
		FetchCooldown: 20 * time.Millisecond, FetchPollInterval: 100 * time.Millisecond, JobTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	dd.Client = client
	return &Pipeline{T: t, Store: store, Client: client, Deps: deps, Mail: mail, Dir: seed[len(seed)-1]}
}

// Run starts the River client: the jobs enqueued so far run, and those
// enqueued later.
func (p *Pipeline) Run() {
	p.T.Helper()
	if err := p.Client.Start(context.Background()); err != nil {
		p.T.Fatal(err)
	}
	p.T.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		p.Client.Stop(ctx)
	})
}
