package workers

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
)

// The wait for the author's answer: "Trong thời hạn 01 ngày làm việc không
// có thông tin phản hồi, Thường trực Ban Biên tập quyết định việc đăng tải
// hoặc không đăng tải" (Điều 11 khoản 2), rule 11.2 of the deadline rules.

// startSupplementTimer starts the Điều 11 khoản 2 deadline of a
// submission when its supplement request is sent (with deadlines running
// in this process), through deadlines.Service.Event: stored, its warning and breach
// jobs scheduled, and the running deadlines whose rule says so paused while
// the author is asked; on breach the Standing Board must decide. A
// submission with that deadline open keeps it.
func (d *Deps) startSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	_, err := d.Deadlines.Event(ctx, tx, subID, deadline.SupplementRequested, at, "system")
	return err
}

// stopSupplementTimer stops the open Điều 11 khoản 2 deadline of a
// submission at the author's answer (met, or breached if it came late) and
// resumes the deadlines paused while waiting, through deadlines.Service.Event.
func (d *Deps) stopSupplementTimer(ctx context.Context, tx pgx.Tx, subID int64, at time.Time) error {
	_, err := d.Deadlines.Event(ctx, tx, subID, deadline.AuthorReplied, at, "system")
	return err
}
