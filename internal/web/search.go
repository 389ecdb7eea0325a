package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// searchView is what the search and archive pages show.
type searchView struct {
	Title   string
	Action  string // "/search" or "/archive"
	Q       view.SearchQuery
	FromS   string
	ToS     string
	Page    view.SearchPage
	PageNo  int
	PrevURL string
	NextURL string
}

const searchPageSize = 50

// search finds items open and closed by text (with or without diacritics,
// "phrases", prefixes, tracking references, numbers and symbols) and the
// inbox's filters, within what the principal may see: the inbox's scope,
// or for a unit liaison what was forwarded to the unit (issue 14).
func (u *UI) search(w http.ResponseWriter, r *http.Request, rc *req) {
	u.searchPage(w, r, rc, searchView{Title: tr(rc.Lang, "search"), Action: "/search"})
}

// archive lists the closed items (published, refused, answered, closed,
// taken down) with the same text and filters.
func (u *UI) archive(w http.ResponseWriter, r *http.Request, rc *req) {
	u.searchPage(w, r, rc, searchView{Title: tr(rc.Lang, "archive"), Action: "/archive"})
}

func (u *UI) searchPage(w http.ResponseWriter, r *http.Request, rc *req, v searchView) {
	q := r.URL.Query()
	v.Q = view.SearchQuery{Text: strings.TrimSpace(q.Get("q")), State: q.Get("state"), Kind: q.Get("kind"),
		Timing: q.Get("timing"), Unit: q.Get("unit"), Open: q.Get("open"), Limit: searchPageSize}
	if v.Action == "/archive" {
		v.Q.Open = "closed"
	}
	if v.Q.Open != "" && v.Q.Open != "open" && v.Q.Open != "closed" {
		v.Q.Open = ""
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), workday.Zone); err == nil {
		v.Q.From, v.FromS = t, q.Get("from")
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), workday.Zone); err == nil {
		v.Q.To, v.ToS = t.AddDate(0, 0, 1), q.Get("to")
	}
	v.PageNo, _ = strconv.Atoi(q.Get("page"))
	v.PageNo = max(v.PageNo, 1)
	v.Q.Offset = (v.PageNo - 1) * searchPageSize
	if !view.SearchScopeFor(&v.Q, rc.P) {
		u.fail(w, r, rc, http.StatusForbidden, tr(rc.Lang, "forbidden"))
		return
	}
	page, err := u.Store.Search(r.Context(), v.Q)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	v.Page = page
	link := func(n int) string {
		q.Set("page", strconv.Itoa(n))
		return v.Action + "?" + q.Encode()
	}
	if v.PageNo > 1 {
		v.PrevURL = link(v.PageNo - 1)
	}
	if page.More {
		v.NextURL = link(v.PageNo + 1)
	}
	u.render(w, r, rc, http.StatusOK, "search", v)
}

// snippet renders a search snippet: the text escaped, the matched words
// between view.Mark and MarkEnd in <mark>.
func snippet(s string) template.HTML {
	s = template.HTMLEscapeString(s)
	s = strings.NewReplacer(view.Mark, "<mark>", view.MarkEnd, "</mark>").Replace(s)
	return template.HTML(s) // #nosec: escaped above; only the marks are markup
}
