package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// assigned follows an assignment: the assignee answers for the open
// posting and review deadlines (step 0 of the escalation chain); sent to a
// board member for review, the 1 working day of Điều 12 khoản 3 starts;
// the routing's assignment follows, so that the least-loaded choice counts
// the work people give by hand.
func (d *Desk) assigned(ctx context.Context, tx pgx.Tx, a action) error {
	s, id, c := d.store(), a.ItemID, a.Command
	email, err := s.AccountEmail(ctx, tx, c.AssigneeID)
	if err != nil {
		return fmt.Errorf("assignee %d: %w", c.AssigneeID, err)
	}
	if c.Review {
		if _, err := d.Deps.Deadlines.Event(ctx, tx, id, deadline.AssignedBoardMember, a.At, a.Actor); err != nil {
			return err
		}
	}
	if email != "" && d.Deps.Deadlines != nil {
		ds, err := s.SubmissionDeadlines(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, dl := range ds {
			if dl.Open() && (dl.Rule.Stop == deadline.Published || dl.Rule.Stop == deadline.BoardMemberReturned) {
				if err := s.SetDeadlineAssignee(ctx, tx, dl.ID, email, a.Actor); err != nil {
					return err
				}
			}
		}
	}
	if d.Deps.Classify == nil || email == "" {
		return nil
	}
	return d.recordAssignment(ctx, tx, a, email)
}

// routingTarget is the routing's target of each role of the directory.
var routingTarget = map[directory.Role]string{directory.RoleEditor: "portal_editor", directory.RoleBoardMember: "board_member",
	directory.RoleEnglishTeam: "english_team", directory.RoleSiteEditor: "component_site", directory.RoleStandingBoard: "standing_board"}

// recordAssignment records a person's assignment to the account with
// e-mail address email in the routing's assignments (loads), when the
// directory in force lists that person.
func (d *Desk) recordAssignment(ctx context.Context, tx pgx.Tx, a action, email string) error {
	s, id := d.store(), a.ItemID
	dir, err := d.directoryAt(ctx, tx, workday.DateOf(d.now()))
	if err != nil {
		return err
	}
	var who *directory.Person
	for i := range dir.People {
		if strings.EqualFold(dir.People[i].Email, email) {
			who = &dir.People[i]
		}
	}
	if who == nil {
		return nil // an account the directory does not list: no load to count
	}
	target := routingTarget[who.Role]
	if target == "" {
		return nil
	}
	if cur, err := s.OpenAssignment(ctx, tx, id); err == nil && cur.PersonID == who.ID {
		return nil
	} else if err != nil && !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	if _, err := s.CloseAssignment(ctx, tx, id, a.Actor, "phân công lại"); err != nil {
		return err
	}
	_, err = s.Assign(ctx, tx, postgres.Assignment{SubmissionID: id, Target: target, PersonID: who.ID, PersonEmail: who.Email, Site: who.Site,
		Reason: "Thường trực Ban Biên tập phân công (" + a.Actor + ")"})
	return err
}

// reviewed follows the board member's return (Điều 12 khoản 3): the
// review's day ends (met or late).
func (d *Desk) reviewed(ctx context.Context, tx pgx.Tx, a action) error {
	_, err := d.Deps.Deadlines.Event(ctx, tx, a.ItemID, deadline.BoardMemberReturned, a.At, a.Actor)
	return err
}

// published follows a publication recorded as it happens: the posting
// deadlines are met or late (Điều 13), the item is recorded as published
// for the near-duplicate screen (Điều 14 khoản 4) and the author told.
func (d *Desk) published(ctx context.Context, tx pgx.Tx, a action) error {
	id, url := a.ItemID, strings.TrimSpace(a.Command.URL)
	if _, err := d.Deps.Deadlines.Event(ctx, tx, id, deadline.Published, a.At, a.Actor); err != nil {
		return err
	}
	if err := d.store().MarkPublished(ctx, tx, id, url, a.Subject, a.At); err != nil && !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	return d.Deps.EnqueueNotice(ctx, tx, d.Jobs, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Published), URL: url, At: a.At})
}

// publishedOnPortal follows a publication confirmed from the Portal's
// feed (Điều 13): the Portal published it at the feed's time, not at the
// click, so the posting deadlines stop at that instant (met when before
// their due instant, even one breached since); the feed item is the
// item's publication (Điều 14 khoản 4).
func (d *Desk) publishedOnPortal(ctx context.Context, tx pgx.Tx, a action) error {
	id, c := a.ItemID, a.Command
	if _, err := d.Deps.Deadlines.Event(ctx, tx, id, deadline.Published, c.PublishedAt, a.Actor); err != nil {
		return err
	}
	if err := d.store().LinkPublished(ctx, tx, id, c.URL); err != nil {
		return err
	}
	return d.Deps.EnqueueNotice(ctx, tx, d.Jobs, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Published), URL: c.URL, At: c.PublishedAt})
}

// refused follows a refusal (Điều 14): what is open is cancelled and the
// author told the ground.
func (d *Desk) refused(ctx context.Context, tx pgx.Tx, a action) error {
	id, ground := a.ItemID, a.Command.Ground
	if _, err := d.Deps.Deadlines.Cancel(ctx, tx, id, a.At, a.Actor, reasonRefused+": "+ground); err != nil {
		return err
	}
	return d.Deps.EnqueueNotice(ctx, tx, d.Jobs, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Refused), Ground: ground})
}

// takenDown follows a takedown (Điều 15 khoản 3): what is open is
// cancelled.
func (d *Desk) takenDown(ctx context.Context, tx pgx.Tx, a action) error {
	_, err := d.Deps.Deadlines.Cancel(ctx, tx, a.ItemID, a.At, a.Actor, reasonTakedown)
	return err
}

// closed follows a closing: what is open is cancelled.
func (d *Desk) closed(ctx context.Context, tx pgx.Tx, a action) error {
	_, err := d.Deps.Deadlines.Cancel(ctx, tx, a.ItemID, a.At, a.Actor, reasonClosed)
	return err
}

// answered follows the unit's answer typed in the UI (Điều 11 khoản 1):
// the forward is acknowledged and what is open is cancelled.
func (d *Desk) answered(ctx context.Context, tx pgx.Tx, a action) error {
	if _, err := d.store().AcknowledgeForwardInUI(ctx, tx, a.ItemID, a.At, a.Actor); err != nil {
		return err
	}
	_, err := d.Deps.Deadlines.Cancel(ctx, tx, a.ItemID, a.At, a.Actor, reasonAnswered)
	return err
}
