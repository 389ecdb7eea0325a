package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// classified follows a person's classification, confirmed or corrected:
// it becomes the stored one, each correction recorded for the rules'
// authors; a new timing class (or kind) recomputes the deadlines (Điều 10,
// 13); a new kind, unit, target or language routes the item again.
func (d *Desk) classified(ctx context.Context, tx pgx.Tx, a action) error {
	s, id := d.store(), a.ItemID
	before, after := a.Before, a.Command.Classification
	if _, err := s.ApplyPersonClassification(ctx, tx, id); err != nil {
		return err
	}
	if d.Deps.Deadlines != nil && (before.Timing != after.Timing || before.Kind != after.Kind) {
		// Điều 10 and 13: the class decides the deadlines; those started
		// by the receipt are recomputed, the others are kept.
		facts, err := d.Deps.Deadlines.Facts(ctx, tx, id)
		if err != nil {
			return err
		}
		reason := fmt.Sprintf("phân loại lại: nhóm thời hạn %q → %q", before.Timing, after.Timing)
		if _, err := d.Deps.Deadlines.Replace(ctx, tx, id, facts, a.Actor, reason); err != nil {
			return err
		}
	}
	if before.Kind == after.Kind && before.Unit == after.Unit && before.Target == after.Target && before.Language == after.Language {
		return nil
	}
	return d.reroute(ctx, tx, id, a.Actor, "phân loại lại")
}

// quarantineDecided records a person's quarantine decision with the
// classification (Điều 14 khoản 2: "a human confirms"); a quarantine
// lifted or imposed routes the item again (a quarantined item stays with
// the Standing Board, never forwarded).
func (d *Desk) quarantineDecided(ctx context.Context, tx pgx.Tx, a action) error {
	s, id, keep := d.store(), a.ItemID, a.Command.Quarantine
	c, err := s.Classification(ctx, tx, id)
	if errors.Is(err, intake.ErrNotFound) {
		return nil // the machine's classification keeps the person's decision (ApplyPersonClassification)
	}
	if err != nil {
		return err
	}
	decision := "lifted"
	if keep {
		decision = "confirmed"
	}
	if c.QuarantineDecision == decision && c.Quarantined == keep {
		return nil
	}
	if !c.Quarantined && !keep {
		return nil // nothing to lift
	}
	if err := s.DecideQuarantine(ctx, tx, id, decision, a.Actor); err != nil {
		return err
	}
	if c.Quarantined == keep {
		return nil
	}
	return d.reroute(ctx, tx, id, a.Actor, "quyết định cách ly (Điều 14 khoản 2): "+decision)
}

// reroute sends an item through routing again after a person changed what
// routing decides on. Nothing happens before the machine classified it
// (routing follows classification, with the person's values), nor for a
// closed item. A query forwarded already goes to the unit now classified,
// if another; anything else has its open assignment closed and is routed
// again (route_submission), which also forwards a query not yet forwarded.
func (d *Desk) reroute(ctx context.Context, tx pgx.Tx, id int64, actor, why string) error {
	if d.Deps.Classify == nil {
		return nil
	}
	s := d.store()
	c, err := s.Classification(ctx, tx, id)
	if errors.Is(err, intake.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	sub, err := s.Submission(ctx, tx, id)
	if err != nil {
		return err
	}
	if !workflow.Open(string(sub.State)) {
		return nil
	}
	if c.Result.Target == "unit" && !c.Quarantined {
		f, err := s.ForwardOf(ctx, tx, id)
		switch {
		case err == nil && f.SentAt != nil:
			if f.Unit == c.Result.Unit || !d.Deps.MailOn() {
				return nil
			}
			if err := d.canForward(ctx, tx, id, c.Result.Unit); err != nil {
				return err
			}
			return d.insert(ctx, tx, id, jobs.RouteForwardArgs{SubmissionID: id, Unit: c.Result.Unit, By: actor})
		case err != nil && !errors.Is(err, intake.ErrNotFound):
			return err
		}
	}
	if _, err := s.CloseAssignment(ctx, tx, id, actor, why); err != nil {
		return err
	}
	return d.insert(ctx, tx, id, jobs.RouteSubmissionArgs{SubmissionID: id})
}
