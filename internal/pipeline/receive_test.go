package pipeline

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertest"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// receiveBatch is a commit batch of n mails of the mailbox mb, UIDs from
// first on.
func receiveBatch(mb intake.MailboxState, first uint32, n int) []intake.RawMessage {
	var out []intake.RawMessage
	for i := range n {
		uid := first + uint32(i)
		raw := []byte(fmt.Sprintf("Message-ID: <m%d@example.vn>\r\nFrom: a@example.vn\r\nSubject: Tin %d\r\n\r\nNội dung %d\r\n", uid, uid, uid))
		out = append(out, intake.RawMessage{MailboxID: mb.ID, UIDValidity: mb.UIDValidity, UID: uid, ReceivedAt: time.Now(),
			Size: int64(len(raw)), Raw: raw, MessageID: fmt.Sprintf("m%d@example.vn", uid), SHA256: intake.HashRaw(raw)})
	}
	return out
}

// TestReceiveStoresTheBatchAndItsParseJobTogether: the watcher's use case
// stores a commit batch and enqueues ONE parse_message job naming every new
// message, in one transaction (Điều 11 khoản 1, bước 1); a batch whose
// messages are all stored already enqueues nothing; a batch whose job
// cannot be enqueued stores nothing (rivertest reads River's job table).
func TestReceiveStoresTheBatchAndItsParseJobTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, testenv.MigratedPostgres(t, postgres.MigrateDSN), 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store := postgres.New(pool)
	driver := riverpgxv5.New(pool)
	client, err := river.NewClient(driver, &river.Config{}) // insert-only: no queues, nothing worked
	if err != nil {
		t.Fatal(err)
	}
	mb, err := store.Mailbox(ctx, "banbientap@moj.gov.vn", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	r := &Receiver{Store: store, Jobs: client}

	batch := receiveBatch(mb, 1, 3)
	inserted, dups, err := r.Receive(ctx, mb, batch)
	if err != nil || inserted != 3 || dups != 0 {
		t.Fatalf("first batch: %d new, %d stored already, %v; want 3, 0", inserted, dups, err)
	}
	var stored []int64
	rows, _ := pool.Query(ctx, `SELECT id FROM message ORDER BY id`)
	stored, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	job := rivertest.RequireInserted(ctx, t, driver, &jobs.ParseMessageArgs{}, nil)
	if got := slices.Sorted(slices.Values(job.Args.MessageIDs)); !slices.Equal(got, stored) {
		t.Fatalf("parse_message of %v, want the batch's messages %v", got, stored)
	}

	// The same mails again (a re-sync): nothing new, no second job.
	if inserted, dups, err = r.Receive(ctx, mb, batch); err != nil || inserted != 0 || dups != 3 {
		t.Fatalf("same batch again: %d new, %d stored already, %v; want 0, 3", inserted, dups, err)
	}
	rivertest.RequireInserted(ctx, t, driver, &jobs.ParseMessageArgs{}, nil) // still exactly one

	// A job that cannot be enqueued (a client of a schema without River's
	// tables) takes its messages with it: nothing is stored unprocessed.
	nowhere, err := river.NewClient(driver, &river.Config{Schema: "no_river_here"})
	if err != nil {
		t.Fatal(err)
	}
	broken := &Receiver{Store: store, Jobs: nowhere}
	if _, _, err := broken.Receive(ctx, mb, receiveBatch(mb, 10, 2)); err == nil {
		t.Fatal("a batch whose parse job could not be enqueued was received")
	}
	var n int
	pool.QueryRow(ctx, `SELECT count(*) FROM message`).Scan(&n)
	if n != len(stored) {
		t.Errorf("%d messages stored after the failed batch, want %d", n, len(stored))
	}
}
