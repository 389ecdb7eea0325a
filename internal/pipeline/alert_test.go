package pipeline

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/notify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// blockingSender counts sends and holds each until released.
type blockingSender struct {
	calls   atomic.Int32
	entered chan struct{}
	release chan struct{}
}

func (b *blockingSender) Send(ctx context.Context, m smtp.Message) error {
	b.calls.Add(1)
	b.entered <- struct{}{}
	<-b.release
	return nil
}

// TestConcurrentAttemptsSendOnce: two attempts at one alert (a job rescued
// while its first run is still sending) take turns on the alert row; the
// second finds it sent and sends nothing.
func TestConcurrentAttemptsSendOnce(t *testing.T) {
	ctx := context.Background()
	pool, err := postgres.Open(ctx, testenv.MigratedPostgres(t, postgres.MigrateDSN), 10)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := postgres.Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	store := postgres.New(pool)
	bs := &blockingSender{entered: make(chan struct{}, 2), release: make(chan struct{})}
	d := &Service{Store: store, Log: log, OwnDomain: "tiepnhan.test", Deadlines: &deadlines.Service{Mailer: bs}}
	var a postgres.Alert
	if err := store.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		a, _, err = store.RecordAlert(ctx, tx, postgres.AlertIntent{
			AlertKey:   postgres.AlertKey{Kind: "digest", Scope: "2026-03-02"},
			Recipients: []string{"a@moj.gov.vn"}, Subject: "s", MessageIDPrefix: "digest.alert", MessageIDSuffix: "@tiepnhan.test",
		})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if a.MessageID != "digest.alert"+strconv.FormatInt(a.ID, 10)+"@tiepnhan.test" {
		t.Fatalf("Message-ID %q", a.MessageID)
	}
	var wg sync.WaitGroup
	sent := make([]bool, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx, err := pool.Begin(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			defer tx.Rollback(ctx)
			ok, err := d.sendAlert(ctx, tx, a.ID, notify.Mail{Kind: notify.DigestKind, Text: "x"})
			if err != nil {
				t.Error(err)
				return
			}
			sent[i] = ok
			if err := tx.Commit(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	<-bs.entered // one attempt is sending; the other waits on the row lock
	time.Sleep(300 * time.Millisecond)
	if n := bs.calls.Load(); n != 1 {
		t.Fatalf("%d sends in flight, want 1", n)
	}
	close(bs.release)
	wg.Wait()
	if bs.calls.Load() != 1 || sent[0] == sent[1] {
		t.Fatalf("sends %d, results %v: want one attempt to send and the other to find it sent", bs.calls.Load(), sent)
	}
	as, _ := store.Alerts(ctx, pool, 0)
	if len(as) != 1 || as[0].State != postgres.AlertSent || as[0].Attempts != 1 {
		t.Errorf("alert %+v", as)
	}
	// Recording the same key again returns the sent row, not a new one.
	store.InTx(ctx, func(tx pgx.Tx) error {
		again, created, err := store.RecordAlert(ctx, tx, postgres.AlertIntent{AlertKey: postgres.AlertKey{Kind: "digest", Scope: "2026-03-02"},
			MessageIDPrefix: "x", MessageIDSuffix: "@y"})
		if err != nil || created || again.ID != a.ID || again.State != postgres.AlertSent {
			t.Errorf("re-record: %+v created=%v err=%v", again, created, err)
		}
		return nil
	})
}
