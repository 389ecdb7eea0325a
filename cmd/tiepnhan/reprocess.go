package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runReprocess enqueues parse_message again for stored messages, so that
// everything derived is rebuilt from the raw bytes (Điều 6 khoản 3: the raw
// message is the source of truth). Workers are idempotent: submissions are
// not doubled.
func runReprocess(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("reprocess", "reprocess [--config FILE] [--from ID] [--to ID]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	from := fs.Int64("from", 0, "first message id (default: all)")
	to := fs.Int64("to", 0, "last message id (default: all)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	pool, closeDB, ok := openCommandDB(ctx, &cfg, log, "reprocess", stderr, 4, true)
	if !ok {
		return 1
	}
	defer closeDB()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan reprocess: %v\n", err)
		return 1
	}
	store := postgres.New(pool)
	after, total := *from-1, 0
	for {
		ids, err := store.MessageIDs(ctx, after, 1000)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan reprocess: %v\n", err)
			return 1
		}
		var todo []int64
		for _, id := range ids {
			if *to > 0 && id > *to {
				break
			}
			todo = append(todo, id)
		}
		// One parse_message job per 100 messages, as the watcher's commit
		// batches: the later stages work on the batch set-wise.
		var params []river.InsertManyParams
		for batch := range slices.Chunk(todo, 100) {
			params = append(params, river.InsertManyParams{Args: jobs.ParseMessageArgs{MessageIDs: batch}})
		}
		if len(params) > 0 {
			if _, err := client.InsertMany(ctx, params); err != nil {
				fmt.Fprintf(stderr, "tiepnhan reprocess: %v\n", err)
				return 1
			}
			total += len(todo)
		}
		if len(todo) < len(ids) || len(ids) == 0 {
			break
		}
		after = ids[len(ids)-1]
	}
	fmt.Fprintf(stdout, "đã xếp hàng xử lý lại %d thư (queued %d messages for reprocessing; a running `tiepnhan serve` works them)\n", total, total)
	return 0
}
