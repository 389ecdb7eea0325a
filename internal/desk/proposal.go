package desk

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// DecideProposal confirms or dismisses publication proposal proposalID of
// item id (issue 14: publication seen, not typed), in one transaction as p,
// through the path of every other action (act): confirmed, the item is
// published at the feed's time (workflow.ActConfirmPublished), which meets
// or misses the Điều 13 deadline at that instant; dismissed, nothing moves
// (workflow.ActDismissPublished). The proposal records who decided and
// when, and the audit trail every row (Điều 6 khoản 2). A proposal of an
// item p may not see is not found; one decided already is a mistake shown
// to the person.
func (d *Desk) DecideProposal(ctx context.Context, p auth.Principal, id, proposalID int64, confirm bool) error {
	s := d.store()
	return s.InTxAs(ctx, p.Actor(), func(tx pgx.Tx) error {
		it, _, err := s.ActionItem(ctx, tx, id, workflow.Command{})
		if err != nil {
			return err
		}
		if !workflow.CanView(p, it.Unit, it.ForwardedUnit, it.Quarantined) {
			return workflow.ErrNotFound
		}
		pp, err := s.LockProposal(ctx, tx, id, proposalID)
		if errors.Is(err, intake.ErrNotFound) {
			return workflow.ErrNotFound
		}
		if err != nil {
			return err
		}
		if pp.State != "open" {
			return workflow.Invalidf("đề xuất này đã được xử lý trước đó (%s)", map[string]string{"confirmed": "đã xác nhận", "dismissed": "đã bỏ qua"}[pp.State])
		}
		c := workflow.Command{Action: workflow.ActDismissPublished, URL: pp.Link, ProposalID: proposalID}
		decided := "dismissed"
		if confirm {
			c.Action, decided = workflow.ActConfirmPublished, "confirmed"
			c.PublishedAt = PublicationTime(pp.PublishedAt, pp.SeenAt, d.now())
		}
		if err := d.act(ctx, tx, p, id, c); err != nil {
			return err
		}
		return s.SetProposalDecided(ctx, tx, proposalID, decided, p.Actor())
	})
}

// PublicationTime is when a confirmed proposal published its item: the
// feed's time, else (a feed item without a date) when the feed was read,
// for the Portal showed it then; never after now (a clock ahead on the
// Portal's side).
func PublicationTime(feed *time.Time, seen, now time.Time) time.Time {
	at := seen
	if feed != nil && !feed.IsZero() {
		at = *feed
	}
	if at.After(now) {
		at = now
	}
	return at
}
