package desk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// TestCalendarAndDirectory: a day declared off moves the open
// deadlines due on it (and back), attributed to the administrator; a
// directory version is stored and an absence refused for an unknown person.
func TestCalendarAndDirectory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.desk
	id := h.publication("other")
	ds, _ := h.Store.SubmissionDeadlines(ctx, h.Store.Pool, id)
	due := ds[0].Due
	day := workday.DateOf(due)
	if _, err := admin.ChangeCalendar(ctx, view.DayOverride{Day: day, Kind: "day_off", Actor: "user:root"}); err == nil {
		t.Fatal("a day off without a reason was accepted")
	}
	out, err := admin.ChangeCalendar(ctx, view.DayOverride{Day: day, Kind: "day_off", Reason: "nghỉ bù theo thông báo", Actor: "user:root"})
	if err != nil || !out.Changed || len(out.Moved) != 1 || out.Moved[0].ItemID != id || !out.Moved[0].NewDue.After(due) {
		t.Fatalf("calendar change %+v %v", out, err)
	}
	days, _ := admin.CalendarDays(ctx)
	if len(days) != 1 || days[0].Kind != "day_off" || days[0].Actor != "user:root" {
		t.Fatalf("declared days %+v", days)
	}
	var n int
	h.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'calendar_override' AND actor = 'user:root'`).Scan(&n)
	if n != 1 {
		t.Errorf("audit rows of the override by user:root: %d", n)
	}
	if out, err := admin.ChangeCalendar(ctx, view.DayOverride{Day: day, Actor: "user:root"}); err != nil || len(out.Moved) != 1 || !out.Moved[0].NewDue.Equal(due) {
		t.Fatalf("back to the default: %+v %v", out, err)
	}

	next := *h.Dir
	next.EffectiveFrom = workday.DateOf(time.Now()).AddDays(-1)
	next.Source = "cập nhật hằng năm (Điều 21 khoản 5)"
	if err := admin.SaveDirectory(ctx, "user:root", &next); err != nil {
		t.Fatal(err)
	}
	vs, err := admin.DirectoryVersions(ctx)
	if err != nil || len(vs) < 2 || !vs[len(vs)-1].Stored || vs[len(vs)-1].CreatedBy != "user:root" {
		t.Fatalf("versions %+v %v", vs, err)
	}
	var ie *workflow.InvalidError
	if err := admin.AddAbsence(ctx, "user:lan", view.Absence{PersonID: "nobody", From: next.EffectiveFrom, To: next.EffectiveFrom}); !errors.As(err, &ie) {
		t.Fatalf("absence of an unknown person: %v", err)
	}
	p := h.person2(directory.RoleEditor)
	if err := admin.AddAbsence(ctx, "user:lan", view.Absence{PersonID: p.ID, From: workday.DateOf(time.Now()), To: workday.DateOf(time.Now()).AddDays(2), Note: "công tác"}); err != nil {
		t.Fatal(err)
	}
	abs, _ := admin.Absences(ctx, workday.DateOf(time.Now()))
	if len(abs) != 1 || abs[0].PersonID != p.ID || abs[0].CreatedBy != "user:lan" {
		t.Fatalf("absences %+v", abs)
	}
}
