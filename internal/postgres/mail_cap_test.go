package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestMailCapSharedByProcesses: two stores on two connection pools (two
// serve processes) send to one address at once; the cap of 5 messages in
// the window holds across them: exactly 5 are counted, the others are
// refused with the first counted instant. A refused or failed send counts
// nothing; a message to the same address outside the window counts again.
func TestMailCapSharedByProcesses(t *testing.T) {
	t.Parallel()
	a := testStore(t)
	pool, err := Open(context.Background(), a.Pool.Config().ConnString(), 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	b := New(pool)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	since := at.Add(-time.Hour)
	const max = 5
	var sent, refused atomic.Int32
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			s := []*Store{a, b}[i%2]
			err := s.InTx(ctx, func(tx pgx.Tx) error {
				return s.ReserveMail(ctx, tx, []string{"Desk@moj.gov.vn", "other@moj.gov.vn"}, max, since, at.Add(time.Duration(i)*time.Second))
			})
			var capErr *MailCapError
			switch {
			case err == nil:
				sent.Add(1)
			case errors.As(err, &capErr) && capErr.Recipient == "desk@moj.gov.vn" && capErr.Max == max && !capErr.Oldest.IsZero():
				refused.Add(1)
			default:
				t.Errorf("send %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if sent.Load() != max || refused.Load() != 16-max {
		t.Fatalf("%d counted, %d refused; want %d and %d", sent.Load(), refused.Load(), max, 16-max)
	}
	var n int
	if err := a.Pool.QueryRow(ctx, `SELECT count(*) FROM mail_send WHERE recipient = 'desk@moj.gov.vn'`).Scan(&n); err != nil || n != max {
		t.Fatalf("%d rows for the desk (%v), want %d: a refused send counted", n, err, max)
	}
	// A send that failed rolls its count back with the job.
	fail := errors.New("relay down")
	if err := b.InTx(ctx, func(tx pgx.Tx) error {
		if err := b.ReserveMail(ctx, tx, []string{"unit@moj.gov.vn"}, 1, since, at); err != nil {
			return err
		}
		return fail
	}); !errors.Is(err, fail) {
		t.Fatal(err)
	}
	if err := a.InTx(ctx, func(tx pgx.Tx) error { return a.ReserveMail(ctx, tx, []string{"unit@moj.gov.vn"}, 1, since, at) }); err != nil {
		t.Errorf("the failed send still counts: %v", err)
	}
	// The window moved past the counted messages.
	later := at.Add(2 * time.Hour)
	if err := b.InTx(ctx, func(tx pgx.Tx) error {
		return b.ReserveMail(ctx, tx, []string{"desk@moj.gov.vn"}, max, later.Add(-time.Hour), later)
	}); err != nil {
		t.Errorf("an hour later: %v", err)
	}
}
