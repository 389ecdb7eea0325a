package workers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers"
	"github.com/moj-portal/tiepnhan/workers/workerstest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const ownDomain = workerstest.OwnDomain

// harness runs the real workers on a fresh database with a River client in
// this process, sending through Postfix's smtp-sink.
type harness struct {
	t      *testing.T
	store  *postgres.Store
	client *river.Client[pgx.Tx]
	sink   *testenv.Sink
	deps   *pipeline.Service
	dd     *deadlines.Service
}

type harnessOpts struct {
	// base is the calendar before overrides (nil: the Ministry's default).
	base *workday.Config
	// workingDays declares days around today working (a 24-hour calendar
	// that runs whatever the weekday).
	workingDays bool
	// rules replaces the built-in rules (TOML).
	rules  string
	alerts deadlines.AlertSettings
	// fractions replaces the warning points (nil: 50 % and 80 %).
	fractions []float64
	periodic  bool
	mailer    func(smtp.Sender) smtp.Sender
}

// wholeDay is a calendar whose working day is 24 hours.
var wholeDay = workerstest.WholeDay

// secondsRule is a 13.2-like rule of n seconds on a 24-hour calendar.
func secondsRule(n int) string {
	return fmt.Sprintf(`[[rule]]
id = "13.2"
article = "Điều 13 khoản 2"
basis = "Đối với các loại thông tin khác: … không quá 01 ngày làm việc kể từ thời điểm tiếp nhận thông tin cần đăng tải."
start = "received"
stop = "published"
applies_to = ["direction", "admin_document", "news_event", "other"]
days = %g
`, float64(n)/86400)
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	pool, err := postgres.Open(ctx, dsn, 20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if err := postgres.Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	store := postgres.New(pool)
	base := workday.DefaultConfig()
	if o.base != nil {
		base = *o.base
	}
	src, err := deadlines.NewCalendarSource(base)
	if err != nil {
		t.Fatal(err)
	}
	if o.workingDays {
		today := workday.DateOf(time.Now())
		if err := store.InTx(ctx, func(tx pgx.Tx) error {
			for i := -3; i <= 3; i++ {
				if _, _, err := store.SetCalendarOverride(ctx, tx, today.AddDays(i), postgres.OverrideWorking, "ngày thử nghiệm", "test"); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := deadline.DefaultRules()
	if o.rules != "" {
		rules, err = deadline.LoadRules(strings.NewReader(o.rules), "test-rules.toml")
	}
	if err != nil {
		t.Fatal(err)
	}
	sink := testenv.SMTPSink(t)
	mailer, err := smtp.New(smtp.Config{Addr: sink.Addr(), Security: "none", From: "Ban Biên tập <banbientap@moj.gov.vn>"})
	if err != nil {
		t.Fatal(err)
	}
	var sender smtp.Sender = mailer
	if o.mailer != nil {
		sender = o.mailer(mailer)
	}
	alerts := o.alerts
	if alerts.EscalationDelay == 0 {
		alerts.EscalationDelay = 2 * time.Hour
	}
	if alerts.StallAfter == 0 {
		alerts.StallAfter, alerts.StallCheck = time.Hour, time.Hour
	}
	if alerts.DigestAt == 0 {
		alerts.DigestAt = 7*time.Hour + 30*time.Minute
	}
	fractions := deadline.DefaultFractions
	if o.fractions != nil {
		fractions = o.fractions
	}
	dd := &deadlines.Service{Store: store, Log: log, Calendar: src, Rules: rules, Fractions: fractions, Alerts: alerts, Mailer: sender}
	deps := &pipeline.Service{Store: store, Log: log, ReferencePrefix: "TN", OwnDomain: ownDomain, ParseTimeout: time.Minute, Deadlines: dd}
	ws := river.NewWorkers()
	workers.Register(ws, deps)
	cfg := &river.Config{
		Logger:            log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}, jobs.QueueReading: {MaxWorkers: 2}},
		Workers:           ws,
		FetchCooldown:     20 * time.Millisecond,
		FetchPollInterval: 100 * time.Millisecond,
		JobTimeout:        time.Minute,
	}
	if o.periodic {
		cfg.PeriodicJobs = workers.PeriodicJobs(dd)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		t.Fatal(err)
	}
	dd.Client = client
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		client.Stop(sctx)
	})
	return &harness{t: t, store: store, client: client, sink: sink, deps: deps, dd: dd}
}

// submit stores raw as received at `at` and lets the pipeline run.
func (h *harness) submit(raw []byte, at time.Time) int64 {
	h.t.Helper()
	id, _, err := h.store.InsertManual(context.Background(), intake.RawMessage{
		ReceivedAt: at, Size: int64(len(raw)), Raw: raw, SHA256: intake.HashRaw(raw),
		MessageID: intake.HeaderMessageID(raw),
	}, "test", pipeline.EnqueueParse(h.client))
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// waitFor polls cond until it holds or within passes.
func (h *harness) waitFor(within time.Duration, what string, cond func() bool) {
	h.t.Helper()
	end := time.Now().Add(within)
	for !cond() {
		if time.Now().After(end) {
			h.dumpJobs()
			h.t.Fatalf("waited %s for %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settle waits until no job is waiting to run (scheduled ones aside): the
// pipeline (parse, read, classification, triage) is done.
func (h *harness) settle() {
	h.t.Helper()
	h.waitFor(60*time.Second, "the pipeline to settle", func() bool {
		var n int
		h.store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending')
			AND kind NOT IN ('deadline_sweep', 'notify_intake_stalled')`).Scan(&n)
		return n == 0
	})
}

// open returns the running deadlines of the submission of message msgID.
func (h *harness) open(msgID int64) []postgres.StoredDeadline {
	var out []postgres.StoredDeadline
	for _, d := range h.deadlines(msgID) {
		if d.State == deadline.Running {
			out = append(out, d)
		}
	}
	return out
}

// deadlines returns the deadlines of the submission made from message id.
func (h *harness) deadlines(msgID int64) []postgres.StoredDeadline {
	h.t.Helper()
	var subID int64
	err := h.store.Pool.QueryRow(context.Background(), `SELECT coalesce(submission_id, 0) FROM message WHERE id = $1`, msgID).Scan(&subID)
	if err != nil || subID == 0 {
		return nil
	}
	ds, err := h.store.SubmissionDeadlines(context.Background(), h.store.Pool, subID)
	if err != nil {
		h.t.Fatal(err)
	}
	return ds
}

// mails returns the parsed messages the sink received.
func (h *harness) mails() []*mailparse.Message {
	h.t.Helper()
	var out []*mailparse.Message
	for _, raw := range h.sink.Messages(h.t) {
		m, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// alertHeader returns the X-Tiepnhan-Alert header of m.
func alertHeader(m *mailparse.Message) string {
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, "X-Tiepnhan-Alert") {
			return f.Value
		}
	}
	return ""
}

func plainMessage(id, subject string) []byte {
	return []byte("Message-ID: <" + id + ">\r\nDate: Mon, 2 Mar 2026 09:13:00 +0700\r\n" +
		"From: \"Nguyễn Văn An\" <an.nguyen@example.vn>\r\nTo: banbientap@moj.gov.vn\r\n" +
		"Subject: " + subject + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n\r\nKính gửi Ban Biên tập,\r\n\r\nĐơn vị gửi tin để đăng tải.\r\n\r\nTrân trọng,\r\nNguyễn Văn An\r\n")
}

// dumpJobs logs every River job with its state and last error.
func (h *harness) dumpJobs() {
	rows, err := h.store.Pool.Query(context.Background(), `SELECT id, kind, state, attempt, args::text, coalesce(errors[array_length(errors, 1)]->>'error', '') FROM river_job ORDER BY id`)
	if err != nil {
		h.t.Log(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, state, args, lastErr string
		var attempt int
		rows.Scan(&id, &kind, &state, &attempt, &args, &lastErr)
		h.t.Logf("job %d %s %s attempt %d %s %s", id, kind, state, attempt, args, lastErr)
	}
}
