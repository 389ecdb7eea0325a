package workers_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/moj-portal/tiepnhan/workers"
)

func TestRetryWhenUnavailableSnoozesOnlyDatabaseLoss(t *testing.T) {
	mw := &workers.RetryWhenUnavailable{}
	job := &rivertype.JobRow{ID: 1, Kind: "parse_message"}
	gone := fmt.Errorf("save parsed: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"})
	err := mw.Work(context.Background(), job, func(context.Context) error { return gone })
	var snooze *river.JobSnoozeError
	if !errors.As(err, &snooze) || snooze.Duration != workers.UnavailableSnooze {
		t.Fatalf("database gone: Work = %v, want a snooze of %s", err, workers.UnavailableSnooze)
	}
	bad := &pgconn.PgError{Code: "23505"}
	if err := mw.Work(context.Background(), job, func(context.Context) error { return bad }); !errors.Is(err, bad) {
		t.Fatalf("constraint violation: Work = %v, want it unchanged", err)
	}
	if err := mw.Work(context.Background(), job, func(context.Context) error { return nil }); err != nil {
		t.Fatalf("success: Work = %v", err)
	}
	// A job whose own timeout fired keeps its error (River counts it).
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := mw.Work(ctx, job, func(context.Context) error { return gone }); !errors.Is(err, gone) {
		t.Fatalf("cancelled job: Work = %v", err)
	}
}
