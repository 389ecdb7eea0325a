package postgres

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Every figure of the dashboard opens the list behind it: the same
// deadlines the figure counts, scoped to the manager's units, with
// quarantined items only for those who may see them (Điều 14 khoản 2).
func TestDashboardItemsAreTheDeadlinesBehindEachFigure(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, workday.Zone)
	u.Now = func() time.Time { return now }
	base := now.Add(-72 * time.Hour)
	add := func(sub int64, state string, due time.Time, stopped *time.Time) {
		t.Helper()
		if _, err := s.Pool.Exec(ctx, `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state, stopped_at, breached_at)
			VALUES ($1, '13.1', 'Điều 13 khoản 1', '', '{}', 'received', $2, '4 hours', $3, $4, $5, CASE WHEN $4 = 'breached' THEN $3::timestamptz END)`,
			sub, base, due, state, stopped); err != nil {
			t.Fatal(err)
		}
	}
	at := func(d time.Duration) *time.Time { x := base.Add(d); return &x }
	item := func(n int, unit string) int64 {
		return seedItem(t, s, n, base, derivedJSON("publish", "news_event", unit, base.Add(4*time.Hour)))
	}
	onTime, late, open := item(1, "cuc-hctp"), item(2, "cuc-hctp"), item(3, "cuc-hctp")
	other := item(4, "cuc-bttp")
	secret := item(5, "cuc-hctp")
	add(onTime, "met", base.Add(4*time.Hour), at(2*time.Hour))
	add(late, "breached", base.Add(4*time.Hour), at(6*time.Hour))
	add(open, "running", base.Add(4*time.Hour), nil) // past due now, not ended
	add(other, "breached", base.Add(4*time.Hour), at(5*time.Hour))
	add(secret, "running", base.Add(4*time.Hour), nil)
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET quarantined = true WHERE submission_id = $1`, secret); err != nil {
		t.Fatal(err)
	}

	mgr := principal(s, t, "quan", auth.Grant{Role: auth.RoleManager, Unit: "cuc-hctp"})
	from, to := base.Add(-24*time.Hour), now.Add(24*time.Hour)
	d, err := u.Dashboard(ctx, mgr, from, to)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(d.ByUnit, func(x view.Timeliness) bool { return x.Key == "cuc-hctp" })
	if i < 0 || len(d.ByUnit) != 1 {
		t.Fatalf("by unit %+v: want cuc-hctp only (the manager's unit)", d.ByUnit)
	}
	if got := d.ByUnit[i]; got.OnTime != 1 || got.Late != 1 || got.Open != 2 {
		t.Fatalf("cuc-hctp figures %+v, want 1 on time, 1 late, 2 open overdue", got)
	}
	if rate, ok := d.ByUnit[i].Rate(); !ok || rate != 50 {
		t.Errorf("rate %v %v, want 50%%", rate, ok)
	}

	ids := func(outcome string, p auth.Principal) []int64 {
		t.Helper()
		items, err := u.DashboardItems(ctx, p, view.DashboardQuery{By: view.ByUnit, Key: "cuc-hctp", Outcome: outcome, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, it := range items {
			if it.Reference == "" || it.Rule != "13.1" || it.Unit != "cuc-hctp" {
				t.Errorf("item %+v", it)
			}
			out = append(out, it.ID)
		}
		return out
	}
	if got := ids(view.OutcomeOnTime, mgr); !slices.Equal(got, []int64{onTime}) {
		t.Errorf("on time: %v, want [%d]", got, onTime)
	}
	if got := ids(view.OutcomeLate, mgr); !slices.Equal(got, []int64{late}) {
		t.Errorf("late: %v, want [%d]", got, late)
	}
	// The figure counts the quarantined item, but its subject is shown only
	// to those who may see quarantined items.
	if got := ids(view.OutcomeOpen, mgr); !slices.Equal(got, []int64{open}) {
		t.Errorf("open overdue for a manager: %v, want [%d]", got, open)
	}
	board := principal(s, t, "lan", auth.Grant{Role: auth.RoleManager}, auth.Grant{Role: auth.RoleStandingBoard})
	if got := ids(view.OutcomeOpen, board); !slices.Equal(got, []int64{open, secret}) {
		t.Errorf("open overdue for the Standing Board: %v, want [%d %d]", got, open, secret)
	}
	// Another unit's item never shows to a manager of cuc-hctp.
	items, err := u.DashboardItems(ctx, mgr, view.DashboardQuery{By: view.ByUnit, Key: "cuc-bttp", Outcome: view.OutcomeLate, From: from, To: to})
	if err != nil || len(items) != 0 {
		t.Errorf("another unit's items: %+v, %v", items, err)
	}
	if _, err := u.DashboardItems(ctx, mgr, view.DashboardQuery{By: "reference", Outcome: view.OutcomeLate}); err == nil {
		t.Error("an unknown grouping was accepted")
	}
}
