package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/moj-portal/tiepnhan/internal/triage"
)

// bar is one bar of a server-side SVG chart (no script, no library).
type bar struct {
	Label              string // under the bar (short)
	Title              string // in the tooltip (full name)
	X, W               int
	OnH, LateH, OpenH  int
	OnY, LateY, OpenY  int
	OnTime, Late, Open int
	Rate               string
}

// chart lays out stacked bars (on time, late, open overdue) in a 600×200 box.
type chart struct {
	Bars   []bar
	Width  int
	Height int
}

// newChart lays out ts; name gives each key its short label and its full
// name (nil: the key itself).
func newChart(ts []triage.Timeliness, name func(key string) (label, title string)) chart {
	c := chart{Width: 640, Height: 220}
	if len(ts) == 0 {
		return c
	}
	maxN := 1
	for _, t := range ts {
		maxN = max(maxN, t.OnTime+t.Late+t.Open)
	}
	plot := 180
	w := min(60, (c.Width-20)/len(ts))
	for i, t := range ts {
		scale := func(n int) int { return n * plot / maxN }
		b := bar{Label: t.Key, X: 10 + i*w, W: w - 6, OnTime: t.OnTime, Late: t.Late, Open: t.Open, Rate: fmt.Sprintf("%.0f%%", t.Rate())}
		b.OnH, b.LateH, b.OpenH = scale(t.OnTime), scale(t.Late), scale(t.Open)
		b.OnY = 190 - b.OnH
		b.LateY = b.OnY - b.LateH
		b.OpenY = b.LateY - b.OpenH
		if name != nil && t.Key != "" {
			b.Label, b.Title = name(t.Key)
		}
		if b.Label == "" {
			b.Label = "—"
		}
		if b.Title == "" {
			b.Title = b.Label
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

type dashboardView struct {
	D                        triage.Dashboard
	Month, Timing, Unit, Who chart
	FromS, ToS               string
}

// dashboard is the managers' view: timeliness over time and by timing class
// (Điều 13), unit and person; the units' Điều 10 timeliness; the overdue list.
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request, rc *req) {
	now := u.now().In(vietnam)
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vietnam).AddDate(0, 0, 1)
	from := to.AddDate(0, -6, 0)
	if t, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("from"), vietnam); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("to"), vietnam); err == nil {
		to = t.AddDate(0, 0, 1)
	}
	d, err := u.Store.Dashboard(r.Context(), rc.P, from, to)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	month := func(k string) (string, string) { // "2026-11" → "11/2026"
		if t, err := time.Parse("2006-01", k); err == nil {
			return t.Format("01/2006"), t.Format("01/2006")
		}
		return k, k
	}
	timing := func(k string) (string, string) { l := triage.ClassLabel(k, rc.Lang); return l, l }
	unit := func(k string) (string, string) { return k, u.unitName(k) } // the code fits under a bar; the name shows on hover
	u.render(w, r, rc, http.StatusOK, "dashboard", dashboardView{D: d, Month: newChart(d.ByMonth, month), Timing: newChart(d.ByTiming, timing),
		Unit: newChart(d.ByUnit, unit), Who: newChart(d.ByPerson, nil), FromS: from.Format("2006-01-02"), ToS: to.AddDate(0, 0, -1).Format("2006-01-02")})
}
