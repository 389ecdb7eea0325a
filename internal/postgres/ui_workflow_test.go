package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// saveMachine stores a machine classification of sid as classify_submission
// does.
func saveMachine(t *testing.T, s *Store, sid int64, r classify.Result) {
	t.Helper()
	ctx := context.Background()
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		return s.SaveClassification(ctx, tx, sid, r)
	}); err != nil {
		t.Fatal(err)
	}
}

func corrections(t *testing.T, s *Store, sid int64) []string {
	t.Helper()
	rows, err := s.Pool.Query(context.Background(), `SELECT field || ':' || machine_value || '>' || corrected_value || '@' || rules_version || '/' || actor
		FROM classification_correction WHERE submission_id = $1 ORDER BY field, id`, sid)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// machineClassifiedItem is newsItem's item, which the machine classified as a
// 13.1 news item for cuc-pbgdpl, with the store, its UI, a Standing Board member and
// the machine's result.
func machineClassifiedItem(t *testing.T) (*Store, *UI, auth.Principal, classify.Result, int64) {
	t.Helper()
	s, u, board, id := newsItem(t)
	machine := classify.Result{RulesVersion: "v7", Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi"}
	saveMachine(t, s, id, machine)
	return s, u, board, machine, id
}

// TestPersonClassificationBecomesTheStoredOne checks gap 2 of the UI's
// integration: a person's correction is recorded in the classification
// team's corrections table (what `tiepnhan eval --corrections` reads) and
// applied to the stored classification, column and result alike (routing
// reads the result); a reclassification by the machine keeps it without
// recording it twice; a person who classified before the machine is
// recorded when the machine's classification arrives.
func TestPersonClassificationBecomesTheStoredOne(t *testing.T) {
	t.Parallel()
	s, u, board, machine, id := machineClassifiedItem(t)
	ctx := context.Background()
	base := newsReceived
	if got, err := s.InTxApply(ctx, id); err != nil || got != nil {
		t.Fatalf("no person decided: changed %v, %v", got, err)
	}
	// The person corrects the timing class and the unit.
	if err := u.Apply(ctx, board, id, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{
		Kind: "publish", Category: "8.3", Timing: "other", Unit: "cuc-htpt", Target: "portal_editor", Language: "vi"}}); err != nil {
		t.Fatal(err)
	}
	changed, err := s.InTxApply(ctx, id)
	if err != nil || !slices.Equal(changed, []string{"timing", "unit"}) {
		t.Fatalf("changed %v, %v; want timing and unit", changed, err)
	}
	want := []string{"timing:news_event>other@v7/user:lan", "unit:cuc-pbgdpl>cuc-htpt@v7/user:lan"}
	if got := corrections(t, s, id); !slices.Equal(got, want) {
		t.Fatalf("corrections %v, want %v", got, want)
	}
	c, err := s.Classification(ctx, s.Pool, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Result.Timing != "other" || c.Result.Unit != "cuc-htpt" || c.Result.Kind != "publish" {
		t.Fatalf("stored result %+v", c.Result)
	}
	var col string
	s.Pool.QueryRow(ctx, `SELECT timing || '/' || unit FROM classification WHERE submission_id = $1`, id).Scan(&col)
	if col != "other/cuc-htpt" {
		t.Fatalf("stored columns %q", col)
	}
	// Applying again changes nothing; the machine classifying again keeps
	// the person's values and records nothing twice.
	if changed, _ := s.InTxApply(ctx, id); changed != nil {
		t.Fatalf("applied twice: %v", changed)
	}
	saveMachine(t, s, id, machine)
	if c, _ := s.Classification(ctx, s.Pool, id); c.Result.Timing != "other" || c.Result.Unit != "cuc-htpt" {
		t.Fatalf("reclassification overwrote the person's decision: %+v", c.Result)
	}
	if got := corrections(t, s, id); !slices.Equal(got, want) {
		t.Fatalf("corrections after reclassification %v, want %v", got, want)
	}
	// Corrections() is what eval --corrections summarises.
	all, err := s.Corrections(ctx, s.Pool, time.Time{})
	if err != nil || len(all) != 2 || all[0].Actor != "user:lan" || all[0].RulesVersion != "v7" {
		t.Fatalf("Corrections %+v %v", all, err)
	}

	// A person first, the machine after: recorded when it arrives, and
	// the person's quarantine decision is kept too (Điều 14 khoản 2).
	id2 := seedItem(t, s, 2, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(4*time.Hour)))
	if err := u.Apply(ctx, board, id2, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{
		Kind: "query", Unit: "cuc-htpt", Target: "unit", Language: "vi"}}); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx, board, id2, workflow.Command{Action: workflow.ActQuarantine, Quarantine: false}); err != nil {
		t.Fatal(err)
	}
	marked := machine
	marked.Screening = classify.Screening{Grounds: []string{"14.2"}, Quarantine: true}
	saveMachine(t, s, id2, marked)
	if c, _ := s.Classification(ctx, s.Pool, id2); c.Quarantined || c.QuarantineDecision != "lifted" || c.QuarantineDecidedBy != "user:lan" {
		t.Fatalf("the person's lift before the machine's quarantine was lost: %+v", c)
	}
	got := corrections(t, s, id2)
	for _, w := range []string{"kind:publish>query@v7/user:lan", "category:8.3>@v7/user:lan", "timing:news_event>@v7/user:lan", "target:portal_editor>unit@v7/user:lan"} {
		if !slices.Contains(got, w) {
			t.Errorf("corrections %v lack %s", got, w)
		}
	}
	if c, _ := s.Classification(ctx, s.Pool, id2); c.Result.Kind != "query" || c.Result.Target != "unit" || c.Result.Unit != "cuc-htpt" {
		t.Fatalf("person-first classification %+v", c.Result)
	}
	// The audit trail names the person on the correction rows.
	var n int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'classification_correction' AND actor = 'user:lan' AND action = 'insert'`).Scan(&n)
	if n != 2 {
		t.Errorf("audited corrections by user:lan: %d, want 2 (the ones made in the person's transaction)", n)
	}
}

// InTxApply runs ApplyPersonClassification in its own transaction (test
// helper).
func (s *Store) InTxApply(ctx context.Context, id int64) (changed []string, err error) {
	err = s.inTxAs(ctx, "user:lan", func(tx pgx.Tx) error {
		changed, err = s.ApplyPersonClassification(ctx, tx, id)
		return err
	})
	return changed, err
}

// TestForwardAndSupplementAgain checks the one-row-per-submission tables
// of routing when a person forwards or asks again: the row takes the new
// unit or request and is unsent again; the earlier Message-ID stays an
// outbound message of the item (a late answer still threads back).
func TestForwardAndSupplementAgain(t *testing.T) {
	t.Parallel()
	s, sid := unclassified(t)
	ctx := context.Background()
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		f, err := s.Reforward(ctx, tx, Forward{SubmissionID: sid, Unit: "cuc-hctp", To: "CucHCTP@moj.gov.vn", MessageID: "TN-2026-000001.chuyen@own", TrackingRef: "TN-2026-000001"})
		if err != nil || f.ID == 0 || f.To != "cuchctp@moj.gov.vn" {
			return fmt.Errorf("first reforward creates: %+v %v", f, err)
		}
		if err := s.MarkForwardSent(ctx, tx, f, time.Now()); err != nil {
			return err
		}
		g, err := s.Reforward(ctx, tx, Forward{SubmissionID: sid, Unit: "cuc-pbgdpl", To: "cucpbgdpl@moj.gov.vn", MessageID: "TN-2026-000001.chuyen9@own"})
		if err != nil || g.ID != f.ID || g.Unit != "cuc-pbgdpl" || g.SentAt != nil || g.MessageID != "TN-2026-000001.chuyen9@own" || g.TrackingRef != "TN-2026-000001" {
			return fmt.Errorf("reforward %+v %v", g, err)
		}
		if o, err := s.OutboundFor(ctx, tx, sid, []string{"TN-2026-000001.chuyen@own"}); err != nil || o.Kind != "forward" {
			return fmt.Errorf("the first forward no longer threads: %+v %v", o, err)
		}
		if ok, err := s.AcknowledgeForwardInUI(ctx, tx, sid, time.Now(), "user:hoa"); err != nil || ok {
			return fmt.Errorf("acknowledged an unsent forward: %v %v", ok, err)
		}
		if err := s.MarkForwardSent(ctx, tx, g, time.Now()); err != nil {
			return err
		}
		if ok, err := s.AcknowledgeForwardInUI(ctx, tx, sid, time.Now(), "user:hoa"); err != nil || !ok {
			return fmt.Errorf("acknowledge in the UI: %v %v", ok, err)
		}
		if ok, _ := s.AcknowledgeForwardInUI(ctx, tx, sid, time.Now(), "user:hoa"); ok {
			return fmt.Errorf("acknowledged twice")
		}

		r, err := s.RenewSupplementRequest(ctx, tx, SupplementRequest{SubmissionID: sid, To: "a@b.vn", MessageID: "TN-2026-000001.bosung@own", Missing: []string{"tax_code"}})
		if err != nil || r.ID == 0 {
			return fmt.Errorf("first renew creates: %+v %v", r, err)
		}
		if err := s.MarkSupplementSent(ctx, tx, r, time.Now()); err != nil {
			return err
		}
		r2, err := s.RenewSupplementRequest(ctx, tx, SupplementRequest{SubmissionID: sid, To: "a@b.vn", MessageID: "TN-2026-000001.bosung7@own"})
		if err != nil || r2.ID != r.ID || r2.RequestedAt != nil || r2.AnsweredAt != nil || len(r2.Missing) != 0 || r2.MessageID != "TN-2026-000001.bosung7@own" {
			return fmt.Errorf("renewed request %+v %v", r2, err)
		}
		if o, err := s.OutboundFor(ctx, tx, sid, []string{"TN-2026-000001.bosung@own"}); err != nil || o.Kind != "supplement_request" {
			return fmt.Errorf("the first request no longer threads: %+v %v", o, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestResumeAndCloseAssignment: an item a person set waiting for its
// author goes back to its earlier state at the answer (Điều 11 khoản 2);
// an open assignment closes once, with a history line.
func TestResumeAndCloseAssignment(t *testing.T) {
	t.Parallel()
	s, u, board, id := newsItem(t)
	ctx := context.Background()
	editor := principal(s, t, "minh", auth.Grant{Role: auth.RoleEditor})
	if err := u.Apply(ctx, board, id, workflow.Command{Action: workflow.ActAssign, AssigneeID: editor.AccountID}); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx, board, id, workflow.Command{Action: workflow.ActRequestSupp, Note: "- Mã số thuế"}); err != nil {
		t.Fatal(err)
	}
	var state string
	var ok bool
	err := s.inTxAs(ctx, "system", func(tx pgx.Tx) (err error) {
		state, ok, err = s.ResumeAfterSupplement(ctx, tx, id, "system")
		return err
	})
	if err != nil || !ok || state != workflow.StateInEdit {
		t.Fatalf("resume: %q %v %v, want in_edit", state, ok, err)
	}
	s.inTxAs(ctx, "system", func(tx pgx.Tx) (err error) { _, ok, err = s.ResumeAfterSupplement(ctx, tx, id, "system"); return err })
	if ok {
		t.Fatal("resumed an item that was not waiting")
	}
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := s.Assign(ctx, tx, Assignment{SubmissionID: id, Target: "portal_editor", PersonID: "btv-01", Reason: "x"}); err != nil {
			return err
		}
		if closed, err := s.CloseAssignment(ctx, tx, id, "user:lan", "phân loại lại"); err != nil || !closed {
			return fmt.Errorf("close %v %v", closed, err)
		}
		if closed, _ := s.CloseAssignment(ctx, tx, id, "user:lan", "x"); closed {
			return fmt.Errorf("closed twice")
		}
		if _, err := s.OpenAssignment(ctx, tx, id); err == nil {
			return fmt.Errorf("an assignment is still open")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReviewDone: the board member of Điều 12 khoản 3 sends the item back;
// only from in_review, only with the approve right; the assignee is cleared
// so that the inbox shows it waiting for an editor.
func TestReviewDone(t *testing.T) {
	t.Parallel()
	s, u, board, id := newsItem(t)
	ctx := context.Background()
	member := principal(s, t, "son", auth.Grant{Role: auth.RoleBoardMember})
	editor := principal(s, t, "minh", auth.Grant{Role: auth.RoleEditor})
	if err := u.Apply(ctx, member, id, workflow.Command{Action: workflow.ActReviewed}); err == nil {
		t.Fatal("review_done accepted outside in_review")
	}
	if err := u.Apply(ctx, board, id, workflow.Command{Action: workflow.ActAssign, AssigneeID: member.AccountID, Review: true}); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx, editor, id, workflow.Command{Action: workflow.ActReviewed}); err != workflow.ErrForbidden {
		t.Fatalf("an editor returned the review: %v", err)
	}
	if err := u.Apply(ctx, member, id, workflow.Command{Action: workflow.ActReviewed, Note: "đã kiểm duyệt nội dung"}); err != nil {
		t.Fatal(err)
	}
	d, _ := u.Item(ctx, board, id)
	if d.State != workflow.StateInEdit || d.AssigneeID != 0 {
		t.Fatalf("after review: state %s assignee %d", d.State, d.AssigneeID)
	}
}

// TestDashboardFromDeadlines: the managers' timeliness is measured on the
// deadline table (Điều 12 khoản 3, 13): met on time, breached late, still
// running past due open; the Điều 10 deadlines make the providers' column;
// cancelled ones and the author's 11.2 do not count.
func TestDashboardFromDeadlines(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	now := time.Now()
	u.Now = func() time.Time { return now }
	mgr := principal(s, t, "quan", auth.Grant{Role: auth.RoleManager})
	minh := mustAccount(t, s, "minh")
	s.Pool.Exec(ctx, `UPDATE account SET email = 'minh@moj.gov.vn' WHERE id = $1`, minh)
	type dl struct {
		rule, start, state string
		stopped            bool
		due                time.Duration
		assignee           string
	}
	items := []struct {
		timing, unit string
		dls          []dl
	}{
		{"news_event", "cuc-pbgdpl", []dl{{"13.1", "received", "met", true, -time.Hour, "minh@moj.gov.vn"}, {"10.2", "event", "met", true, -2 * time.Hour, ""}}},
		{"news_event", "cuc-pbgdpl", []dl{{"13.1", "received", "breached", true, -3 * time.Hour, "minh@moj.gov.vn"}, {"10.2", "event", "breached", true, -5 * time.Hour, ""}}},
		{"other", "cuc-htpt", []dl{{"13.2", "received", "running", false, -time.Hour, ""}, {"11.2", "supplement_requested", "breached", false, -time.Hour, ""}}},
		{"other", "cuc-htpt", []dl{{"13.2", "received", "cancelled", false, -time.Hour, ""}, {"12.3", "assigned_board_member", "met", true, -time.Hour, ""}}},
		{"other", "cuc-htpt", []dl{{"13.2", "received", "running", false, time.Hour, ""}}},
	}
	for i, it := range items {
		id := seedItem(t, s, i+1, now.Add(-6*time.Hour), derivedJSON("publish", it.timing, it.unit, now.Add(time.Hour)))
		for _, d := range it.dls {
			var stopped, cancelled, breached *time.Time
			at := now.Add(-30 * time.Minute)
			if d.stopped {
				stopped = &at
			}
			if d.state == "cancelled" {
				cancelled = &at
			}
			if d.state == "breached" {
				b := now.Add(d.due)
				breached = &b
			}
			if _, err := s.Pool.Exec(ctx, `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state,
				stopped_at, cancelled_at, breached_at, assignee) VALUES ($1, $2, 'Điều ' || $2, '', '{}', $3, $4, '4 hours', $5, $6, $7, $8, $9, $10)`,
				id, d.rule, d.start, now.Add(-6*time.Hour), now.Add(d.due), d.state, stopped, cancelled, breached, d.assignee); err != nil {
				t.Fatal(err)
			}
		}
	}
	dash, err := u.Dashboard(ctx, mgr, now.Add(-24*time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	key := func(ts []view.Timeliness) map[string][3]int {
		m := map[string][3]int{}
		for _, x := range ts {
			m[x.Key] = [3]int{x.OnTime, x.Late, x.Open}
		}
		return m
	}
	// news_event: one met, one late; other: the 12.3 met, the overdue 13.2
	// open, the cancelled one and the author's 11.2 not counted, nor the
	// 13.2 not yet due.
	if got, want := key(dash.ByTiming), map[string][3]int{"news_event": {1, 1, 0}, "other": {1, 0, 1}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by timing %v, want %v", got, want)
	}
	if got, want := key(dash.ByUnit), map[string][3]int{"cuc-pbgdpl": {1, 1, 0}, "cuc-htpt": {1, 0, 1}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by unit %v, want %v", got, want)
	}
	// The person who answered for the deadline, by their account's name.
	if got := key(dash.ByPerson)["minh"]; got != [3]int{1, 1, 0} {
		t.Errorf("by person %v", key(dash.ByPerson))
	}
	if got, want := key(dash.Provider), map[string][3]int{"cuc-pbgdpl": {1, 1, 0}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("providers (Điều 10) %v, want %v", got, want)
	}
	month := now.Add(-30 * time.Minute).In(workday.Zone).Format("2006-01")
	if got := key(dash.ByMonth)[month]; got[0] != 2 || got[1] != 1 {
		t.Errorf("by month %v", key(dash.ByMonth))
	}
	b, _ := json.Marshal(dash.ByTiming)
	t.Logf("by timing: %s", b)
}

// inboxClassification is what the inbox row of id shows.
func inboxClassification(t *testing.T, s *Store, id int64) string {
	t.Helper()
	var got string
	if err := s.Pool.QueryRow(context.Background(), `SELECT concat_ws('/', kind, category, timing, unit, target, language) FROM triage WHERE submission_id = $1`,
		id).Scan(&got); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestPersonClassificationWinsAfterReclassification: the inbox row shows
// the classification in force (finding.Effective of the machine's and
// the person's), never the person's form as typed nor the machine's alone;
// a machine reclassifying with another unit keeps the person's decisions
// and takes the unit the person left to it; a report read again (the
// triggers' refresh) changes none of it.
func TestPersonClassificationWinsAfterReclassification(t *testing.T) {
	t.Parallel()
	s, u, board, machine, id := machineClassifiedItem(t)
	ctx := context.Background()
	base := newsReceived
	// The person corrects the class and timing and leaves unit, target and
	// language to the machine (the item page sends them empty).
	if err := u.Apply(ctx, board, id, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{
		Kind: "publish", Category: "8.1", Timing: "direction"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InTxApply(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got, want := inboxClassification(t, s, id), "publish/8.1/direction/cuc-pbgdpl/portal_editor/vi"; got != want {
		t.Fatalf("inbox after the person: %s, want %s", got, want)
	}
	// The machine classes again, with another unit.
	again := machine
	again.RulesVersion, again.Unit, again.Timing = "v8", "cuc-htpt", "other"
	saveMachine(t, s, id, again)
	if got, want := inboxClassification(t, s, id), "publish/8.1/direction/cuc-htpt/portal_editor/vi"; got != want {
		t.Fatalf("inbox after the machine again: %s, want %s", got, want)
	}
	if c, _ := s.Classification(ctx, s.Pool, id); c.Result.Timing != "direction" || c.Result.Category != "8.1" || c.Result.Unit != "cuc-htpt" {
		t.Fatalf("stored after the machine again %+v", c.Result)
	}
	for _, c := range corrections(t, s, id) {
		if strings.HasPrefix(c, "unit:") {
			t.Errorf("a unit the person never chose recorded as corrected: %s", c)
		}
	}
	// A report read again refreshes the inbox row by trigger: the
	// classification in force stays.
	if _, err := s.Pool.Exec(ctx, `UPDATE message_parsed SET derived = $2 FROM submission s WHERE s.id = $1 AND message_id = s.first_message_id`,
		id, derivedJSON("query", "other", "vu-pl", base.Add(5*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if got, want := inboxClassification(t, s, id), "publish/8.1/direction/cuc-htpt/portal_editor/vi"; got != want {
		t.Fatalf("inbox after the report was read again: %s, want %s", got, want)
	}
}
