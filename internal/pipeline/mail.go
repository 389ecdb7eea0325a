package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
)

// ReserveMail counts one automatic message to each of to against the
// per-recipient cap c, in the sending job's transaction
// (postgres.Store.ReserveMail: kept in PostgreSQL, so every serve process
// shares it). Over the cap the job snoozes until a counted message leaves
// the window: automatic mail waits, it is never dropped.
func (d *Service) ReserveMail(ctx context.Context, tx pgx.Tx, to []string, c smtp.Cap, now time.Time) error {
	max := c.Max
	if c.Off() {
		max = 0
	}
	err := d.Store.ReserveMail(ctx, tx, to, max, c.Since(now), now)
	var over *postgres.MailCapError
	if errors.As(err, &over) {
		wait := c.RetryAfter(now, over.Oldest)
		d.Log.Warn("automatic mail held back by the per-recipient cap", "max", over.Max, "retry_in", wait)
		return river.JobSnooze(wait)
	}
	return err
}

// AddressOf returns the bare address of a From: value.
func AddressOf(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Address
	}
	return strings.Trim(from, "<> ")
}

// NoReply tells addresses that must never receive automatic mail: null or
// machine senders (RFC 3834 §2: never answer an automatic message), and
// our own intake mailbox (a loop).
func NoReply(addr, own string) bool {
	a := strings.ToLower(strings.TrimSpace(addr))
	local, _, ok := strings.Cut(a, "@")
	if !ok || local == "" {
		return true
	}
	for _, p := range []string{"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces"} {
		if local == p || strings.HasPrefix(local, p+"+") || strings.HasPrefix(local, p+"-") {
			return true
		}
	}
	return own != "" && strings.EqualFold(a, own)
}

// OutboundMessageID makes the Message-ID of a message we send about a
// submission: the reference and a label for people reading headers, then
// a random token (96 bits), so that no one can write a Message-ID of ours
// before we sent it; a reply matches only an ID recorded in
// outbound_message.
func OutboundMessageID(reference, unique, ownDomain string) string {
	var b [12]byte
	rand.Read(b[:])
	return reference + "." + unique + "." + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])) + "@" + ownDomain
}

// classificationOf is the classification in force of sub, for mail about
// it; staff (a person's action) may come before the machine classified,
// and then has the zero classification.
func (d *Service) classificationOf(ctx context.Context, tx pgx.Tx, sub intake.Submission, staff bool) (postgres.StoredClassification, error) {
	c, err := d.Store.Classification(ctx, tx, sub.ID)
	if staff && errors.Is(err, intake.ErrNotFound) {
		err = nil
	}
	if err != nil {
		return c, Permanent(fmt.Errorf("classification of %s: %w", sub.Reference, err))
	}
	return c, nil
}

// notAutomatic cancels the mail about sub (what: "not forwarded") when sub
// came from an automatic sender: never answered automatically (RFC 3834
// §2).
func (d *Service) notAutomatic(ctx context.Context, tx pgx.Tx, sub intake.Submission, what string) error {
	auto, err := d.Store.SubmissionAuto(ctx, tx, sub.ID)
	if err == nil && auto {
		err = river.JobCancel(fmt.Errorf("%s came from an automatic sender (RFC 3834): %s", sub.Reference, what))
	}
	return err
}
