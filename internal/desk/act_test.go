package desk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workflow"
	"github.com/moj-portal/tiepnhan/workers/workerstest"
)

// harness is a Desk over the workers' pipeline on a fresh database; the
// River client is started only when a test runs the jobs.
type harness struct {
	*workerstest.Pipeline
	t    *testing.T
	desk *desk.Desk
	now  time.Time
	n    int
}

func newHarness(t *testing.T) *harness {
	h := &harness{Pipeline: workerstest.New(t), t: t, now: time.Now()}
	h.desk = &desk.Desk{Deps: h.Deps, Jobs: h.Client, Now: func() time.Time { return h.now }}
	return h
}

const ownDomain = workerstest.OwnDomain

var cheapHash = auth.Hasher{Params: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}

// person creates an account and returns its principal.
func (h *harness) person(name, email string, grants ...auth.Grant) auth.Principal {
	h.t.Helper()
	hash, _ := cheapHash.Hash("mật khẩu thử")
	id, err := h.Store.CreateAccount(context.Background(), "test", auth.Account{Username: name, DisplayName: name, Email: email, PasswordHash: hash}, grants)
	if err != nil {
		h.t.Fatal(err)
	}
	return auth.Principal{AccountID: id, Username: name, DisplayName: name, Grants: grants, Now: time.Now()}
}

// lan is the Standing Board member of the tests (lan@moj.gov.vn).
func (h *harness) lan() auth.Principal {
	h.t.Helper()
	return h.person("lan", "lan@moj.gov.vn", auth.Grant{Role: auth.RoleStandingBoard})
}

// publication stores an item from its author (tacgia@b.vn) that the
// machine classified as a publication of category 8.3 with timing, for
// cuc-pbgdpl's portal editors (item).
func (h *harness) publication(timing string) int64 {
	h.t.Helper()
	return h.item("tacgia@b.vn", classify.Result{Kind: "publish", Category: "8.3", Timing: timing, Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi"}, "")
}

// item stores a submission as the pipeline leaves it: message, report,
// submission awaiting triage, the machine's classification and the
// deadlines of its receipt (an hour ago).
func (h *harness) item(from string, r classify.Result, autoReason string) int64 {
	h.t.Helper()
	h.n++
	ctx := context.Background()
	n, s := h.n, h.Store
	received := h.now.Add(-time.Hour)
	raw := fmt.Sprintf("From: Tác giả <%s>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Tin %d\r\nMessage-ID: <ui%d@b.vn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNội dung tin %d.\r\n", from, n, n, n)
	derived, _ := json.Marshal(map[string]any{"message": map[string]any{"received_at": received},
		"classification": map[string]any{"kind": r.Kind, "category": r.Category, "timing": r.Timing, "unit": r.Unit, "target": r.Target, "language": r.Language},
		"screening":      map[string]any{"grounds": r.Screening.Grounds}})
	var mid, sid int64
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ($1, $2, $3, $4, 'submission') RETURNING id`,
			fmt.Sprintf("ui%d@b.vn", n), fmt.Sprint("ui", n), len(raw), received).Scan(&mid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_raw (message_id, raw) VALUES ($1, $2)`, mid, []byte(raw)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, from_name, text_body, derived, auto_reason)
			VALUES ($1, $2, $3, 'Tác giả', $4, $5, $6)`, mid, fmt.Sprintf("Tin %d", n), from, fmt.Sprintf("Nội dung tin %d.", n), derived, autoReason); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, from_addr, from_name, received_at, first_message_id)
			VALUES ($1, 'awaiting_triage', $2, $3, 'Tác giả', $4, $5) RETURNING id`, fmt.Sprintf("TN-2026-%06d", n), fmt.Sprintf("Tin %d", n), from, received, mid).Scan(&sid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, mid, sid); err != nil {
			return err
		}
		r.RulesVersion = "v-test"
		if err := s.SaveClassification(ctx, tx, sid, r); err != nil {
			return err
		}
		return h.Deps.Deadlines.Set(ctx, tx, []int64{sid})
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return sid
}

func (h *harness) apply(p auth.Principal, id int64, c workflow.Command) {
	h.t.Helper()
	if err := h.desk.Act(context.Background(), p, id, c); err != nil {
		h.t.Fatalf("%s by %s on %d: %v", c.Action, p.Username, id, err)
	}
}

// refused applies c and wants a person's mistake mentioning want.
func (h *harness) refused(p auth.Principal, id int64, c workflow.Command, want string) {
	h.t.Helper()
	err := h.desk.Act(context.Background(), p, id, c)
	var ie *workflow.InvalidError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), want) {
		h.t.Fatalf("%s on %d: %v, want a refusal mentioning %q", c.Action, id, err, want)
	}
}

// deadlines lists rule:state of a submission's deadlines, oldest first.
func (h *harness) deadlines(id int64) []string {
	h.t.Helper()
	ds, err := h.Store.SubmissionDeadlines(context.Background(), h.Store.Pool, id)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Rule.ID+":"+string(d.State))
	}
	return out
}

func (h *harness) assignees(id int64) map[string]string {
	ds, _ := h.Store.SubmissionDeadlines(context.Background(), h.Store.Pool, id)
	out := map[string]string{}
	for _, d := range ds {
		if d.Open() {
			out[d.Rule.ID] = d.Assignee
		}
	}
	return out
}

// jobs returns the args of the jobs of kind about submission id.
func (h *harness) jobs(kind string, id int64) []map[string]any {
	h.t.Helper()
	rows, err := h.Store.Pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = $1 AND (args ->> 'submission_id')::bigint = $2 ORDER BY id`, kind, id)
	if err != nil {
		h.t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (map[string]any, error) {
		var m map[string]any
		err := r.Scan(&m)
		return m, err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) waitJobs(kind string, id int64, n int) {
	h.t.Helper()
	end := time.Now().Add(30 * time.Second)
	for {
		var done int
		h.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = $1 AND (args ->> 'submission_id')::bigint = $2 AND state = 'completed'`, kind, id).Scan(&done)
		if done >= n {
			return
		}
		if time.Now().After(end) {
			rows, _ := h.Store.Pool.Query(context.Background(), `SELECT kind, state, coalesce(errors::text, '') FROM river_job ORDER BY id`)
			for rows.Next() {
				var k, st, e string
				rows.Scan(&k, &st, &e)
				h.t.Logf("job %s %s %s", k, st, e)
			}
			h.t.Fatalf("%d %s jobs of %d completed, want %d", done, kind, id, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (h *harness) state(id int64) string {
	sub, err := h.Store.Submission(context.Background(), h.Store.Pool, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(sub.State)
}

func (h *harness) person2(role directory.Role) directory.Person {
	for _, p := range h.Dir.People {
		if p.Role == role {
			return p
		}
	}
	h.t.Fatalf("no %s in the directory", role)
	return directory.Person{}
}

// TestUIActionsPostingItem follows an item for posting through the UI: the
// person's classification is recorded as corrections and moves the
// deadlines from 13.1 to 13.2 (Điều 13); a supplement request mails the
// author with the person's note and starts 11.2 (Điều 11 khoản 2); the
// review of Điều 12 khoản 3 starts and meets 12.3; assignments name who
// answers for the deadlines and count in the routing's loads; publication
// meets 13.2 and records the item for the 14.4 screen.
func TestUIActionsPostingItem(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	member, editor := h.person2(directory.RoleBoardMember), h.person2(directory.RoleEditor)
	lan := h.lan()
	son := h.person("son", member.Email, auth.Grant{Role: auth.RoleBoardMember})
	minh := h.person("minh", editor.Email, auth.Grant{Role: auth.RoleEditor})
	id := h.publication("news_event")
	if got := h.deadlines(id); !slices.Equal(got, []string{"13.1:running"}) {
		t.Fatalf("deadlines at receipt %v", got)
	}

	// A person corrects the timing class: recorded, and 13.1 → 13.2.
	h.apply(lan, id, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{
		Kind: "publish", Category: "8.3", Timing: "other", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi"}})
	cs, err := h.Store.Corrections(ctx, h.Store.Pool, time.Time{})
	if err != nil || len(cs) != 1 || cs[0].Field != "timing" || cs[0].Machine != "news_event" || cs[0].Corrected != "other" || cs[0].Actor != "user:lan" || cs[0].RulesVersion != "v-test" {
		t.Fatalf("corrections %+v %v", cs, err)
	}
	if got := h.deadlines(id); !slices.Equal(got, []string{"13.1:cancelled", "13.2:running"}) {
		t.Fatalf("deadlines after the timing class changed: %v", got)
	}
	if n := len(h.jobs("route_submission", id)); n != 0 {
		t.Errorf("a timing class alone routed the item again (%d jobs)", n)
	}

	// A supplement request with the person's note.
	h.apply(lan, id, workflow.Command{Action: workflow.ActRequestSupp, Note: "Đề nghị gửi lại ảnh chụp rõ nét và ghi chú thích ảnh."})
	js := h.jobs("supplement_request", id)
	if len(js) != 1 || js[0]["note"] == nil || js[0]["by"] != "user:lan" {
		t.Fatalf("supplement jobs %v", js)
	}
	if s := h.state(id); s != workflow.StateAwaitingAuthor {
		t.Fatalf("state %s", s)
	}
	h.Run()
	h.waitJobs("supplement_request", id, 1)
	ms := h.Mail.To("tacgia@b.vn")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "ảnh chụp rõ nét") || !strings.Contains(ms[0].Subject, "TN-2026-000001") || !slices.Contains(ms[0].InReplyTo, "ui1@b.vn") {
		t.Fatalf("mail to the author: %d, %+v", len(ms), ms)
	}
	if got := h.deadlines(id); !slices.Contains(got, "11.2:running") {
		t.Fatalf("11.2 not started by the request: %v", got)
	}

	// Sent to the board member for review: 12.3 runs, and he answers for
	// it and for 13.2; the routing's assignment names him.
	h.apply(lan, id, workflow.Command{Action: workflow.ActAssign, AssigneeID: son.AccountID, Review: true})
	if got := h.deadlines(id); !slices.Contains(got, "12.3:running") {
		t.Fatalf("12.3 not started: %v", got)
	}
	if a := h.assignees(id); a["12.3"] != member.Email || a["13.2"] != member.Email {
		t.Fatalf("deadline assignees %v, want %s", a, member.Email)
	}
	if a, err := h.Store.OpenAssignment(ctx, h.Store.Pool, id); err != nil || a.PersonID != member.ID || a.Target != "board_member" {
		t.Fatalf("routing assignment %+v %v", a, err)
	}
	h.now = h.now.Add(30 * time.Minute)
	h.apply(son, id, workflow.Command{Action: workflow.ActReviewed})
	if got := h.deadlines(id); !slices.Contains(got, "12.3:met") {
		t.Fatalf("12.3 not met by the return: %v", got)
	}
	h.apply(lan, id, workflow.Command{Action: workflow.ActAssign, AssigneeID: minh.AccountID})
	if a := h.assignees(id); a["13.2"] != editor.Email {
		t.Fatalf("13.2 answered for by %q, want the editor", a["13.2"])
	}
	loads, _ := h.Store.Loads(ctx, h.Store.Pool)
	if loads[editor.ID] != 1 || loads[member.ID] != 0 {
		t.Fatalf("loads %v", loads)
	}

	// Điều 12 two steps, then publication: 13.2 met, the item recorded as
	// published (Điều 14 khoản 4).
	h.apply(minh, id, workflow.Command{Action: workflow.ActSubmit})
	h.apply(lan, id, workflow.Command{Action: workflow.ActApprove})
	url := "https://moj.gov.vn/qt/tintuc/Pages/tin-1.aspx"
	h.apply(minh, id, workflow.Command{Action: workflow.ActPublish, URL: url})
	if got := h.deadlines(id); !slices.Contains(got, "13.2:met") {
		t.Fatalf("13.2 not met by the publication: %v", got)
	}
	var src string
	var sub int64
	if err := h.Store.Pool.QueryRow(ctx, `SELECT source, submission_id FROM published_item WHERE link = $1`, url).Scan(&src, &sub); err != nil || src != "staff" || sub != id {
		t.Fatalf("published item: %q %d %v", src, sub, err)
	}
	// The audit trail names the people on the rows their actions wrote.
	for table, actor := range map[string]string{"classification_correction": "user:lan", "published_item": "user:minh", "deadline": "user:son"} {
		var n int
		h.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = $1 AND actor = $2`, table, actor).Scan(&n)
		if n == 0 {
			t.Errorf("no audit row of %s by %s", table, actor)
		}
	}
}

// TestUIActionsQueryItems: a query forwarded by the machine goes to the
// unit a person corrects it to; a forward from the UI mails the unit it
// names and ends the posting deadline; the liaison's answer acknowledges
// it; what cannot be sent is refused before anything changes.
func TestUIActionsQueryItems(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	lan := h.lan()
	pbgdpl, hctp := h.Dir.Unit("cuc-pbgdpl"), h.Dir.Unit("cuc-hctp")
	hoa := h.person("hoa", "", auth.Grant{Role: auth.RoleUnitLiaison, Unit: hctp.Code})
	query := classify.Result{Kind: "query", Unit: pbgdpl.Code, Target: "unit", Language: "vi"}

	// The machine forwarded q to its unit.
	q := h.item("congdan@gmail.com", query, "")
	if err := h.Store.InTx(ctx, func(tx pgx.Tx) error {
		f, err := h.Store.CreateForward(ctx, tx, postgres.Forward{SubmissionID: q, Unit: pbgdpl.Code, To: pbgdpl.Email,
			MessageID: pipeline.OutboundMessageID("TN-2026-000001", "chuyen", ownDomain), TrackingRef: "TN-2026-000001"})
		if err != nil {
			return err
		}
		return h.Store.MarkForwardSent(ctx, tx, f, h.now)
	}); err != nil {
		t.Fatal(err)
	}
	if s := h.state(q); s != workflow.StateForwarded {
		t.Fatalf("state after the machine's forward %s", s)
	}
	// A person corrects the unit: the query goes to the unit chosen.
	h.apply(lan, q, workflow.Command{Action: workflow.ActClassify, Classification: workflow.Classification{Kind: "query", Unit: hctp.Code, Target: "unit", Language: "vi"}})
	js := h.jobs("route_forward", q)
	if len(js) != 1 || js[0]["unit"] != hctp.Code {
		t.Fatalf("forward jobs after the correction %v", js)
	}

	// A forward from the UI to a unit of the directory, with a note.
	q2 := h.item("congdan2@gmail.com", query, "")
	h.refused(lan, q2, workflow.Command{Action: workflow.ActForward, Unit: "khong-co"}, "không có trong danh bạ")
	if s := h.state(q2); s != "awaiting_triage" {
		t.Fatalf("a refused forward changed the item: %s", s)
	}
	h.apply(lan, q2, workflow.Command{Action: workflow.ActForward, Unit: hctp.Code, Note: "Đề nghị Cục trả lời trực tiếp công dân."})
	if got := h.deadlines(q2); !slices.Equal(got, []string{"13.2:cancelled"}) {
		t.Fatalf("posting deadline after the forward: %v", got)
	}

	// Nothing is written about a quarantined item or to an automatic
	// sender; lifting the quarantine routes the item again.
	x := h.item("vanthu@b.vn", classify.Result{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: pbgdpl.Code, Target: "portal_editor",
		Language: "vi", Screening: classify.Screening{Grounds: []string{"14.2"}, Quarantine: true}}, "")
	if err := h.Store.InTx(ctx, func(tx pgx.Tx) error {
		_, err := h.Store.Assign(ctx, tx, postgres.Assignment{SubmissionID: x, Target: "standing_board", Reason: "Điều 14 khoản 2"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	h.refused(lan, x, workflow.Command{Action: workflow.ActRequestSupp, Note: "x"}, "cách ly")
	h.apply(lan, x, workflow.Command{Action: workflow.ActQuarantine, Quarantine: false})
	c, _ := h.Store.Classification(ctx, h.Store.Pool, x)
	if c.Quarantined || c.QuarantineDecision != "lifted" || c.QuarantineDecidedBy != "user:lan" {
		t.Fatalf("classification after the lift: %+v", c)
	}
	if _, err := h.Store.OpenAssignment(ctx, h.Store.Pool, x); err == nil {
		t.Error("the Standing Board's assignment stayed open after the lift")
	}
	if n := len(h.jobs("route_submission", x)); n != 1 {
		t.Errorf("%d route_submission jobs after the lift, want 1", n)
	}
	a := h.item("MAILER-DAEMON@b.vn", classify.Result{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: pbgdpl.Code, Target: "portal_editor", Language: "vi"}, "bounce")
	h.refused(lan, a, workflow.Command{Action: workflow.ActRequestSupp, Note: "x"}, "tự động")

	// A refusal cancels what is open (Điều 14).
	r := h.item("tacgia@b.vn", classify.Result{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: pbgdpl.Code, Target: "portal_editor", Language: "vi"}, "")
	h.apply(lan, r, workflow.Command{Action: workflow.ActRefuse, Ground: "14.4", Note: "đã đăng ngày 02/3"})
	if got := h.deadlines(r); !slices.Equal(got, []string{"13.1:cancelled"}) {
		t.Fatalf("deadlines after the refusal: %v", got)
	}

	// The jobs run: the unit chosen receives both forwards, the first one's
	// unit nothing more.
	h.Run()
	h.waitJobs("route_forward", q, 1)
	h.waitJobs("route_forward", q2, 1)
	ms := h.Mail.To(hctp.Email)
	if len(ms) != 2 {
		t.Fatalf("%s received %d messages, want 2", hctp.Email, len(ms))
	}
	var noted bool
	for _, m := range ms {
		noted = noted || strings.Contains(m.Text, "trả lời trực tiếp công dân")
		if !strings.Contains(m.Text, "Điều 11") {
			t.Errorf("forward text %q", m.Text)
		}
	}
	if !noted {
		t.Error("the person's note is not in the forward")
	}
	if n := len(h.Mail.To(pbgdpl.Email)); n != 0 {
		t.Errorf("the first unit received %d more messages", n)
	}
	f, err := h.Store.ForwardOf(ctx, h.Store.Pool, q)
	if err != nil || f.Unit != hctp.Code || f.SentAt == nil || f.MessageID == pipeline.OutboundMessageID("TN-2026-000001", "chuyen", ownDomain) {
		t.Fatalf("forward after the correction %+v %v", f, err)
	}
	if got := h.deadlines(q); !slices.Equal(got, []string{"13.2:cancelled"}) {
		t.Errorf("posting deadline of the machine's forward: %v", got)
	}
	// The liaison of the unit answers in the UI: acknowledged, closed.
	h.apply(hoa, q2, workflow.Command{Action: workflow.ActAnswer, Note: "Đã trả lời công dân."})
	if f, _ := h.Store.ForwardOf(ctx, h.Store.Pool, q2); f.AcknowledgedAt == nil {
		t.Error("the liaison's answer did not acknowledge the forward")
	}
	if s := h.state(q2); s != workflow.StateAnswered {
		t.Errorf("state %s", s)
	}
}
