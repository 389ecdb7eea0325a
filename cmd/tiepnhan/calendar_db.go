package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/desk"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// calendarChange is "calendar set-day-off | set-working | clear": it writes
// the administrator's override to the database and recomputes every open
// deadline in the same transaction (desk.Desk.ChangeCalendar, as the
// calendar page does), printing what moved. The running
// services pick the new calendar up at their next job (calendar version).
func calendarChange(ctx context.Context, cmd string, day workday.Date, reason, cfgPath, actor string, stdout, stderr io.Writer) int {
	kind := map[string]string{"set-day-off": postgres.OverrideDayOff, "set-working": postgres.OverrideWorking, "clear": ""}[cmd]
	cfg, log, ok := loadConfigLog(cfgPath, stderr)
	if !ok {
		return 2
	}
	pool, closeDB, ok := openCommandDB(ctx, &cfg, log, "calendar", stderr, 4, true)
	if !ok {
		return 1
	}
	defer closeDB()
	dd, err := app.NewDeadlines(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan calendar: cấu hình thời hạn: %v\n", err)
		return 2
	}
	// Insert-only: the jobs of moved deadlines are worked by the service.
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan calendar: %v\n", err)
		return 1
	}
	// The same use case as the administrators' calendar page.
	store := postgres.New(pool)
	dd.Store, dd.Log, dd.Client = store, log, client
	dk := &desk.Desk{Deps: &pipeline.Service{Store: store, Deadlines: dd}, Jobs: client}
	res, err := dk.ChangeCalendar(ctx, view.DayOverride{Day: day, Kind: kind, Reason: reason, Actor: actor})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan calendar: %s %s: %v\n", cmd, day, err)
		return 1
	}
	what := map[string]string{
		postgres.OverrideDayOff:  "là ngày nghỉ",
		postgres.OverrideWorking: "là ngày làm việc",
		"":                       "theo lịch mặc định (bỏ khai báo riêng)",
	}[kind]
	if !res.Changed {
		fmt.Fprintf(stdout, "Không thay đổi: %s %s đã được khai báo %s.\n", weekday(day), day.VN(), what)
		return 0
	}
	fmt.Fprintf(stdout, "Đã khai báo %s %s %s", weekday(day), day.VN(), what)
	if reason != "" {
		fmt.Fprintf(stdout, ": %s", reason)
	}
	fmt.Fprintf(stdout, " (người khai báo: %s, lần thay đổi số %d).\n", actor, res.ChangeID)
	fmt.Fprintf(stdout, "Đã tính lại %d hạn đang mở; %d hạn thay đổi.\n", res.Open, len(res.Moved))
	for _, m := range res.Moved {
		fmt.Fprintf(stdout, "  %s quy tắc %s: %s → %s", m.Reference, m.Rule, stampVN(m.OldDue), stampVN(m.NewDue))
		if m.OldState != m.NewState {
			fmt.Fprintf(stdout, " (%s → %s)", deadline.State(m.OldState).Name(), deadline.State(m.NewState).Name())
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

// calendarActor is who the change is recorded as: --actor, else the
// operating-system user.
func calendarActor(flag string) string {
	if flag != "" {
		return flag
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

func stampVN(t time.Time) string { return t.In(workday.Zone).Format("15:04 02/01/2006") }
