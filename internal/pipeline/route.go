package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Route routes the classified submission of args (Điều 11 khoản 1, bước
// 2): an item under quarantine stays with the Standing Board (Điều 14 khoản
// 2); a query not for posting is forwarded to its unit (a route_forward
// job); an item for posting goes to an editor of the Portal, the team of a
// component site, the English team (Điều 21 khoản 6) or the board member of
// its field (Điều 12 khoản 3): by field first, then the least loaded
// available person; a complaint goes to the Standing Board (Điều 15). job.Done
// completes the job in the same transaction.
func (d *Service) Route(ctx context.Context, args jobs.RouteSubmissionArgs, job Job) error {
	if d.Classify == nil {
		return notConfigured("routing is")
	}
	return d.onSubmission(ctx, args.SubmissionID, job.Done, func(tx pgx.Tx, sub intake.Submission) error {
		return d.route(ctx, tx, sub)
	})
}

func (d *Service) route(ctx context.Context, tx pgx.Tx, sub intake.Submission) error {
	s := d.Store
	c, err := s.Classification(ctx, tx, sub.ID)
	if err != nil {
		return Permanent(fmt.Errorf("classification of %s: %w", sub.Reference, err))
	}
	if _, err := s.OpenAssignment(ctx, tx, sub.ID); err == nil {
		return nil // routed by an earlier run
	} else if !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	r := c.Result
	target := r.Target
	if c.Quarantined {
		target = "standing_board" // Điều 14 khoản 2: nobody else sees it
	}
	switch {
	case target == "":
		// auto_reply, other: recorded for the Standing Board's inbox only.
		return nil
	case target == "unit":
		if !d.Classify.ForwardQueries || r.Unit == "" {
			// No unit known, or forwarding is off: the Standing Board
			// forwards by hand.
			if err := d.assign(ctx, tx, sub, "standing_board", r.Unit, ""); err != nil {
				return err
			}
			return nil
		}
		if err := insert(ctx, tx, jobs.RouteForwardArgs{SubmissionID: sub.ID}, sub.Reference); err != nil {
			return err
		}
		return nil
	}
	if err := d.assign(ctx, tx, sub, target, r.Unit, r.ComponentSite); err != nil {
		return err
	}
	return nil
}

// assign picks the person for target and records the assignment; with
// nobody available the item waits in the target's queue (person "").
func (d *Service) assign(ctx context.Context, tx pgx.Tx, sub intake.Submission, target, unit, site string) error {
	s := d.Store
	day := workday.DateOf(d.Classify.Clock())
	dir, err := d.DirectoryAt(ctx, tx, day)
	if err != nil {
		return err
	}
	role, ok := directory.RoleFor(target)
	if !ok {
		return river.JobCancel(fmt.Errorf("%s: no role handles target %q", sub.Reference, target))
	}
	if role == directory.RoleSiteEditor && site == "" {
		if u := dir.Unit(unit); u != nil {
			site = u.ComponentSite
		}
	}
	loads, err := s.Loads(ctx, tx)
	if err != nil {
		return err
	}
	away, err := s.Away(ctx, tx, day)
	if err != nil {
		return err
	}
	a := postgres.Assignment{SubmissionID: sub.ID, Target: target, Site: site}
	if pick, ok := dir.Assign(role, unit, site, loads, away); ok {
		a.PersonID, a.PersonEmail, a.Reason = pick.Person.ID, pick.Person.Email, pick.Reason
	} else {
		a.Reason = "không có người nào đang làm việc trong nhóm này: chờ Thường trực Ban Biên tập phân công"
	}
	_, err = s.Assign(ctx, tx, a)
	return err
}
