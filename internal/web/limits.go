package web

import (
	"crypto/subtle"
	"mime"
	"net/http"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// MaxForm is the body limit of every request but those of wideBodies: a
// form of a few fields (issue 12, finding 3: before it, a 300 MB POST to
// /login was streamed to temporary files before any check).
const MaxForm = 64 << 10

// maxDirectory bounds the directory's TOML form (the seed is 9 KB).
const maxDirectory = 1 << 20

// wideBodies names the routes that take more than MaxForm, with their
// limit; only these accept multipart bodies.
func (u *UI) wideBodies() map[string]int64 {
	return map[string]int64{
		"POST /register":        maxScan + 1<<20, // the scan of a paper submission
		"POST /admin/directory": maxDirectory,
	}
}

// multipartRoutes are the routes of wideBodies whose form is multipart.
var multipartRoutes = map[string]bool{"POST /register": true}

// limitBodies caps every request body with http.MaxBytesHandler: MaxForm
// unless the route matched is in wide, and refuses a multipart body (415)
// on a route that does not expect one, before anything parses it.
func limitBodies(mux *http.ServeMux, wide map[string]int64) http.Handler {
	small := http.MaxBytesHandler(mux, MaxForm)
	large := map[string]http.Handler{}
	for pattern, n := range wide {
		large[pattern] = http.MaxBytesHandler(mux, n)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		if r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mt == "multipart/form-data" && !multipartRoutes[pattern] {
				http.Error(w, "multipart body not accepted here", http.StatusUnsupportedMediaType)
				return
			}
		}
		if h, ok := large[pattern]; ok {
			h.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > MaxForm {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		small.ServeHTTP(w, r)
	})
}

// metrics guards /metrics on the UI's listener: a scraper's bearer token
// (compared in constant time) or a signed-in administrator.
func (u *UI) metrics(h http.Handler, token string) http.Handler {
	admin := u.need(func(w http.ResponseWriter, r *http.Request, rc *req) { h.ServeHTTP(w, r) }, auth.PermJobs)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) == 1 {
			h.ServeHTTP(w, r)
			return
		}
		if _, err := r.Cookie(sessionCookie); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		admin.ServeHTTP(w, r)
	})
}
