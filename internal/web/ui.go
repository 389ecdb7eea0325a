package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/moj-portal/tiepnhan/internal/audit"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// AuditReader is what the audit page needs.
type AuditReader interface {
	AuditRows(ctx context.Context, table, rowID string, before int64, limit int) ([]audit.Entry, error)
	AuditUnsealed(ctx context.Context) (int64, error)
}

// UI is the triage web interface: its dependencies and parsed templates.
type UI struct {
	Auth  *auth.Service
	Admin auth.AdminStore
	Store view.Store
	// Desk carries out people's actions on items (internal/desk).
	Desk   view.Desk
	Audit  AuditReader
	Hasher auth.Hasher
	// Units is the directory of units for the forms (code, name), used
	// until Directory gives the version in force (units.go).
	Units []view.Unit
	// Mailboxes are the mailboxes the service reads: with more than one,
	// the inbox shows and filters by the mailbox of each item.
	Mailboxes []view.Mailbox
	// Directory and Calendar are the administrators' pages of the
	// directory of units and people (Điều 21 khoản 1, 5) and of the
	// calendar's days off and make-up days; nil leaves them out.
	Directory view.DirectoryAdmin
	Calendar  view.CalendarAdmin
	// Models is the learned classifier's page (admin_model.go); nil
	// leaves it out.
	Models ModelAdmin
	// RiverUI is River's own UI, mounted under /admin/river/ for
	// administrators only (nil: not mounted).
	RiverUI http.Handler
	// SecureCookies marks cookies Secure (everywhere but on loopback,
	// config ui.secure_cookies).
	SecureCookies bool
	// Proxies are the reverse proxies trusted to name the client (login
	// throttling) and to say it came over TLS (HSTS).
	Proxies Proxies
	Log     *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	tmpl map[string]*template.Template

	unitsMu    sync.Mutex
	unitsCache []view.Unit
	unitsAt    time.Time
}

func (u *UI) now() time.Time {
	if u.Now != nil {
		return u.Now()
	}
	return time.Now()
}

// req is what every UI handler gets besides the request.
type req struct {
	P    auth.Principal
	S    auth.Session
	Lang string
}

const sessionCookie = "tiepnhan_session"

// handler is a UI handler that knows its principal.
type handler func(w http.ResponseWriter, r *http.Request, rc *req)

// need wraps h: a signed-in principal holding one of perms (any unit; the
// store checks the item's unit), and a valid CSRF token on every unsafe
// method. An anonymous GET goes to the login page, anything else gets 401.
func (u *UI) need(h handler, perms ...auth.Perm) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := langOf(r)
		c, err := r.Cookie(sessionCookie)
		var p auth.Principal
		var s auth.Session
		if err == nil {
			p, s, err = u.Auth.Authenticate(r.Context(), c.Value)
		}
		if err != nil {
			if !errors.Is(err, auth.ErrNotFound) && !errors.Is(err, http.ErrNoCookie) {
				u.Log.Error("authenticate", "err", err)
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, tr(lang, "login_required"), http.StatusUnauthorized)
			return
		}
		if p.Locale == "en" && !hasLangCookie(r) {
			lang = "en"
		}
		// Nothing a signed-in person sees is kept by a browser or proxy
		// cache: item pages, exports, downloads (issue 12, finding 9).
		w.Header().Set("Cache-Control", "no-store")
		rc := &req{P: p, S: s, Lang: lang}
		if len(perms) > 0 {
			ok := false
			for _, perm := range perms {
				ok = ok || p.Has(perm)
			}
			if !ok {
				u.fail(w, r, rc, http.StatusForbidden, tr(lang, "forbidden"))
				return
			}
		}
		// River's UI posts JSON from its own script without our token; the
		// cross-origin protection of every route still applies to it.
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !strings.HasPrefix(r.URL.Path, "/admin/river/") {
			if status := parseBody(r); status != 0 {
				u.fail(w, r, rc, status, tr(lang, "bad_request"))
				return
			}
			if !auth.EqualTokens(r.PostFormValue("csrf"), s.CSRF) && !auth.EqualTokens(r.Header.Get("X-CSRF-Token"), s.CSRF) {
				u.fail(w, r, rc, http.StatusForbidden, tr(lang, "csrf"))
				return
			}
		}
		h(w, r, rc)
	})
}

// needRole wraps h for holders of role (the administrators' pages, which
// no permission of internal/auth names) and of any of perms.
func (u *UI) needRole(h handler, role auth.Role, perms ...auth.Perm) http.Handler {
	return u.need(func(w http.ResponseWriter, r *http.Request, rc *req) {
		ok := rc.P.HasRole(role)
		for _, p := range perms {
			ok = ok || rc.P.Has(p)
		}
		if !ok {
			u.fail(w, r, rc, http.StatusForbidden, tr(rc.Lang, "forbidden"))
			return
		}
		h(w, r, rc)
	})
}

// fail renders an error page.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, rc *req, status int, msg string) {
	u.render(w, r, rc, status, "error", map[string]any{"Status": status, "Message": msg})
}

// failErr maps a store error to a page: not found, forbidden, a user
// mistake (shown as it is, it is Vietnamese), or an internal error (logged).
func (u *UI) failErr(w http.ResponseWriter, r *http.Request, rc *req, err error) {
	switch {
	case errors.Is(err, workflow.ErrNotFound), errors.Is(err, auth.ErrNotFound):
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
	case errors.Is(err, workflow.ErrForbidden):
		u.fail(w, r, rc, http.StatusForbidden, tr(rc.Lang, "forbidden"))
	case isUserError(err):
		u.fail(w, r, rc, http.StatusUnprocessableEntity, err.Error())
	default:
		u.Log.Error("ui request failed", "path", r.URL.Path, "user", rc.P.Username, "err", err)
		u.fail(w, r, rc, http.StatusInternalServerError, tr(rc.Lang, "internal"))
	}
}

// isUserError tells mistakes of the person acting (shown as they are, in
// Vietnamese) from internal errors (logged, not shown).
func isUserError(err error) bool {
	var te *workflow.InvalidError
	var ae *auth.InvalidError
	return errors.As(err, &te) || errors.As(err, &ae)
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

func hasLangCookie(r *http.Request) bool {
	_, err := r.Cookie("lang")
	return err == nil
}

// parseBody parses a form body (urlencoded, or multipart where limitBodies
// let it through) and returns 0, or the status of the failure: 413 past
// the route's body limit, 400 for a malformed body.
func parseBody(r *http.Request) int {
	// ParseMultipartForm drops ParseForm's error when the body is not
	// multipart: ask for both.
	err := r.ParseForm()
	if err == nil {
		err = r.ParseMultipartForm(8 << 20)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil, errors.Is(err, http.ErrNotMultipart):
		return 0
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusBadRequest
	}
}

// localPath keeps a redirect target on this site (issue 12, finding 7): a
// path-absolute reference (RFC 3986 §4.2) with no scheme and no authority,
// and nothing a browser strips or reads as a separator before resolving it
// (control characters, whitespace, backslashes: "/\t/evil.example" is
// "//evil.example" to a browser), in clear or percent-encoded in the path.
// Anything else is "/".
func localPath(s string) string {
	if s == "" || len(s) > 2048 || !strings.HasPrefix(s, "/") || !safeURLText(s) {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || !safeURLText(u.Path) || !safeURLText(u.RawQuery) {
		return "/"
	}
	return s
}

// safeURLText reports whether s holds no control character, no whitespace
// (Unicode's, which URL parsers of browsers trim or drop) and no backslash.
func safeURLText(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\\' || unicode.IsSpace(r) || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// uiCSP is the Content-Security-Policy of every UI page: nothing from
// elsewhere, no inline script or style, frames only from this site (the
// sanitised mail preview).
const uiCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func withCSP(csp string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
