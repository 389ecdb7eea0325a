package desk_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// forwardTrace is what a forward writes: the submission's state, the
// inbox row's unit, the history line, the route_forward job and the
// posting deadline, as q sees them.
func forwardTrace(t *testing.T, q postgres.Querier, id int64) string {
	t.Helper()
	var state, unit string
	var events, jobs int
	var deadlines []string
	err := q.QueryRow(context.Background(), `SELECT s.state, tr.forwarded_unit,
		(SELECT count(*) FROM submission_event e WHERE e.submission_id = s.id AND e.kind = 'forward'),
		(SELECT count(*) FROM river_job j WHERE j.kind = 'route_forward' AND (j.args ->> 'submission_id')::bigint = s.id),
		array(SELECT d.rule_id || ':' || d.state FROM deadline d WHERE d.submission_id = s.id ORDER BY d.id)
		FROM submission s JOIN triage tr ON tr.submission_id = s.id WHERE s.id = $1`, id).Scan(&state, &unit, &events, &jobs, &deadlines)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s %s %d %d %s", state, unit, events, jobs, strings.Join(deadlines, ","))
}

// TestActAndItsEffectsShareOneTransaction: a forward (Điều 11 khoản 1)
// writes the item's new state and history, enqueues the mail to the unit
// and ends the posting deadline, all in the action's transaction, with no
// hook between the store and the workers: rolled back, none of it stays;
// committed, all of it is there.
func TestActAndItsEffectsShareOneTransaction(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	lan := h.lan()
	hctp := h.Dir.Unit("cuc-hctp")
	q := h.item("congdan@gmail.com", classify.Result{Kind: "query", Unit: hctp.Code, Target: "unit", Language: "vi"}, "")
	before := forwardTrace(t, h.Store.Pool, q)
	if before != "awaiting_triage  0 0 13.2:running" {
		t.Fatalf("before: %q", before)
	}
	forward := workflow.Command{Action: workflow.ActForward, Unit: hctp.Code, Note: "Đề nghị Cục trả lời."}
	after := "forwarded " + hctp.Code + " 1 1 13.2:cancelled"

	tx, err := h.Store.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.desk.ActInTx(ctx, tx, lan, q, forward); err != nil {
		t.Fatal(err)
	}
	if got := forwardTrace(t, tx, q); got != after {
		t.Fatalf("inside the action's transaction: %q, want %q", got, after)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := forwardTrace(t, h.Store.Pool, q); got != before {
		t.Fatalf("rolled back, the item shows %q, want %q", got, before)
	}

	h.apply(lan, q, forward)
	if got := forwardTrace(t, h.Store.Pool, q); got != after {
		t.Fatalf("committed: %q, want %q", got, after)
	}
}

// TestActRefusedByItsEffectLeavesNothing: the workflow allows a forward,
// the store records it, then its effect refuses (an automatic sender, RFC
// 3834: no mail about it): the person sees why, and neither the action
// nor any effect stays.
func TestActRefusedByItsEffectLeavesNothing(t *testing.T) {
	h := newHarness(t)
	lan := h.lan()
	hctp := h.Dir.Unit("cuc-hctp")
	q := h.item("thongbao@b.vn", classify.Result{Kind: "query", Unit: hctp.Code, Target: "unit", Language: "vi"}, "auto-submitted")
	before := forwardTrace(t, h.Store.Pool, q)
	err := h.desk.Act(context.Background(), lan, q, workflow.Command{Action: workflow.ActForward, Unit: hctp.Code})
	var ie *workflow.InvalidError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "thư tự động") {
		t.Fatalf("forward about an automatic message: %v", err)
	}
	if got := forwardTrace(t, h.Store.Pool, q); got != before {
		t.Fatalf("a refused action left %q, want %q", got, before)
	}
	if got := h.deadlines(q); !slices.Equal(got, []string{"13.2:running"}) {
		t.Fatalf("deadlines after the refusal: %v", got)
	}
}
