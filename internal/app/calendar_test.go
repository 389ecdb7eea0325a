package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestLatenessScreenOnTheDeadlinesCalendar: the Điều 14 khoản 6 screen
// (received after the Điều 10 sending deadline) judges on the same working
// calendar as the deadlines: the official schedule of deadlines.schedule_file
// and the days administrators declared off. The running service reads an
// author's message (corpus 038: a decision signed Friday 27/02/2026 and
// received Tuesday 03/03 at 08:20, twenty working minutes after the
// one-working-day deadline of Điều 10 khoản 1). With Monday 02/03 a day
// off, the deadline is the end of Tuesday: not late. Both the deadline
// table (set_deadlines, refreshed after reading) and the classification
// (its screening, computed once by classify_submission) say so.
func TestLatenessScreenOnTheDeadlinesCalendar(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	_, err := exec.LookPath("pdftotext")
	testenv.Require(t, "pdftotext (poppler-utils)", err)
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "038-qd-ke-hoach-pbgdpl-gui-lai.eml"))
	if err != nil {
		t.Fatal(err)
	}
	monday := workday.Date{Year: 2026, Month: time.March, Day: 2}
	schedule := filepath.Join(t.TempDir(), "lich.toml")
	if err := os.WriteFile(schedule, []byte("[[day_off]]\nfrom = \"2026-03-02\"\nto = \"2026-03-02\"\nname = \"Nghỉ bù theo thông báo của Bộ\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		schedule string // deadlines.schedule_file
		dayOff   bool   // an administrator's day off on Monday (calendar_override)
		late     bool
	}{
		{name: "built-in calendar", late: true},
		{name: "schedule file", schedule: schedule},
		{name: "administrator's day off", dayOff: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Deadlines.ScheduleFile = tc.schedule
			ctx := context.Background()
			svc := testService(t, cfg, Options{NoWatcher: true})
			if tc.dayOff {
				err := svc.Store.InTx(ctx, func(tx pgx.Tx) error {
					_, _, err := svc.Store.SetCalendarOverride(ctx, tx, monday, postgres.OverrideDayOff, "nghỉ bù", "admin")
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- svc.Run(runCtx) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Errorf("service: %v", err)
				}
			}()

			// Hold classify_submission before it saves (it inserts into
			// classification), so that the deadlines set after reading can
			// be read first.
			hold, err := svc.Pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer hold.Rollback(ctx)
			if _, err := hold.Exec(ctx, `LOCK TABLE classification IN EXCLUSIVE MODE`); err != nil {
				t.Fatal(err)
			}
			ict := time.FixedZone("ICT", 7*3600)
			k := &sink{store: svc.Store, Receiver: &pipeline.Receiver{Store: svc.Store, Jobs: svc.River}}
			commit(t, k, raw, "b9ed01dce2ed$0345f4fa$4c30e3ea$@moj.gov.vn", 1, time.Date(2026, 3, 3, 8, 20, 17, 0, ict))
			// The deadlines in force are the deadline table's (the stored
			// report carries none, migration 00011): set_deadlines and the
			// refresh after reading compute them on the same calendar.
			var got time.Time
			waitFor(t, 3*time.Minute, "the 10.1 deadline set", func() bool {
				return svc.Pool.QueryRow(ctx, `SELECT due_at FROM deadline WHERE rule_id = '10.1' AND state <> 'cancelled' ORDER BY id DESC LIMIT 1`).Scan(&got) == nil
			})
			due := time.Date(2026, 3, 2, 17, 0, 0, 0, ict)
			if !tc.late {
				due = time.Date(2026, 3, 3, 17, 0, 0, 0, ict)
			}
			if !got.Equal(due) {
				t.Errorf("deadline table: 10.1 due %s, want %s", got, due)
			}
			// Classification (the same screen, once the item is classified).
			if err := hold.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			var grounds []string
			waitFor(t, 2*time.Minute, "the submission classified", func() bool {
				return svc.Pool.QueryRow(ctx, `SELECT grounds FROM classification`).Scan(&grounds) == nil
			})
			if got := slices.Contains(grounds, "14.6"); got != tc.late {
				t.Errorf("classified: screening grounds %v: late = %v, want %v", grounds, got, tc.late)
			}
		})
	}
}

// commit stores raw as the mailbox's message uid, received at, and
// enqueues its parsing, as the watcher does.
func commit(t *testing.T, k *sink, raw []byte, messageID string, uid uint32, at time.Time) {
	t.Helper()
	ctx := context.Background()
	mb, err := k.Mailbox(ctx, "banbientap@moj.gov.vn", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	msg := intake.RawMessage{MailboxID: mb.ID, UIDValidity: mb.UIDValidity, UID: uid, ReceivedAt: at, Size: int64(len(raw)), Raw: raw,
		MessageID: messageID, SHA256: intake.HashRaw(raw)}
	if n, _, err := k.Receive(ctx, mb, []intake.RawMessage{msg}); err != nil || n != 1 {
		t.Fatalf("commit message %d: %d stored, %v", uid, n, err)
	}
}

func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
