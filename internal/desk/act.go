package desk

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Desk carries out what people do at the desk.
type Desk struct {
	// Deps are the service's: the store, the deadlines (nil: none), the
	// directory and mail settings (Deps.Classify; nil: no mail, no
	// routing).
	Deps *pipeline.Service
	// Jobs inserts, in the action's transaction, the jobs it starts. It
	// may be an insert-only client (a command).
	Jobs *river.Client[pgx.Tx]
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

var _ view.Desk = (*Desk)(nil)

func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Desk) store() *postgres.Store { return d.Deps.Store }

// action is an action as it was applied, for what follows it in the same
// transaction.
type action struct {
	ItemID  int64
	Actor   string // "user:<username>", as in the audit trail
	Command workflow.Command
	// From and To are the states before and after (equal when the action
	// does not move the item).
	From, To string
	// Before is the classification before the action (ActClassify).
	Before workflow.Classification
	// Subject is the item's subject (a published item's title, Điều 14
	// khoản 4).
	Subject string
	At      time.Time
}

// Act applies command c of principal p to item id in one transaction as
// p: the workflow decides (rights, state, inputs), the store records, then
// the action's effects follow (follow). A missing or invisible item is
// workflow.ErrNotFound, a right p lacks workflow.ErrForbidden, a mistake
// the person can fix a *workflow.InvalidError.
func (d *Desk) Act(ctx context.Context, p auth.Principal, id int64, c workflow.Command) error {
	return d.store().InTxAs(ctx, p.Actor(), func(tx pgx.Tx) error { return d.act(ctx, tx, p, id, c) })
}

// act is Act inside tx (the actor set): every action of a person on an
// item, typed on a form or proposed by the service (DecideProposal), goes
// through it.
func (d *Desk) act(ctx context.Context, tx pgx.Tx, p auth.Principal, id int64, c workflow.Command) error {
	s := d.store()
	it, subject, err := s.ActionItem(ctx, tx, id, c)
	if err != nil {
		return err
	}
	step, err := workflow.Apply(it, p, c)
	if err != nil {
		return err
	}
	if err := s.RecordAction(ctx, tx, id, p, c, step); err != nil {
		return err
	}
	return d.follow(ctx, tx, action{ItemID: id, Actor: p.Actor(), Command: c,
		From: step.From, To: step.To, Before: it.Classification, Subject: subject, At: d.now()})
}

// follow runs what follows action a, in its transaction.
func (d *Desk) follow(ctx context.Context, tx pgx.Tx, a action) error {
	switch a.Command.Action {
	case workflow.ActClassify:
		return d.classified(ctx, tx, a)
	case workflow.ActQuarantine:
		return d.quarantineDecided(ctx, tx, a)
	case workflow.ActRequestSupp:
		return d.supplementRequested(ctx, tx, a)
	case workflow.ActForward:
		return d.forwarded(ctx, tx, a)
	case workflow.ActAssign:
		return d.assigned(ctx, tx, a)
	case workflow.ActReviewed:
		return d.reviewed(ctx, tx, a)
	case workflow.ActPublish:
		return d.published(ctx, tx, a)
	case workflow.ActConfirmPublished:
		return d.publishedOnPortal(ctx, tx, a)
	case workflow.ActRefuse:
		return d.refused(ctx, tx, a)
	case workflow.ActTakedown:
		return d.takenDown(ctx, tx, a)
	case workflow.ActClose:
		return d.closed(ctx, tx, a)
	case workflow.ActAnswer:
		return d.answered(ctx, tx, a)
	}
	return nil // submit, approve, return, restore, dismiss: the state and the history say it all
}

// insert enqueues args in tx, about item id.
func (d *Desk) insert(ctx context.Context, tx pgx.Tx, id int64, args river.JobArgs) error {
	if d.Jobs == nil {
		return fmt.Errorf("%s for item %d: no River client", args.Kind(), id)
	}
	if _, err := d.Jobs.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("enqueue %s for item %d: %w", args.Kind(), id, err)
	}
	return nil
}
