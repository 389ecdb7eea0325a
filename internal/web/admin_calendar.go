package web

import (
	"net/http"
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// The administrators' calendar: the days the Government declares off or
// working beyond the built-in calendar (Labor Code holidays, the yearly
// official schedules of make-up Saturdays). Every change recomputes the
// open deadlines (Điều 10, 11 khoản 2, 12 khoản 3, 13 count working days)
// and the page says which moved.

type calendarView struct {
	// Year is the year shown in full (?year=, default this year), with
	// its neighbours for the links.
	Year       workday.YearReport
	Prev, Next int
	Days       []view.CalendarDay
	Changes    []view.CalendarChange
	Outcome    *view.CalendarOutcome
	Day        string
	Kind       string
	Reason     string
	Error      string
}

// calendarPage lists the overrides and the recent changes.
func (u *UI) calendarPage(w http.ResponseWriter, r *http.Request, rc *req) {
	u.showCalendar(w, r, rc, http.StatusOK, calendarView{})
}

func (u *UI) showCalendar(w http.ResponseWriter, r *http.Request, rc *req, status int, v calendarView) {
	var err error
	y := u.now().In(workday.Zone).Year()
	if n, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && n >= calendarFirstYear && n <= calendarLastYear {
		y = n
	}
	if v.Year, err = u.Calendar.CalendarYear(r.Context(), y); err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	v.Prev, v.Next = y-1, y+1
	if v.Days, err = u.Calendar.CalendarDays(r.Context()); err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	if v.Changes, err = u.Calendar.CalendarChanges(r.Context(), 50); err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, status, "calendar", v)
}

// calendarChange declares a day off or working, or removes the
// declaration, and shows what moved.
func (u *UI) calendarChange(w http.ResponseWriter, r *http.Request, rc *req) {
	f := r.PostFormValue
	v := calendarView{Day: f("day"), Kind: f("kind"), Reason: f("reason")}
	day, err := workday.ParseDate(v.Day)
	if err != nil {
		v.Error = "ngày phải có dạng YYYY-MM-DD, nhận được " + quote(v.Day)
		u.showCalendar(w, r, rc, http.StatusUnprocessableEntity, v)
		return
	}
	out, err := u.Calendar.ChangeCalendar(r.Context(), view.DayOverride{Day: day, Kind: v.Kind, Reason: v.Reason, Actor: rc.P.Actor()})
	if err != nil {
		if isUserError(err) {
			v.Error = err.Error()
			u.showCalendar(w, r, rc, http.StatusUnprocessableEntity, v)
			return
		}
		u.failErr(w, r, rc, err)
		return
	}
	u.showCalendar(w, r, rc, http.StatusOK, calendarView{Outcome: &out, Day: v.Day})
}

// calendarFirstYear and calendarLastYear bound the years shown: those the
// lunar tables were checked for (internal/workday, 1900–2100).
const calendarFirstYear, calendarLastYear = 1900, 2100

func quote(s string) string {
	if rs := []rune(s); len(rs) > 40 {
		s = string(rs[:40]) + "…"
	}
	return "\"" + s + "\""
}
