package workers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// UIActions returns the hook the web UI runs inside the transaction of each
// action a person takes on an item (postgres.UI.OnAction), so that the
// action and what follows from it commit together or not at all:
//
//   - a supplement request (Điều 11 khoản 2) enqueues the e-mail to the
//     author with the person's note (supplement_request); its sending
//     starts the 1-working-day timer;
//   - a forward (Điều 11 khoản 1, bước 2) enqueues the e-mail to the unit
//     the person chose (route_forward) and ends the posting deadlines;
//   - a classification confirmed or corrected becomes the stored one, each
//     correction recorded for the rules' authors; a new timing class
//     recomputes the deadlines (Điều 10, 13); a new kind, unit, target or
//     language routes the item again (a query already forwarded goes to
//     the unit chosen);
//   - a quarantine decision (Điều 14 khoản 2) is recorded with the
//     classification, and a changed quarantine routes the item again;
//   - an assignment names who answers for the deadlines, starts the board
//     member's 1 working day (Điều 12 khoản 3) when sent for review, and is
//     recorded in the routing's assignments (loads);
//   - the board member's return stops that day (met or late);
//   - a publication stops the posting deadlines (Điều 13) and records the
//     item as published for the near-duplicate screen (Điều 14 khoản 4);
//     one confirmed from the Portal's feed stops them at the feed's time
//     and links the feed item to the item;
//   - a refusal (Điều 14), a takedown (Điều 15), a closing and the unit's
//     answer cancel what is still open.
//
// client inserts the jobs. A mistake the person can fix (a unit without
// e-mail address, an automatic sender) comes back as a workflow.InvalidError
// and the action is refused.
func UIActions(d *Deps, client *river.Client[pgx.Tx]) func(ctx context.Context, tx pgx.Tx, done workflow.Done) error {
	return func(ctx context.Context, tx pgx.Tx, done workflow.Done) error {
		return d.uiAction(ctx, tx, client, done)
	}
}

// Reasons recorded with the deadlines an action settles, in Vietnamese.
const (
	reasonForwarded = "chuyển đơn vị xử lý, không thuộc diện đăng tải (Điều 11 khoản 1)"
	reasonRefused   = "từ chối đăng tải (Điều 14)"
	reasonTakedown  = "gỡ bỏ thông tin đã đăng tải (Điều 15 khoản 3)"
	reasonClosed    = "đóng hồ sơ, không cần xử lý"
	reasonAnswered  = "đơn vị đã trả lời (Điều 11 khoản 1)"
)

func (d *Deps) uiAction(ctx context.Context, tx pgx.Tx, client *river.Client[pgx.Tx], done workflow.Done) error {
	c := done.Command
	id := done.ItemID
	insert := func(args river.JobArgs) error {
		if client == nil {
			return fmt.Errorf("%s for item %d: no River client", args.Kind(), id)
		}
		if _, err := client.InsertTx(ctx, tx, args, nil); err != nil {
			return fmt.Errorf("enqueue %s for item %d: %w", args.Kind(), id, err)
		}
		return nil
	}
	switch c.Action {
	case workflow.ActClassify:
		return d.uiClassified(ctx, tx, done, insert)
	case workflow.ActQuarantine:
		return d.uiQuarantine(ctx, tx, done, insert)
	case workflow.ActRequestSupp:
		if !d.mailOn() {
			return nil
		}
		if err := d.canWriteAbout(ctx, tx, id, true); err != nil {
			return err
		}
		return insert(jobs.SupplementRequestArgs{SubmissionID: id, Note: c.Note, By: done.Actor})
	case workflow.ActForward:
		if d.mailOn() {
			if err := d.canForward(ctx, tx, id, c.Unit); err != nil {
				return err
			}
			if err := insert(jobs.RouteForwardArgs{SubmissionID: id, Unit: c.Unit, Note: c.Note, By: done.Actor}); err != nil {
				return err
			}
		}
		return d.cancelPostingDeadlines(ctx, tx, id, done.At, done.Actor, reasonForwarded)
	case workflow.ActAssign:
		return d.uiAssigned(ctx, tx, done)
	case workflow.ActReviewed:
		// Điều 12 khoản 3: the board member sent it back; its day ends.
		_, err := d.DeadlineEvent(ctx, tx, id, deadline.BoardMemberReturned, done.At, done.Actor)
		return err
	case workflow.ActPublish:
		// Điều 13: published, the posting deadlines are met (or late).
		if _, err := d.DeadlineEvent(ctx, tx, id, deadline.Published, done.At, done.Actor); err != nil {
			return err
		}
		// Điều 14 khoản 4: later submissions repeating it are flagged.
		if err := d.Store.MarkPublished(ctx, tx, id, strings.TrimSpace(c.URL), done.Subject, done.At); err != nil && !errors.Is(err, intake.ErrNotFound) {
			return err
		}
		return d.enqueueNotice(ctx, tx, client, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Published), URL: strings.TrimSpace(c.URL), At: done.At})
	case workflow.ActConfirmPublished:
		// Điều 13: the Portal published it at the feed's time, not at the
		// click: the posting deadlines stop at that instant (met when before
		// their due instant, even one breached since).
		if _, err := d.DeadlineEvent(ctx, tx, id, deadline.Published, c.PublishedAt, done.Actor); err != nil {
			return err
		}
		// Điều 14 khoản 4: the feed item is the item's publication.
		if err := d.Store.LinkPublished(ctx, tx, id, c.URL); err != nil {
			return err
		}
		return d.enqueueNotice(ctx, tx, client, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Published), URL: c.URL, At: c.PublishedAt})
	case workflow.ActRefuse:
		if _, err := d.CancelDeadlines(ctx, tx, id, done.At, done.Actor, reasonRefused+": "+c.Ground); err != nil {
			return err
		}
		return d.enqueueNotice(ctx, tx, client, jobs.SenderNoticeArgs{SubmissionID: id, Notice: string(notice.Refused), Ground: c.Ground})
	case workflow.ActTakedown:
		_, err := d.CancelDeadlines(ctx, tx, id, done.At, done.Actor, reasonTakedown)
		return err
	case workflow.ActClose:
		_, err := d.CancelDeadlines(ctx, tx, id, done.At, done.Actor, reasonClosed)
		return err
	case workflow.ActAnswer:
		if _, err := d.Store.AcknowledgeForwardInUI(ctx, tx, id, done.At, done.Actor); err != nil {
			return err
		}
		_, err := d.CancelDeadlines(ctx, tx, id, done.At, done.Actor, reasonAnswered)
		return err
	}
	return nil
}

// mailOn reports whether this process sends supplement requests and
// forwards; without it the UI's actions change the item only.
func (d *Deps) mailOn() bool { return d.Classify != nil && d.Classify.Mail != nil }

// canWriteAbout refuses mail about an item under quarantine (Điều 14 khoản
// 2) and, toAuthor, mail to a sender that must never get automatic mail
// (RFC 3834 §2, our own mailbox), in words the person acting can act on.
func (d *Deps) canWriteAbout(ctx context.Context, tx pgx.Tx, id int64, toAuthor bool) error {
	s := d.Store
	var quarantined bool
	if err := tx.QueryRow(ctx, `SELECT quarantined FROM triage WHERE submission_id = $1`, id).Scan(&quarantined); err != nil {
		return fmt.Errorf("item %d: %w", id, err)
	}
	if q, err := s.Quarantined(ctx, tx, id); err != nil {
		return err
	} else if q || quarantined {
		return workflow.Invalidf("Điều 14 khoản 2: hồ sơ đang cách ly, không gửi thư về hồ sơ này ra ngoài Thường trực Ban Biên tập")
	}
	sub, err := s.Submission(ctx, tx, id)
	if err != nil {
		return err
	}
	if auto, err := s.SubmissionAuto(ctx, tx, id); err != nil {
		return err
	} else if auto {
		return workflow.Invalidf("thư của %s là thư tự động (RFC 3834): không gửi thư về thư tự động", sub.FromAddr)
	}
	if toAuthor && noReply(sub.FromAddr, addressOf(d.Classify.From)) {
		return workflow.Invalidf("không gửi được yêu cầu bổ sung tới địa chỉ %q (địa chỉ tự động hoặc của chính hộp thư)", sub.FromAddr)
	}
	return nil
}

// canForward checks, before the action commits, what route_forward would
// otherwise cancel later without anyone seeing: the unit must be in the
// directory in force today with an e-mail address.
func (d *Deps) canForward(ctx context.Context, tx pgx.Tx, id int64, code string) error {
	if err := d.canWriteAbout(ctx, tx, id, false); err != nil {
		return err
	}
	dir, err := d.directoryAt(ctx, tx, workday.DateOf(d.Classify.now()))
	if err != nil {
		return err
	}
	u := dir.Unit(code)
	switch {
	case u == nil:
		return workflow.Invalidf("đơn vị %q không có trong danh bạ đang có hiệu lực", code)
	case u.Email == "":
		return workflow.Invalidf("đơn vị %s chưa có địa chỉ thư điện tử trong danh bạ: cập nhật danh bạ trước khi chuyển", u.Name)
	case noReply(u.Email, addressOf(d.Classify.From)):
		return workflow.Invalidf("địa chỉ %s của đơn vị %s là địa chỉ tự động hoặc của chính hộp thư", u.Email, u.Name)
	}
	return nil
}

// uiClassified follows a person's classification: the stored one and its
// corrections, the deadlines of a new timing class, the routing of a new
// kind, unit, target or language.
func (d *Deps) uiClassified(ctx context.Context, tx pgx.Tx, done workflow.Done, insert func(river.JobArgs) error) error {
	s, id := d.Store, done.ItemID
	before, after := done.Before, done.Command.Classification
	if _, err := s.ApplyPersonClassification(ctx, tx, id); err != nil {
		return err
	}
	if d.Deadlines != nil && (before.Timing != after.Timing || before.Kind != after.Kind) {
		// Điều 10 and 13: the class decides the deadlines; those started
		// by the receipt are recomputed, the others are kept.
		facts, err := d.SubmissionFacts(ctx, tx, id)
		if err != nil {
			return err
		}
		reason := fmt.Sprintf("phân loại lại: nhóm thời hạn %q → %q", before.Timing, after.Timing)
		if _, err := d.ReplaceDeadlines(ctx, tx, id, facts, done.Actor, reason); err != nil {
			return err
		}
	}
	if before.Kind == after.Kind && before.Unit == after.Unit && before.Target == after.Target && before.Language == after.Language {
		return nil
	}
	return d.reroute(ctx, tx, id, done.Actor, "phân loại lại", insert)
}

// reroute sends an item through routing again after a person changed what
// routing decides on. Nothing happens before the machine classified it
// (routing follows classification, with the person's values), nor for a
// closed item. A query forwarded already goes to the unit now classified,
// if another; anything else has its open assignment closed and is routed
// again (route_submission), which also forwards a query not yet forwarded.
func (d *Deps) reroute(ctx context.Context, tx pgx.Tx, id int64, actor, why string, insert func(river.JobArgs) error) error {
	if d.Classify == nil {
		return nil
	}
	s := d.Store
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
			if f.Unit == c.Result.Unit || !d.mailOn() {
				return nil
			}
			if err := d.canForward(ctx, tx, id, c.Result.Unit); err != nil {
				return err
			}
			return insert(jobs.RouteForwardArgs{SubmissionID: id, Unit: c.Result.Unit, By: actor})
		case err != nil && !errors.Is(err, intake.ErrNotFound):
			return err
		}
	}
	if _, err := s.CloseAssignment(ctx, tx, id, actor, why); err != nil {
		return err
	}
	return insert(jobs.RouteSubmissionArgs{SubmissionID: id})
}

// uiQuarantine records a person's quarantine decision with the
// classification (Điều 14 khoản 2: "a human confirms"); a quarantine
// lifted or imposed routes the item again (a quarantined item stays with
// the Standing Board, never forwarded).
func (d *Deps) uiQuarantine(ctx context.Context, tx pgx.Tx, done workflow.Done, insert func(river.JobArgs) error) error {
	s, id := d.Store, done.ItemID
	c, err := s.Classification(ctx, tx, id)
	if errors.Is(err, intake.ErrNotFound) {
		return nil // the machine's classification keeps the person's decision (ApplyPersonClassification)
	}
	if err != nil {
		return err
	}
	decision := "lifted"
	if done.Command.Quarantine {
		decision = "confirmed"
	}
	if c.QuarantineDecision == decision && c.Quarantined == done.Command.Quarantine {
		return nil
	}
	if !c.Quarantined && !done.Command.Quarantine {
		return nil // nothing to lift
	}
	if err := s.DecideQuarantine(ctx, tx, id, decision, done.Actor); err != nil {
		return err
	}
	if c.Quarantined == done.Command.Quarantine {
		return nil
	}
	return d.reroute(ctx, tx, id, done.Actor, "quyết định cách ly (Điều 14 khoản 2): "+decision, insert)
}

// uiAssigned follows an assignment: the assignee answers for the open
// posting and review deadlines (step 0 of the escalation chain); sent to a
// board member for review, the 1 working day of Điều 12 khoản 3 starts;
// the routing's assignment follows, so that the least-loaded choice counts
// the work people give by hand.
func (d *Deps) uiAssigned(ctx context.Context, tx pgx.Tx, done workflow.Done) error {
	s, id, c := d.Store, done.ItemID, done.Command
	email, err := s.AccountEmail(ctx, tx, c.AssigneeID)
	if err != nil {
		return fmt.Errorf("assignee %d: %w", c.AssigneeID, err)
	}
	if c.Review {
		if _, err := d.DeadlineEvent(ctx, tx, id, deadline.AssignedBoardMember, done.At, done.Actor); err != nil {
			return err
		}
	}
	if email != "" && d.Deadlines != nil {
		ds, err := s.SubmissionDeadlines(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, dl := range ds {
			if dl.Open() && (dl.Rule.Stop == deadline.Published || dl.Rule.Stop == deadline.BoardMemberReturned) {
				if err := s.SetDeadlineAssignee(ctx, tx, dl.ID, email, done.Actor); err != nil {
					return err
				}
			}
		}
	}
	if d.Classify == nil || email == "" {
		return nil
	}
	dir, err := d.directoryAt(ctx, tx, workday.DateOf(d.Classify.now()))
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
	target := map[directory.Role]string{directory.RoleEditor: "portal_editor", directory.RoleBoardMember: "board_member",
		directory.RoleEnglishTeam: "english_team", directory.RoleSiteEditor: "component_site", directory.RoleStandingBoard: "standing_board"}[who.Role]
	if target == "" {
		return nil
	}
	if a, err := s.OpenAssignment(ctx, tx, id); err == nil && a.PersonID == who.ID {
		return nil
	} else if err != nil && !errors.Is(err, intake.ErrNotFound) {
		return err
	}
	if _, err := s.CloseAssignment(ctx, tx, id, done.Actor, "phân công lại"); err != nil {
		return err
	}
	_, err = s.Assign(ctx, tx, postgres.Assignment{SubmissionID: id, Target: target, PersonID: who.ID, PersonEmail: who.Email, Site: who.Site,
		Reason: "Thường trực Ban Biên tập phân công (" + done.Actor + ")"})
	return err
}

// staffNote is the note of the person who forwarded an item, as the
// forward's text shows it.
func staffNote(note string) string {
	note = strings.TrimSpace(note)
	if note == "" {
		return ""
	}
	return "Ghi chú của Thường trực Ban Biên tập:\n" + note + "\n\n"
}
