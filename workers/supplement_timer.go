package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// supplementRule is the rule of the wait for the author's answer: "Trong
// thời hạn 01 ngày làm việc không có thông tin phản hồi, Thường trực Ban
// Biên tập quyết định việc đăng tải hoặc không đăng tải" (Điều 11 khoản 2).
const supplementRule = "11.2"

// startSupplementTimer starts the Điều 11 khoản 2 deadline of a submission
// when its supplement request is sent (with deadlines running in this
// process): stored, its warning and breach jobs scheduled; on breach the
// Standing Board must decide. A submission with that deadline open keeps it.
func (d *Deps) startSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	dd := d.Deadlines
	if dd == nil {
		return nil
	}
	var rule *deadline.Rule
	for i := range dd.Rules {
		if dd.Rules[i].ID == supplementRule {
			rule = &dd.Rules[i]
		}
	}
	if rule == nil {
		return nil // the administrator's rules file has no 11.2
	}
	existing, err := d.Store.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return err
	}
	for _, e := range existing {
		if e.Rule.ID == supplementRule && e.Open() {
			return nil
		}
	}
	cal, err := dd.Calendar.Load(ctx, d.Store, tx)
	if err != nil {
		return err
	}
	dl := deadline.New(cal, *rule, deadline.SupplementRequested, at)
	sd, err := d.Store.InsertDeadline(ctx, tx, subID, dl, deadline.Explain(cal, dl), "system")
	if err != nil {
		return err
	}
	return scheduleDeadlineJobs(ctx, tx, river.ClientFromContext[pgx.Tx](ctx), cal, dd.Fractions, sd)
}

// stopSupplementTimer stops the open Điều 11 khoản 2 deadline of a
// submission at the author's answer: met, or breached if it came late.
func (d *Deps) stopSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	dd := d.Deadlines
	if dd == nil {
		return nil
	}
	existing, err := d.Store.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return err
	}
	for _, e := range existing {
		if e.Rule.ID != supplementRule || !e.Open() {
			continue
		}
		cal, err := dd.Calendar.Load(ctx, d.Store, tx)
		if err != nil {
			return err
		}
		n, err := e.Deadline.Stop(at)
		if err != nil {
			return fmt.Errorf("stop deadline %d: %w", e.ID, err)
		}
		kind := "met"
		if n.State != deadline.Met {
			kind = string(n.State)
		}
		if _, err := d.Store.UpdateDeadline(ctx, tx, e, n, cal, deadline.Explain(cal, n), postgres.DeadlineChange{
			Kind: kind, Actor: "system", Reason: "tác giả phản hồi yêu cầu bổ sung thông tin (Điều 11 khoản 2)"}); err != nil {
			return err
		}
	}
	return nil
}
