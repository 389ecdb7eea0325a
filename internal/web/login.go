package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// loginCSRFCookie carries the double-submit token of the login form (there
// is no session yet to hold one).
const loginCSRFCookie = "tiepnhan_login"

func (u *UI) loginForm(w http.ResponseWriter, r *http.Request) {
	tok := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: u.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	u.render(w, r, &req{Lang: langOf(r), S: auth.Session{CSRF: tok}}, http.StatusOK, "login", map[string]any{"Next": localPath(r.URL.Query().Get("next"))})
}

func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	if status := parseBody(r); status != 0 {
		u.render(w, r, &req{Lang: lang}, status, "error", map[string]any{"Status": status, "Message": tr(lang, "bad_request")})
		return
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !auth.EqualTokens(c.Value, r.PostFormValue("csrf")) {
		u.render(w, r, &req{Lang: lang}, http.StatusForbidden, "error", map[string]any{"Status": 403, "Message": tr(lang, "csrf")})
		return
	}
	token, sess, err := u.Auth.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), u.Proxies.Client(r), r.UserAgent())
	if err != nil {
		var te *auth.ThrottledError
		status, msg := http.StatusUnauthorized, auth.ErrBadCredentials.Error()
		switch {
		case errors.As(err, &te):
			status, msg = http.StatusTooManyRequests, te.Error()
			// RFC 9110 §10.2.3: delay-seconds, a whole number.
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(te.Until.Sub(u.now()).Seconds())))))
		case errors.Is(err, auth.ErrBusy):
			status, msg = http.StatusServiceUnavailable, tr(lang, "busy")
			w.Header().Set("Retry-After", "2")
		case !errors.Is(err, auth.ErrBadCredentials):
			u.Log.Error("login", "err", err)
			status, msg = http.StatusInternalServerError, tr(lang, "internal")
		}
		u.render(w, r, &req{Lang: lang, S: auth.Session{CSRF: c.Value}}, status, "login",
			map[string]any{"Next": localPath(r.PostFormValue("next")), "Error": msg, "Username": r.PostFormValue("username")})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: u.secure(r),
		SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request, rc *req) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := u.Auth.Logout(r.Context(), c.Value); err != nil {
			u.failErr(w, r, rc, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: u.secure(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the interface language (a cookie) and goes back.
func (u *UI) setLang(w http.ResponseWriter, r *http.Request) {
	lang := "vi"
	if r.URL.Query().Get("to") == "en" {
		lang = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: u.secure(r)})
	http.Redirect(w, r, localPath(r.URL.Query().Get("back")), http.StatusSeeOther)
}
