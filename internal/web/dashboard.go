package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// chartRow is one row of a dashboard chart: a group (a month, a timing
// class, a unit, a person) by name, its three figures with the list behind
// each, and a stacked bar drawn as server-side SVG (no script, no style
// attribute: the CSP allows neither).
type chartRow struct {
	Name                      string
	OnTime, Late, Open        int
	OnW, LateW, OpenW         int // widths in the bar's 0–100 viewBox
	LateX, OpenX              int
	Rate                      string // "80% (12/15)", or "—" when none finished
	RateTitle                 string
	OnURL, LateURL, OpenURL   string
	OnTitle, LateTitle, OpenT string
}

// chart is a table of rows with a bar each: names wrap in their cell, so
// labels never overlap whatever their length; all bars share one scale.
type chart struct {
	Head string // the first column's heading
	Rows []chartRow
}

// newChart lays out ts grouped by `by`; name gives each key its name in
// words (units and people by name, timing classes by label, an empty key
// as what it means).
func newChart(lang, by, head string, ts []view.Timeliness, name func(key string) string, from, to time.Time) chart {
	c := chart{Head: head}
	maxN := 1
	for _, t := range ts {
		maxN = max(maxN, t.OnTime+t.Late+t.Open)
	}
	for _, t := range ts {
		scale := func(n int) int { return (n*100 + maxN/2) / maxN }
		r := chartRow{Name: name(t.Key), OnTime: t.OnTime, Late: t.Late, Open: t.Open,
			OnW: scale(t.OnTime), LateW: scale(t.Late), OpenW: scale(t.Open)}
		r.LateX = r.OnW
		r.OpenX = r.OnW + r.LateW
		if rate, ok := t.Rate(); ok {
			r.Rate = fmt.Sprintf("%.0f%% (%d/%d)", rate, t.OnTime, t.Finished())
			r.RateTitle = fmt.Sprintf(tr(lang, "rate_title"), t.OnTime, t.Finished())
		} else {
			r.Rate, r.RateTitle = "—", tr(lang, "rate_none")
		}
		link := func(outcome string) string {
			return "/dashboard/items?" + query("by", by, "key", t.Key, "outcome", outcome,
				"from", from.Format("2006-01-02"), "to", to.AddDate(0, 0, -1).Format("2006-01-02"))
		}
		r.OnURL, r.LateURL, r.OpenURL = link(view.OutcomeOnTime), link(view.OutcomeLate), link(view.OutcomeOpen)
		r.OnTitle = fmt.Sprintf("%s — %s: %d", r.Name, tr(lang, "on_time"), t.OnTime)
		r.LateTitle = fmt.Sprintf("%s — %s: %d", r.Name, tr(lang, "late"), t.Late)
		r.OpenT = fmt.Sprintf("%s — %s: %d", r.Name, tr(lang, "open_overdue"), t.Open)
		c.Rows = append(c.Rows, r)
	}
	return c
}

// chartIn is a chart with the page's language, for the chart template.
type chartIn struct {
	chart
	Lang string
}

type dashboardView struct {
	D                        view.Dashboard
	Month, Timing, Unit, Who chart
	FromS, ToS               string
}

// period reads the dashboard's period from the query: [from, to) in
// Vietnam time, the last six months by default.
func (u *UI) period(q url.Values) (from, to time.Time) {
	now := u.now().In(workday.Zone)
	to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, workday.Zone).AddDate(0, 0, 1)
	from = to.AddDate(0, -6, 0)
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), workday.Zone); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), workday.Zone); err == nil {
		to = t.AddDate(0, 0, 1)
	}
	return from, to
}

// groupName names a key of grouping by in words: a month as mm/yyyy, a
// timing class by its label, a unit and a person by name; an empty key
// says what is missing ("chưa xác định loại thời hạn", …).
func (u *UI) groupName(by, key, lang string) string {
	switch by {
	case view.ByMonth:
		if t, err := time.Parse("2006-01", key); err == nil {
			return t.Format("01/2006")
		}
	case view.ByTiming:
		if key == "" {
			return tr(lang, "no_timing")
		}
		return workflow.ClassLabel(key, lang)
	case view.ByUnit:
		if key == "" {
			return tr(lang, "no_unit")
		}
		return u.unitName(key)
	case view.ByPerson:
		if key == "" {
			return tr(lang, "no_person")
		}
	case view.ByFeed:
		return tr(lang, "feed_confirmed")
	}
	return key
}

// dashboard is the managers' view: timeliness over time and by timing class
// (Điều 13), unit and person; the units' Điều 10 timeliness; the overdue list.
// Every figure links to the list of deadlines behind it (dashboardItems).
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request, rc *req) {
	from, to := u.period(r.URL.Query())
	d, err := u.Store.Dashboard(r.Context(), rc.P, from, to)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	mk := func(by, head string, ts []view.Timeliness) chart {
		return newChart(rc.Lang, by, tr(rc.Lang, head), ts, func(k string) string { return u.groupName(by, k, rc.Lang) }, from, to)
	}
	u.render(w, r, rc, http.StatusOK, "dashboard", dashboardView{D: d,
		Month: mk(view.ByMonth, "month", d.ByMonth), Timing: mk(view.ByTiming, "timing", d.ByTiming),
		Unit: mk(view.ByUnit, "unit", d.ByUnit), Who: mk(view.ByPerson, "person", d.ByPerson),
		FromS: from.Format("2006-01-02"), ToS: to.AddDate(0, 0, -1).Format("2006-01-02")})
}

type dashboardItemsView struct {
	Q            view.DashboardQuery
	Group        string // the group's name in words
	OutcomeLabel string
	Items        []view.DashboardItem
	FromS, ToS   string
}

// dashboardItems lists the deadlines behind one figure of the dashboard.
func (u *UI) dashboardItems(w http.ResponseWriter, r *http.Request, rc *req) {
	q := r.URL.Query()
	from, to := u.period(q)
	dq := view.DashboardQuery{By: q.Get("by"), Key: q.Get("key"), Outcome: q.Get("outcome"), From: from, To: to}
	items, err := u.Store.DashboardItems(r.Context(), rc.P, dq)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	outcome := map[string]string{view.OutcomeOnTime: "on_time", view.OutcomeLate: "late", view.OutcomeOpen: "open_overdue", view.OutcomeConfirmed: "feed_confirmed"}[dq.Outcome]
	u.render(w, r, rc, http.StatusOK, "dashboard_items", dashboardItemsView{Q: dq, Group: u.groupName(dq.By, dq.Key, rc.Lang),
		OutcomeLabel: tr(rc.Lang, outcome), Items: items, FromS: from.Format("2006-01-02"), ToS: to.AddDate(0, 0, -1).Format("2006-01-02")})
}
