package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Apply is desk.Desk.Act without what follows an action (test helper: the
// tests here check what the store loads and records): ActionItem, the
// workflow's decision, RecordAction, in one transaction as p.
func (u *UI) Apply(ctx context.Context, p auth.Principal, id int64, c workflow.Command) error {
	return u.inTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		it, _, err := u.ActionItem(ctx, tx, id, c)
		if err != nil {
			return err
		}
		step, err := workflow.Apply(it, p, c)
		if err != nil {
			return err
		}
		return u.RecordAction(ctx, tx, id, p, c, step)
	})
}
