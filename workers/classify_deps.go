package workers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// ClassifyDeps is what classification, screening, routing and supplement
// requests need beyond Deps (Quy chế 1319/QĐ-BTP Điều 8–15, 21). A nil
// Deps.Classify turns them off: create_submission then hands submissions
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

func (c *ClassifyDeps) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// MailOn reports whether this process sends supplement requests, forwards
// and notices; without it a person's actions change the item only.
func (d *Deps) MailOn() bool { return d.Classify != nil && d.Classify.Mail != nil }

// DirectoryAt is the version of the directory in force on day, with the
// seed versions of Classify (postgres.Store.DirectoryAt).
func (d *Deps) DirectoryAt(ctx context.Context, q postgres.Querier, day workday.Date) (*directory.Directory, error) {
	return d.Store.DirectoryAt(ctx, q, d.Classify.Seed, day)
}

// calendar is the working calendar and deadline rules of the Điều 14
// khoản 6 lateness screen: the deadlines' own (the settings' calendar with
// the administrators' days off, as q sees them), so that screening and
// deadlines never judge on different calendars. Without deadlines in this
// process both are nil and the lateness screen is off.
func (d *Deps) calendar(ctx context.Context, q postgres.Querier) (*workday.Calendar, []deadline.Rule, error) {
	dd := d.Deadlines
	if dd == nil || dd.Calendar == nil {
		return nil, nil, nil
	}
	cal, err := dd.Calendar.Load(ctx, d.Store, q)
	if err != nil {
		return nil, nil, err
	}
	return cal, dd.Rules, nil
}

// readOptions are the derive options of one read: the service's,
// unclassified: classify_submission classes the submission, once per
// version of what decides (ClassifySubmissionWorker). The report's
// deadlines are not stored (derive.Result.Stored): the deadline table is
// their one source (internal/deadlines), so a read loads no calendar.
func (d *Deps) readOptions() derive.Options {
	opts := d.Derive
	opts.Unclassified = true
	return opts
}

// afterRead is called by read_message once a message's content is read and
// stored: the first message of a submission goes on to classification,
// a reply attached to a submission to route_reply (it may answer a
// supplement request or acknowledge a forward). Without ClassifyDeps it
// does nothing.
func (d *Deps) afterRead(ctx context.Context, tx pgx.Tx, messageID int64) error {
	if d.Classify == nil {
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
	client := river.ClientFromContext[pgx.Tx](ctx)
	var args river.JobArgs = jobs.ClassifySubmissionArgs{SubmissionID: subID}
	if first != messageID {
		args = jobs.RouteReplyArgs{SubmissionID: subID, MessageID: messageID}
	}
	if _, err := client.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("enqueue %s for message %d: %w", args.Kind(), messageID, err)
	}
	return nil
}
