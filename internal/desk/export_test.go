package desk

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// ActInTx is Act inside the caller's transaction tx (tests only: what the
// action and its effects wrote is seen, or not, together).
func (d *Desk) ActInTx(ctx context.Context, tx pgx.Tx, p auth.Principal, id int64, c workflow.Command) error {
	return d.act(ctx, tx, p, id, c)
}
