package web

import (
	"io/fs"
	"net/http"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// routes adds the UI's route table to mux. Every route needs a signed-in
// principal with the permission named, except the login page, the language
// switch and the static files (which the login page needs).
func (u *UI) routes(mux *http.ServeMux) error {
	if err := u.parseTemplates(); err != nil {
		return err
	}
	static, _ := fs.Sub(staticFS, "static")
	page := func(h http.Handler) http.Handler { return withCSP(uiCSP, h) }
	item := []auth.Perm{auth.PermViewInbox, auth.PermUnitWork}

	mux.Handle("GET /static/", http.StripPrefix("/static/", staticFiles(static)))
	mux.Handle("GET /login", page(http.HandlerFunc(u.loginForm)))
	mux.Handle("POST /login", page(http.HandlerFunc(u.login)))
	mux.Handle("GET /lang", http.HandlerFunc(u.setLang))
	mux.Handle("POST /logout", page(u.need(u.logout)))

	mux.Handle("GET /{$}", page(u.need(u.home)))
	mux.Handle("GET /inbox", page(u.need(u.inbox, auth.PermViewInbox)))
	mux.Handle("GET /unit", page(u.need(u.unitInbox, auth.PermUnitWork)))
	mux.Handle("GET /items/{id}", page(u.need(u.item, item...)))
	mux.Handle("GET /items/{id}/messages/{mid}/body", u.need(u.itemBody, item...))
	// The store checks reveal_pii for the item's unit (issue 12, finding 6).
	mux.Handle("GET /items/{id}/messages/{mid}/raw", u.need(u.itemRaw, auth.PermRevealPII))
	mux.Handle("GET /items/{id}/messages/{mid}/attachments/{idx}", u.need(u.itemAttachment, item...))
	mux.Handle("POST /items/{id}/actions/{action}", page(u.need(u.itemAction, item...)))
	mux.Handle("POST /items/{id}/reveal", page(u.need(u.itemReveal, auth.PermRevealPII)))
	mux.Handle("GET /search", page(u.need(u.search, auth.PermViewInbox, auth.PermUnitWork)))
	mux.Handle("GET /archive", page(u.need(u.archive, auth.PermViewInbox, auth.PermUnitWork)))
	mux.Handle("GET /register", page(u.need(u.registerForm, auth.PermTriage)))
	mux.Handle("POST /register", page(u.need(u.register, auth.PermTriage)))

	mux.Handle("GET /dashboard", page(u.need(u.dashboard, auth.PermDashboard)))
	mux.Handle("GET /dashboard/items", page(u.need(u.dashboardItems, auth.PermDashboard)))
	mux.Handle("GET /reports", page(u.need(u.reports, auth.PermReport)))
	mux.Handle("GET /reports/{year}/csv", u.need(u.reportCSV, auth.PermReport))
	mux.Handle("GET /reports/{year}/xlsx", u.need(u.reportXLSX, auth.PermReport))

	mux.Handle("GET /admin/accounts", page(u.need(u.accounts, auth.PermAccounts)))
	mux.Handle("POST /admin/accounts", page(u.need(u.accountCreate, auth.PermAccounts)))
	mux.Handle("GET /admin/accounts/{id}", page(u.need(u.account, auth.PermAccounts)))
	mux.Handle("POST /admin/accounts/{id}/grants", page(u.need(u.accountGrant, auth.PermAccounts)))
	mux.Handle("POST /admin/accounts/{id}/grants/{gid}/remove", page(u.need(u.accountUngrant, auth.PermAccounts)))
	mux.Handle("POST /admin/accounts/{id}/state", page(u.need(u.accountState, auth.PermAccounts)))
	mux.Handle("POST /admin/accounts/{id}/password", page(u.need(u.accountPassword, auth.PermAccounts)))
	mux.Handle("GET /admin/access-review", page(u.need(u.accessReview, auth.PermAccessReview)))
	mux.Handle("GET /admin/access-review.csv", u.need(u.accessReviewCSV, auth.PermAccessReview))
	mux.Handle("GET /admin/audit", page(u.need(u.auditLog, auth.PermAudit)))
	if u.Directory != nil {
		// Điều 21 khoản 1, 5: administrators edit the directory; the
		// Standing Board, which assigns work, reads it and records absences.
		mux.Handle("GET /admin/directory", page(u.needRole(u.directoryPage, auth.RoleAdmin, auth.PermAssign)))
		mux.Handle("POST /admin/directory", page(u.needRole(u.directorySave, auth.RoleAdmin)))
		mux.Handle("POST /admin/directory/absences", page(u.needRole(u.absenceAdd, auth.RoleAdmin, auth.PermAssign)))
	}
	if u.Calendar != nil {
		mux.Handle("GET /admin/calendar", page(u.needRole(u.calendarPage, auth.RoleAdmin)))
		mux.Handle("POST /admin/calendar", page(u.needRole(u.calendarChange, auth.RoleAdmin)))
	}
	if u.Models != nil {
		mux.Handle("GET /admin/model", page(u.needRole(u.modelPage, auth.RoleAdmin)))
	}
	if u.RiverUI != nil {
		// River UI has no authentication of its own (pitfalls.md): only
		// administrators reach it, its API is same-origin only, and each
		// of its changes is audited (riverAudited).
		mux.Handle("/admin/river/", u.need(u.riverAudited, auth.PermJobs))
	}
	return nil
}

// staticFiles serves the embedded CSS and script with a long cache life.
func staticFiles(root fs.FS) http.Handler {
	fsrv := http.FileServerFS(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// home sends each person to where their work is.
func (u *UI) home(w http.ResponseWriter, r *http.Request, rc *req) {
	switch {
	case rc.P.Has(auth.PermViewInbox):
		http.Redirect(w, r, "/inbox", http.StatusSeeOther)
	case rc.P.Has(auth.PermUnitWork):
		http.Redirect(w, r, "/unit", http.StatusSeeOther)
	case rc.P.Has(auth.PermDashboard):
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
	case rc.P.Has(auth.PermAccounts):
		http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
	default:
		u.fail(w, r, rc, http.StatusForbidden, tr(rc.Lang, "forbidden"))
	}
}
