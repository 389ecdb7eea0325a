package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// parseTemplates parses every page with the layout once, at start-up.
func (u *UI) parseTemplates() error {
	funcs := template.FuncMap{
		"T":     tr,
		"state": workflow.StateLabel,
		"class": workflow.ClassLabel,
		// item page: document fields, their evidence and the history in words (item_fields.go)
		"docFields":   docFields,
		"docEvidence": docEvidence,
		"eventLabel":  eventLabel,
		"eventDetail": eventDetail,
		"docSource":   docSource,
		"signatures":  signatureLines, // item_signatures.go
		"mailboxName": mailboxName,    // inbox_mailbox.go
		"roleName":    roleName,
		"acctState":   accountStateName,
		"dlState":     deadlineStateName,
		"weekday":     func(d workday.Date) string { return workday.WeekdayName(d.Weekday()) },
		"dayKind": func(k, lang string) string {
			switch k {
			case "day_off":
				return tr(lang, "day_off")
			case "working":
				return tr(lang, "working_day")
			}
			return k
		},
		"reasons": func(list []string, lang string) []reason { return reasons(list, lang, u.unitName) },
		"time": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				if v.IsZero() {
					return ""
				}
				return v.In(workday.Zone).Format("02/01/2006 15:04")
			case *time.Time:
				if v == nil {
					return ""
				}
				return v.In(workday.Zone).Format("02/01/2006 15:04")
			}
			return ""
		},
		"iso": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.UTC().Format(time.RFC3339)
		},
		"overdue":    func(t *time.Time, now time.Time) bool { return view.Overdue(t, now) },
		"remaining":  remaining,
		"unitName":   u.unitName,
		"has":        func(p auth.Principal, perm string) bool { return p.Has(auth.Perm(perm)) },
		"role":       func(p auth.Principal, role string) bool { return p.HasRole(auth.Role(role)) },
		"can":        func(p auth.Principal, perm, unit string) bool { return p.Can(auth.Perm(perm), unit) },
		"join":       strings.Join,
		"stateList":  func() []string { return workflow.States },
		"kindList":   func() []string { return workflow.Kinds },
		"timingList": func() []string { return workflow.Timings },
		"add":        func(a, b int) int { return a + b },
		"pct":        ratePct,
		"snippet":    snippet,
		// percent shows a share of 0–1 as a whole percentage.
		"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		// chartIn hands a dashboard chart its page language.
		"chartIn": func(c chart, lang string) chartIn { return chartIn{chart: c, Lang: lang} },
		"contains": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
	}
	u.tmpl = map[string]*template.Template{}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", p)
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		u.tmpl[name] = t
	}
	return nil
}

// page is what every template gets.
type page struct {
	P     auth.Principal
	CSRF  string
	Lang  string
	Path  string
	Now   time.Time
	Units []view.Unit
	Data  any
	// HasDirectory and HasCalendar say whether the administrators' pages
	// of the directory and of the calendar are served.
	HasDirectory, HasCalendar bool
	// HasModel: the learned classifier's page is served.
	HasModel bool
}

// render writes a page; rendering goes to a buffer first so that a template
// error gives a clean 500 instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, rc *req, status int, name string, data any) {
	t, ok := u.tmpl[name]
	if !ok {
		u.Log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	u.refreshUnits(r.Context(), false)
	p := page{Lang: "vi", Path: r.URL.Path, Now: u.now(), Units: u.unitList(), Data: data, HasDirectory: u.Directory != nil, HasCalendar: u.Calendar != nil, HasModel: u.Models != nil}
	if rc != nil {
		p.P, p.CSRF, p.Lang = rc.P, rc.S.CSRF, rc.Lang
	} else {
		p.Lang = langOf(r)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		u.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// remaining says how long until (or since) a deadline, in words; the page's
// script keeps it live.
// ratePct is the on-time rate with what it is a share of ("80% (12/15)"),
// or "—" when no deadline ended.
func ratePct(t view.Timeliness) string {
	rate, ok := t.Rate()
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", rate, t.OnTime, t.Finished())
}

func remaining(due *time.Time, now time.Time, lang string) string {
	if due == nil {
		return tr(lang, "no_deadline")
	}
	d := due.Sub(now)
	late := d < 0
	if late {
		d = -d
	}
	days := int(d.Hours()) / 24
	hours := int(d.Hours()) % 24
	mins := int(d.Minutes()) % 60
	var s string
	switch {
	case days > 0:
		s = fmt.Sprintf("%d %s %d %s", days, tr(lang, "days"), hours, tr(lang, "hours"))
	case hours > 0:
		s = fmt.Sprintf("%d %s %d %s", hours, tr(lang, "hours"), mins, tr(lang, "minutes"))
	default:
		s = fmt.Sprintf("%d %s", mins, tr(lang, "minutes"))
	}
	if late {
		return tr(lang, "overdue_by") + " " + s
	}
	return tr(lang, "left") + " " + s
}
