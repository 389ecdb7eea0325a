package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/postgres/pgtest"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

func testKeys(t testing.TB) *crypto.Keyring {
	line, err := crypto.GenerateKey("k1", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.ParseKeyring(strings.NewReader(line), "test")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// seedItem makes a message with a derived report and its submission, as
// the pipeline would; the triage row comes from the trigger.
func seedItem(t testing.TB, s *Store, n int, received time.Time, derived string) int64 {
	t.Helper()
	ctx := context.Background()
	var mid, sid int64
	if err := s.Pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ($1, $2, 10, $3, 'submission') RETURNING id`,
		fmt.Sprintf("m%d@x", n), fmt.Sprint(n), received).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, text_body, derived) VALUES ($1, $2, 'a@b.vn', 'Số CCCD: 001203004567', $3)`,
		mid, fmt.Sprintf("Tin %d", n), derived); err != nil {
		t.Fatal(err)
	}
	if err := s.Pool.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, received_at, first_message_id) VALUES ($1, 'awaiting_triage', $2, $3, $4) RETURNING id`,
		fmt.Sprintf("TN-2026-%06d", n), fmt.Sprintf("Tin %d", n), received, mid).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	s.Pool.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, mid, sid)
	pgtest.ClassifiedAsReported(t, s, sid)
	return sid
}

// derivedJSON is a report as stored before migration 00011, with its
// deadlines (due: one 13.1 deadline); the inbox never reads them: the
// deadline table is their one source (setDue).
func derivedJSON(kind, timing, unit string, due time.Time, grounds ...string) string {
	g := `[]`
	if len(grounds) > 0 {
		g = `["` + strings.Join(grounds, `","`) + `"]`
	}
	return fmt.Sprintf(`{"classification": {"kind": %q, "category": "8.3", "timing": %q, "unit": %q, "target": "portal_editor", "language": "vi"},
		"screening": {"grounds": %s}, "deadlines": [{"rule": "13.1", "due_at": %q}]}`, kind, timing, unit, g, due.Format(time.RFC3339))
}

// setDue stores a running Điều 13 khoản 1 deadline of submission sid,
// due at due, as set_deadlines stores it (InsertDeadlines).
func setDue(t testing.TB, s *Store, sid int64, due time.Time) int64 {
	t.Helper()
	var id int64
	if err := s.Pool.QueryRow(context.Background(), `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state)
		VALUES ($1, '13.1', 'Điều 13 khoản 1', '', '{}', 'received', $2::timestamptz - interval '4 hours', '4 hours', $2, 'running') RETURNING id`, sid, due).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestInboxDueFromTheDeadlineTableOnly: the inbox's nearest due time is
// copied from the deadline table only (migration 00011): an item whose
// stored report says one due time (a report stored before 00011) and
// whose deadline table says another shows the table's; before
// set_deadlines stored any, it shows none (fail-safe: no countdown rather
// than one the rules in force may not give), and none once its deadline
// is cancelled.
func TestInboxDueFromTheDeadlineTableOnly(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	reported, inForce := base.Add(2*time.Hour), base.Add(6*time.Hour)
	id := seedItem(t, s, 1, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", reported))
	board := principal(s, t, "board", auth.Grant{Role: auth.RoleStandingBoard})
	row := func() view.Row {
		t.Helper()
		f := view.Filter{Now: base}
		view.ScopeFor(&f, board)
		page, err := u.Inbox(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Rows) != 1 || page.Rows[0].ID != id {
			t.Fatalf("inbox rows %+v, want item %d", page.Rows, id)
		}
		return page.Rows[0]
	}
	if r := row(); r.NextDue != nil {
		t.Errorf("before set_deadlines: due %v (%s), want none (the report's %v is not in force)", r.NextDue, r.NextRule, reported)
	}
	did := setDue(t, s, id, inForce)
	if r := row(); r.NextDue == nil || !r.NextDue.Equal(inForce) || r.NextRule != "13.1" {
		t.Errorf("deadline set: due %v (%s), want the table's 13.1 at %v (report: %v)", r.NextDue, r.NextRule, inForce, reported)
	}
	// The report rewritten (reprocess, a later stage) moves nothing.
	if _, err := s.Pool.Exec(ctx, `UPDATE message_parsed SET derived = $2 FROM submission s WHERE s.id = $1 AND message_id = s.first_message_id`,
		id, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if r := row(); r.NextDue == nil || !r.NextDue.Equal(inForce) {
		t.Errorf("report rewritten: due %v, want the table's %v", r.NextDue, inForce)
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE deadline SET state = 'cancelled', cancelled_at = now() WHERE id = $1`, did); err != nil {
		t.Fatal(err)
	}
	if r := row(); r.NextDue != nil {
		t.Errorf("deadline cancelled: due %v (%s), want none", r.NextDue, r.NextRule)
	}
}

func principal(s *Store, t testing.TB, name string, grants ...auth.Grant) auth.Principal {
	id := mustAccount(t, s, name, grants...)
	return auth.Principal{AccountID: id, Username: name, DisplayName: name, Grants: grants, Now: time.Now()}
}

func TestInboxOrderScopeAndKeyset(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	var ids []int64
	for i := 0; i < 7; i++ {
		unit := "cuc-pbgdpl"
		if i%2 == 1 {
			unit = "cuc-htpt"
		}
		// Due instants in reverse order of receipt.
		due := base.Add(time.Duration(20-i) * time.Hour)
		ids = append(ids, seedItem(t, s, i, base.Add(time.Duration(i)*time.Hour), derivedJSON("publish", "news_event", unit, due)))
		setDue(t, s, ids[i], due)
	}
	secret := seedItem(t, s, 99, base, derivedJSON("publish", "admin_document", "cuc-pbgdpl", base.Add(time.Hour), "14.2"))
	setDue(t, s, secret, base.Add(time.Hour))

	board := principal(s, t, "board", auth.Grant{Role: auth.RoleStandingBoard})
	f := view.Filter{Limit: 3, Now: base}
	view.ScopeFor(&f, board)
	page, err := u.Inbox(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 8 || page.Next == nil || len(page.Rows) != 3 {
		t.Fatalf("page 1: count %d, rows %d, next %v", page.Count, len(page.Rows), page.Next)
	}
	want := []int64{secret, ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}
	var got []int64
	for {
		for _, r := range page.Rows {
			got = append(got, r.ID)
		}
		if page.Next == nil {
			break
		}
		c, err := view.ParseCursor(page.Next.String())
		if err != nil {
			t.Fatal(err)
		}
		f.After = c
		if page, err = u.Inbox(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order by nearest deadline over pages: %v, want %v", got, want)
	}

	// An editor does not see the quarantined item; a board member only their unit.
	editor := principal(s, t, "editor", auth.Grant{Role: auth.RoleEditor})
	f = view.Filter{Now: base}
	view.ScopeFor(&f, editor)
	page, _ = u.Inbox(ctx, f)
	for _, r := range page.Rows {
		if r.ID == secret {
			t.Fatal("editor sees a quarantined item (Điều 14.2)")
		}
	}
	if _, err := u.Item(ctx, editor, secret); !errors.Is(err, workflow.ErrNotFound) {
		t.Fatalf("editor opens quarantined item: %v", err)
	}
	member := principal(s, t, "member", auth.Grant{Role: auth.RoleBoardMember, Unit: "cuc-htpt"})
	f = view.Filter{Now: base}
	view.ScopeFor(&f, member)
	page, _ = u.Inbox(ctx, f)
	if len(page.Rows) != 3 {
		t.Fatalf("member of cuc-htpt sees %d items, want 3", len(page.Rows))
	}
	// Filters.
	f = view.Filter{Now: base.Add(15 * time.Hour), Overdue: true}
	view.ScopeFor(&f, board)
	page, _ = u.Inbox(ctx, f)
	if len(page.Rows) != 2 { // due at +1h (secret) and +14h; +15h is not before now
		t.Fatalf("overdue at +15h: %d rows", len(page.Rows))
	}
	f = view.Filter{Now: base, Quarantined: true}
	view.ScopeFor(&f, board)
	if page, _ = u.Inbox(ctx, f); len(page.Rows) != 1 || page.Rows[0].ID != secret {
		t.Fatalf("quarantined filter: %+v", page.Rows)
	}
}

func TestActionsFollowTheWorkflow(t *testing.T) {
	t.Parallel()
	s, u, board, id := newsItem(t)
	ctx := context.Background()
	base := newsReceived
	editor := principal(s, t, "minh", auth.Grant{Role: auth.RoleEditor})
	liaison := principal(s, t, "hoa", auth.Grant{Role: auth.RoleUnitLiaison, Unit: "cuc-pbgdpl"})

	must := func(p auth.Principal, c workflow.Command) {
		t.Helper()
		if err := u.Apply(ctx, p, id, c); err != nil {
			t.Fatalf("%s by %s: %v", c.Action, p.Username, err)
		}
	}
	refuse := func(p auth.Principal, c workflow.Command, want string) {
		t.Helper()
		err := u.Apply(ctx, p, id, c)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s by %s: err %v, want %q", c.Action, p.Username, err, want)
		}
	}
	refuse(editor, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{Kind: "publish", Category: "8.3", Timing: "news_event"}}, "không có quyền")
	refuse(board, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{Kind: "publish", Category: "9.9", Timing: "x"}}, "nhóm Điều 8")
	must(board, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi"}})
	must(board, workflow.Command{Action: workflow.ActAssign, AssigneeID: editor.AccountID})
	must(editor, workflow.Command{Action: workflow.ActSubmit})
	// Điều 12: the editor cannot approve, even as Standing Board.
	editorAlsoBoard := editor
	editorAlsoBoard.Grants = append(editorAlsoBoard.Grants, auth.Grant{Role: auth.RoleStandingBoard})
	refuse(editorAlsoBoard, workflow.Command{Action: workflow.ActApprove}, "Điều 12")
	refuse(board, workflow.Command{Action: workflow.ActPublish, URL: "https://moj.gov.vn/x"}, "không thể")
	must(board, workflow.Command{Action: workflow.ActApprove})
	refuse(editor, workflow.Command{Action: workflow.ActPublish, URL: "https://evil.example/x"}, "moj.gov.vn")
	must(editor, workflow.Command{Action: workflow.ActPublish, URL: "https://moj.gov.vn/qt/tintuc/Pages/1.aspx"})
	d, err := u.Item(ctx, board, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != workflow.StatePublished || d.Editor != "minh" || d.Approver != "lan" || d.PortalURL == "" || d.Timing != "direction" || d.ClassifiedBy != "lan" {
		t.Fatalf("published item: %+v", d.Row)
	}
	// Điều 15: take down temporarily, restore, then permanently.
	refuse(board, workflow.Command{Action: workflow.ActTakedown, Kind: "temporary"}, "lý do")
	must(board, workflow.Command{Action: workflow.ActTakedown, Kind: "temporary", Note: "phản ánh sai số liệu"})
	must(board, workflow.Command{Action: workflow.ActRestore, Note: "đã xác minh"})
	must(board, workflow.Command{Action: workflow.ActTakedown, Kind: "permanent", Note: "tranh chấp quyền tác giả"})
	refuse(board, workflow.Command{Action: workflow.ActClose, Note: "x"}, "đã kết thúc")

	// History and audit carry the principal.
	d, _ = u.Item(ctx, board, id)
	var kinds []string
	for _, e := range d.Events {
		kinds = append(kinds, e.Actor+":"+e.Kind)
	}
	for _, w := range []string{"user:lan:classify", "user:minh:submit_for_approval", "user:lan:approve", "user:minh:publish", "user:lan:takedown"} {
		if !strings.Contains(strings.Join(kinds, " "), w) {
			t.Errorf("history %v lacks %s", kinds, w)
		}
	}
	var n int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'triage' AND row_id = $1 AND actor = 'user:minh' AND after->>'state' = 'published'`, fmt.Sprint(id)).Scan(&n)
	if n != 1 {
		t.Fatalf("audit rows of the publication by minh: %d", n)
	}

	// Forward, liaison answers; quarantined items are never forwarded.
	id2 := seedItem(t, s, 2, base, derivedJSON("query", "", "cuc-pbgdpl", base.Add(8*time.Hour)))
	if err := u.Apply(ctx, liaison, id2, workflow.Command{Action: workflow.ActAnswer, Note: "x"}); !errors.Is(err, workflow.ErrNotFound) {
		t.Fatalf("liaison sees an item not forwarded: %v", err)
	}
	if err := u.Apply(ctx, board, id2, workflow.Command{Action: workflow.ActForward, Unit: "cuc-pbgdpl"}); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx, liaison, id2, workflow.Command{Action: workflow.ActAnswer, Note: "Đã trả lời công dân ngày 3/3"}); err != nil {
		t.Fatal(err)
	}
	id3 := seedItem(t, s, 3, base, derivedJSON("publish", "admin_document", "cuc-pbgdpl", base.Add(8*time.Hour), "14.2"))
	if err := u.Apply(ctx, board, id3, workflow.Command{Action: workflow.ActForward, Unit: "cuc-pbgdpl"}); err == nil || !strings.Contains(err.Error(), "14 khoản 2") {
		t.Fatalf("quarantined item forwarded: %v", err)
	}
	if err := u.Apply(ctx, board, id3, workflow.Command{Action: workflow.ActRefuse, Ground: "14.2"}); err == nil {
		t.Fatal("refusal without a note accepted")
	}
	if err := u.Apply(ctx, board, id3, workflow.Command{Action: workflow.ActRefuse, Ground: "14.2", Note: "tài liệu MẬT"}); err != nil {
		t.Fatal(err)
	}
	manager := auth.Principal{Username: "quan-ly", Grants: []auth.Grant{{Role: auth.RoleManager}}, Now: time.Now()}
	rep, err := u.YearReport(ctx, manager, 2026)
	if err != nil || rep.Received != 3 || len(rep.Refusals) != 1 || rep.Refusals[0].Key != "14.2" || len(rep.Takedowns) != 1 {
		t.Fatalf("year report %+v, %v", rep, err)
	}
}

// The inbox shows every deadline of an item that still counts: the
// nearest as the row's countdown, the others after it (Điều 13 posting
// beside an Điều 11 khoản 2 supplement timer); met ones are not shown.
func TestInboxShowsEveryCountingDeadline(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	id := seedItem(t, s, 1, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(time.Hour)))
	other := seedItem(t, s, 2, base, derivedJSON("publish", "news_event", "cuc-pbgdpl", base.Add(2*time.Hour)))
	add := func(sub int64, rule, state string, due time.Time) {
		t.Helper()
		if _, err := s.Pool.Exec(ctx, `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state, stopped_at)
			VALUES ($1, $2, 'Điều '||$2, '', '{}', 'received', $3, '4 hours', $4, $5, CASE WHEN $5 = 'met' THEN $3::timestamptz END)`, sub, rule, base, due, state); err != nil {
			t.Fatal(err)
		}
	}
	add(id, "13.2", "running", base.Add(5*time.Hour))
	add(id, "11.2", "running", base.Add(8*time.Hour))
	add(id, "10.1", "met", base.Add(-time.Hour))
	add(other, "13.1", "running", base.Add(3*time.Hour))

	board := principal(s, t, "board", auth.Grant{Role: auth.RoleStandingBoard})
	f := view.Filter{Now: base}
	view.ScopeFor(&f, board)
	page, err := u.Inbox(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int64]view.Row{}
	for _, r := range page.Rows {
		rows[r.ID] = r
	}
	r := rows[id]
	if r.NextRule != "13.2" || r.NextDue == nil || !r.NextDue.Equal(base.Add(5*time.Hour)) {
		t.Fatalf("nearest deadline %s %v, want 13.2 at %v", r.NextRule, r.NextDue, base.Add(5*time.Hour))
	}
	if len(r.Later) != 1 || r.Later[0].Rule != "11.2" || !r.Later[0].At.Equal(base.Add(8*time.Hour)) {
		t.Errorf("later deadlines %+v, want only 11.2 at %v", r.Later, base.Add(8*time.Hour))
	}
	if o := rows[other]; o.NextRule != "13.1" || len(o.Later) != 0 {
		t.Errorf("the other item: nearest %s, later %+v", o.NextRule, o.Later)
	}
}
