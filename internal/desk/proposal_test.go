package desk_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// TestDecideProposal: a publication the Portal's feed showed (issue 14) is
// confirmed through the path of every action: the item is published at
// the feed's time, which meets its Điều 13 deadline at that instant, the
// feed item becomes the item's publication (Điều 14 khoản 4) and the
// proposal records who decided; a person who may not see the item does
// not find the proposal, and a decided one is not decided twice.
func TestDecideProposal(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	lan := h.lan()
	hoa := h.person("hoa", "", auth.Grant{Role: auth.RoleUnitLiaison, Unit: "cuc-hctp"})
	id := h.publication("other")
	fed := h.now.Add(-30 * time.Minute).Truncate(time.Second)
	link := "https://moj.gov.vn/qt/tintuc/Pages/tin-1.aspx"
	var pid int64
	if err := h.Store.Pool.QueryRow(ctx, `WITH p AS (INSERT INTO published_item (link, title, published_at, source) VALUES ($1, 'Tin 1', $2, 'feed') RETURNING id)
		INSERT INTO publish_proposal (submission_id, published_id, link, title, published_at) SELECT $3, p.id, $1, 'Tin 1', $2 FROM p RETURNING id`,
		link, fed, id).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if err := h.desk.DecideProposal(ctx, hoa, id, pid, true); !errors.Is(err, workflow.ErrNotFound) {
		t.Fatalf("a liaison of another unit decided the proposal: %v", err)
	}
	if err := h.desk.DecideProposal(ctx, lan, id, pid, true); err != nil {
		t.Fatal(err)
	}
	if s := h.state(id); s != workflow.StatePublished {
		t.Fatalf("state %s", s)
	}
	ds, _ := h.Store.SubmissionDeadlines(ctx, h.Store.Pool, id)
	if len(ds) != 1 || string(ds[0].State) != "met" || !ds[0].StoppedAt.Equal(fed) {
		t.Fatalf("deadline after the confirmation: %+v", ds)
	}
	var state, by string
	var linked int64
	h.Store.Pool.QueryRow(ctx, `SELECT pp.state, pp.decided_by, coalesce(pi.submission_id, 0) FROM publish_proposal pp
		JOIN published_item pi ON pi.id = pp.published_id WHERE pp.id = $1`, pid).Scan(&state, &by, &linked)
	if state != "confirmed" || by != "user:lan" || linked != id {
		t.Fatalf("proposal %s by %q, feed item linked to %d", state, by, linked)
	}
	err := h.desk.DecideProposal(ctx, lan, id, pid, false)
	var ie *workflow.InvalidError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "đã xác nhận") {
		t.Fatalf("deciding the proposal again: %v", err)
	}
}

// TestPublicationTime: the feed's time, else when the feed was read, never
// after now.
func TestPublicationTime(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	seen, feed, ahead := now.Add(-time.Hour), now.Add(-2*time.Hour), now.Add(time.Hour)
	for _, c := range []struct {
		feed *time.Time
		want time.Time
	}{{&feed, feed}, {nil, seen}, {&time.Time{}, seen}, {&ahead, now}} {
		if got := desk.PublicationTime(c.feed, seen, now); !got.Equal(c.want) {
			t.Errorf("feed %v: %s, want %s", c.feed, got, c.want)
		}
	}
}
