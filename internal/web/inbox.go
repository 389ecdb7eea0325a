package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
)

// inboxView is what the inbox template shows.
type inboxView struct {
	Title      string
	Filter     view.Filter
	AssigneeID int64
	Page       view.Page
	NextURL    string
	Assignable []auth.Account
	Unit       bool // the unit view of a liaison
	Registered string
	// Mailboxes, when more than one, give the inbox a column and a filter.
	Mailboxes []view.Mailbox
}

// inbox lists the open items the principal may see, nearest deadline first
// (Điều 13), with filters; keyset pages ("after").
func (u *UI) inbox(w http.ResponseWriter, r *http.Request, rc *req) {
	q := r.URL.Query()
	f := view.Filter{State: q.Get("state"), Kind: q.Get("kind"), Timing: q.Get("timing"), Unit: q.Get("unit"),
		Mailbox: q.Get("mailbox"), Overdue: q.Get("overdue") == "1", Quarantined: q.Get("quarantined") == "1", Now: u.now()}
	if a := q.Get("assignee"); a != "" {
		if a == "me" {
			f.AssigneeID = rc.P.AccountID
		} else if n, err := strconv.ParseInt(a, 10, 64); err == nil {
			f.AssigneeID = n
		}
	}
	view.ScopeFor(&f, rc.P)
	u.list(w, r, rc, f, inboxView{Title: tr(rc.Lang, "inbox"), Registered: q.Get("registered")})
}

// unitInbox is the liaison's view: only what was forwarded to their unit
// (Điều 11 khoản 1 bước 2); quarantined items never reach it.
func (u *UI) unitInbox(w http.ResponseWriter, r *http.Request, rc *req) {
	_, units := rc.P.Scope(auth.PermUnitWork)
	unit := r.URL.Query().Get("unit")
	if unit == "" && len(units) > 0 {
		unit = units[0]
	}
	if !rc.P.Can(auth.PermUnitWork, unit) || unit == "" {
		u.fail(w, r, rc, http.StatusForbidden, tr(rc.Lang, "forbidden"))
		return
	}
	f := view.Filter{AllUnits: true, ForwardedUnit: unit, Now: u.now(), Overdue: r.URL.Query().Get("overdue") == "1"}
	u.list(w, r, rc, f, inboxView{Title: tr(rc.Lang, "unit_view"), Unit: true})
}

func (u *UI) list(w http.ResponseWriter, r *http.Request, rc *req, f view.Filter, v inboxView) {
	after, err := view.ParseCursor(r.URL.Query().Get("after"))
	if err != nil {
		u.fail(w, r, rc, http.StatusBadRequest, err.Error())
		return
	}
	f.After = after
	page, err := u.Store.Inbox(r.Context(), f)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	v.Filter, v.Page, v.AssigneeID = f, page, f.AssigneeID
	if len(u.Mailboxes) > 1 {
		v.Mailboxes = u.Mailboxes
	}
	if page.Next != nil {
		q := r.URL.Query()
		q.Set("after", page.Next.String())
		v.NextURL = r.URL.Path + "?" + q.Encode()
	}
	if !v.Unit && rc.P.Has(auth.PermAssign) {
		v.Assignable, _ = u.Store.Assignable(r.Context())
	}
	u.render(w, r, rc, http.StatusOK, "inbox", v)
}

// query keeps the filter in links.
func query(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q.Encode()
}
