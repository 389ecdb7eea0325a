package desk

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// Reasons recorded with the deadlines an action settles, in Vietnamese.
const (
	reasonRefused  = "từ chối đăng tải (Điều 14)"
	reasonTakedown = "gỡ bỏ thông tin đã đăng tải (Điều 15 khoản 3)"
	reasonClosed   = "đóng hồ sơ, không cần xử lý"
	reasonAnswered = "đơn vị đã trả lời (Điều 11 khoản 1)"
)

// supplementRequested follows a supplement request (Điều 11 khoản 2): the
// e-mail to the author with the person's note (supplement_request), whose
// sending starts the 1-working-day timer.
func (d *Desk) supplementRequested(ctx context.Context, tx pgx.Tx, a action) error {
	if !d.Deps.MailOn() {
		return nil
	}
	if err := d.canWriteAbout(ctx, tx, a.ItemID, true); err != nil {
		return err
	}
	return d.insert(ctx, tx, a.ItemID, jobs.SupplementRequestArgs{SubmissionID: a.ItemID, Note: a.Command.Note, By: a.Actor})
}

// forwarded follows a forward (Điều 11 khoản 1, bước 2): the e-mail to the
// unit the person chose (route_forward); the posting deadlines end.
func (d *Desk) forwarded(ctx context.Context, tx pgx.Tx, a action) error {
	c := a.Command
	if d.Deps.MailOn() {
		if err := d.canForward(ctx, tx, a.ItemID, c.Unit); err != nil {
			return err
		}
		if err := d.insert(ctx, tx, a.ItemID, jobs.RouteForwardArgs{SubmissionID: a.ItemID, Unit: c.Unit, Note: c.Note, By: a.Actor}); err != nil {
			return err
		}
	}
	return d.Deps.Deadlines.CancelPosting(ctx, tx, a.ItemID, a.At, a.Actor, pipeline.ReasonForwarded)
}

// canWriteAbout refuses mail about an item under quarantine (Điều 14 khoản
// 2) and, toAuthor, mail to a sender that must never get automatic mail
// (RFC 3834 §2, our own mailbox), in words the person acting can act on.
func (d *Desk) canWriteAbout(ctx context.Context, tx pgx.Tx, id int64, toAuthor bool) error {
	s := d.store()
	quarantined, err := s.ItemQuarantined(ctx, tx, id)
	if err != nil {
		return err
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
	if toAuthor && pipeline.NoReply(sub.FromAddr, pipeline.AddressOf(d.Deps.Classify.From)) {
		return workflow.Invalidf("không gửi được yêu cầu bổ sung tới địa chỉ %q (địa chỉ tự động hoặc của chính hộp thư)", sub.FromAddr)
	}
	return nil
}

// canForward checks, before the action commits, what route_forward would
// otherwise cancel later without anyone seeing: the unit must be in the
// directory in force today with an e-mail address.
func (d *Desk) canForward(ctx context.Context, tx pgx.Tx, id int64, code string) error {
	if err := d.canWriteAbout(ctx, tx, id, false); err != nil {
		return err
	}
	dir, err := d.directoryAt(ctx, tx, workday.DateOf(d.now()))
	if err != nil {
		return err
	}
	u := dir.Unit(code)
	switch {
	case u == nil:
		return workflow.Invalidf("đơn vị %q không có trong danh bạ đang có hiệu lực", code)
	case u.Email == "":
		return workflow.Invalidf("đơn vị %s chưa có địa chỉ thư điện tử trong danh bạ: cập nhật danh bạ trước khi chuyển", u.Name)
	case pipeline.NoReply(u.Email, pipeline.AddressOf(d.Deps.Classify.From)):
		return workflow.Invalidf("địa chỉ %s của đơn vị %s là địa chỉ tự động hoặc của chính hộp thư", u.Email, u.Name)
	}
	return nil
}
