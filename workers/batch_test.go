package workers_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertest"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/workers"
)

// TestBatchJobsKeepEveryMessage runs one parse_message job over a commit
// batch of four messages: two ordinary ones, one whose parsing panics and
// an auto-reply. The batch goes through one create_submission and one
// triage_submission job; the panicking message is kept as unparsable with
// its own submission (a person sees it), the auto-reply is recorded without
// one. Running the same batch again changes nothing.
func TestBatchJobsKeepEveryMessage(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	workers.SetParser(h.deps, func(raw []byte, opts derive.Options) derive.Result {
		if bytes.Contains(raw, []byte("X-Test-Panic:")) {
			panic("parser bug")
		}
		return derive.Envelope(raw, opts)
	})
	panicky := append([]byte("X-Test-Panic: yes\r\n"), plainMessage("panic@example.vn", "Tin lỗi")...)
	auto := append([]byte("Auto-Submitted: auto-replied\r\n"), plainMessage("auto@example.vn", "Trả lời tự động")...)
	raws := [][]byte{plainMessage("a@example.vn", "Tin một"), panicky, auto, plainMessage("b@example.vn", "Tin hai")}
	var ids []int64
	collect := func(_ context.Context, _ pgx.Tx, got []int64) error { ids = append(ids, got...); return nil }
	for i, raw := range raws {
		if _, _, err := h.store.InsertManual(ctx, intake.RawMessage{
			ReceivedAt: time.Now().Add(time.Duration(i) * time.Second), Size: int64(len(raw)), Raw: raw,
			SHA256: intake.HashRaw(raw), MessageID: intake.HeaderMessageID(raw),
		}, "test", collect); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.client.Insert(ctx, jobs.ParseMessageArgs{MessageIDs: ids}, nil); err != nil {
		t.Fatal(err)
	}
	h.settle()

	kinds := map[int64]string{}
	subs := map[int64]int64{}
	for _, id := range ids {
		var kind string
		var flags []string
		var sub int64
		if err := h.store.Pool.QueryRow(ctx, `SELECT kind, flags, coalesce(submission_id, 0) FROM message WHERE id = $1`, id).Scan(&kind, &flags, &sub); err != nil {
			t.Fatal(err)
		}
		kinds[id], subs[id] = kind, sub
		if id == ids[1] && !slices.Contains(flags, "unparsable") {
			t.Errorf("panicking message: flags %v, want unparsable", flags)
		}
	}
	want := map[int64]string{ids[0]: "submission", ids[1]: "unparsable", ids[2]: "auto_reply", ids[3]: "submission"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("message %d: kind %q, want %q", id, kinds[id], k)
		}
	}
	if subs[ids[2]] != 0 {
		t.Errorf("auto-reply became submission %d", subs[ids[2]])
	}
	for _, id := range []int64{ids[0], ids[1], ids[3]} {
		var state string
		if err := h.store.Pool.QueryRow(ctx, `SELECT state FROM submission WHERE id = $1`, subs[id]).Scan(&state); err != nil {
			t.Fatalf("message %d has no submission: %v", id, err)
		}
		if state == string(intake.StateReceived) {
			t.Errorf("message %d: submission still %s, want triaged", id, state)
		}
		if len(h.deadlines(id)) == 0 {
			t.Errorf("message %d: submission without deadlines", id)
		}
	}
	// One create_submission and one triage_submission job for the batch.
	driver := riverpgxv5.New(h.store.Pool)
	rivertest.RequireInserted(ctx, t, driver, &jobs.CreateSubmissionArgs{}, nil)
	rivertest.RequireInserted(ctx, t, driver, &jobs.TriageSubmissionArgs{}, nil)

	// The same batch again (a retried job): nothing new.
	var before int
	h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM submission`).Scan(&before)
	if _, err := h.client.Insert(ctx, jobs.ParseMessageArgs{MessageIDs: ids}, nil); err != nil {
		t.Fatal(err)
	}
	h.settle()
	var after, events int
	h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM submission`).Scan(&after)
	h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE kind = 'received'`).Scan(&events)
	if before != 3 || after != 3 || events != 3 {
		t.Errorf("submissions %d then %d, received events %d; want 3, 3, 3", before, after, events)
	}
}
