package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// TestSubmissionLockStrength: the submission lock excludes every other
// holder, but never an insert that references the submission (a foreign-key
// check's KEY SHARE lock): the one documented strength, FOR NO KEY UPDATE.
func TestSubmissionLockStrength(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	id := seedItem(t, s, 1, base, `{}`)
	other := seedItem(t, s, 2, base, `{}`)

	holder, err := s.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	if err := s.LockSubmissions(ctx, holder, []int64{other, id}); err != nil {
		t.Fatal(err)
	}
	// Another transaction: a row referencing the submission goes in at
	// once; the lock itself waits (here: gives up after lock_timeout).
	err = pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '2s'`); err != nil {
			return err
		}
		return s.AddEvent(ctx, tx, id, "system", "note", map[string]any{"while": "locked"})
	})
	if err != nil {
		t.Fatalf("an event of a locked submission: %v", err)
	}
	err = pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '200ms'`); err != nil {
			return err
		}
		return s.LockSubmission(ctx, tx, id)
	})
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" {
		t.Fatalf("a second holder of the lock: %v, want a lock timeout", err)
	}
	holder.Rollback(ctx)

	err = pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if err := s.LockSubmission(ctx, tx, 999999); !errors.Is(err, intake.ErrNotFound) {
			t.Errorf("a missing submission: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		var first int64
		if err := tx.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, id).Scan(&first); err != nil {
			return err
		}
		sub, isFirst, err := s.LockSubmissionOf(ctx, tx, first)
		if err != nil || sub != id || !isFirst {
			t.Errorf("LockSubmissionOf(first message) = %d, %v, %v", sub, isFirst, err)
		}
		if sub, _, err := s.LockSubmissionOf(ctx, tx, 999999); err != nil || sub != 0 {
			t.Errorf("LockSubmissionOf(no message) = %d, %v", sub, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
