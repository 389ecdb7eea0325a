package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/membudget"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Service is what the use cases of the pipeline share: the store, the
// settings of reading, classification and mail, and the deadlines.
type Service struct {
	Store *postgres.Store
	// Derive sets how messages are read (extraction caps, the directory of
	// units for known senders). ReceivedAt and HeaderOnly are set per message.
	Derive derive.Options
	Log    *slog.Logger
	// ReferencePrefix starts submission references ("TN").
	ReferencePrefix string
	// OwnDomain is the right-hand side of the Message-IDs we write.
	OwnDomain string
	// SenderAuth: automatic mail (supplement requests) goes only to a
	// sender whose From: domain is authenticated (mailauth.Result.
	// Authenticated); the others wait for a person (issue 12, finding 2).
	SenderAuth bool
	// ParseTimeout bounds parse_message (extraction and OCR included).
	ParseTimeout time.Duration
	// Classify drives classification, screening, routing and supplement
	// requests; nil turns them off.
	Classify *ClassifyDeps
	// Deadlines keeps the submissions' deadlines and drives the alert jobs
	// (internal/deadlines); nil turns them off.
	Deadlines *deadlines.Service
	// Notices drives the notices to senders (notice.go); nil, or a nil
	// Classify (their mailer), turns them off.
	Notices *NoticeDeps

	// ReadYield is how long a read_message job waits, at most, while
	// intake jobs (parse, create, triage, deadlines) are ready or running:
	// reading attachments takes both cores of a small server, and a
	// backlog (the first sync, a holiday's mail) is put in the inbox with
	// its legal clock first. Zero: no waiting.
	ReadYield time.Duration

	// Memory is the byte budget parse_message and read_message acquire
	// before they load mail; nil: no bound.
	Memory *membudget.Budget

	// Parse replaces derive.Envelope in parse_message (tests: a parser
	// that panics); nil: derive.Envelope.
	Parse func(raw []byte, opts derive.Options) derive.Result
}

// ClassifyDeps is what classification, screening, routing and supplement
// requests need beyond Service (Quy chế 1319/QĐ-BTP Điều 8–15, 21). A nil
// Service.Classify turns them off: create_submission then hands submissions
// straight to triage.
type ClassifyDeps struct {
	// Rules returns the classification rules in force (reloaded when staff
	// edit the rules file).
	Rules func() *classify.Rules
	// Seed are the directory versions shipped with the program; versions
	// stored by administrators (directory_version) are added to them.
	Seed []*directory.Directory
	// Mail sends supplement requests and forwards (the alerts' mailer);
	// From is their From: ("Ban Biên tập Cổng TTĐT Bộ Tư pháp
	// <banbientap@moj.gov.vn>").
	Mail smtp.Sender
	From string
	// Supplement asks authors for what is missing (Điều 11 khoản 2);
	// ForwardQueries forwards queries to their unit (Điều 11 khoản 1).
	Supplement     bool
	ForwardQueries bool
	// MailCap caps the requests and forwards one address receives
	// (classify.per_recipient_per_day: a day in Vietnam).
	MailCap smtp.Cap
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Models, when set, gives the learned classifier in force, which takes
	// the decisions the rules leave open; MinConfidence and
	// MinKindConfidence are its fail-safe confidences, of the Điều 13 group
	// and of the kind (classify.Options).
	Models                           *ModelSource
	MinConfidence, MinKindConfidence float64
	// Mailboxes are the routing and timing defaults of each mailbox, by
	// "<account>/<folder>" (config.Mailbox.Key); a message from a mailbox
	// not named here has none.
	Mailboxes map[string]classify.Mailbox
}

// NoticeDeps is what the notices to senders need beyond Service and
// ClassifyDeps (their mailer, From and per-recipient cap). A nil
// Service.Notices turns them off.
type NoticeDeps struct {
	Templates *notice.Templates
	// On are the kinds sent (notices.* in the configuration).
	On map[notice.Kind]bool
}

// Clock is the time now for classification, routing and the mail to
// senders and units (Now, else time.Now).
func (c *ClassifyDeps) Clock() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// MailOn reports whether this process sends supplement requests, forwards
// and notices; without it a person's actions change the item only.
func (s *Service) MailOn() bool { return s.Classify != nil && s.Classify.Mail != nil }

// DirectoryAt is the version of the directory in force on day, with the
// seed versions of Classify (postgres.Store.DirectoryAt).
func (s *Service) DirectoryAt(ctx context.Context, q postgres.Querier, day workday.Date) (*directory.Directory, error) {
	var seed []*directory.Directory
	if s.Classify != nil {
		seed = s.Classify.Seed
	}
	return s.Store.DirectoryAt(ctx, q, seed, day)
}

// Calendar is the working calendar and deadline rules of the Điều 14
// khoản 6 lateness screen: the deadlines' own (the settings' calendar with
// the administrators' days off, as q sees them), so that screening and
// deadlines never judge on different calendars. Without deadlines in this
// process both are nil and the lateness screen is off.
func (s *Service) Calendar(ctx context.Context, q postgres.Querier) (*workday.Calendar, []deadline.Rule, error) {
	dd := s.Deadlines
	if dd == nil || dd.Calendar == nil {
		return nil, nil, nil
	}
	cal, err := dd.Calendar.Load(ctx, s.Store, q)
	if err != nil {
		return nil, nil, err
	}
	return cal, dd.Rules, nil
}

// ReadOptions are the derive options of one read: the service's,
// unclassified: classify_submission classes the submission, once per
// version of what decides. The report's deadlines are not stored
// (derive.Result.Stored): the deadline table is their one source
// (internal/deadlines), so a read loads no calendar.
func (s *Service) ReadOptions() derive.Options {
	opts := s.Derive
	opts.Unclassified = true
	return opts
}

// AfterRead is called by read_message once a message's content is read and
// stored: the first message of a submission goes on to classification,
// a reply attached to a submission to route_reply (it may answer a
// supplement request or acknowledge a forward). Without Classify it
// does nothing.
func (s *Service) AfterRead(ctx context.Context, tx pgx.Tx, messageID int64) error {
	if s.Classify == nil {
		return nil
	}
	var subID, first int64
	err := tx.QueryRow(ctx, `SELECT s.id, s.first_message_id FROM message m JOIN submission s ON s.id = m.submission_id WHERE m.id = $1`, messageID).Scan(&subID, &first)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // not a submission's message (an auto-reply)
	}
	if err != nil {
		return fmt.Errorf("submission of message %d: %w", messageID, err)
	}
	var args river.JobArgs = jobs.ClassifySubmissionArgs{SubmissionID: subID}
	if first != messageID {
		args = jobs.RouteReplyArgs{SubmissionID: subID, MessageID: messageID}
	}
	return insert(ctx, tx, args, fmt.Sprintf("message %d", messageID))
}

// onSubmission runs fn on submission id in a transaction of its own, the
// submission's row lock taken first (the lock order of AGENTS.md) and the
// submission loaded, and completes the job (done) in it when fn succeeds.
func (d *Service) onSubmission(ctx context.Context, id int64, done Done, fn func(pgx.Tx, intake.Submission) error) error {
	return d.inTx(ctx, done, func(tx pgx.Tx) error {
		if err := d.Store.LockSubmission(ctx, tx, id); err != nil {
			return Permanent(err)
		}
		sub, err := d.Store.Submission(ctx, tx, id)
		if err != nil {
			return Permanent(fmt.Errorf("load submission %d: %w", id, err))
		}
		return fn(tx, sub)
	})
}

// notConfigured cancels a job whose use case this process does not run
// (what: "forwarding is", "notices to senders are").
func notConfigured(what string) error {
	return river.JobCancel(fmt.Errorf("%s not configured in this process", what))
}

// Permanent turns "the row is gone" into a cancelled job instead of
// retries.
func Permanent(err error) error {
	if errors.Is(err, intake.ErrNotFound) {
		return river.JobCancel(err)
	}
	return err
}

// Job is the River job that runs a use case: its id (named in the log,
// and in the Message-ID of a mail a person sends again) and its
// completion.
type Job struct {
	ID   int64
	Done Done
}

// Done completes the job that runs a use case, in tx, and commits tx: the
// work and the job's completion land together or not at all.
type Done func(ctx context.Context, tx pgx.Tx) error

// inTx runs fn in a transaction of its own and completes the job (done) in
// it.
func (d *Service) inTx(ctx context.Context, done Done, fn func(pgx.Tx) error) error {
	tx, err := d.Store.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := fn(tx); err != nil {
		return err
	}
	return done(ctx, tx)
}

// insert enqueues args in tx with the River client of ctx (a job's), about
// what (for the error).
func insert(ctx context.Context, tx pgx.Tx, args river.JobArgs, what string) error {
	if _, err := river.ClientFromContext[pgx.Tx](ctx).InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("enqueue %s for %s: %w", args.Kind(), what, err)
	}
	return nil
}
