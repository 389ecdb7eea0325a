package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// RecordReply handles the reply of args once it is read: the author's
// answer to a supplement request completes the item's sender data (which
// requested fields it supplies, which are still missing) and ends the Điều
// 11 khoản 2 wait; a unit's answer to a forward acknowledges it (Điều 11
// khoản 1, bước 2). job.Done completes the job in the transaction that records
// it.
func (d *Service) RecordReply(ctx context.Context, args jobs.RouteReplyArgs, job Job) error {
	return d.inTx(ctx, job.Done, func(tx pgx.Tx) error { return d.recordReply(ctx, tx, args) })
}

func (d *Service) recordReply(ctx context.Context, tx pgx.Tx, args jobs.RouteReplyArgs) error {
	s := d.Store
	if err := s.LockSubmission(ctx, tx, args.SubmissionID); err != nil {
		return Permanent(err)
	}
	m, err := s.Message(ctx, tx, args.MessageID)
	if err != nil {
		return Permanent(fmt.Errorf("load message %d: %w", args.MessageID, err))
	}
	p, err := s.Parsed(ctx, tx, m.ID)
	if err != nil {
		return Permanent(fmt.Errorf("load parsed message %d: %w", m.ID, err))
	}
	refs := append(append([]string{}, p.InReplyTo...), p.References...)
	o, err := s.OutboundFor(ctx, tx, args.SubmissionID, refs)
	if errors.Is(err, intake.ErrNotFound) {
		return nil // not an answer to a message of ours
	} else if err != nil {
		return err
	}
	rd, err := s.Reading(ctx, tx, m.ID)
	if err != nil {
		return Permanent(fmt.Errorf("what was read of message %d: %w", m.ID, err))
	}
	kind := o.Kind
	if doubt := replyDoubt(o, p.FromAddr, rd.Authentication()); doubt != "" {
		// Attached to the item, but it neither answers the request nor
		// acknowledges the forward: a person looks at it.
		if err := s.FlagMessage(ctx, tx, m.ID, "unverified_reply"); err != nil {
			return err
		}
		if err := s.AddEvent(ctx, tx, args.SubmissionID, "system", "reply_unverified", map[string]any{"message_id": m.ID, "answers": o.Kind, "reason": doubt}); err != nil {
			return err
		}
		d.Log.Warn("reply not from the address written to, or failing authentication: left for a person", "message_id", m.ID, "reason", doubt)
		return nil
	}
	switch kind {
	case "supplement_request":
		r, err := s.SupplementRequestOf(ctx, tx, args.SubmissionID)
		if err != nil {
			return Permanent(err)
		}
		supplied, still := answered(r.Missing, r.Invalid, r.PortalLine, rd)
		ok, err := s.AnswerSupplement(ctx, tx, args.SubmissionID, m.ID, m.ReceivedAt, supplied, still)
		if err != nil {
			return err
		}
		if ok {
			if err := d.stopSupplementTimer(ctx, tx, args.SubmissionID, m.ReceivedAt); err != nil {
				return fmt.Errorf("stop the Điều 11 khoản 2 timer of submission %d: %w", args.SubmissionID, err)
			}
			// "An answer resumes the item" (Điều 11 khoản 2): an item a
			// person set waiting for its author goes back to where it was.
			if _, _, err := s.ResumeAfterSupplement(ctx, tx, args.SubmissionID, "system"); err != nil {
				return err
			}
		}
	case "forward":
		if _, err := s.AcknowledgeForward(ctx, tx, args.SubmissionID, m.ID, m.ReceivedAt); err != nil {
			return err
		}
	}
	return nil
}

// replyDoubt says why a reply to our message o cannot count as its answer
// (issue 12, finding 1), or "": it must come from an address we wrote to,
// and, where the receiving server or our own check judged its From:
// domain, must not fail that check (RFC 7489: a DMARC fail means the
// domain did not send it).
func replyDoubt(o postgres.Outbound, from string, auth mailauth.Result) string {
	from = strings.ToLower(strings.TrimSpace(from))
	sent := false
	for _, to := range strings.Split(o.To, ",") {
		sent = sent || (from != "" && strings.EqualFold(AddressOf(to), from))
	}
	switch {
	case !sent:
		return "sender_not_recipient"
	case auth.Failed():
		return "authentication_failed"
	}
	return ""
}

// answered splits what a supplement request asked into what the answer
// supplies (no longer missing nor invalid in the answer's own sender data,
// Điều 9 khoản 3; a document naming the Portal, Điều 9 khoản 2) and what is
// still missing.
func answered(missing, invalid []string, portalLine bool, rep finding.Reading) (supplied, still []string) {
	asked := append(append([]string{}, missing...), invalid...)
	for _, f := range asked {
		if slices.Contains(rep.Submitter.Missing, f) || slices.Contains(rep.Submitter.Invalid, f) {
			still = append(still, f)
		} else if !slices.Contains(supplied, f) {
			supplied = append(supplied, f)
		}
	}
	if portalLine {
		if rep.Document.Found && rep.Document.PortalRecipient {
			supplied = append(supplied, "portal_line")
		} else {
			still = append(still, "portal_line")
		}
	}
	return supplied, still
}
