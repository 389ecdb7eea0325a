package workers_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/deadlines"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

var ict = workday.Zone

// TestTriageGivesDeadlinesByArticle: a Quyết định signed on Friday
// 27/02/2026, received Monday 02/03/2026 09:14:05 (corpus 001). Điều 10
// khoản 1 counts 1 working day from the end of the signing date: due Monday
// 17:00, met by the receipt. Điều 13 khoản 1 counts 1/2 working day from
// the receipt: 2 h 46 min until 12:00, 1 h 14 min 05 s from 13:00, due
// 14:14:05. That instant is long past, so the breach job runs at once; with
// no recipient configured its alert is recorded as skipped, not sent.
func TestTriageGivesDeadlinesByArticle(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "001-qd-ke-hoach-pbgdpl.eml"))
	if err != nil {
		t.Fatal(err)
	}
	received := time.Date(2026, 3, 2, 9, 14, 5, 0, ict)
	msg := h.submit(raw, received)
	// Triage and read_message run side by side: when triage runs first it
	// gives the "other" deadline (13.2) from the receipt alone, which the
	// document read later replaces.
	byRule := map[string]postgres.StoredDeadline{}
	h.waitFor(60*time.Second, "10.1 met and 13.1 breached", func() bool {
		clear(byRule)
		for _, d := range h.deadlines(msg) {
			byRule[d.Rule.ID] = d
		}
		return byRule["10.1"].State == deadline.Met && byRule["13.1"].State == deadline.Breached
	})
	if d, ok := byRule["13.2"]; ok {
		evs, _ := h.store.DeadlineEvents(context.Background(), h.store.Pool, d.ID)
		if d.State != deadline.Cancelled || evs[len(evs)-1].Kind != "replaced" {
			t.Errorf("13.2 from before the document was read: %s, events %v; want cancelled, replaced", d.State, eventKinds(evs))
		}
	}
	if len(byRule) > 3 {
		t.Errorf("deadlines %v", byRule)
	}
	h.settle()
	// Recomputing with the same facts (a person confirms the class) adds
	// nothing: the met 10.1 and the breached 13.1 are kept.
	if err := h.store.InTx(context.Background(), func(tx pgx.Tx) error {
		facts, err := h.deps.Deadlines.Facts(context.Background(), tx, byRule["13.1"].SubmissionID)
		if err != nil {
			return err
		}
		_, err = h.deps.Deadlines.Replace(context.Background(), tx, byRule["13.1"].SubmissionID, facts, "cvp@moj.gov.vn", "phân loại được xác nhận")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	perRule := map[string]int{}
	for _, d := range h.deadlines(msg) {
		perRule[d.Rule.ID]++
	}
	if perRule["10.1"] != 1 || perRule["13.1"] != 1 {
		t.Errorf("deadline rows per rule %v: a recomputation must not make a settled or kept deadline again", perRule)
	}
	d10, d13 := byRule["10.1"], byRule["13.1"]
	if d10.State != deadline.Met || !d10.Due.Equal(time.Date(2026, 3, 2, 17, 0, 0, 0, ict)) ||
		d10.StartDate != (workday.Date{Year: 2026, Month: 2, Day: 27}) || !d10.StoppedAt.Equal(received) {
		t.Errorf("10.1 = %s due %s start date %s stopped %s; want met, due 02/03 17:00, from 27/02, stopped at receipt",
			d10.State, d10.Due, d10.StartDate, d10.StoppedAt)
	}
	if !d13.Start.Equal(received) || !d13.Due.Equal(time.Date(2026, 3, 2, 14, 14, 5, 0, ict)) || !d13.BreachedAt.Equal(d13.Due) {
		t.Errorf("13.1 start %s due %s breached %s; want due 14:14:05", d13.Start, d13.Due, d13.BreachedAt)
	}
	if d13.Rule.Article != "Điều 13 khoản 1" || !strings.Contains(d13.Rule.Basis, "không quá 1/2 ngày làm việc") ||
		!strings.Contains(d13.Explanation, "Điều 13 khoản 1") {
		t.Errorf("13.1 does not cite its article: %+v / %q", d13.Rule, d13.Explanation)
	}
	evs, err := h.store.DeadlineEvents(context.Background(), h.store.Pool, d13.ID)
	if err != nil {
		t.Fatal(err)
	}
	if kinds := eventKinds(evs); !slices.Equal(kinds, []string{"created", "breached"}) {
		t.Errorf("13.1 events %v", kinds)
	}
	h.waitFor(10*time.Second, "breach alert recorded", func() bool {
		as, _ := h.store.Alerts(context.Background(), h.store.Pool, d13.ID)
		return len(as) == 1
	})
	as, _ := h.store.Alerts(context.Background(), h.store.Pool, d13.ID)
	if as[0].Kind != "breach" || as[0].State != postgres.AlertSkipped || as[0].Note == "" {
		t.Errorf("breach alert with nobody to tell = %+v, want skipped with a note", as[0])
	}
	var subEvents []string
	rows, _ := h.store.Pool.Query(context.Background(), `SELECT kind FROM submission_event WHERE submission_id = $1 ORDER BY id`, d13.SubmissionID)
	for rows.Next() {
		var k string
		rows.Scan(&k)
		subEvents = append(subEvents, k)
	}
	if !slices.Contains(subEvents, "deadlines_set") || !slices.Contains(subEvents, "deadline_breached") {
		t.Errorf("submission history %v lacks deadlines_set / deadline_breached", subEvents)
	}
	if n := len(h.sink.Messages(t)); n != 0 {
		t.Errorf("%d mails sent with no recipient configured", n)
	}
}

func eventKinds(evs []postgres.DeadlineEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// TestWarningsBreachAndEscalationEachOnce: a 40-second deadline on a
// 24-hour calendar. The desk gets the 50 % and 80 % warnings and the breach
// alert, the head of the Standing Board escalation step 1, the head of the
// Board step 2 — each exactly once, with our own Message-ID recorded so a
// reply attaches to the submission.
func TestWarningsBreachAndEscalationEachOnce(t *testing.T) {
	h := newHarness(t, harnessOpts{base: wholeDay(), workingDays: true, rules: secondsRule(40),
		alerts: deadlines.AlertSettings{Desk: "desk@moj.gov.vn", StandingBoardHead: "cvp@moj.gov.vn", BoardHead: "truongban@moj.gov.vn",
			EscalationDelay: 3 * time.Second}})
	start := time.Now().Truncate(time.Second)
	msg := h.submit(plainMessage("once-1@example.vn", "Tin hội nghị"), start)
	h.waitFor(90*time.Second, "five alerts", func() bool { return len(h.sink.Deliveries(t)) >= 5 })
	time.Sleep(7 * time.Second) // anything extra would arrive by now (scheduler interval 5 s)
	ds := h.deadlines(msg)
	if len(ds) != 1 {
		t.Fatalf("%d deadlines, want one (13.2)", len(ds))
	}
	d := ds[0]
	if !d.Due.Equal(start.Add(40*time.Second)) || d.State != deadline.Breached {
		t.Fatalf("deadline due %s state %s, want %s breached", d.Due, d.State, start.Add(40*time.Second))
	}
	type got struct{ kind, to string }
	var seq []got
	for i, dl := range h.sink.Deliveries(t) {
		m := h.mails()[i]
		seq = append(seq, got{alertHeader(m), strings.Join(dl.RcptTo, ",")})
		if !strings.Contains(m.Subject, "TN-") || !strings.Contains(m.Text, "Điều 13 khoản 2") {
			t.Errorf("mail %d does not name the submission and the article: %q", i, m.Subject)
		}
		ref, _, ok := strings.Cut(m.MessageID, ".")
		if !ok || !strings.HasPrefix(ref, "TN-") || !strings.HasSuffix(m.MessageID, "@"+ownDomain) {
			t.Errorf("mail %d Message-ID %q does not carry the reference", i, m.MessageID)
		}
		var n int
		h.store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM outbound_message WHERE message_id = $1 AND submission_id = $2`,
			m.MessageID, d.SubmissionID).Scan(&n)
		if n != 1 {
			t.Errorf("mail %d Message-ID %q not recorded as ours", i, m.MessageID)
		}
	}
	want := []got{{"warning", "<desk@moj.gov.vn>"}, {"warning", "<desk@moj.gov.vn>"}, {"breach", "<desk@moj.gov.vn>"},
		{"escalation", "<cvp@moj.gov.vn>"}, {"escalation", "<truongban@moj.gov.vn>"}}
	if !slices.Equal(seq, want) {
		t.Fatalf("alerts in order %v, want %v", seq, want)
	}
	as, err := h.store.Alerts(context.Background(), h.store.Pool, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range as {
		if a.State != postgres.AlertSent || a.Attempts != 1 {
			t.Errorf("alert %+v not sent in one attempt", a)
		}
		keys = append(keys, a.Kind+"/"+itoa(a.Step))
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"breach/0", "escalation/1", "escalation/2", "warning/50", "warning/80"}) {
		t.Errorf("alert records %v", keys)
	}
	m := h.mails()
	if !strings.Contains(m[0].Subject, "50%") || !strings.Contains(m[1].Subject, "80%") {
		t.Errorf("warnings %q, %q", m[0].Subject, m[1].Subject)
	}
	if !strings.Contains(m[4].Text, "Đã báo trước đó") || !strings.Contains(m[4].Text, "cvp@moj.gov.vn") || !strings.Contains(m[4].Text, "desk@moj.gov.vn") {
		t.Errorf("step 2 does not say who was told before:\n%s", m[4].Text)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// flaky fails the first `fail` sends, then passes them to the real mailer.
type flaky struct {
	next  smtp.Sender
	fail  int32
	calls atomic.Int32
}

func (f *flaky) Send(ctx context.Context, m smtp.Message) error {
	if f.calls.Add(1) <= f.fail {
		return errors.New("smtp: connect relay: connection refused (injected)")
	}
	return f.next.Send(ctx, m)
}

// TestFailedSendIsRetriedAndSentOnce: the relay refuses the first attempt;
// River retries the job, which finds the alert still pending and sends it.
// One mail, one record, two attempts.
func TestFailedSendIsRetriedAndSentOnce(t *testing.T) {
	f := &flaky{fail: 1}
	h := newHarness(t, harnessOpts{base: wholeDay(), workingDays: true, rules: secondsRule(3), fractions: []float64{},
		alerts: deadlines.AlertSettings{Desk: "desk@moj.gov.vn"},
		mailer: func(s smtp.Sender) smtp.Sender { f.next = s; return f }})
	msg := h.submit(plainMessage("retry-1@example.vn", "Tin"), time.Now())
	h.waitFor(60*time.Second, "the breach alert", func() bool { return len(h.sink.Deliveries(t)) >= 1 })
	time.Sleep(3 * time.Second)
	if n := len(h.sink.Deliveries(t)); n != 1 {
		t.Fatalf("%d mails, want 1", n)
	}
	ds := h.deadlines(msg)
	as, _ := h.store.Alerts(context.Background(), h.store.Pool, ds[0].ID)
	var breach []postgres.Alert
	for _, a := range as {
		if a.Kind == "breach" {
			breach = append(breach, a)
		}
	}
	if len(breach) != 1 || breach[0].State != postgres.AlertSent || breach[0].Attempts != 2 || breach[0].LastError != "" {
		t.Fatalf("breach alert records %+v, want one, sent at the second attempt", breach)
	}
	if f.calls.Load() != 2 {
		t.Errorf("mailer called %d times, want 2", f.calls.Load())
	}
}

// slowBreach holds the breach alert for hold before handing it to the
// relay (a relay that answers late at the breach instant).
type slowBreach struct {
	next smtp.Sender
	hold time.Duration
}

func (s *slowBreach) Send(ctx context.Context, m smtp.Message) error {
	if m.Headers["X-Tiepnhan-Alert"] == "breach" {
		time.Sleep(s.hold)
	}
	return s.next.Send(ctx, m)
}

// TestEscalationWaitsTheDelayAfterALateBreachAlert: the breach alert
// reaches the relay 6 s late; each escalation step still comes one
// escalation delay (2 s) after the step before it was sent, not at once —
// the person told before gets the delay to act.
func TestEscalationWaitsTheDelayAfterALateBreachAlert(t *testing.T) {
	const delay = 2 * time.Second
	h := newHarness(t, harnessOpts{base: wholeDay(), workingDays: true, rules: secondsRule(3), fractions: []float64{},
		alerts: deadlines.AlertSettings{Desk: "desk@moj.gov.vn", StandingBoardHead: "cvp@moj.gov.vn", BoardHead: "truongban@moj.gov.vn",
			EscalationDelay: delay},
		mailer: func(s smtp.Sender) smtp.Sender { return &slowBreach{next: s, hold: 6 * time.Second} }})
	msg := h.submit(plainMessage("late-1@example.vn", "Tin"), time.Now())
	var as []postgres.Alert
	// Recorded sent, not only delivered: the record follows the relay's
	// answer by a few milliseconds.
	h.waitFor(90*time.Second, "the breach alert and both escalations sent", func() bool {
		ds := h.deadlines(msg)
		if len(ds) == 0 {
			return false
		}
		as, _ = h.store.Alerts(context.Background(), h.store.Pool, ds[0].ID)
		sent := 0
		for _, a := range as {
			if a.State == postgres.AlertSent {
				sent++
			}
		}
		return sent >= 3
	})
	sent := map[string]time.Time{}
	for _, a := range as {
		if a.State != postgres.AlertSent {
			t.Fatalf("alert %s/%d %s, want sent", a.Kind, a.Step, a.State)
		}
		sent[a.Kind+"/"+itoa(a.Step)] = a.SentAt
	}
	t.Logf("sent: %v", sent)
	if len(sent) != 3 {
		t.Fatalf("alerts %v, want breach/0, escalation/1, escalation/2", sent)
	}
	for _, c := range [][2]string{{"breach/0", "escalation/1"}, {"escalation/1", "escalation/2"}} {
		if gap := sent[c[1]].Sub(sent[c[0]]); gap < delay {
			t.Errorf("%s sent %s after %s, want at least the escalation delay %s", c[1], gap, c[0], delay)
		}
	}
}

// TestCalendarChangeMovesOpenDeadlines: an administrator declares the day a
// running 13.2 deadline falls due a day off. The deadline moves to the same
// working time one working day later (computed here with a calendar built
// independently), the move is recorded with the old and new due instants,
// and a breach job is scheduled for the new instant. Declaring the day
// working again moves it back.
func TestCalendarChangeMovesOpenDeadlines(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	received := time.Now().Truncate(time.Second)
	msg := h.submit(plainMessage("cal-1@example.vn", "Tin"), received)
	h.waitFor(30*time.Second, "a deadline", func() bool { return len(h.deadlines(msg)) > 0 })
	h.settle()
	ds := h.open(msg)
	if len(ds) != 1 {
		t.Fatalf("%d running deadlines, want one (13.1 or 13.2 by the timing class)", len(ds))
	}
	d := ds[0]
	def, _ := workday.New(workday.DefaultConfig())
	if want := def.AddDays(received, d.Rule.Days); !d.Due.Equal(want) {
		t.Fatalf("%s due %s, want %s", d.Rule.ID, d.Due, want)
	}
	off := workday.DateOf(d.Due)
	// The expected calendar, built from workday's own types.
	sched, _ := workday.EmbeddedSchedule()
	sched.DaysOff = append(sched.DaysOff, workday.DayOff{From: off, To: off, Name: "nghỉ đột xuất"})
	cfg := workday.DefaultConfig()
	cfg.Schedule = sched
	withOff, err := workday.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	wantDue := withOff.AddDays(received, d.Rule.Days)
	if !wantDue.After(d.Due) {
		t.Fatalf("test setup: a day off on %s does not move %s", off, d.Due)
	}

	dk := &desk.Desk{Deps: h.deps, Jobs: h.client}
	res, err := dk.ChangeCalendar(ctx, view.DayOverride{Day: off, Kind: postgres.OverrideDayOff, Reason: "nghỉ đột xuất", Actor: "admin@moj.gov.vn"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Changed || res.Open != 1 || len(res.Moved) != 1 {
		t.Fatalf("result %+v, want one open deadline moved", res)
	}
	mv := res.Moved[0]
	if !mv.OldDue.Equal(d.Due) || !mv.NewDue.Equal(wantDue) || mv.Rule != d.Rule.ID || !strings.HasPrefix(mv.Reference, "TN-") {
		t.Fatalf("moved %+v, want %s → %s", mv, d.Due, wantDue)
	}
	after, _ := h.store.Deadline(ctx, h.store.Pool, d.ID)
	if !after.Due.Equal(wantDue) || after.Generation != d.Generation+1 || !strings.Contains(after.Explanation, "nghỉ đột xuất") {
		t.Errorf("stored deadline due %s generation %d, explanation:\n%s", after.Due, after.Generation, after.Explanation)
	}
	evs, _ := h.store.DeadlineEvents(ctx, h.store.Pool, d.ID)
	last := evs[len(evs)-1]
	if last.Kind != "recomputed" || !last.OldDue.Equal(d.Due) || !last.NewDue.Equal(wantDue) || last.Actor != "admin@moj.gov.vn" ||
		!strings.Contains(last.Reason, off.VN()) || !strings.Contains(last.Reason, "nghỉ đột xuất") {
		t.Errorf("event %+v, want recomputed %s → %s by the admin, naming the day", last, d.Due, wantDue)
	}
	var jobs int
	h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'deadline_breach' AND (args->>'deadline_id')::bigint = $1
		AND (args->>'due')::timestamptz = $2 AND state = 'scheduled'`, d.ID, wantDue).Scan(&jobs)
	if jobs != 1 {
		t.Errorf("%d breach jobs scheduled at the new due instant, want 1", jobs)
	}
	var changes, moved int
	h.store.Pool.QueryRow(ctx, `SELECT count(*), max(moved) FROM calendar_change`).Scan(&changes, &moved)
	if changes != 1 || moved != 1 {
		t.Errorf("calendar_change rows %d moved %d", changes, moved)
	}
	// The running service's calendar follows (version bumped).
	cal, err := h.dd.Calendar.Load(ctx, h.store, h.store.Pool)
	if err != nil {
		t.Fatal(err)
	}
	if ok, r := cal.IsWorkingDay(off); ok || !strings.Contains(r.String(), "nghỉ đột xuất") {
		t.Errorf("reloaded calendar: %s working=%v (%s)", off, ok, r)
	}
	// The same change again does nothing.
	res, err = dk.ChangeCalendar(ctx, view.DayOverride{Day: off, Kind: postgres.OverrideDayOff, Reason: "nghỉ đột xuất", Actor: "admin@moj.gov.vn"})
	if err != nil || res.Changed {
		t.Errorf("repeating a change: %+v %v", res, err)
	}
	// Back to the built-in calendar: back to the first due instant.
	res, err = dk.ChangeCalendar(ctx, view.DayOverride{Day: off, Actor: "admin@moj.gov.vn"})
	if err != nil || len(res.Moved) != 1 || !res.Moved[0].NewDue.Equal(d.Due) {
		t.Errorf("clearing the override: %+v %v, want the deadline back at %s", res, err, d.Due)
	}
}

// TestDigestSentOncePerDay: the digest lists the open deadline and goes to
// every manager once, even when the job is enqueued again after the first
// one's row is gone (River's uniqueness forgotten): the alert record stops
// it.
func TestDigestSentOncePerDay(t *testing.T) {
	h := newHarness(t, harnessOpts{alerts: deadlines.AlertSettings{Managers: []string{"a@moj.gov.vn", "b@moj.gov.vn"}}})
	ctx := context.Background()
	msg := h.submit(plainMessage("digest-1@example.vn", "Tin hội thảo"), time.Now())
	h.waitFor(30*time.Second, "the deadline", func() bool { return len(h.deadlines(msg)) > 0 })
	h.settle()
	ref := subRef(t, h, msg)
	open := h.open(msg)
	if len(open) != 1 {
		t.Fatalf("%d running deadlines", len(open))
	}
	day := workday.DateOf(time.Now()).String()
	for i := 0; i < 2; i++ {
		res, err := h.client.Insert(ctx, jobs.NotifyDigestArgs{Day: day}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && !res.UniqueSkippedAsDuplicate {
			t.Error("a second digest job for the same day was inserted")
		}
	}
	h.waitFor(30*time.Second, "the digest", func() bool { return len(h.sink.Deliveries(t)) >= 1 })
	h.waitFor(10*time.Second, "the digest job to complete", func() bool {
		var n int
		h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notify_digest' AND state = 'completed'`).Scan(&n)
		return n == 1
	})
	if _, err := h.store.Pool.Exec(ctx, `DELETE FROM river_job WHERE kind = 'notify_digest'`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.Insert(ctx, jobs.NotifyDigestArgs{Day: day}, nil); err != nil {
		t.Fatal(err)
	}
	h.waitFor(10*time.Second, "the repeated digest job to complete", func() bool {
		var n int
		h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notify_digest' AND state = 'completed'`).Scan(&n)
		return n == 1
	})
	ds := h.sink.Deliveries(t)
	if len(ds) != 1 {
		t.Fatalf("%d digests sent, want 1", len(ds))
	}
	if !slices.Equal(ds[0].RcptTo, []string{"<a@moj.gov.vn>", "<b@moj.gov.vn>"}) {
		t.Errorf("digest to %v", ds[0].RcptTo)
	}
	m := h.mails()[0]
	if alertHeader(m) != "digest" || !strings.Contains(m.Subject, "[Tổng hợp hằng ngày]") || !strings.Contains(m.Text, ref) ||
		!strings.Contains(m.Text, open[0].Rule.Article) || !strings.Contains(m.Text, "tiếp nhận 1 tin, bài") {
		t.Errorf("digest:\n%s\n%s", m.Subject, m.Text)
	}
}

func subRef(t *testing.T, h *harness, msg int64) string {
	t.Helper()
	var ref string
	if err := h.store.Pool.QueryRow(context.Background(), `SELECT s.reference FROM message m JOIN submission s ON s.id = m.submission_id WHERE m.id = $1`, msg).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestStalledIntakeAlertOncePerEpisode: a mailbox whose last successful
// sync is 2 working hours old (threshold 1 h) gives one alert however often
// the check runs; once it syncs again nothing is sent; when it stalls again
// a second alert goes out.
func TestStalledIntakeAlertOncePerEpisode(t *testing.T) {
	h := newHarness(t, harnessOpts{base: wholeDay(), workingDays: true,
		alerts: deadlines.AlertSettings{Desk: "desk@moj.gov.vn", StandingBoardHead: "cvp@moj.gov.vn", StallAfter: time.Hour, StallCheck: time.Hour}})
	ctx := context.Background()
	mb, err := h.store.Mailbox(ctx, "banbientap@moj.gov.vn@imap.moj.gov.vn:993", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		if _, err := h.client.Insert(ctx, jobs.NotifyIntakeStalledArgs{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	waitChecks := func(n int) {
		t.Helper()
		h.waitFor(20*time.Second, "the checks to complete", func() bool {
			var c int
			h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notify_intake_stalled' AND state = 'completed'`).Scan(&c)
			return c >= n
		})
	}
	h.store.MarkSynced(ctx, mb.ID, time.Now().Add(-2*time.Hour))
	h.store.MarkError(ctx, mb.ID, "connect imap.moj.gov.vn:993: connection refused")
	check()
	check()
	check()
	waitChecks(3)
	if n := len(h.sink.Deliveries(t)); n != 1 {
		t.Fatalf("%d stalled alerts after three checks, want 1", n)
	}
	d := h.sink.Deliveries(t)[0]
	if !slices.Equal(d.RcptTo, []string{"<desk@moj.gov.vn>", "<cvp@moj.gov.vn>"}) {
		t.Errorf("stalled alert to %v", d.RcptTo)
	}
	m := h.mails()[0]
	if alertHeader(m) != "intake_stalled" || !strings.Contains(m.Text, "connection refused") || !strings.Contains(m.Subject, "INBOX") {
		t.Errorf("stalled alert:\n%s\n%s", m.Subject, m.Text)
	}
	h.store.MarkSynced(ctx, mb.ID, time.Now()) // recovered
	check()
	waitChecks(4)
	if n := len(h.sink.Deliveries(t)); n != 1 {
		t.Fatalf("%d alerts after recovery, want still 1", n)
	}
	h.store.MarkSynced(ctx, mb.ID, time.Now().Add(-90*time.Minute)) // stalled again: a new episode
	check()
	waitChecks(5)
	h.waitFor(10*time.Second, "the second episode's alert", func() bool { return len(h.sink.Deliveries(t)) == 2 })
}

// TestWorkflowEventsMoveDeadlines: publication meets the Điều 13 deadline;
// a supplement request starts the Điều 11 khoản 2 deadline (1 working day
// from the request), which the author's answer meets; a second request
// while the first runs adds nothing; cancelling ends what is open.
func TestWorkflowEventsMoveDeadlines(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	received := time.Now().Truncate(time.Second)
	msg := h.submit(plainMessage("events-1@example.vn", "Tin"), received)
	h.waitFor(30*time.Second, "a deadline", func() bool { return len(h.deadlines(msg)) > 0 })
	h.settle()
	open := h.open(msg)
	if len(open) != 1 {
		t.Fatalf("%d running deadlines", len(open))
	}
	sub := open[0].SubmissionID
	event := func(ev deadline.Event, at time.Time) []postgres.StoredDeadline {
		t.Helper()
		var out []postgres.StoredDeadline
		if err := h.store.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			out, err = h.deps.Deadlines.Event(ctx, tx, sub, ev, at, "bientapvien@moj.gov.vn")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	asked := received.Add(time.Minute)
	got := event(deadline.SupplementRequested, asked)
	cal, _ := workday.New(workday.DefaultConfig())
	if len(got) != 1 || got[0].Rule.ID != "11.2" || got[0].State != deadline.Running || !got[0].Due.Equal(cal.AddDays(asked, 1)) {
		t.Fatalf("supplement request gave %+v, want an 11.2 deadline due %s", got, cal.AddDays(asked, 1))
	}
	var jobs int
	h.store.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'deadline_breach' AND (args->>'deadline_id')::bigint = $1`, got[0].ID).Scan(&jobs)
	if jobs != 1 {
		t.Errorf("%d breach jobs for the 11.2 deadline, want 1", jobs)
	}
	if again := event(deadline.SupplementRequested, asked.Add(time.Minute)); len(again) != 0 {
		t.Errorf("a second request while the first runs gave %+v", again)
	}
	if got := event(deadline.AuthorReplied, asked.Add(10*time.Minute)); len(got) != 1 || got[0].Rule.ID != "11.2" || got[0].State != deadline.Met {
		t.Errorf("author's answer: %+v, want 11.2 met", got)
	}
	pub := event(deadline.Published, received.Add(30*time.Minute))
	if len(pub) != 1 || pub[0].Rule.ID != open[0].Rule.ID || pub[0].State != deadline.Met || !pub[0].StoppedAt.Equal(received.Add(30*time.Minute)) {
		t.Errorf("publication: %+v, want %s met", pub, open[0].Rule.ID)
	}
	evs, _ := h.store.DeadlineEvents(ctx, h.store.Pool, open[0].ID)
	if last := evs[len(evs)-1]; last.Kind != "met" || last.Actor != "bientapvien@moj.gov.vn" || last.NewState != deadline.Met {
		t.Errorf("last event %+v", last)
	}
	// Nothing open is left to cancel; a new request is, and is cancelled.
	event(deadline.SupplementRequested, received.Add(time.Hour))
	var n int
	if err := h.store.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		n, err = h.deps.Deadlines.Cancel(ctx, tx, sub, time.Now(), "truongban@moj.gov.vn", "Điều 14 khoản 4: đã đăng tải")
		return err
	}); err != nil || n != 1 {
		t.Errorf("cancel: %d, %v; want the one open 11.2 deadline", n, err)
	}
}

// TestSweeperRestoresALostBreachJob: the breach job of a running deadline
// disappears (deleted by hand); once the deadline is past due by the grace
// period, the sweeper enqueues it again and the breach alert goes out once.
func TestSweeperRestoresALostBreachJob(t *testing.T) {
	h := newHarness(t, harnessOpts{base: wholeDay(), workingDays: true, rules: secondsRule(15), fractions: []float64{},
		alerts: deadlines.AlertSettings{Desk: "desk@moj.gov.vn"}})
	h.dd.SweepGrace = time.Second
	ctx := context.Background()
	msg := h.submit(plainMessage("sweep-1@example.vn", "Tin"), time.Now())
	// 15 s leaves a slow CI machine time to compute the deadline while its
	// breach job is still scheduled (a 4 s rule was already due there, and the
	// job available, by the time the pipeline had written it).
	h.waitFor(10*time.Second, "the deadline", func() bool { return len(h.deadlines(msg)) > 0 })
	tag, err := h.store.Pool.Exec(ctx, `DELETE FROM river_job WHERE kind = 'deadline_breach' AND state IN ('scheduled', 'available')`)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("delete the breach job: %v, %d rows", err, tag.RowsAffected())
	}
	d := h.deadlines(msg)[0]
	time.Sleep(time.Until(d.Due.Add(2 * time.Second)))
	if got := h.deadlines(msg)[0].State; got != deadline.Running {
		t.Fatalf("deadline %s without its breach job, want still running", got)
	}
	if _, err := h.client.Insert(ctx, jobs.DeadlineSweepArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	h.waitFor(20*time.Second, "the breach alert", func() bool { return len(h.sink.Deliveries(t)) >= 1 })
	if _, err := h.client.Insert(ctx, jobs.DeadlineSweepArgs{}, nil); err != nil { // a second sweep finds nothing to do
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if n := len(h.sink.Deliveries(t)); n != 1 || alertHeader(h.mails()[0]) != "breach" {
		t.Fatalf("%d mails, want the one breach alert", n)
	}
	if got := h.deadlines(msg)[0].State; got != deadline.Breached {
		t.Errorf("deadline %s, want breached", got)
	}
}

// TestIntakeDeadlinesSetAfterASupplementTimer: set_deadlines that runs
// after the Điều 11 khoản 2 timer was started (it was held back, as after a
// switch to the standby) still gives the Điều 13 deadline; the timer does
// not count as "this submission has its deadlines already".
func TestIntakeDeadlinesSetAfterASupplementTimer(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	received := time.Now().Truncate(time.Second)
	msg := h.submit(plainMessage("late-set-1@example.vn", "Tin"), received)
	h.waitFor(30*time.Second, "a deadline", func() bool { return len(h.deadlines(msg)) > 0 })
	h.settle()
	intake := h.deadlines(msg)
	sub := intake[0].SubmissionID
	// Back to the state of a submission whose set_deadlines has not run yet
	// while its supplement request already has.
	if _, err := h.store.Pool.Exec(ctx, `
		WITH d AS (SELECT id FROM deadline WHERE submission_id = $1),
		     e AS (DELETE FROM deadline_event WHERE deadline_id IN (SELECT id FROM d)),
		     a AS (DELETE FROM alert WHERE deadline_id IN (SELECT id FROM d))
		DELETE FROM deadline WHERE id IN (SELECT id FROM d)`, sub); err != nil {
		t.Fatal(err)
	}
	if err := h.store.InTx(ctx, func(tx pgx.Tx) error {
		_, err := h.deps.Deadlines.Event(ctx, tx, sub, deadline.SupplementRequested, received.Add(time.Minute), "bientapvien@moj.gov.vn")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := h.store.InTx(ctx, func(tx pgx.Tx) error { return h.deps.Deadlines.Set(ctx, tx, []int64{sub}) }); err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, d := range h.deadlines(msg) {
		rules[d.Rule.ID]++
	}
	// The receipt deadline set_deadlines gave this message (Điều 13: of
	// its timing class, "other" here, where no classifier runs; the others
	// come later, from classification), and the timer.
	if r := intake[0].Rule.ID; len(intake) != 1 || rules[r] != 1 || rules["11.2"] != 1 || len(rules) != 2 {
		t.Errorf("after a late set_deadlines: %v, want one %s deadline and the 11.2 timer (first deadlines %d)", rules, r, len(intake))
	}
}
