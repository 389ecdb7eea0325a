package deadlines

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Set gives newly triaged submissions their deadlines, in
// tx (the set_deadlines job of a batch): Điều 13 khoản 1/2 from the
// receipt, and the Điều 10 sending deadline from the document's signing
// date where one applies (settled at once: the receipt is its stop event),
// by the timing class in force (finding.Reading.DeadlineFacts).
// Until classification exists the class is "other", or "admin_document"
// for a document with a signing date. Warning and breach jobs are
// scheduled for each running deadline. The rows are locked in id order;
// a submission that has deadlines already is left alone, so a retried job
// adds nothing. The facts, the deadlines, their events and their alert
// jobs are each read or written in one statement for the whole batch.
func (s *Service) Set(ctx context.Context, tx pgx.Tx, subIDs []int64) error {
	if s == nil || len(subIDs) == 0 {
		return nil
	}
	st := s.Store
	// Serialise with Refresh (read_message) on the submission rows.
	if err := st.LockSubmissions(ctx, tx, subIDs); err != nil {
		return err
	}
	todo, err := s.factsOf(ctx, tx, subIDs, false)
	if err != nil {
		return err
	}
	if len(todo) == 0 {
		return nil
	}
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return err
	}
	client, err := s.client(ctx)
	if err != nil {
		return err
	}
	var in []postgres.NewDeadline
	for _, t := range todo {
		for _, w := range deadline.Applicable(cal, s.Rules, t.facts) {
			in = append(in, postgres.NewDeadline{SubmissionID: t.id, Deadline: w, Explanation: deadline.Explain(cal, w)})
		}
	}
	stored, err := st.InsertDeadlines(ctx, tx, in, "system")
	if err != nil {
		return err
	}
	now := time.Now()
	var jobs []river.InsertManyParams
	summary := map[int64][]map[string]any{}
	for _, sd := range stored {
		jobs = append(jobs, alertJobs(cal, s.Fractions, sd, now)...)
		summary[sd.SubmissionID] = append(summary[sd.SubmissionID], deadlineSummary(sd))
	}
	if len(jobs) > 0 {
		if _, err := client.InsertManyTx(ctx, tx, jobs); err != nil {
			return fmt.Errorf("schedule deadline alerts: %w", err)
		}
	}
	var evs []postgres.Event
	for _, t := range todo {
		if sum := summary[t.id]; len(sum) > 0 {
			evs = append(evs, postgres.Event{SubmissionID: t.id, Actor: "system", Kind: "deadlines_set",
				Detail: map[string]any{"class": t.facts.Class, "deadlines": sum, "reason": ""}})
		}
	}
	return st.AddEvents(ctx, tx, evs)
}

// Replace recomputes the intake deadlines of a submission (those
// started by its receipt, signing or event: Điều 10 and 13) from new facts,
// typically a timing class set by classification: a deadline whose rule
// and start are unchanged is kept; the others are cancelled with a
// "replaced" event saying why, and the new ones are created and scheduled.
// Deadlines started later (Điều 11 khoản 2, 12 khoản 3) are not touched.
func (s *Service) Replace(ctx context.Context, tx pgx.Tx, subID int64, facts deadline.Facts, actor, reason string) ([]postgres.StoredDeadline, error) {
	if s == nil {
		return nil, ErrOff
	}
	return s.replace(ctx, tx, subID, facts, actor, reason)
}

// Facts returns what the deadline rules know of a submission: its receipt
// time and what was read from its first message.
func (s *Service) Facts(ctx context.Context, q postgres.Querier, subID int64) (deadline.Facts, error) {
	fs, err := s.factsOf(ctx, q, []int64{subID}, true)
	if err != nil {
		return deadline.Facts{}, err
	}
	if len(fs) == 0 {
		return deadline.Facts{}, fmt.Errorf("load submission %d: %w", subID, intake.ErrNotFound)
	}
	return fs[0].facts, nil
}

// subFacts are the deadline facts of one submission.
type subFacts struct {
	id    int64
	facts deadline.Facts
}

// factsOf reads, in one query, what the deadline rules know of submissions
// ids (those without intake deadlines only, unless all: a supplement timer
// of Điều 11 khoản 2 that started first, as when set_deadlines runs late
// after a database switch, must not stand in for the Điều 10 and 13
// deadlines): the receipt time and what was read from the first message
// (Store.Readings, finding.Reading.DeadlineFacts). A timing class a person confirmed or
// corrected in the UI wins over the machine's (the classification in
// force, postgres.ClassificationSources).
func (s *Service) factsOf(ctx context.Context, q postgres.Querier, ids []int64, all bool) ([]subFacts, error) {
	classes, err := s.Store.ClassificationSources(ctx, q, ids)
	if err != nil {
		return nil, fmt.Errorf("deadline facts: %w", err)
	}
	rows, err := q.Query(ctx, `
		SELECT s.id, s.received_at, s.first_message_id
		FROM submission s
		WHERE s.id = ANY($1) AND ($2 OR NOT EXISTS (SELECT 1 FROM deadline WHERE submission_id = s.id
		                                           AND start_event IN ('received', 'signed', 'event')))
		ORDER BY s.id`, ids, all)
	if err != nil {
		return nil, fmt.Errorf("deadline facts: %w", err)
	}
	type sub struct {
		id, first int64
		recv      time.Time
	}
	subs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sub, error) {
		var x sub
		return x, r.Scan(&x.id, &x.recv, &x.first)
	})
	if err != nil {
		return nil, fmt.Errorf("deadline facts: %w", err)
	}
	firsts := make([]int64, len(subs))
	for i, x := range subs {
		firsts[i] = x.first
	}
	// What was read of each first message, typed; one not read yet gives
	// the deadlines of the receipt alone.
	read, err := s.Store.Readings(ctx, q, firsts)
	if err != nil {
		return nil, fmt.Errorf("deadline facts: %w", err)
	}
	out := make([]subFacts, len(subs))
	for i, x := range subs {
		// INTERNALDATE (Điều 11 khoản 1, bước 1).
		out[i] = subFacts{x.id, read[x.first].DeadlineFacts(x.recv, classes[x.id].InForce().Timing)}
	}
	return out, nil
}

// intakeStart reports whether a deadline is started by intake facts.
func intakeStart(e deadline.Event) bool {
	return e == deadline.Received || e == deadline.Signed || e == deadline.EventHeld
}

// replace is Replace with deadlines on.
func (s *Service) replace(ctx context.Context, tx pgx.Tx, subID int64, facts deadline.Facts, actor, reason string) ([]postgres.StoredDeadline, error) {
	st := s.Store
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return nil, err
	}
	client, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := st.SubmissionDeadlines(ctx, tx, subID)
	if err != nil {
		return nil, err
	}
	want := deadline.Applicable(cal, s.Rules, facts)
	keep := map[int]bool{} // index in want
	var out []postgres.StoredDeadline
	for _, old := range existing {
		if old.State == deadline.Cancelled || !intakeStart(old.StartEvent) {
			continue
		}
		same := -1
		for i, w := range want {
			if w.Rule.ID == old.Rule.ID && w.StartEvent == old.StartEvent && postgres.Micro(w.Start).Equal(old.Start) && !keep[i] {
				same = i
				break
			}
		}
		if same >= 0 {
			// Kept, settled ones too: a Điều 10 deadline settled at the
			// receipt is not made again by a later recomputation.
			keep[same] = true
			out = append(out, old)
			continue
		}
		if !old.Open() {
			continue // settled under earlier facts: history
		}
		c, err := old.Cancel(time.Now())
		if err != nil {
			return nil, err
		}
		if _, err := st.UpdateDeadline(ctx, tx, old, c, cal, deadline.Explain(cal, c), postgres.DeadlineChange{
			Kind: "replaced", Actor: actor, Reason: reason, Detail: map[string]any{"class": facts.Class},
		}); err != nil {
			return nil, err
		}
	}
	var summary []map[string]any
	for i, w := range want {
		if keep[i] {
			continue
		}
		sd, err := st.InsertDeadline(ctx, tx, subID, w, deadline.Explain(cal, w), actor)
		if err != nil {
			return nil, err
		}
		if err := s.Schedule(ctx, tx, client, cal, sd); err != nil {
			return nil, err
		}
		out = append(out, sd)
		summary = append(summary, deadlineSummary(sd))
	}
	if len(summary) > 0 {
		if err := st.AddEvent(ctx, tx, subID, actor, "deadlines_set", map[string]any{"class": facts.Class, "deadlines": summary, "reason": reason}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Schedule inserts, for a running deadline, one warning job per
// fraction at its threshold and the breach job at the due instant. Each job
// carries the instant it is for: a job whose instant no longer matches the
// deadline (moved by a calendar change or a pause) does nothing, and unique
// args make inserting the same job twice harmless. Paused and settled
// deadlines get no jobs (a resumed one is scheduled again).
func (s *Service) Schedule(ctx context.Context, tx pgx.Tx, client *river.Client[pgx.Tx], cal *workday.Calendar, sd postgres.StoredDeadline) error {
	if sd.State != deadline.Running {
		return nil
	}
	if client == nil {
		return errors.New("schedule deadline jobs: no River client in context")
	}
	if _, err := client.InsertManyTx(ctx, tx, alertJobs(cal, s.Fractions, sd, time.Now())); err != nil {
		return fmt.Errorf("schedule alerts of deadline %d: %w", sd.ID, err)
	}
	return nil
}

// alertJobs are the warning and breach jobs of a running deadline
// (Schedule), for one InsertManyTx.
func alertJobs(cal *workday.Calendar, fractions []float64, sd postgres.StoredDeadline, now time.Time) []river.InsertManyParams {
	if sd.State != deadline.Running {
		return nil
	}
	var out []river.InsertManyParams
	for i, at := range deadline.Thresholds(cal, sd.Deadline, fractions) {
		// A deadline already due when it is set (a backlog at first sync)
		// gets its breach alert only: a warning would say nothing more.
		// One merely late keeps its passed warnings (the latest is sent).
		if at.IsZero() || !sd.Due.After(now) {
			continue
		}
		args := jobs.DeadlineWarningArgs{DeadlineID: sd.ID, Percent: Percent(fractions[i]), At: postgres.Micro(at).UTC()}
		out = append(out, river.InsertManyParams{Args: args, InsertOpts: InsertAt(args, at)})
	}
	args := jobs.DeadlineBreachArgs{DeadlineID: sd.ID, Due: sd.Due.UTC()}
	return append(out, river.InsertManyParams{Args: args, InsertOpts: InsertAt(args, sd.Due)})
}

// uniqueArgs is implemented by the args of jobs unique by their args.
type uniqueArgs interface {
	river.JobArgs
	InsertOpts() river.InsertOpts
}

// InsertAt is args' own insert options, scheduled at `at`.
func InsertAt(args uniqueArgs, at time.Time) *river.InsertOpts {
	o := args.InsertOpts()
	o.ScheduledAt = at
	return &o
}

// Refresh recomputes the intake deadlines of the submission that message
// msgID created, once what was read from the message is stored (the
// document's signing date, the timing class): read_message and
// classification call it in their transaction, with the reason a replaced
// deadline gives (followed by the timing class). Both it and Set lock the
// submission row first, so whichever runs second sees the other's work:
// deadlines computed before the document was read are replaced (Replace);
// before triage, nothing is done and Set computes them from the stored
// report.
func (s *Service) Refresh(ctx context.Context, tx pgx.Tx, msgID int64, reason string) error {
	if s == nil {
		return nil
	}
	subID, first, err := s.Store.LockSubmissionOf(ctx, tx, msgID)
	if err != nil || !first {
		return err // not a submission's first message (a reply), or not created yet
	}
	existing, err := s.Store.SubmissionDeadlines(ctx, tx, subID)
	if err != nil || len(existing) == 0 {
		return err
	}
	facts, err := s.Facts(ctx, tx, subID)
	if err != nil {
		return err
	}
	_, err = s.replace(ctx, tx, subID, facts, "system", reason+string(facts.Class))
	return err
}

// deadlineSummary is one deadline in a submission's "deadlines_set" event.
func deadlineSummary(sd postgres.StoredDeadline) map[string]any {
	return map[string]any{"rule": sd.Rule.ID, "article": sd.Rule.Article, "due_at": sd.Due, "state": sd.State}
}
